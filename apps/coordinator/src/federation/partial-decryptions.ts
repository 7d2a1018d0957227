import { AuditLog } from '@bfa/audit';
import { ClassConstructor } from 'class-transformer';
import { openSealedReply, QueryEnvelope, Reply, SealedReply, validateMessage } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/** How the coordinator takes a key holder's sealed reply: opened with its box key, validated, proven. */
export interface PartialCheck<P> {
  boxSecretKey: string;
  shape: ClassConstructor<P>;
  /** Asynchronous when the proofs are checked on worker threads (ProofWorkers). */
  proven: (partial: P) => boolean | Promise<boolean>;
}

/** A partial decryption that counts, or the reason it doesn't. */
export async function accepted<P extends { org: string }>(
  envelope: QueryEnvelope,
  org: string,
  reply: Reply<SealedReply>,
  check: PartialCheck<P>,
): Promise<P | string> {
  if (!reply.ok) return reply.reason;
  let opened: unknown;
  try {
    opened = openSealedReply(reply.value, check.boxSecretKey, { queryId: envelope.id, keyId: envelope.keyId, org });
  } catch (error) {
    return `${org}'s sealed partial decryption is left out: ${(error as Error).message}`;
  }
  let partial: P;
  try {
    partial = { ...validateMessage(check.shape, opened), org };
  } catch (error) {
    return `${org}'s partial decryption is malformed (${(error as Error).message}): left out`;
  }
  return (await check.proven(partial))
    ? partial
    : `${org}'s partial decryption fails its proof of correctness: left out`;
}

/**
 * Asks every key holder for its partial decryption, sealed to the coordinator and bound to this query, key and
 * holder, and keeps those that open, are well-formed and pass their proof.
 * t of n is enough: a key holder that is offline, refuses, answers unsealed, sealed for another query, malformed or
 * failing its proof does not stall the release, but is logged.
 */
export async function gatherPartials<P extends { org: string }>(
  envelope: QueryEnvelope,
  threshold: number,
  audit: AuditLog,
  ask: (org: string) => Promise<Reply<SealedReply>>,
  check: PartialCheck<P>,
): Promise<P[]> {
  await audit.append({
    type: 'decryption.requested',
    queryId: envelope.id,
    actor: 'coordinator',
    details: { keyHolders: envelope.keyHolders },
  });
  const replies = await Promise.all(envelope.keyHolders.map(ask));
  // Whoever answered has a decryption in its own log to match, whether or not its partial then counts.
  await audit.append({
    type: 'decryption.received',
    queryId: envelope.id,
    actor: 'coordinator',
    details: { from: envelope.keyHolders.filter((_, i) => replies[i].ok) },
  });
  const outcomes: (P | string)[] = await Promise.all(
    replies.map((reply, i) => accepted(envelope, envelope.keyHolders[i], reply, check)),
  );
  const answered = outcomes.filter((o): o is P => typeof o !== 'string');
  const refused = outcomes.filter((o): o is string => typeof o === 'string');
  if (refused.length > 0) {
    await audit.append({
      type: 'decryption.refused',
      queryId: envelope.id,
      actor: 'coordinator',
      details: { reasons: refused, answered: answered.map((p) => p.org) },
    });
  }
  if (answered.length < threshold)
    throw new Refusal(`only ${answered.length} of the ${threshold} key holders needed answered: ${refused.join('; ')}`);
  return answered;
}
