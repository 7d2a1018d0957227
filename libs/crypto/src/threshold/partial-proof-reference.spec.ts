import fc from 'fast-check';
import { bigintToHex, hexToBigint } from '../encoding';
import { sha256Hex } from '../hash';
import { modPower } from '../modexp';
import { PaillierEncryptor } from '../paillier-cipher';
import { PartialProof, verifyPartials } from './partial-proof';
import { proveThresholdPartials, thresholdPartialDecrypt } from './threshold-decryption';
import { generateThresholdKey, ThresholdKey } from './threshold-keys';

/** verifyPartials as it was before the fold's text was made once, word for word: the reference the new one must equal. */
function referenceVerify(n: bigint, keys: { v: bigint; vi: bigint }, cs: bigint[], cis: bigint[], proof: PartialProof) {
  const hash = (tag: string, values: bigint[]) =>
    hexToBigint(sha256Hex(`bfa/partial-proof/v1/${tag}\n${values.map(bigintToHex).join('\n')}`));
  try {
    const n2 = n * n;
    const [e, z] = [hexToBigint(proof.e), hexToBigint(proof.z)];
    if (cs.length !== cis.length || e < 0n || e >= 1n << 256n || z < 0n || cis.some((x) => x <= 0n || x >= n2))
      return false;
    const seed = [keys.v, keys.vi, ...cs, ...cis];
    let [c, ci] = [1n, 1n];
    cs.forEach((ck, k) => {
      const weight = hash(`weight/${k}`, seed) >> 128n;
      c = (c * modPower(ck, 4n * weight, n2)) % n2;
      ci = (ci * modPower(cis[k], 2n * weight, n2)) % n2;
    });
    const a = (modPower(c, z, n2) * modPower(ci, -e, n2)) % n2;
    const b = (modPower(keys.v, z, n2) * modPower(keys.vi, -e, n2)) % n2;
    return hash('challenge', [n, c, ci, keys.v, keys.vi, a, b]) === e;
  } catch {
    return false;
  }
}

describe('proofs of correct partial decryption against the reference verifier', () => {
  let key: ThresholdKey;
  let ciphertexts: string[];
  beforeAll(async () => {
    key = await generateThresholdKey(256, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'], 3);
    ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([0n, 3n, 99n, 12345n]);
  }, 60_000);

  it('accepts and refuses exactly what the reference does: honest, tampered and forged proofs (property)', () => {
    const n = hexToBigint(key.publicKey.n);
    const cs = ciphertexts.map(hexToBigint);
    const made = key.shares.map((share) => {
      const values = thresholdPartialDecrypt(share, ciphertexts);
      return {
        holder: share.holder,
        values,
        proof: proveThresholdPartials(share, key.publicKey.verification!, ciphertexts, values),
      };
    });
    const keysOf = (holder: string) => ({
      v: hexToBigint(key.publicKey.verification!.v),
      vi: hexToBigint(key.publicKey.verification!.holders[holder]),
    });
    fc.assert(
      fc.property(
        fc.nat(3),
        fc.nat(3),
        fc.constantFrom('none', 'value', 'shifted', 'e', 'z', 'holder', 'order'),
        (which, cell, change) => {
          const { holder, values, proof } = made[which];
          let cis = values.map(hexToBigint);
          let used = { ...proof };
          let as = holder;
          let cts = cs;
          if (change === 'value') cis[cell] = (cis[cell] * 7n) % (n * n);
          if (change === 'shifted') cis[cell] = (cis[cell] * (1n + n)) % (n * n);
          if (change === 'e') used = { ...proof, e: bigintToHex(hexToBigint(proof.e) ^ 1n) };
          if (change === 'z') used = { ...proof, z: bigintToHex(hexToBigint(proof.z) + 1n) };
          if (change === 'holder') as = made[(which + 1) % 4].holder;
          if (change === 'order') [cts, cis] = [[...cs].reverse(), [...cis].reverse()];
          const verdict = verifyPartials(n, keysOf(as), cts, cis, used);
          expect(verdict).toBe(referenceVerify(n, keysOf(as), cts, cis, used));
          expect(verdict).toBe(change === 'none');
        },
      ),
      { numRuns: 60 },
    );
  });
});
