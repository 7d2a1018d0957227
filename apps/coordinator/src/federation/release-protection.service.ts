import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { isRate } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { DatasetQueue } from './dataset-queue';
import { DisclosureWorkers } from './disclosure-workers';

/** The datasets whose release ledgers a release reads and adds to: its own, and a rate's population. */
export function ledgerDatasets(spec: QuerySpec): string[] {
  return isRate(spec) ? [spec.dataset, spec.measure.denominator!.dataset] : [spec.dataset];
}

/**
 * Where releases are protected: on worker threads (DisclosureWorkers), one release of a dataset at a time from
 * reading its ledger to storing the release (DatasetQueue), releases of other datasets side by side.
 */
@Injectable()
export class ReleaseProtection implements OnApplicationShutdown {
  readonly workers = new DisclosureWorkers(availableParallelism());
  private readonly queue = new DatasetQueue();

  /** Runs `work` (read the ledgers, protect, store the release) in the datasets' turn. */
  inTurn<T>(spec: QuerySpec, work: () => Promise<T>): Promise<T> {
    return this.queue.run(ledgerDatasets(spec), work);
  }

  onApplicationShutdown(): Promise<void> {
    return this.workers.close();
  }
}
