import { randomInt } from 'node:crypto';
import { modPow } from 'bigint-crypto-utils';
import * as paillier from 'paillier-bigint';
import { bigintToHex, hexToBigint } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import { generateSplitKey, keyIdOf, parseKeyShare, parsePublicKey, SplitKey } from './paillier-keys';
import { combinePartials, partialDecrypt } from './partial-decryption';

const randomVector = (length: number, max = 1_000_000) => Array.from({ length }, () => BigInt(randomInt(0, max)));

function decrypt(key: SplitKey, ciphertexts: string[], holders = key.shares.map((s) => s.holder)): bigint[] {
  const partials = key.shares
    .filter((s) => holders.includes(s.holder))
    .map((share) => ({ holder: share.holder, keyId: share.keyId, values: partialDecrypt(share, ciphertexts) }));
  return combinePartials(key.publicKey, partials, key.shares.map((s) => s.holder));
}

describe('Paillier with an n-of-n split decryption key', () => {
  const keys: Record<number, SplitKey> = {};
  beforeAll(async () => {
    for (const holders of [2, 3, 4]) keys[holders] = await generateSplitKey(1024, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'].slice(0, holders));
  });

  it.each([2, 3, 4])('round-trips random vectors with %i holders', (holders) => {
    const key = keys[holders];
    const values = [0n, 1n, ...randomVector(10), hexToBigint(key.publicKey.n) - 1n];
    expect(decrypt(key, new PaillierEncryptor(key.publicKey).encryptVector(values))).toEqual(values);
  });

  it('adds under encryption: the product of 4 encrypted random vectors decrypts to their sum', () => {
    const key = keys[4];
    const encryptor = new PaillierEncryptor(key.publicKey);
    const vectors = Array.from({ length: 4 }, () => randomVector(12));
    const sum = vectors[0].map((_, i) => vectors.reduce((s, v) => s + v[i], 0n));
    expect(decrypt(key, encryptor.addVectors(vectors.map((v) => encryptor.encryptVector(v))))).toEqual(sum);
  });

  it('encrypts the same value differently each time', () => {
    const encryptor = new PaillierEncryptor(keys[2].publicKey);
    expect(encryptor.encrypt(7n)).not.toBe(encryptor.encrypt(7n));
  });

  it('cannot decrypt with one share missing: refused, not a wrong answer', () => {
    const key = keys[4];
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([42n]);
    expect(() => decrypt(key, ciphertexts, ['gemeente', 'ggd', 'schoolbestuur'])).toThrow(/needed exactly/);
  });

  it('detects a forged share: all partials present, one from a wrong exponent', () => {
    const key = keys[3];
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([5n, 6n]);
    const partials = key.shares.map((share) => ({ holder: share.holder, keyId: share.keyId, values: partialDecrypt(share, ciphertexts) }));
    const forgedShare = { ...key.shares[1], exponent: bigintToHex(hexToBigint(key.shares[1].exponent) + 1n) };
    partials[1] = { ...partials[1], values: partialDecrypt(forgedShare, ciphertexts) };
    expect(() => combinePartials(key.publicKey, partials, key.shares.map((s) => s.holder))).toThrow(/do not combine/);
  });

  it('detects partials computed over different ciphertexts', () => {
    const key = keys[2];
    const encryptor = new PaillierEncryptor(key.publicKey);
    const [first, second] = [encryptor.encryptVector([3n]), encryptor.encryptVector([3n])];
    const partials = [
      { holder: key.shares[0].holder, keyId: key.publicKey.keyId, values: partialDecrypt(key.shares[0], first) },
      { holder: key.shares[1].holder, keyId: key.publicKey.keyId, values: partialDecrypt(key.shares[1], second) },
    ];
    expect(() => combinePartials(key.publicKey, partials, key.shares.map((s) => s.holder))).toThrow(/do not combine/);
  });

  it("rejects another key's shares", () => {
    const [key, other] = [keys[2], keys[3]];
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([1n]);
    const partials = other.shares.slice(0, 2).map((share) => ({ holder: share.holder, keyId: share.keyId, values: partialDecrypt(share, ciphertexts) }));
    expect(() => combinePartials(key.publicKey, partials, key.shares.map((s) => s.holder))).toThrow(/for key/);
  });

  it('the public key alone cannot decrypt: Enc(m) is not of the form 1 + m·n', () => {
    const key = keys[2];
    const encryptor = new PaillierEncryptor(key.publicKey);
    const c = encryptor.encrypt(99n);
    expect((c - 1n) % encryptor.n).not.toBe(0n);
    expect(() => combinePartials(key.publicKey, [{ holder: 'gemeente', keyId: key.publicKey.keyId, values: [bigintToHex(c)] }, { holder: 'ggd', keyId: key.publicKey.keyId, values: ['1'] }], ['gemeente', 'ggd'])).toThrow(/do not combine/);
  });

  it('hides each share: no share is the decryption exponent, and shares differ between keys and runs', async () => {
    const again = await generateSplitKey(512, ['a-org', 'b-org']);
    const twice = await generateSplitKey(512, ['a-org', 'b-org']);
    expect(again.shares[0].exponent).not.toBe(twice.shares[0].exponent);
    expect(again.publicKey.keyId).not.toBe(twice.publicKey.keyId);
  });

  it('refuses plaintexts outside [0, n) and invalid ciphertexts, naming the index', () => {
    const encryptor = new PaillierEncryptor(keys[2].publicKey);
    expect(() => encryptor.encrypt(-1n)).toThrow(RangeError);
    expect(() => encryptor.encrypt(encryptor.n)).toThrow(RangeError);
    const good = encryptor.encryptVector([1n])[0];
    expect(() => encryptor.parseVector([good, 'zz'])).toThrow(/ciphertext 1 is not hexadecimal/);
    expect(() => encryptor.parseVector([good, good, bigintToHex(encryptor.n2)])).toThrow(/ciphertext 2 is not a valid/);
    expect(() => encryptor.parseVector([bigintToHex(encryptor.n)])).toThrow(/ciphertext 0/);
    expect(() => encryptor.addVectors([[good], [good, good]])).toThrow(/differ in length/);
  });

  it('validates key files', () => {
    const key = keys[2];
    expect(parsePublicKey(key.publicKey)).toEqual(key.publicKey);
    expect(parseKeyShare(JSON.parse(JSON.stringify(key.shares[1])))).toEqual(key.shares[1]);
    expect(() => parsePublicKey({ ...key.publicKey, keyId: '0000000000000000' })).toThrow(/keyId/);
    expect(() => parseKeyShare({ ...key.shares[0], index: 1 })).toThrow(/index/);
    expect(() => parseKeyShare({ ...key.shares[0], scheme: 'shamir' })).toThrow(/scheme/);
  });

  it('refuses unsafe parameters', async () => {
    await expect(generateSplitKey(256, ['a-org', 'b-org'])).rejects.toThrow(/at least 512/);
    await expect(generateSplitKey(512, ['a-org'])).rejects.toThrow(/two distinct/);
  });

  it('known answer: Enc(m) with fixed p, q and r equals (1 + m·n)·rⁿ mod n² computed by hand', () => {
    const p = 1000000007n;
    const q = 998244353n;
    const n = p * q;
    const n2 = n * n;
    const reference = new paillier.PublicKey(n, n + 1n);
    const m = 123456789n;
    const r = 987654321n;
    const byHand = ((1n + m * n) * modPow(r, n, n2)) % n2;
    expect(reference.encrypt(m, r)).toBe(byHand);
    const encryptor = new PaillierEncryptor({ keyId: keyIdOf(n), bits: 60, n: bigintToHex(n) });
    const ours = encryptor.encrypt(m);
    // Ours uses a fresh r; with the factorisation known, recover m and check it is the same plaintext.
    const lambda = (p - 1n) * (q - 1n);
    const L = (x: bigint) => (x - 1n) / n;
    const mu = modPow(L(modPow(n + 1n, lambda, n2)), -1n, n);
    expect((L(modPow(ours, lambda, n2)) * mu) % n).toBe(m);
    expect((L(modPow(byHand, lambda, n2)) * mu) % n).toBe(m);
  });
});
