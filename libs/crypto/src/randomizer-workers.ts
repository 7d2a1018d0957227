import { WorkerPool, workerScript } from '@bfa/workers';
import { hexToBigint } from './encoding';
import { PaillierPublicKeyJson } from './paillier-keys';

/** What the pool asks of a worker thread: `count` fresh rⁿ, answered in hexadecimal. */
export type RandomizerJob = number;

export interface RandomizerWorkerData {
  publicKey: PaillierPublicKeyJson;
  /** Linux niceness of the worker thread: background filling yields the cores to queries. */
  nice: number;
}

export interface RandomizerWorkerOptions {
  threads: number;
  nice?: number;
  /** rⁿ per message to a thread: ≈ 8 ms each at 2048 bits, so a batch is a fraction of a second. */
  batch?: number;
}

/**
 * rⁿ mod n² computed on worker threads, one batch per message, so a node's cores all work on its pool while
 * its event loop stays free for NATS. A thread that dies fails its batch and every batch still queued (the next
 * thread would likely die alike); later calls start afresh.
 */
export class RandomizerWorkers {
  private readonly pool: WorkerPool<RandomizerJob, string[]>;

  constructor(
    publicKey: PaillierPublicKeyJson,
    private readonly options: RandomizerWorkerOptions,
  ) {
    const workerData: RandomizerWorkerData = { publicKey, nice: options.nice ?? 0 };
    const script = workerScript(__filename, 'randomizer.worker');
    this.pool = new WorkerPool({ threads: options.threads, script, workerData, onThreadDeath: 'fail-queued' });
  }

  get threads(): number {
    return this.pool.threads;
  }

  /** `count` fresh rⁿ, computed in batches across the threads. */
  async compute(count: number): Promise<bigint[]> {
    const batch = this.options.batch ?? 16;
    const batches: Promise<string[]>[] = [];
    for (let done = 0; done < count; done += batch) batches.push(this.pool.run(Math.min(batch, count - done)));
    return (await Promise.all(batches)).flat().map(hexToBigint);
  }

  close(): Promise<void> {
    return this.pool.close(new Error('randomizer workers closed'));
  }
}
