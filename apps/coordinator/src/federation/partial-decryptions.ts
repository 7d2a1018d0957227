import { AuditLog } from '@bfa/audit';
import { QueryEnvelope, Reply } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';

/**
 * Asks every key holder for its partial decryption and keeps those that pass their proof. t of n is enough:
 * a key holder that is offline, refuses or fails its proof does not stall the release, but is logged.
 */
export async function gatherPartials<P extends { org: string }>(
  envelope: QueryEnvelope,
  threshold: number,
  audit: AuditLog,
  ask: (org: string) => Promise<Reply<P>>,
  proven: (partial: P) => boolean,
): Promise<P[]> {
  await audit.append({ type: 'decryption.requested', queryId: envelope.id, actor: 'coordinator', details: { keyHolders: envelope.keyHolders } });
  const replies = await Promise.all(envelope.keyHolders.map(ask));
  const received = replies.flatMap((reply, i) => (reply.ok ? [{ ...reply.value, org: envelope.keyHolders[i] }] : []));
  const answered = received.filter(proven);
  const refused = [
    ...replies.flatMap((reply) => (reply.ok ? [] : [reply.reason])),
    ...received.filter((partial) => !answered.includes(partial)).map((p) => `${p.org}'s partial decryption fails its proof of correctness: left out`),
  ];
  if (refused.length > 0) {
    await audit.append({ type: 'decryption.refused', queryId: envelope.id, actor: 'coordinator', details: { reasons: refused, answered: answered.map((p) => p.org) } });
  }
  if (answered.length < threshold) throw new Refusal(`only ${answered.length} of the ${threshold} key holders needed answered: ${refused.join('; ')}`);
  return answered;
}
