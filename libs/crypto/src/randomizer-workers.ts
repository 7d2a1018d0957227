import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { hexToBigint } from './encoding';
import { PaillierPublicKeyJson } from './paillier-keys';

/** What the pool asks of a worker thread, and what it answers. */
export interface RandomizerJob {
  id: number;
  count: number;
}

export interface RandomizerBatch {
  id: number;
  values?: string[];
  error?: string;
}

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

interface Pending {
  job: RandomizerJob;
  resolve: (values: bigint[]) => void;
  reject: (error: Error) => void;
}

function remove<T>(items: T[], item: T): void {
  const at = items.indexOf(item);
  if (at >= 0) items.splice(at, 1);
}

/** Compiled: the .js beside this file. Under ts-node or jest: the .ts, which the thread needs ts-node to load. */
function workerScript(): { file: string; execArgv?: string[] } {
  const extension = extname(__filename);
  const file = join(__dirname, `randomizer.worker${extension}`);
  return extension === '.ts' ? { file, execArgv: ['--require', require.resolve('ts-node/register/transpile-only')] } : { file };
}

/**
 * rⁿ mod n² computed on worker threads, one batch per message, so a node's cores all work on its pool while
 * its event loop stays free for NATS. Threads start on first use and don't keep the process alive.
 */
export class RandomizerWorkers {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 0;

  constructor(
    private readonly publicKey: PaillierPublicKeyJson,
    private readonly options: RandomizerWorkerOptions,
  ) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError('at least one worker thread');
  }

  get threads(): number {
    return this.options.threads;
  }

  /** `count` fresh rⁿ, computed in batches across the threads. */
  async compute(count: number): Promise<bigint[]> {
    const batch = this.options.batch ?? 16;
    const batches: Promise<bigint[]>[] = [];
    for (let done = 0; done < count; done += batch) batches.push(this.submit(Math.min(batch, count - done)));
    return (await Promise.all(batches)).flat();
  }

  async close(): Promise<void> {
    const closing = this.all.splice(0).map((worker) => worker.terminate());
    this.idle.length = 0;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('randomizer workers closed'));
    await Promise.all(closing);
  }

  private submit(count: number): Promise<bigint[]> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, count }, resolve, reject });
      this.dispatch();
    });
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.all.length < this.options.threads ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const { file, execArgv } = workerScript();
    const workerData: RandomizerWorkerData = { publicKey: this.publicKey, nice: this.options.nice ?? 0 };
    const worker = new Worker(file, { workerData, execArgv });
    worker.on('message', (batch: RandomizerBatch) => this.settle(worker, batch));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`randomizer worker stopped (exit code ${code})`)));
    this.all.push(worker);
    return worker;
  }

  private settle(worker: Worker, batch: RandomizerBatch): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (pending && batch.id === pending.job.id) {
      if (batch.values) pending.resolve(batch.values.map(hexToBigint));
      else pending.reject(new Error(batch.error ?? 'randomizer worker failed'));
    }
    this.dispatch();
  }

  /** A thread that died fails its batch and every batch still queued (the next thread would likely die alike); later calls start afresh. */
  private fail(worker: Worker, error: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    remove(this.all, worker);
    remove(this.idle, worker);
    pending?.reject(error);
    for (const queued of this.queue.splice(0)) queued.reject(error);
  }
}
