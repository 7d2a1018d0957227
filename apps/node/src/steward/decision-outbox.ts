import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { Reply, SignedDecision, subjects } from '@bfa/protocol';
import { COORDINATOR } from '../node.providers';
import { ProposalStore } from '../proposals/proposal-store.service';

/**
 * How long the coordinator has to acknowledge a delivery before it is sent again: 10 s, doubling with each
 * unanswered one to at most 2 min. A coordinator that is behind is not pressed harder: under load every resend
 * queued its own reads and signature check behind the rest, and a fixed wait kept it behind.
 */
export function ackTimeoutMs(failures: number): number {
  return Math.min(10_000 * 2 ** Math.max(0, failures), 120_000);
}

/** The outbox's schedule: 1 s after the first failed delivery, doubling to at most 30 s, a little jitter so nodes don't all retry at once. */
export function retryDelayMs(failures: number, random = Math.random): number {
  const base = Math.min(1_000 * 2 ** Math.max(0, failures - 1), 30_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** What to do with the coordinator's answer: done (acknowledged, or refused for a reason a resend can't change), or send again. */
export function deliveryOutcome(
  reply: Reply<unknown> | Error,
): { done: true; outcome: string } | { done: false; why: string } {
  if (reply instanceof Error) return { done: false, why: reply.message };
  if (reply === null || typeof reply !== 'object' || typeof reply.ok !== 'boolean')
    return { done: false, why: 'malformed acknowledgement' };
  if (reply.ok) return { done: true, outcome: 'acknowledged' };
  // The coordinator's own failure is not an answer about the decision; a refusal names what is wrong with it.
  if (/internal error/.test(reply.reason)) return { done: false, why: reply.reason };
  return { done: true, outcome: `refused: ${reply.reason}` };
}

/**
 * The steward's decision is in the node's own store before anything is sent (the outbox is the proposals whose
 * decision the coordinator has not answered); it is sent until the coordinator answers, with backoff, and again
 * at every start. The coordinator takes the same signed decision any number of times and counts it once.
 */
@Injectable()
export class DecisionOutbox implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DecisionOutbox.name);
  private readonly sending = new Set<string>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private stopped = false;

  constructor(
    private readonly store: ProposalStore,
    @Inject(COORDINATOR) private readonly coordinator: ClientProxy,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const waiting = await this.store.undelivered();
    if (waiting.length > 0)
      this.logger.log(`${waiting.length} decision(s) not yet acknowledged by the coordinator: sending again`);
    for (const signed of waiting) this.send(signed);
  }

  /** Starts delivering a stored decision now (a retried steward request too); one delivery per query at a time. */
  send(signed: SignedDecision, failures = 0): void {
    const { queryId } = signed.statement;
    if (this.stopped || this.sending.has(queryId)) return;
    this.sending.add(queryId);
    clearTimeout(this.timers.get(queryId));
    this.timers.delete(queryId);
    void this.attempt(signed, failures).finally(() => this.sending.delete(queryId));
  }

  private async attempt(signed: SignedDecision, failures: number): Promise<void> {
    const { queryId } = signed.statement;
    const reply = await firstValueFrom(
      this.coordinator
        .send<Reply<unknown>>(subjects.decision, { decision: signed })
        .pipe(timeout(ackTimeoutMs(failures))),
    ).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
    const result = deliveryOutcome(reply);
    if (result.done) {
      await this.store.markDelivery(queryId, result.outcome);
      if (result.outcome === 'acknowledged')
        this.logger.log(`query ${queryId}: the coordinator acknowledged the steward's decision`);
      else this.logger.warn(`query ${queryId}: the coordinator ${result.outcome}`);
      return;
    }
    if (this.stopped) return;
    const delay = retryDelayMs(failures + 1);
    this.logger.warn(`query ${queryId}: decision not acknowledged (${result.why}); sending again in ${delay} ms`);
    this.timers.set(
      queryId,
      setTimeout(() => this.send(signed, failures + 1), delay),
    );
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    this.timers.forEach((timer) => clearTimeout(timer));
  }
}
