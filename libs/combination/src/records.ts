import { createHash, randomInt } from 'node:crypto';
import { bigintToHex, hexToBigint, PaillierEncryptor } from '@bfa/crypto';
import { PSEUDONYM_PATTERN } from './pseudonym';

/** One child on its way along the chain: its query pseudonym and Enc(what is known of it so far). */
export interface CombinationRecord {
  pseudonym: string;
  ciphertext: string;
}

/** What a hop works on: records with parsed ciphertexts. */
export interface ParsedRecord {
  pseudonym: string;
  ciphertext: bigint;
}

/** SHA-256 over the records in order: what a hop's receipt signs and the next hop checks. */
export function recordsDigest(records: readonly CombinationRecord[]): string {
  const hash = createHash('sha256').update('bfa/combination/records/v1\n');
  for (const r of records) hash.update(`${r.pseudonym}:${r.ciphertext}\n`);
  return hash.digest('hex');
}

/**
 * PaillierEncryptor.parseVector checks gcd(c, n) = 1, about 0.7 ms each at 2048 bits (70 s per hop of
 * 100,000). Short of knowing p and q, the only values that fail it are multiples of n, so c mod n ≠ 0
 * is the same check for anyone who can't factor n, at a few µs.
 */
export function parseCiphertext(encryptor: PaillierEncryptor, text: string, index: number): bigint {
  const c = hexToBigint(text);
  if (c <= 0n || c >= encryptor.n2 || c % encryptor.n === 0n)
    throw new Error(`record ${index}: not a ciphertext under key ${encryptor.publicKey.keyId}`);
  return c;
}

export function parseRecords(encryptor: PaillierEncryptor, records: readonly CombinationRecord[]): ParsedRecord[] {
  const seen = new Set<string>();
  return records.map((r, i) => {
    if (typeof r?.pseudonym !== 'string' || !PSEUDONYM_PATTERN.test(r.pseudonym))
      throw new Error(`record ${i}: not a pseudonym`);
    if (seen.has(r.pseudonym)) throw new Error(`record ${i}: a pseudonym appears twice`);
    seen.add(r.pseudonym);
    return { pseudonym: r.pseudonym, ciphertext: parseCiphertext(encryptor, r.ciphertext, i) };
  });
}

/** The width of a ciphertext under `encryptor`'s key in whole bytes, as a hop chunk carries it. */
export const ciphertextBytes = (encryptor: PaillierEncryptor): number =>
  Math.ceil(bigintToHex(encryptor.n2 - 1n).length / 2);

/**
 * Ciphertexts in hex at the full (whole-byte) width of n², so every record has the same size and a hop's chunking is a
 * function of its record count and the key only, never of the values.
 */
export function formatRecords(encryptor: PaillierEncryptor, records: readonly ParsedRecord[]): CombinationRecord[] {
  const width = ciphertextBytes(encryptor) * 2;
  return records.map((r) => ({ pseudonym: r.pseudonym, ciphertext: bigintToHex(r.ciphertext).padStart(width, '0') }));
}

/** Fisher–Yates with a cryptographic generator, in place: the order a hop sends says nothing of its input's. */
export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
