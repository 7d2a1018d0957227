import { Injectable } from '@nestjs/common';

/** The step a running query is at: the partners' contributions, a combination's hops, or the key holders' decryptions. */
export type ProgressStep = 'execution' | 'hops' | 'decryption';

/** How many partners have done the step, of how many: counts only, never what any of them sent. */
export interface QueryProgress {
  step: ProgressStep;
  done: number;
  of: number;
}

/** In memory only: the step of each executing query, for the console's live state; gone when the query ends or the coordinator restarts. */
@Injectable()
export class QueryProgressBoard {
  private readonly running = new Map<string, QueryProgress>();

  start(queryId: string, step: ProgressStep, of: number): void {
    this.running.set(queryId, { step, done: 0, of });
  }

  /** One more partner has done the current step. */
  tick(queryId: string, step: ProgressStep): void {
    const progress = this.running.get(queryId);
    if (progress?.step === step) progress.done = Math.min(progress.done + 1, progress.of);
  }

  /** Counts each reply as it arrives, whatever it holds. */
  counted<T>(queryId: string, step: ProgressStep, reply: Promise<T>): Promise<T> {
    return reply.finally(() => this.tick(queryId, step));
  }

  end(queryId: string): void {
    this.running.delete(queryId);
  }

  of(queryId: string): QueryProgress | null {
    const progress = this.running.get(queryId);
    return progress ? { ...progress } : null;
  }
}
