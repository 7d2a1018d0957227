import { AuditLog } from '@bfa/audit';
import { combineThresholdPartials, ThresholdPublicKeyJson } from '@bfa/crypto';
import { QueryEnvelope, Reply, SealedReply } from '@bfa/protocol';
import { askKeyHolders, atLeastThreshold, logOutcomes, PartialCheck, provenOf, Settled } from './partial-decryptions';

/** The first t proven partials, and the check and log of the rest, which the release need not wait for. */
export interface PartialQuorum<P> {
  partials: P[];
  /** The rest's proven partials once all are in and logged; never rejects. */
  late: Promise<P[]>;
}

/**
 * gatherPartials that goes on as soon as t partials are in and proven: the release waits neither for the slowest
 * key holder nor for its proof, and combines t partials (one subset). Every partial still counts only with a valid
 * proof, so the plaintexts are those of any t. The rest are opened and checked all the same, and logged as received,
 * or refused with the reason, when they are in (`late`: after the release, if it is out by then; `late: true` in the
 * entry). Without proofs (a key without verification keys) the partials beyond t are the check of the others (a
 * second subset must agree), so all are awaited, as gatherPartials does.
 */
export async function gatherPartialQuorum<P extends { org: string }>(
  envelope: QueryEnvelope,
  threshold: number,
  audit: AuditLog,
  ask: (org: string) => Promise<Reply<SealedReply>>,
  check: PartialCheck<P>,
): Promise<PartialQuorum<P>> {
  const holders = envelope.keyHolders;
  const checked = await askKeyHolders(envelope, audit, ask, check);
  const settled = await quorum(checked, threshold);
  const first = holders.flatMap((org) => settled.filter((s) => s.org === org));
  await logOutcomes(envelope, audit, first, false);
  const partials = atLeastThreshold(first, threshold);
  const rest = checked.filter((_, i) => !first.some((s) => s.org === holders[i]));
  const late = Promise.all(rest)
    .then(async (others) => {
      await logOutcomes(envelope, audit, others, true);
      return provenOf(others);
    })
    .catch(() => []);
  return { partials: partials.slice(0, threshold), late };
}

/**
 * After the release: whether the first t partials and the later proven ones combine to the same plaintexts (the first
 * t against the last t, as combineThresholdPartials does with more than t), or what is wrong; nothing without later ones.
 */
export function lateDisagreement(
  key: ThresholdPublicKeyJson,
  first: { org: string; keyId: string; values: string[] }[],
  later: { org: string; keyId: string; values: string[] }[],
): string | null {
  if (later.length === 0) return null;
  try {
    combineThresholdPartials(
      key,
      [...first, ...later].map((p) => ({ holder: p.org, keyId: p.keyId, values: p.values })),
    );
    return null;
  } catch (error) {
    return `after the release, the partial decryptions of ${later.map((p) => p.org).join(', ')} do not agree with those released: ${(error as Error).message}`;
  }
}

/** Every answer that is in once t are proven, or all of them: in the order they came. */
function quorum<P>(checked: Promise<Settled<P>>[], threshold: number): Promise<Settled<P>[]> {
  const settled: Settled<P>[] = [];
  return new Promise((resolve, reject) => {
    for (const answer of checked)
      answer.then((s) => {
        settled.push(s);
        if (provenOf(settled).length >= threshold || settled.length === checked.length) resolve([...settled]);
      }, reject);
  });
}
