import fc from 'fast-check';
import { modPow } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import { keyIdOf, parsePublicKey } from './paillier-keys';
import * as shortExponentModule from './short-exponent';
import {
  parseShortExponent,
  SHORT_EXPONENT_BITS,
  shortExponent,
  shortExponentBase,
  ShortExponentJson,
} from './short-exponent';
import {
  combineThresholdPartials,
  proveThresholdPartials,
  thresholdPartialDecrypt,
  verifyThresholdPartials,
} from './threshold/threshold-decryption';
import { generateThresholdKey, ThresholdKey } from './threshold/threshold-keys';

// Known answers computed apart from this code (Python: hashlib.sha512 and pow), for fixed primes far too small for use.
const p = 1000000007n;
const q = 998244353n;
const n = p * q;
const n2 = n * n;
const KAT = {
  seed: `${'00'.repeat(31)}2a`,
  h: 0x148b783f576f651n,
  hs: 0x6d63b2501360a1543bf9ec900d111n,
  alpha: 0xfedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210n,
  randomizer: 0x15c83b08f7656a7d9d82c332dadc9n,
  m: 123456789n,
  ciphertext: 0xb631521384e2578c138b679207881n,
};
const lambda = (p - 1n) * (q - 1n);
const L = (x: bigint) => (x - 1n) / n;
const decrypt = (c: bigint) => (L(modPow(c, lambda, n2)) * modPow(L(modPow(n + 1n, lambda, n2)), -1n, n)) % n;
const katRandomness: ShortExponentJson = {
  form: 'short-exponent/v1',
  seed: KAT.seed,
  hs: bigintToHex(KAT.hs),
  exponentBits: SHORT_EXPONENT_BITS,
};

describe('short-exponent randomness (Damgård–Jurik–Nielsen), known answers', () => {
  it('derives h from the seed and h_s = hⁿ, and Enc(m) = (1 + m·n)·h_s^α decrypts to m', () => {
    expect(shortExponentBase(KAT.seed, n)).toBe(KAT.h);
    expect(parseShortExponent(katRandomness, n)).toEqual({ hs: KAT.hs, exponentBits: 256 });
    expect(modPow(KAT.hs, KAT.alpha, n2)).toBe(KAT.randomizer);
    const encryptor = new PaillierEncryptor({
      keyId: keyIdOf(n),
      bits: 60,
      n: bigintToHex(n),
      randomness: katRandomness,
    });
    expect(encryptor.encrypt(KAT.m, KAT.randomizer)).toBe(KAT.ciphertext);
    expect(decrypt(KAT.ciphertext)).toBe(KAT.m);
    expect(decrypt(encryptor.encrypt(KAT.m))).toBe(KAT.m);
  });

  it("refuses a key file whose h_s is not its seed's (e.g. 1, which would leave every ciphertext unrandomised), or with a short α", () => {
    const key = { keyId: keyIdOf(n), n: bigintToHex(n) };
    expect(parsePublicKey({ ...key, randomness: katRandomness }).randomness).toEqual(katRandomness);
    expect(() => parsePublicKey({ ...key, randomness: { ...katRandomness, hs: '1' } })).toThrow(/hs is not hⁿ/);
    expect(() => parsePublicKey({ ...key, randomness: { ...katRandomness, seed: `${'00'.repeat(31)}2b` } })).toThrow(
      /hs is not hⁿ/,
    );
    expect(() => parsePublicKey({ ...key, randomness: { ...katRandomness, exponentBits: 128 } })).toThrow(
      /exponentBits/,
    );
    expect(() => parsePublicKey({ ...key, randomness: { ...katRandomness, seed: 'abc' } })).toThrow(/seed/);
    expect(() => parsePublicKey({ ...key, randomness: { ...katRandomness, form: 'rⁿ' } })).toThrow(/unknown form/);
    const tampered = new PaillierEncryptor({
      keyId: keyIdOf(n),
      bits: 60,
      n: bigintToHex(n),
      randomness: { ...katRandomness, hs: '1' },
    });
    expect(() => tampered.encrypt(1n)).toThrow(/hs is not hⁿ/);
  });

  it('draws α of exactly the asked bits at most, uniformly enough that the top bit is set about half the time', () => {
    const draws = Array.from({ length: 400 }, () => shortExponent(256));
    expect(draws.every((a) => a < 1n << 256n)).toBe(true);
    const top = draws.filter((a) => a >= 1n << 255n).length;
    expect(top).toBeGreaterThan(140);
    expect(top).toBeLessThan(260);
    expect(shortExponent(13) < 1n << 13n).toBe(true);
  });
});

describe('short-exponent randomness under a threshold key (properties, 512-bit key, OpenSSL modexp)', () => {
  const HOLDERS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
  let key: ThresholdKey;
  let legacy: ThresholdKey;
  let encryptor: PaillierEncryptor;
  let nn: bigint;

  beforeAll(async () => {
    [key, legacy] = await Promise.all([
      generateThresholdKey(512, HOLDERS, 3),
      generateThresholdKey(512, HOLDERS, 3, 'r-to-the-n'),
    ]);
    encryptor = new PaillierEncryptor(key.publicKey);
    nn = encryptor.n;
  }, 120_000);

  /** Decrypts with the first three holders, each proving its partials; fails the test if a proof does not verify. */
  function thresholdDecrypt(ciphertexts: bigint[], k = key): bigint[] {
    const hex = ciphertexts.map(bigintToHex);
    const partials = k.shares.slice(0, 3).map((share) => {
      const values = thresholdPartialDecrypt(share, hex);
      const proof = proveThresholdPartials(share, k.publicKey.verification!, hex, values);
      expect(verifyThresholdPartials(k.publicKey, share.holder, hex, values, proof)).toBe(true);
      return { holder: share.holder, keyId: share.keyId, values };
    });
    return combineThresholdPartials(k.publicKey, partials);
  }

  const plaintext = () => fc.bigInt({ min: 0n, max: (1n << 500n) - 1n });

  it("the ceremony records the form, and a new key's public key file carries it through parsing", () => {
    expect(key.publicKey.randomness).toMatchObject({ form: 'short-exponent/v1', exponentBits: 256 });
    expect(parsePublicKey(JSON.parse(JSON.stringify(key.publicKey))).randomness).toEqual(key.publicKey.randomness);
    expect(legacy.publicKey.randomness).toBeUndefined();
  });

  it('encryptions in the new form decrypt correctly by t of n holders with proofs', () => {
    fc.assert(
      fc.property(fc.array(plaintext(), { minLength: 1, maxLength: 4 }), (ms) => {
        expect(thresholdDecrypt(ms.map((m) => encryptor.encrypt(m)))).toEqual(ms);
      }),
      { numRuns: 12 },
    );
  });

  it('homomorphic addition holds, also across the old and the new form under one n', () => {
    const old = new PaillierEncryptor({ keyId: key.publicKey.keyId, bits: 512, n: key.publicKey.n });
    fc.assert(
      fc.property(plaintext(), plaintext(), plaintext(), (a, b, c) => {
        const sum = encryptor.add(encryptor.add(encryptor.encrypt(a), encryptor.encrypt(b)), old.encrypt(c));
        expect(thresholdDecrypt([sum])).toEqual([(a + b + c) % nn]);
      }),
      { numRuns: 12 },
    );
  });

  it('re-randomising with a new-form Enc(0) keeps the plaintext and changes the ciphertext', () => {
    fc.assert(
      fc.property(plaintext(), (m) => {
        const c = encryptor.encrypt(m);
        const again = encryptor.add(c, encryptor.randomizer());
        expect(again).not.toBe(c);
        expect(encryptor.isValidCiphertext(again)).toBe(true);
        expect(thresholdDecrypt([c, again])).toEqual([m, m]);
      }),
      { numRuns: 12 },
    );
  });

  it('every randomizer is a distinct valid Enc(0) (an n-th residue): a vector of them decrypts to zeros', () => {
    const randomizers = Array.from({ length: 64 }, () => encryptor.randomizer());
    expect(new Set(randomizers).size).toBe(64);
    expect(thresholdDecrypt(randomizers)).toEqual(randomizers.map(() => 0n));
  });

  it('a key without randomness keeps the rⁿ form (backward compatible), and its ciphertexts decrypt', () => {
    const spy = jest.spyOn(shortExponentModule, 'shortExponentRandomizer');
    const old = new PaillierEncryptor(legacy.publicKey);
    const ms = [0n, 1n, hexToBigint(legacy.publicKey.n) - 1n];
    expect(
      thresholdDecrypt(
        ms.map((m) => old.encrypt(m)),
        legacy,
      ),
    ).toEqual(ms);
    expect(spy).not.toHaveBeenCalled();
    encryptor.randomizer();
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockRestore();
  });
});
