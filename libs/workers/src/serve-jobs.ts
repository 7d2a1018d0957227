import { parentPort, type TransferListItem } from 'node:worker_threads';

/** What a pool sends its thread, and what the thread answers. */
export interface WorkerRequest<Job> {
  id: number;
  job: Job;
}

export interface WorkerOutcome<Result> {
  id: number;
  value?: Result;
  error?: string;
  /** The class of what the job threw, so the pool's owner can tell a refusal from a failure. */
  thrownBy?: string;
}

/** A job's value whose buffers move to the pool instead of being copied. */
export class Transferred<Result> {
  constructor(
    readonly value: Result,
    readonly transfer: TransferListItem[],
  ) {}
}

/**
 * The thread's side of a WorkerPool: each job is handled in turn and answered, what it throws included. Called once
 * at the top of a worker script (which is never imported, only started by path).
 */
export function serveJobs<Job, Result>(
  handle: (job: Job) => Result | Transferred<Result> | Promise<Result | Transferred<Result>>,
): void {
  const port = parentPort;
  if (!port) throw new Error('serveJobs runs on a worker thread');
  port.on('message', async ({ id, job }: WorkerRequest<Job>) => {
    try {
      const answer = await handle(job);
      const { value, transfer } = answer instanceof Transferred ? answer : { value: answer, transfer: [] };
      port.postMessage({ id, value } satisfies WorkerOutcome<Result>, transfer);
    } catch (error) {
      const thrownBy = (error as Error)?.constructor?.name;
      port.postMessage({
        id,
        error: (error as Error)?.message ?? String(error),
        thrownBy,
      } satisfies WorkerOutcome<Result>);
    }
  });
}
