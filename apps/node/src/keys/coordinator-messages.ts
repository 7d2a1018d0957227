import { NonceLedger } from '@bfa/access';
import { ClassConstructor } from 'class-transformer';
import { coordinatorMessageProblem, validateMessage } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** How far a request's sentAt may be from the node's clock. */
export const FRESHNESS_MS = 5 * 60_000;

/**
 * A node acts only on requests the coordinator signed, sent within the last minutes and never seen before:
 * someone else on NATS can't ask it anything, and a captured request can't be sent again.
 */
export class CoordinatorMessages {
  private readonly nonces = new NonceLedger(2 * FRESHNESS_MS);

  constructor(private readonly coordinatorPublicKey: string) {}

  /** The request as its DTO, once it is well-formed, signed by the coordinator for this subject, fresh and new. */
  accept<T extends object>(type: ClassConstructor<T>, subject: string, raw: unknown): T {
    const message = validateMessage(type, raw);
    this.check(subject, raw);
    return message;
  }

  /** Whether `raw` is the coordinator's, signed for this subject and fresh; its nonce not spent (a heartbeat's). */
  signed(subject: string, raw: unknown): boolean {
    return coordinatorMessageProblem(subject, raw, this.coordinatorPublicKey, FRESHNESS_MS) === null;
  }

  private check(subject: string, raw: unknown): void {
    const problem = coordinatorMessageProblem(subject, raw, this.coordinatorPublicKey, FRESHNESS_MS);
    if (problem) throw new Refusal(problem);
    if (!this.nonces.accept('coordinator', (raw as { nonce: string }).nonce))
      throw new Refusal(`replayed message: this ${subject} request was already received`);
  }
}
