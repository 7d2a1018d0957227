import { modInv, modPow } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import { KeyShareJson, PaillierPublicKeyJson } from './paillier-keys';

export interface PartialDecryptionVector {
  holder: string;
  keyId: string;
  values: string[];
}

function power(c: bigint, exponent: bigint, n2: bigint): bigint {
  return exponent < 0n ? modPow(modInv(c, n2), -exponent, n2) : modPow(c, exponent, n2);
}

/** One holder's c^{d_i} mod n² for every ciphertext; alone it reveals nothing about the plaintexts. */
export function partialDecrypt(share: KeyShareJson, ciphertexts: string[]): string[] {
  const encryptor = new PaillierEncryptor({ keyId: share.keyId, bits: 0, n: share.n });
  const exponent = hexToBigint(share.exponent);
  return encryptor.parseVector(ciphertexts).map((c) => bigintToHex(power(c, exponent, encryptor.n2)));
}

/**
 * Π c^{d_i} = c^d = 1 + m·n (mod n²) when every holder's partial over the same ciphertexts is present.
 * A missing, duplicated, foreign or tampered partial leaves a value not of that form: refused, never a wrong answer.
 */
export function combinePartials(publicKey: PaillierPublicKeyJson, partials: PartialDecryptionVector[], holders: string[]): bigint[] {
  const present = partials.map((p) => p.holder).sort();
  if (present.join() !== [...holders].sort().join()) {
    throw new Error(`partial decryptions from ${present.join(', ') || 'nobody'}; needed exactly ${[...holders].sort().join(', ')}`);
  }
  const foreign = partials.find((p) => p.keyId !== publicKey.keyId);
  if (foreign) throw new Error(`${foreign.holder}'s partial decryption is for key ${foreign.keyId}, not ${publicKey.keyId}`);
  const length = partials[0].values.length;
  if (partials.some((p) => p.values.length !== length)) throw new Error('partial decryptions differ in length');
  const encryptor = new PaillierEncryptor(publicKey);
  const vectors = partials.map((p) => p.values.map((v) => hexToBigint(v)));
  return vectors[0].map((_, cell) => {
    const x = vectors.reduce((product, v) => (product * v[cell]) % encryptor.n2, 1n);
    if ((x - 1n) % encryptor.n !== 0n) {
      throw new Error(`cell ${cell}: partial decryptions do not combine (a share is missing or wrong, or they are over different ciphertexts)`);
    }
    return (x - 1n) / encryptor.n;
  });
}
