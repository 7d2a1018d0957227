import { extname, join } from 'node:path';
import { Worker, type TransferListItem } from 'node:worker_threads';
import type { WorkerOutcome, WorkerRequest } from './serve-jobs';

/** Where a worker thread's script is, and what the thread needs to load it. */
export interface WorkerScript {
  file: string;
  execArgv?: string[];
}

/**
 * The script `name` beside `callerFile`: compiled, the .js; under ts-node or jest, the .ts, which the thread needs
 * ts-node and the path aliases to load.
 */
export function workerScript(callerFile: string, name: string): WorkerScript {
  const extension = extname(callerFile);
  const file = join(callerFile, '..', `${name}${extension}`);
  if (extension !== '.ts') return { file };
  const register = (module: string) => ['--require', require.resolve(module)];
  return { file, execArgv: [...register('ts-node/register/transpile-only'), ...register('tsconfig-paths/register')] };
}

export interface WorkerPoolOptions {
  threads: number;
  script: WorkerScript;
  workerData?: unknown;
  /**
   * When a thread dies: 'requeue' gives the jobs still queued to a new thread (a job that killed one thread is
   * failed, the others were not its cause); 'fail-queued' fails them too (the next thread would likely die alike).
   */
  onThreadDeath?: 'requeue' | 'fail-queued';
}

/** Why a job failed: what the job itself threw (with the class it threw), or that its thread died under it. */
export class WorkerJobError extends Error {
  constructor(
    message: string,
    readonly thrownBy: string | undefined,
    readonly threadDied: boolean,
  ) {
    super(message);
  }
}

interface Pending<Job, Result> {
  request: WorkerRequest<Job>;
  transfer: TransferListItem[];
  resolve: (value: Result) => void;
  reject: (error: Error) => void;
}

function remove<T>(items: T[], item: T): void {
  const at = items.indexOf(item);
  if (at >= 0) items.splice(at, 1);
}

/**
 * Jobs run on worker threads, one job per thread at a time, so a process's cores all work while its event loop
 * stays free for NATS, decisions and heartbeats. Threads start on first use, and an idle thread doesn't keep the
 * process alive.
 */
export class WorkerPool<Job, Result> {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending<Job, Result>[] = [];
  private readonly running = new Map<Worker, Pending<Job, Result>>();
  private nextId = 0;

  constructor(private readonly options: WorkerPoolOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) throw new RangeError('at least one worker thread');
  }

  get threads(): number {
    return this.options.threads;
  }

  /** Runs the job on the next free thread; `transfer` moves buffers to the thread instead of copying them. */
  run(job: Job, transfer: TransferListItem[] = []): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, job }, transfer, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops every thread; jobs still queued or running fail with `reason`. */
  async close(reason: Error = new Error('worker threads closed')): Promise<void> {
    const closing = this.all.splice(0).map((worker) => worker.terminate());
    this.idle.length = 0;
    for (const pending of [...this.queue.splice(0), ...this.running.values()]) pending.reject(reason);
    this.running.clear();
    await Promise.all(closing);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.all.length < this.options.threads ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.request, pending.transfer);
    }
  }

  private spawn(): Worker {
    const { file, execArgv } = this.options.script;
    const worker = new Worker(file, { execArgv, workerData: this.options.workerData });
    worker.on('message', (outcome: WorkerOutcome<Result>) => this.settle(worker, outcome));
    worker.on('error', (error) => this.die(worker, error));
    worker.on('exit', (code) => this.die(worker, new Error(`the worker thread stopped (exit code ${code})`)));
    worker.unref();
    this.all.push(worker);
    return worker;
  }

  private settle(worker: Worker, outcome: WorkerOutcome<Result>): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (pending && outcome.id === pending.request.id) {
      if (outcome.error === undefined) pending.resolve(outcome.value as Result);
      else pending.reject(new WorkerJobError(outcome.error, outcome.thrownBy, false));
    }
    this.dispatch();
  }

  private die(worker: Worker, error: Error): void {
    if (!this.all.includes(worker)) return;
    const pending = this.running.get(worker);
    this.running.delete(worker);
    remove(this.all, worker);
    remove(this.idle, worker);
    const failure = new WorkerJobError(error.message, undefined, true);
    pending?.reject(failure);
    if (this.options.onThreadDeath === 'fail-queued') for (const queued of this.queue.splice(0)) queued.reject(failure);
    else this.dispatch();
  }
}
