import { Refusal } from '@bfa/runtime';
import { WorkerJobError, WorkerPool, workerScript } from '@bfa/workers';
import { DisclosureRefusal } from './release-table';
import type { protectMeanRelease } from './mean-release';
import type { protectRateRelease } from './rate-release';
import type { protectCombinationRelease, protectRelease } from './release-table';
import type { protectCombinationMargins } from './combination-margins';
import type { protectCocktailRelease } from './cocktail-ledger';
import type { protectCohortRelease } from './cohort-ledger';

/** The protections a worker thread runs, by name, with their own arguments. */
export interface Protections {
  protectRelease: typeof protectRelease;
  protectMeanRelease: typeof protectMeanRelease;
  protectRateRelease: typeof protectRateRelease;
  protectCombinationRelease: typeof protectCombinationRelease;
  protectCombinationMargins: typeof protectCombinationMargins;
  protectCocktailRelease: typeof protectCocktailRelease;
  protectCohortRelease: typeof protectCohortRelease;
  /** Nothing: a thread started ahead of a release. */
  warm: () => Promise<null>;
}

export interface DisclosureJob {
  protection: keyof Protections;
  args: unknown[];
}

/** Anything but a refusal is no reason to release: the release fails with what went wrong, never with the table. */
function asRefusal(error: Error): Refusal {
  const thrownBy = error instanceof WorkerJobError ? error.thrownBy : undefined;
  if (thrownBy === DisclosureRefusal.name) return new DisclosureRefusal(error.message);
  if (thrownBy === Refusal.name) return new Refusal(error.message);
  return new Refusal(`disclosure control failed, nothing released: ${error.message}`);
}

/**
 * Disclosure control (complementary suppression and the release ledger's LPs, seconds to minutes each) on worker
 * threads, so the coordinator's event loop stays free for NATS, decisions and heartbeats while a release is checked.
 * A thread that dies refuses the release it was checking and is replaced.
 */
export class DisclosureWorkers {
  private readonly pool: WorkerPool<DisclosureJob, unknown>;

  constructor(threads: number) {
    this.pool = new WorkerPool({
      threads,
      script: workerScript(__filename, 'disclosure.worker'),
      onThreadDeath: 'requeue',
    });
  }

  protect<K extends keyof Protections>(protection: K, ...args: Parameters<Protections[K]>): ReturnType<Protections[K]> {
    return this.pool.run({ protection, args }).catch((error: Error) => {
      throw asRefusal(error);
    }) as ReturnType<Protections[K]>;
  }

  /** Starts every thread (≈ 0.3 s each, loading the protections' code) before the first release needs one. */
  warm(): void {
    for (let i = 0; i < this.pool.threads; i++) this.pool.run({ protection: 'warm', args: [] }).catch(() => undefined);
  }

  close(): Promise<void> {
    return this.pool.close(new Refusal('disclosure control stopped: the coordinator is shutting down'));
  }
}
