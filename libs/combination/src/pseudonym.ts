import { createHmac, randomBytes } from 'node:crypto';
import { canonicalJson, sha256Hex } from '@bfa/crypto';

export const PSEUDONYM_SECRET_BYTES = 32;
/** 128 bits: no collision among a region's children (p ≈ 10⁻²⁹ for 100,000). */
const PSEUDONYM_BYTES = 16;
export const PSEUDONYM_PATTERN = /^[0-9a-f]{32}$/;

/** The key partners derive pseudonyms from. Partner nodes hold it; the coordinator never does. */
export interface PseudonymSecret {
  secretId: string;
  key: Buffer;
}

/** A public label that names the secret without revealing it, and lets a holder check what it opened. */
export function pseudonymSecretIdOf(key: Uint8Array): string {
  return `ps-${sha256Hex(Buffer.concat([Buffer.from('bfa/combination/pseudonym-secret-id/v1\n'), key])).slice(0, 16)}`;
}

export function generatePseudonymSecret(): PseudonymSecret {
  const key = randomBytes(PSEUDONYM_SECRET_BYTES);
  return { secretId: pseudonymSecretIdOf(key), key };
}

/**
 * HMAC-SHA256(secret, [tag, queryId, childId]), truncated: the same child has the same pseudonym at every
 * partner in one query, and an unrelated one in the next, so messages of two queries can't be joined.
 */
export function pseudonym(secret: PseudonymSecret, queryId: string, childId: string): string {
  const input = canonicalJson(['bfa/combination/pseudonym/v1', queryId, childId]);
  return createHmac('sha256', secret.key).update(input).digest().subarray(0, PSEUDONYM_BYTES).toString('hex');
}

/** The pseudonyms of some children in one query, e.g. a factor holder's clients that have the factor. */
export function pseudonymSet(secret: PseudonymSecret, queryId: string, childIds: Iterable<string>): Set<string> {
  const set = new Set<string>();
  for (const childId of childIds) set.add(pseudonym(secret, queryId, childId));
  return set;
}
