import { createHash } from 'node:crypto';
import { randBetween } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from '../encoding';
import { modPower } from '../modexp';

/** Public values that let anyone check a key holder's partial decryptions: v, a square mod n², and v_i = v^{Δ s_i}. */
export interface VerificationKeys {
  v: string;
  holders: Record<string, string>;
}

/** Fiat–Shamir proof that a whole vector of partials used the holder's real share (one proof per vector). */
export interface PartialProof {
  e: string;
  z: string;
}

const CHALLENGE_BITS = 256n;
const WEIGHT_BITS = 128n;
/** r hides e·Δs_i statistically: this many bits beyond its size. */
const SLACK_BITS = 128n;

const bits = (x: bigint) => BigInt(x.toString(2).length);
const hashText = (tag: string, text: Buffer) =>
  hexToBigint(createHash('sha256').update(`bfa/partial-proof/v1/${tag}\n`).update(text).digest('hex'));
const textOf = (values: bigint[]) => Buffer.from(values.map(bigintToHex).join('\n'));
const hash = (tag: string, values: bigint[]) => hashText(tag, textOf(values));

/** Dealer's side, at the ceremony: v = r² mod n², and each holder's v_i = v^{Δ s_i}. */
export function verificationKeysFor(
  n: bigint,
  delta: bigint,
  shares: { holder: string; share: bigint }[],
): VerificationKeys {
  const n2 = n * n;
  const r = randBetween(n - 1n, 2n);
  const v = (r * r) % n2;
  return {
    v: bigintToHex(v),
    holders: Object.fromEntries(shares.map((s) => [s.holder, bigintToHex(modPower(v, delta * s.share, n2))])),
  };
}

/**
 * The vector folded into one pair by a random linear combination (weights from a hash of everything):
 * C = Π (c_k⁴)^{λ_k}, C_i = Π (c_{i,k}²)^{λ_k}. If any partial is not c_k^{2Δs_i}, the folded pair fails
 * too except with probability about 2^-128 (heuristic batch argument; squaring keeps everything in the
 * group of squares, as in Shoup's proof).
 */
function fold(n2: bigint, v: bigint, vi: bigint, cs: bigint[], cis: bigint[]): { c: bigint; ci: bigint } {
  // Every weight hashes the same values: their text is made once (it was remade per weight: O(l²) conversions).
  const seed = textOf([v, vi, ...cs, ...cis]);
  let [c, ci] = [1n, 1n];
  cs.forEach((ck, k) => {
    const weight = hashText(`weight/${k}`, seed) >> (256n - WEIGHT_BITS);
    c = (c * modPower(ck, 4n * weight, n2)) % n2;
    ci = (ci * modPower(cis[k], 2n * weight, n2)) % n2;
  });
  return { c, ci };
}

/** Shoup's proof of equal discrete logs, log_C(C_i) = log_v(v_i) = Δs_i: commit C^r and v^r, answer z = r + e·Δs_i. */
export function provePartials(
  n: bigint,
  delta: bigint,
  share: bigint,
  keys: { v: bigint; vi: bigint },
  cs: bigint[],
  cis: bigint[],
): PartialProof {
  const n2 = n * n;
  const { c, ci } = fold(n2, keys.v, keys.vi, cs, cis);
  const exponent = delta * share;
  const r = randBetween(1n << (bits(n2) + bits(exponent) + CHALLENGE_BITS + SLACK_BITS));
  const e = hash('challenge', [n, c, ci, keys.v, keys.vi, modPower(c, r, n2), modPower(keys.v, r, n2)]);
  return { e: bigintToHex(e), z: bigintToHex(r + e * exponent) };
}

/** True only if every partial in the vector is c_k^{2Δs_i} for the s_i behind v_i; never throws on bad input. */
export function verifyPartials(
  n: bigint,
  keys: { v: bigint; vi: bigint },
  cs: bigint[],
  cis: bigint[],
  proof: PartialProof,
): boolean {
  try {
    const n2 = n * n;
    const [e, z] = [hexToBigint(proof.e), hexToBigint(proof.z)];
    if (
      cs.length !== cis.length ||
      e < 0n ||
      e >= 1n << CHALLENGE_BITS ||
      z < 0n ||
      cis.some((x) => x <= 0n || x >= n2)
    )
      return false;
    const { c, ci } = fold(n2, keys.v, keys.vi, cs, cis);
    const a = (modPower(c, z, n2) * modPower(ci, -e, n2)) % n2;
    const b = (modPower(keys.v, z, n2) * modPower(keys.vi, -e, n2)) % n2;
    return hash('challenge', [n, c, ci, keys.v, keys.vi, a, b]) === e;
  } catch {
    return false;
  }
}
