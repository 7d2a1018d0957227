import { randomInt } from 'node:crypto';
import { isProbablyPrime } from 'bigint-crypto-utils';
import { bigintToHex, hexToBigint } from '../encoding';
import { packCells, packingLayout, unpackCells } from '../packing';
import { PaillierEncryptor } from '../paillier-cipher';
import { RandomizerPool } from '../randomizer-pool';
import { generateSafePrime } from './safe-prime';
import { combineThresholdPartials, integerLagrangeAtZero, thresholdPartialDecrypt } from './threshold-decryption';
import { factorial, generateThresholdKey, parseThresholdShare, ThresholdKey } from './threshold-keys';

const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis', 'gemeente-2'];

function partials(key: ThresholdKey, holders: string[], ciphertexts: string[]) {
  return key.shares
    .filter((s) => holders.includes(s.holder))
    .map((share) => ({
      holder: share.holder,
      keyId: share.keyId,
      values: thresholdPartialDecrypt(share, ciphertexts),
    }));
}

function randomSubset<T>(items: T[], size: number): T[] {
  const pool = [...items];
  return Array.from({ length: size }, () => pool.splice(randomInt(pool.length), 1)[0]);
}

describe('t-of-n threshold Paillier (Shoup / Damgård–Jurik, trusted dealer)', () => {
  const keys: Record<string, ThresholdKey> = {};
  beforeAll(async () => {
    keys['3of4'] = await generateThresholdKey(256, ORGS.slice(0, 4), 3);
    keys['2of5'] = await generateThresholdKey(256, ORGS, 2);
    keys['4of4'] = await generateThresholdKey(256, ORGS.slice(0, 4), 4);
  }, 120_000);

  it('generates safe primes', async () => {
    const { p, q } = await generateSafePrime(64);
    expect(p).toBe(2n * q + 1n);
    expect(await isProbablyPrime(p)).toBe(true);
    expect(await isProbablyPrime(q)).toBe(true);
  });

  it('Lagrange coefficients times Δ are integers and interpolate f(0) (known answer)', () => {
    // f(x) = 7 + 3x + 2x², t = 3, points 1, 2, 4: Σ Δλ_i f(i) = Δ f(0)
    const f = (x: bigint) => 7n + 3n * x + 2n * x * x;
    const delta = factorial(4);
    const points = [1, 2, 4];
    const sum = points.reduce((acc, i) => acc + integerLagrangeAtZero(i, points, delta) * f(BigInt(i)), 0n);
    expect(sum).toBe(delta * 7n);
  });

  it.each(['3of4', '2of5', '4of4'])('any t of n holders decrypt random vectors (%s, random subsets)', (name) => {
    const key = keys[name];
    const encryptor = new PaillierEncryptor(key.publicKey);
    for (let trial = 0; trial < 5; trial++) {
      const values = Array.from({ length: 6 }, () => BigInt(randomInt(0, 1_000_000)));
      const ciphertexts = encryptor.encryptVector(values);
      const holders = randomSubset(key.publicKey.holders, key.publicKey.threshold);
      expect(combineThresholdPartials(key.publicKey, partials(key, holders, ciphertexts))).toEqual(values);
    }
  });

  it("decrypts the homomorphic sum of 4 partners' vectors with 3 of 4 holders", () => {
    const key = keys['3of4'];
    const encryptor = new PaillierEncryptor(key.publicKey);
    const vectors = Array.from({ length: 4 }, () => Array.from({ length: 5 }, () => BigInt(randomInt(0, 10_000))));
    const sum = vectors[0].map((_, i) => vectors.reduce((s, v) => s + v[i], 0n));
    const aggregate = encryptor.addVectors(vectors.map((v) => encryptor.encryptVector(v)));
    expect(combineThresholdPartials(key.publicKey, partials(key, ['ggd', 'sterkhuis', 'gemeente'], aggregate))).toEqual(
      sum,
    );
  });

  it('decrypts packed sums exactly over random n and t, with pooled randomness (property)', async () => {
    for (let trial = 0; trial < 3; trial++) {
      const holders = ORGS.slice(0, randomInt(2, 6));
      const key = await generateThresholdKey(512, holders, randomInt(1, holders.length + 1));
      const encryptor = new PaillierEncryptor(key.publicKey);
      const pool = new RandomizerPool(encryptor);
      pool.fill(8);
      const layout = packingLayout({
        cells: randomInt(1, 60),
        contributionBound: 100_000n,
        contributors: holders.length,
        keyBits: 512,
      });
      const tables = holders.map(() => Array.from({ length: layout.cells }, () => BigInt(randomInt(0, 100_001))));
      const aggregate = encryptor.addVectors(tables.map((t) => encryptor.encryptVector(packCells(t, layout), pool)));
      const decrypted = combineThresholdPartials(
        key.publicKey,
        partials(key, randomSubset(holders, key.publicKey.threshold), aggregate),
      );
      expect(unpackCells(decrypted, layout)).toEqual(
        tables[0].map((_, cell) => tables.reduce((sum, t) => sum + t[cell], 0n)),
      );
    }
  });

  it('refuses t − 1 partials', () => {
    const key = keys['3of4'];
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([42n]);
    expect(() => combineThresholdPartials(key.publicKey, partials(key, ['ggd', 'sterkhuis'], ciphertexts))).toThrow(
      /at least 3 needed/,
    );
  });

  it('detects a wrong share with exactly t partials, and a wrong partial among t + 1', () => {
    const key = keys['3of4'];
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([5n, 6n]);
    const forged = key.shares.map((s) =>
      s.holder === 'ggd' ? { ...s, share: bigintToHex(hexToBigint(s.share) + 1n) } : s,
    );
    const forgedKey = { ...key, shares: forged };
    expect(() =>
      combineThresholdPartials(key.publicKey, partials(forgedKey, ['gemeente', 'ggd', 'schoolbestuur'], ciphertexts)),
    ).toThrow(/do not combine/);
    const all = partials(key, key.publicKey.holders, ciphertexts);
    const n = hexToBigint(key.publicKey.n);
    // (1 + n) is a valid-looking factor: only a second subset can catch it.
    all[0] = { ...all[0], values: all[0].values.map((v) => bigintToHex((hexToBigint(v) * (1n + n)) % (n * n))) };
    expect(() => combineThresholdPartials(key.publicKey, all)).toThrow(/disagree/);
  });

  it('refuses partials over different ciphertexts, of another key, duplicated or from strangers', () => {
    const key = keys['3of4'];
    const encryptor = new PaillierEncryptor(key.publicKey);
    const [a, b] = [encryptor.encryptVector([3n]), encryptor.encryptVector([3n])];
    const mixed = [...partials(key, ['gemeente', 'ggd'], a), ...partials(key, ['sterkhuis'], b)];
    expect(() => combineThresholdPartials(key.publicKey, mixed)).toThrow(/do not combine/);
    const own = partials(key, ['gemeente', 'ggd', 'sterkhuis'], a);
    expect(() => combineThresholdPartials(key.publicKey, [own[0], own[0], own[1]])).toThrow(/duplicate/);
    expect(() =>
      combineThresholdPartials(key.publicKey, [...own.slice(0, 2), { ...own[2], holder: 'mallory' }]),
    ).toThrow(/holds no share/);
    expect(() =>
      combineThresholdPartials(
        key.publicKey,
        own.map((p) => ({ ...p, keyId: keys['4of4'].publicKey.keyId })),
      ),
    ).toThrow(/for key/);
  });

  it('refuses partials made with a share of another key, even relabelled as this key', () => {
    const key = keys['3of4'];
    const ciphertexts = new PaillierEncryptor(key.publicKey).encryptVector([9n]);
    const other = keys['4of4'].shares.find((s) => s.holder === 'ggd')!;
    const relabelled = { ...other, keyId: key.publicKey.keyId, n: key.publicKey.n };
    const own = partials(key, ['gemeente', 'sterkhuis'], ciphertexts);
    const foreign = {
      holder: 'ggd',
      keyId: key.publicKey.keyId,
      values: thresholdPartialDecrypt(relabelled, ciphertexts),
    };
    expect(() => combineThresholdPartials(key.publicKey, [...own, foreign])).toThrow(/do not combine/);
  });

  it('validates share files and refuses unsafe parameters', async () => {
    const key = keys['3of4'];
    expect(parseThresholdShare(JSON.parse(JSON.stringify(key.shares[2])))).toEqual(key.shares[2]);
    expect(() => parseThresholdShare({ ...key.shares[0], index: 2 })).toThrow(/index/);
    expect(() => parseThresholdShare({ ...key.shares[0], keyId: '0'.repeat(16) })).toThrow(/keyId/);
    await expect(generateThresholdKey(256, ORGS.slice(0, 3), 4)).rejects.toThrow(/threshold/);
    await expect(generateThresholdKey(256, ['a-org'], 1)).rejects.toThrow(/two distinct/);
  });
});
