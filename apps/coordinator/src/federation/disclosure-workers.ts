import { extname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Refusal } from '@bfa/runtime';
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
}

export interface DisclosureJob {
  id: number;
  protection: keyof Protections;
  args: unknown[];
}

export interface DisclosureOutcome {
  id: number;
  value?: unknown;
  error?: string;
  /** The class of the error thrown: a refusal keeps its reason and kind. */
  refusal?: string;
}

interface Pending {
  job: DisclosureJob;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Compiled: the .js beside this file. Under ts-node or jest: the .ts, which the thread needs ts-node and the path aliases to load. */
function workerScript(): { file: string; execArgv?: string[] } {
  const extension = extname(__filename);
  const file = join(__dirname, `disclosure.worker${extension}`);
  const typescript = ['--require', require.resolve('ts-node/register/transpile-only'), '--require', require.resolve('tsconfig-paths/register')];
  return extension === '.ts' ? { file, execArgv: typescript } : { file };
}

/** Anything but a refusal is no reason to release: the release fails with what went wrong, never with the table. */
function asRefusal(outcome: DisclosureOutcome): Refusal {
  if (outcome.refusal === DisclosureRefusal.name) return new DisclosureRefusal(outcome.error!);
  if (outcome.refusal === Refusal.name) return new Refusal(outcome.error!);
  return new Refusal(`disclosure control failed, nothing released: ${outcome.error}`);
}

/**
 * Disclosure control (complementary suppression and the release ledger's LPs, seconds to minutes each) on worker
 * threads, so the coordinator's event loop stays free for NATS, decisions and heartbeats while a release is checked.
 * Threads start on first use and don't keep the process alive; one that dies refuses its release and is replaced.
 */
export class DisclosureWorkers {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 0;

  constructor(private readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError('at least one worker thread');
  }

  protect<K extends keyof Protections>(protection: K, ...args: Parameters<Protections[K]>): ReturnType<Protections[K]> {
    return new Promise<unknown>((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, protection, args }, resolve, reject });
      this.dispatch();
    }) as ReturnType<Protections[K]>;
  }

  async close(): Promise<void> {
    const closing = this.all.splice(0).map((worker) => worker.terminate());
    this.idle.length = 0;
    for (const pending of this.queue.splice(0)) pending.reject(new Refusal('disclosure control stopped: the coordinator is shutting down'));
    await Promise.all(closing);
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const worker = this.idle.pop() ?? (this.all.length < this.threads ? this.spawn() : undefined);
      if (!worker) return;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.ref();
      worker.postMessage(pending.job);
    }
  }

  private spawn(): Worker {
    const { file, execArgv } = workerScript();
    const worker = new Worker(file, { execArgv });
    worker.on('message', (outcome: DisclosureOutcome) => this.settle(worker, outcome));
    worker.on('error', (error) => this.fail(worker, error));
    worker.on('exit', (code) => this.fail(worker, new Error(`the worker thread stopped (exit code ${code})`)));
    worker.unref();
    this.all.push(worker);
    return worker;
  }

  private settle(worker: Worker, outcome: DisclosureOutcome): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    worker.unref();
    this.idle.push(worker);
    if (pending && outcome.id === pending.job.id) {
      if (outcome.error === undefined) pending.resolve(outcome.value);
      else pending.reject(asRefusal(outcome));
    }
    this.dispatch();
  }

  /** A thread that died refuses the release it was checking; the others queued go to a new thread. */
  private fail(worker: Worker, error: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    [this.all, this.idle].forEach((list) => list.includes(worker) && list.splice(list.indexOf(worker), 1));
    pending?.reject(new Refusal(`disclosure control failed, nothing released: ${error.message}`));
    this.dispatch();
  }
}
