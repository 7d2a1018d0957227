import { modInv } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from '../encoding';
import { fixedPower, ModexpEngine } from '../modexp';
import { PaillierEncryptor } from '../paillier-cipher';
import { combinedPowers } from './combined-powers';
import { PartialProof, provePartials, VerificationKeys, verifyPartials } from './partial-proof';
import { factorial, ThresholdPublicKeyJson, ThresholdShareJson } from './threshold-keys';

/** One key holder's partial decryptions of a vector of ciphertexts. */
export interface PartialDecryptionVector {
  holder: string;
  keyId: string;
  values: string[];
}

/** c_i = c^{2Δ s_i} mod n², Δ = l!. Alone, or with fewer than t others, it reveals nothing about the plaintext. */
export function thresholdPartialDecrypt(
  share: ThresholdShareJson,
  ciphertexts: string[],
  engine?: ModexpEngine,
): string[] {
  const encryptor = new PaillierEncryptor({ keyId: share.keyId, bits: 0, n: share.n }, engine);
  const exponent = 2n * factorial(share.holders.length) * hexToBigint(share.share);
  const power = fixedPower(exponent, encryptor.n2, engine);
  return encryptor.parseVector(ciphertexts).map((c) => bigintToHex(power(c)));
}

/** Δ·λ_{0,i} over the set S of evaluation points: an integer, so no division modulo the secret nm is needed. */
export function integerLagrangeAtZero(i: number, points: number[], delta: bigint): bigint {
  let numerator = delta;
  let denominator = 1n;
  for (const j of points) {
    if (j === i) continue;
    numerator *= BigInt(-j);
    denominator *= BigInt(i - j);
  }
  if (numerator % denominator !== 0n) throw new Error('Lagrange coefficient is not an integer');
  return numerator / denominator;
}

/**
 * Any t partials: c' = Π c_i^{2 Δλ_{0,i}} = c^{4Δ²d} = 1 + 4Δ²·m·n (mod n²), so m = L(c')·(4Δ²)⁻¹ mod n.
 * Fewer than t, duplicates, another key's or a wrong partial: refused, never a wrong plaintext.
 */
export function combineThresholdPartials(
  publicKey: ThresholdPublicKeyJson,
  partials: PartialDecryptionVector[],
): bigint[] {
  const known = partials.filter((p) => publicKey.holders.includes(p.holder));
  if (known.length !== partials.length) throw new Error('a partial decryption comes from someone who holds no share');
  if (new Set(partials.map((p) => p.holder)).size !== partials.length) throw new Error('duplicate partial decryptions');
  if (partials.length < publicKey.threshold)
    throw new Error(`${partials.length} partial decryptions; at least ${publicKey.threshold} needed`);
  const foreign = partials.find((p) => p.keyId !== publicKey.keyId);
  if (foreign)
    throw new Error(`${foreign.holder}'s partial decryption is for key ${foreign.keyId}, not ${publicKey.keyId}`);
  const length = partials[0].values.length;
  if (partials.some((p) => p.values.length !== length)) throw new Error('partial decryptions differ in length');
  const first = combineSubset(publicKey, partials.slice(0, publicKey.threshold));
  // With more than t partials, a second subset must agree: a single wrong partial can't go unnoticed.
  if (partials.length > publicKey.threshold) {
    const second = combineSubset(publicKey, partials.slice(-publicKey.threshold));
    if (second.some((m, cell) => m !== first[cell]))
      throw new Error('partial decryptions disagree: at least one is wrong');
  }
  return first;
}

function combineSubset(publicKey: ThresholdPublicKeyJson, chosen: PartialDecryptionVector[]): bigint[] {
  const encryptor = new PaillierEncryptor(publicKey);
  const delta = factorial(publicKey.holders.length);
  const points = chosen.map((p) => publicKey.holders.indexOf(p.holder) + 1);
  // Lagrange exponents have a few bits only: BigInt is as fast as OpenSSL here.
  const exponents = points.map((i) => 2n * integerLagrangeAtZero(i, points, delta));
  const inverse = modInv(4n * delta * delta, encryptor.n);
  const vectors = chosen.map((p) => p.values.map((v) => hexToBigint(v)));
  const batch = combinedPowers(vectors, exponents, encryptor.n2);
  const combinedAt = batch ? (cell: number) => batch[cell] : cellByCell(vectors, exponents, encryptor.n2);
  return vectors[0].map((_, cell) => {
    const combined = combinedAt(cell);
    if ((combined - 1n) % encryptor.n !== 0n)
      throw new Error(
        `cell ${cell}: partial decryptions do not combine (a share is wrong, or they are over different ciphertexts)`,
      );
    return (((combined - 1n) / encryptor.n) * inverse) % encryptor.n;
  });
}

/** The reference way, one inverse per cell and negative exponent: it names the value that has none. */
function cellByCell(vectors: bigint[][], exponents: bigint[], n2: bigint): (cell: number) => bigint {
  const powers = exponents.map((e) => fixedPower(e, n2, 'bigint'));
  return (cell) => vectors.reduce((product, v, k) => (product * powers[k](v[cell])) % n2, 1n);
}

function holderKeys(verification: VerificationKeys, holder: string): { v: bigint; vi: bigint } {
  const vi = verification.holders[holder];
  if (!vi) throw new Error(`no verification key for ${holder}`);
  return { v: hexToBigint(verification.v), vi: hexToBigint(vi) };
}

/** The holder's proof that its partials of these ciphertexts are c^{2Δs_i} with its own share. */
export function proveThresholdPartials(
  share: ThresholdShareJson,
  verification: VerificationKeys,
  ciphertexts: string[],
  partials: string[],
): PartialProof {
  const delta = factorial(share.holders.length);
  return provePartials(
    hexToBigint(share.n),
    delta,
    hexToBigint(share.share),
    holderKeys(verification, share.holder),
    ciphertexts.map(hexToBigint),
    partials.map(hexToBigint),
  );
}

/** Whether a holder's partials of these ciphertexts carry a valid proof under the public key's verification keys. */
export function verifyThresholdPartials(
  publicKey: ThresholdPublicKeyJson,
  holder: string,
  ciphertexts: string[],
  partials: string[],
  proof: PartialProof,
): boolean {
  if (!publicKey.verification?.holders[holder] || ciphertexts.length !== partials.length) return false;
  try {
    return verifyPartials(
      hexToBigint(publicKey.n),
      holderKeys(publicKey.verification, holder),
      ciphertexts.map(hexToBigint),
      partials.map(hexToBigint),
      proof,
    );
  } catch {
    return false;
  }
}
