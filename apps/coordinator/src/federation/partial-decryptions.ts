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

/** A key holder's answer once it is in and checked: a partial that counts, or why not. */
export interface Settled<P> {
  org: string;
  answered: boolean;
  outcome: P | string;
}

export const provenOf = <P>(settled: Settled<P>[]): P[] =>
  settled.filter((s) => typeof s.outcome !== 'string').map((s) => s.outcome as P);

/** Logs the request, then asks every key holder at once; each answer is opened and checked as soon as it is in. */
export async function askKeyHolders<P extends { org: string }>(
  envelope: QueryEnvelope,
  audit: AuditLog,
  ask: (org: string) => Promise<Reply<SealedReply>>,
  check: PartialCheck<P>,
): Promise<Promise<Settled<P>>[]> {
  await audit.append({
    type: 'decryption.requested',
    queryId: envelope.id,
    actor: 'coordinator',
    details: { keyHolders: envelope.keyHolders },
  });
  return envelope.keyHolders.map(async (org): Promise<Settled<P>> => {
    const reply = await ask(org);
    return { org, answered: reply.ok, outcome: await accepted(envelope, org, reply, check) };
  });
}

/**
 * Who answered (whoever did has a decryption in its own log to match, whether or not its partial then counts), and
 * why any was left out; `late` marks answers logged after a release went on without them (partial-quorum.ts).
 */
export async function logOutcomes<P extends { org: string }>(
  envelope: QueryEnvelope,
  audit: AuditLog,
  settled: Settled<P>[],
  late: boolean,
): Promise<void> {
  if (settled.length === 0) return;
  const marked = late ? { late: true } : {};
  await audit.append({
    type: 'decryption.received',
    queryId: envelope.id,
    actor: 'coordinator',
    details: { from: settled.filter((s) => s.answered).map((s) => s.org), ...marked },
  });
  const refused = reasonsOf(settled);
  if (refused.length > 0)
    await audit.append({
      type: 'decryption.refused',
      queryId: envelope.id,
      actor: 'coordinator',
      details: { reasons: refused, answered: provenOf(settled).map((p) => p.org), ...marked },
    });
}

const reasonsOf = <P>(settled: Settled<P>[]): string[] =>
  settled.map((s) => s.outcome).filter((o): o is string => typeof o === 'string');

/** The proven partials, or a refusal naming every reason when fewer than the threshold are. */
export function atLeastThreshold<P>(settled: Settled<P>[], threshold: number): P[] {
  const answered = provenOf(settled);
  if (answered.length < threshold)
    throw new Refusal(
      `only ${answered.length} of the ${threshold} key holders needed answered: ${reasonsOf(settled).join('; ')}`,
    );
  return answered;
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
  const settled = await Promise.all(await askKeyHolders(envelope, audit, ask, check));
  await logOutcomes(envelope, audit, settled, false);
  return atLeastThreshold(settled, threshold);
}
