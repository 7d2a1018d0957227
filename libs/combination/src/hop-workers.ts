import { BignumEngine } from '@bfa/crypto';
import { WorkerJobError, WorkerPool, WorkerScript, workerScript } from '@bfa/workers';
import { movable } from './hop-chunks';
import { HopJob, HopJobResult, runHopJob } from './hop-work';

/** What a job moves to its thread instead of copying: the buffers it owns (hop-chunks.ts: movable). */
function jobBuffers(job: HopJob): ArrayBuffer[] {
  const owned = (b: Uint8Array | Int32Array) => (movable(b) ? [b.buffer as ArrayBuffer] : []);
  switch (job.kind) {
    case 'factor':
      return [...owned(job.records), ...owned(job.has)];
    case 'aggregate':
      return [...owned(job.records), ...owned(job.targets)];
    case 'encrypt':
      return owned(job.pseudonyms);
    case 'seal':
      return owned(job.chunk);
    case 'power':
      return [];
  }
}

/**
 * A node's combination steps' per-record work on worker threads (the one pool, @bfa/workers), so both cores
 * multiply while the event loop opens the next chunk and answers NATS. With 0 threads the same jobs run inline,
 * one after the other: the single-thread path. A thread that fails fails the step: no partial hop is ever sealed.
 */
export class HopWorkers {
  private readonly pool?: WorkerPool<HopJob, HopJobResult>;

  /** `engine` 'bigint' keeps every job on the BigInt code even where the native addon is built. */
  constructor(
    readonly threads: number,
    script: WorkerScript = workerScript(__filename, 'hop.worker'),
    readonly engine: BignumEngine = 'native',
  ) {
    if (!Number.isInteger(threads) || threads < 0) throw new RangeError('threads must be a whole number, 0 or more');
    if (threads > 0) this.pool = new WorkerPool({ threads, script, onThreadDeath: 'fail-queued' });
  }

  /** Slices to cut a step's records into: a few per thread, so a slow thread doesn't hold the others up. */
  get slices(): number {
    return Math.max(1, 2 * this.threads);
  }

  async run(job: HopJob): Promise<HopJobResult> {
    if (this.engine !== 'native' && job.kind !== 'seal') job = { ...job, engine: this.engine };
    if (!this.pool) return runHopJob(job);
    try {
      return await this.pool.run(job, jobBuffers(job));
    } catch (error) {
      if (error instanceof WorkerJobError && error.threadDied)
        throw new Error(`a worker thread of the combination step stopped: ${error.message}`);
      throw new Error((error as Error).message);
    }
  }

  close(): Promise<void> {
    return this.pool?.close(new Error('combination worker threads closed')) ?? Promise.resolve();
  }
}
