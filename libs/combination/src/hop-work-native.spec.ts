import fc from 'fast-check';
import { generateThresholdKey, nativeBignumAvailable, PaillierEncryptor } from '@bfa/crypto';
import { PSEUDONYM_BYTES } from './hop-codec';
import * as hopWork from './hop-work';
import { HopJob, HopJobResult, runHopJob } from './hop-work';
import { HopWorkers } from './hop-workers';
import { ciphertextBytes } from './records';

/** A job's answer, or the error it threw: both engines must give the same. */
function outcome(job: HopJob): HopJobResult | { error: string; type: string } {
  try {
    return runHopJob(job);
  } catch (error) {
    return { error: (error as Error).message, type: (error as Error).constructor.name };
  }
}

describe('a hop job by the native addon and by the BigInt code: the same records, products and errors', () => {
  let encryptor: PaillierEncryptor;
  let n: string;
  let width: number;

  beforeAll(async () => {
    expect(nativeBignumAvailable()).toBe(true);
    const key = await generateThresholdKey(512, ['a', 'b', 'c'], 2);
    encryptor = new PaillierEncryptor(key.publicKey);
    n = encryptor.n.toString(16);
    width = ciphertextBytes(encryptor);
  }, 60_000);

  /** Records as a hop carries them, some replaced by a value that is not a ciphertext. */
  const recordsOf = (values: bigint[]) => {
    const bytes = Buffer.alloc(values.length * (PSEUDONYM_BYTES + width));
    values.forEach((c, i) => {
      bytes.writeUInt32BE(i, i * (PSEUDONYM_BYTES + width));
      bytes.write(c.toString(16).padStart(2 * width, '0'), i * (PSEUDONYM_BYTES + width) + PSEUDONYM_BYTES, 'hex');
    });
    return bytes;
  };
  const value = () =>
    fc.oneof(
      { weight: 12, arbitrary: fc.constant('fresh' as const) },
      fc.constantFrom(0n, 'n' as const, 'n2' as const),
    );
  const resolve = (v: bigint | 'fresh' | 'n' | 'n2') =>
    v === 'fresh' ? encryptor.randomizer() : v === 'n' ? encryptor.n : v === 'n2' ? encryptor.n2 : v;

  const same = (job: HopJob) => {
    const native = outcome(job);
    expect(outcome({ ...job, engine: 'bigint' } as HopJob)).toEqual(native);
    return native;
  };

  it('factor jobs: product and histogram encodings, any has, bad records named alike (property)', () => {
    fc.assert(
      fc.property(
        fc.array(value(), { minLength: 1, maxLength: 12 }),
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        fc.option(fc.integer({ min: 0, max: 40 })),
        (values, has, shift) => {
          const records = recordsOf(values.map(resolve));
          const count = values.length;
          same({
            kind: 'factor',
            n,
            width,
            outWidth: width,
            first: 100,
            records,
            has: Uint8Array.from(has.slice(0, count), Number),
            randomizers: Array.from({ length: count }, () => encryptor.randomizer()),
            shift: shift === null ? null : (1n << BigInt(shift)).toString(16),
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('encrypt jobs: Enc(m) with the same randomizer, m = 0, m below n, and m ≥ n refused alike (property)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.constant(''),
            fc.bigInt({ min: 1n, max: 1n << 600n }).map((m) => m.toString(16)),
          ),
          {
            minLength: 1,
            maxLength: 10,
          },
        ),
        (plaintexts) => {
          const result = same({
            kind: 'encrypt',
            n,
            width,
            pseudonyms: Buffer.alloc(plaintexts.length * PSEUDONYM_BYTES, 7),
            plaintexts,
            randomizers: plaintexts.map(() => encryptor.randomizer()),
          });
          const tooBig = plaintexts.some((m) => m !== '' && BigInt(`0x${m}`) >= encryptor.n);
          expect('error' in result).toBe(tooBig);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('aggregate jobs: the same products per cell, none for an empty cell, the same bad record (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value(), fc.integer({ min: -1, max: 4 })), { minLength: 0, maxLength: 30 }),
        (records) => {
          same({
            kind: 'aggregate',
            n,
            width,
            first: 7,
            records: recordsOf(records.map(([v]) => resolve(v))),
            targets: Int32Array.from(records.map(([, t]) => t)),
            size: 5,
          });
        },
      ),
      { numRuns: 30 },
    );
  });

  it('power jobs: a margin alignment, its inverse and a base beyond n²', () => {
    const base = encryptor.randomizer();
    for (const exponent of [1n << 40n, (encryptor.n - 5n) ** 3n, 0n, 1n])
      for (const b of [base, encryptor.n2 + base, 1n])
        same({ kind: 'power', n, exponent: exponent.toString(16), base: b });
  });

  it("HopWorkers with 'bigint' hands every job the BigInt engine; by default none is forced", async () => {
    const spy = jest.spyOn(hopWork, 'runHopJob');
    try {
      const job: HopJob = { kind: 'power', n, exponent: '10', base: 3n };
      await new HopWorkers(0, undefined, 'bigint').run(job);
      await new HopWorkers(0).run(job);
      expect(spy.mock.calls.map(([called]) => (called as { engine?: string }).engine)).toEqual(['bigint', undefined]);
    } finally {
      spy.mockRestore();
    }
  });
});
