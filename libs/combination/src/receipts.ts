import { canonicalHash, signMessage, verifySignature } from '@bfa/crypto';
import { ContributionEdition } from '@bfa/protocol';
import { combinationHops, CombinationQuery, combinationQueryHash } from './query';

/** A hop's signed statement of what it received and sent: counts, digests and edition ids only, safe in the clear. */
export interface HopReceipt {
  queryHash: string;
  step: number;
  from: string;
  to: string;
  records: number;
  /** Digest of the records the hop received; null for the population holder's first hop. */
  inputDigest: string | null;
  outputDigest: string;
  /** The editions of `from`'s own data this hop was computed from (ids, years, dataset names: no record). */
  editions: ContributionEdition[];
  /** Ed25519 of `from`'s node key over the canonical hash of the other fields. */
  signature: string;
}

export type UnsignedReceipt = Omit<HopReceipt, 'signature'>;

export function signReceipt(receipt: UnsignedReceipt, signingSecretKey: string): HopReceipt {
  return { ...receipt, signature: signMessage(canonicalHash(receipt), signingSecretKey) };
}

/**
 * Throws unless `receipts` are the query's first `receipts.length` hops, in order, each signed by its sender,
 * all over the same number of records, and each hop's input the previous hop's output.
 */
export function verifyReceiptChain(
  query: CombinationQuery,
  receipts: readonly HopReceipt[],
  signingPublicKeys: Record<string, string>,
): void {
  const hops = combinationHops(query);
  const queryHash = combinationQueryHash(query);
  if (receipts.length > hops.length) throw new Error('more receipts than hops');
  receipts.forEach((receipt, i) => {
    const { signature, ...body } = receipt;
    const hop = hops[i];
    if (body.queryHash !== queryHash || body.step !== hop.step || body.from !== hop.from || body.to !== hop.to)
      throw new Error(`receipt ${i} is not for hop ${hop.from} → ${hop.to} of this query`);
    const key = signingPublicKeys[hop.from];
    if (!key || !verifySignature(canonicalHash(body), signature, key))
      throw new Error(`receipt ${i}: ${hop.from}'s signature does not verify`);
    if (body.records !== receipts[0].records)
      throw new Error(`receipt ${i}: ${hop.from} sent ${body.records} records, not ${receipts[0].records}`);
    if (body.inputDigest !== (i === 0 ? null : receipts[i - 1].outputDigest))
      throw new Error(`receipt ${i}: ${hop.from} did not work on what ${hops[i - 1]?.from ?? 'nobody'} sent`);
  });
}
