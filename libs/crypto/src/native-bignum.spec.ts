import fc from 'fast-check';
import { modPow } from 'bigint-crypto-utils';
import {
  bigintBytes,
  fixedWidthBytes,
  NativeBignum,
  nativeBignum,
  nativeBignumFor,
  nativeBignumUnavailableReason,
  Strided,
} from './native-bignum';

/** The BigInt reference of every native function: the code hop-work.ts runs where the addon is not built. */
const isCiphertext = (c: bigint, n: bigint) => c > 0n && c < n * n && c % n !== 0n;

function referenceFactor(n: bigint, cs: bigint[], has: boolean[], squarings: number, rs: bigint[]) {
  const n2 = n * n;
  const bad = cs.findIndex((c) => !isCiphertext(c, n));
  const shift = 1n << BigInt(Math.max(squarings, 0));
  const values = cs.map((c, i) => {
    const kept = squarings < 0 ? (has[i] ? c : 1n) : has[i] ? modPow(c, shift, n2) : c;
    return (kept * rs[i]) % n2;
  });
  return { bad, values: bad < 0 ? values : undefined };
}

const PSEUDONYM = 16;

/** Records as a hop carries them: 16 pseudonym bytes, then the ciphertext at `width`. */
function records(cs: bigint[], width: number): Uint8Array {
  const bytes = Buffer.alloc(cs.length * (PSEUDONYM + width), 0xab);
  cs.forEach((c, i) => bytes.set(fixedWidthBytes([c], width), i * (PSEUDONYM + width) + PSEUDONYM));
  return bytes;
}
const ciphertexts = (bytes: Uint8Array, width: number): Strided => ({
  bytes,
  offset: PSEUDONYM,
  stride: PSEUDONYM + width,
  width,
});
const packed = (bytes: Uint8Array, width: number): Strided => ({ bytes, offset: 0, stride: width, width });
const read = (bytes: Uint8Array, at: number, width: number) =>
  BigInt(`0x${Buffer.from(bytes.buffer, bytes.byteOffset + at, width).toString('hex') || '0'}`);

const widthOf = (value: bigint) => bigintBytes(value).length;

/** An odd modulus of exactly `bits` bits: the arithmetic needs nothing else of n (a Paillier n is odd too). */
const oddModulus = (bits: number) =>
  fc
    .bigInt({ min: 1n << BigInt(bits - 1), max: (1n << BigInt(bits)) - 1n })
    .map((n) => n | 1n)
    .filter((n) => n > 3n);

/** A value mod n² with the edges a hostile sender would try: 0, n, multiples of n, n² − 1, n², beyond. */
const candidate = (n: bigint, width: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.bigInt({ min: 1n, max: n * n - 1n }) },
    fc.constantFrom(0n, n, 3n * n, n * n - n, n * n - 1n, n * n, n * n + 1n, (1n << BigInt(8 * width)) - 1n, 1n),
  );

describe('native big-number arithmetic (OpenSSL BN) against the BigInt reference', () => {
  let native: NativeBignum;

  beforeAll(() => {
    const loaded = nativeBignum();
    if (!loaded) throw new Error(`the native addon must be built for this spec: ${nativeBignumUnavailableReason()}`);
    native = loaded;
  });

  it("is used unless 'bigint' is asked for", () => {
    expect(nativeBignumFor('native')).toBe(native);
    expect(nativeBignumFor('bigint')).toBeUndefined();
  });

  for (const bits of [2048, 61]) {
    const runs = bits === 2048 ? 12 : 200;

    it(`factor: the same records and the same first bad index (n of ${bits} bits, property)`, () => {
      fc.assert(
        fc.property(
          oddModulus(bits).chain((n) => {
            const width = widthOf(n * n);
            return fc.record({
              n: fc.constant(n),
              width: fc.constant(width),
              cs: fc.array(candidate(n, width), { minLength: 1, maxLength: 8 }),
              rs: fc.array(fc.bigInt({ min: 0n, max: n * n - 1n }), { minLength: 8, maxLength: 8 }),
              has: fc.oneof(
                fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
                fc.constant(Array(8).fill(true)),
                fc.constant(Array(8).fill(false)),
              ),
              squarings: fc.oneof(fc.constant(-1), fc.constant(0), fc.integer({ min: -1, max: 70 })),
              extra: fc.integer({ min: 0, max: 3 }),
            });
          }),
          ({ n, width, cs, rs, has, squarings, extra }) => {
            // The sender's width may be wider than n²'s bytes (leading zeros), the output wider still.
            const inWidth = width + extra;
            const outWidth = width + 1;
            const count = cs.length;
            const out = Buffer.alloc(count * (PSEUDONYM + outWidth));
            const bad = native.factor(
              bigintBytes(n),
              ciphertexts(records(cs, inWidth), inWidth),
              count,
              Uint8Array.from(has.slice(0, count), Number),
              squarings,
              packed(fixedWidthBytes(rs.slice(0, count), width), width),
              ciphertexts(out, outWidth),
            );
            const expected = referenceFactor(n, cs, has, squarings, rs);
            expect(bad).toBe(expected.bad);
            if (expected.values)
              expected.values.forEach((value, i) =>
                expect(read(out, i * (PSEUDONYM + outWidth) + PSEUDONYM, outWidth)).toBe(value),
              );
          },
        ),
        { numRuns: runs },
      );
    });

    it(`encrypt: (1 + m·n)·r mod n², and the first m ≥ n refused (n of ${bits} bits, property)`, () => {
      fc.assert(
        fc.property(
          oddModulus(bits).chain((n) =>
            fc.record({
              n: fc.constant(n),
              ms: fc.array(
                fc.oneof(fc.constant(0n), fc.constant(n - 1n), fc.bigInt({ min: 0n, max: n - 1n }), fc.constant(n)),
                { minLength: 1, maxLength: 8 },
              ),
              rs: fc.array(fc.bigInt({ min: 0n, max: n * n - 1n }), { minLength: 8, maxLength: 8 }),
            }),
          ),
          ({ n, ms, rs }) => {
            const n2 = n * n;
            const width = widthOf(n2);
            const nWidth = widthOf(n);
            const out = Buffer.alloc(ms.length * width);
            const bad = native.encrypt(
              bigintBytes(n),
              packed(fixedWidthBytes(ms, nWidth), nWidth),
              ms.length,
              packed(fixedWidthBytes(rs.slice(0, ms.length), width), width),
              packed(out, width),
            );
            expect(bad).toBe(ms.findIndex((m) => m >= n));
            if (bad < 0) ms.forEach((m, i) => expect(read(out, i * width, width)).toBe(((1n + m * n) * rs[i]) % n2));
          },
        ),
        { numRuns: runs },
      );
    });

    it(`aggregate: per target the product of its records, every record checked (n of ${bits} bits, property)`, () => {
      fc.assert(
        fc.property(
          oddModulus(bits).chain((n) => {
            const width = widthOf(n * n);
            return fc.record({
              n: fc.constant(n),
              cs: fc.array(candidate(n, width), { minLength: 0, maxLength: 24 }),
              targets: fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 24, maxLength: 24 }),
            });
          }),
          ({ n, cs, targets }) => {
            const n2 = n * n;
            const width = widthOf(n2);
            const size = 4;
            const out = Buffer.alloc(size * width);
            const present = new Uint8Array(size);
            const bad = native.aggregate(
              bigintBytes(n),
              ciphertexts(records(cs, width), width),
              cs.length,
              Int32Array.from(targets.slice(0, cs.length)),
              size,
              packed(out, width),
              present,
            );
            expect(bad).toBe(cs.findIndex((c) => !isCiphertext(c, n)));
            if (bad >= 0) return;
            for (let t = 0; t < size; t++) {
              const mine = cs.filter((_, i) => targets[i] === t);
              expect(present[t]).toBe(mine.length > 0 ? 1 : 0);
              if (mine.length > 0) expect(read(out, t * width, width)).toBe(mine.reduce((p, c) => (p * c) % n2));
            }
          },
        ),
        { numRuns: runs },
      );
    });

    it(`power: base^e mod an odd modulus for public exponents, bases beyond it reduced (${2 * bits} bits, property)`, () => {
      fc.assert(
        fc.property(
          oddModulus(2 * bits),
          fc.array(fc.bigInt({ min: 0n, max: 1n << BigInt(2 * bits + 8) }), { minLength: 1, maxLength: 4 }),
          fc.oneof(fc.constantFrom(0n, 1n, 2n), fc.bigInt({ min: 0n, max: 1n << 300n })),
          (m, bases, exponent) => {
            const width = widthOf(m) + 1;
            const inWidth = Math.max(...bases.map(widthOf));
            const out = Buffer.alloc(bases.length * width);
            native.power(
              bigintBytes(m),
              packed(fixedWidthBytes(bases, inWidth), inWidth),
              bases.length,
              bigintBytes(exponent),
              packed(out, width),
            );
            bases.forEach((b, i) => expect(read(out, i * width, width)).toBe(modPow(b, exponent, m)));
          },
        ),
        { numRuns: bits === 2048 ? 8 : 100 },
      );
    });
  }

  it('copy: each field to its place in another layout, nothing else touched', () => {
    const from = Uint8Array.from({ length: 3 * 20 }, (_, i) => i);
    const to = new Uint8Array(3 * 10).fill(0xee);
    native.copy({ bytes: from, offset: 2, stride: 20, width: 5 }, 3, { bytes: to, offset: 3, stride: 10, width: 5 });
    for (let i = 0; i < 3; i++) {
      expect([...to.subarray(i * 10 + 3, i * 10 + 8)]).toEqual([...from.subarray(i * 20 + 2, i * 20 + 7)]);
      expect([...to.subarray(i * 10, i * 10 + 3), ...to.subarray(i * 10 + 8, i * 10 + 10)]).toEqual(
        Array(5).fill(0xee),
      );
    }
  });
});

describe('native big-number arithmetic refuses malformed arguments with an error, never touching memory outside', () => {
  const n = (1n << 127n) + 45n;
  const width = widthOf(n * n);
  const count = 4;
  const good = () => ({
    records: ciphertexts(records(Array(count).fill(5n), width), width),
    has: new Uint8Array(count),
    randomizers: packed(fixedWidthBytes(Array(count).fill(7n), width), width),
    out: ciphertexts(Buffer.alloc(count * (PSEUDONYM + width)), width),
  });
  let native: NativeBignum;
  beforeAll(() => (native = nativeBignum()!));

  const factor = (
    change: Partial<ReturnType<typeof good>> & { count?: number; squarings?: number; n?: Uint8Array },
  ) => {
    const args = { ...good(), ...change };
    return () =>
      native.factor(
        change.n ?? bigintBytes(n),
        args.records,
        change.count ?? count,
        args.has,
        change.squarings ?? -1,
        args.randomizers,
        args.out,
      );
  };

  it('accepts the well-formed call these are variations of', () => {
    expect(factor({})()).toBe(-1);
  });

  it('reads a has byte other than 1 as without the factor, as the BigInt job does', () => {
    const args = good();
    const hasBytes = Uint8Array.from([1, 2, 255, 0]);
    native.factor(bigintBytes(n), args.records, count, hasBytes, -1, args.randomizers, args.out);
    // The product encoding: a child with the factor keeps 5 · 7, one without is its Enc(0), 7.
    const at = (i: number) => read(args.out.bytes, i * (PSEUDONYM + width) + PSEUDONYM, width);
    expect([0, 1, 2, 3].map(at)).toEqual([35n, 7n, 7n, 7n]);
  });

  it.each([
    ['a buffer one byte short', { records: { ...good().records, bytes: good().records.bytes.subarray(1) } }],
    ['an output one record short', { out: ciphertexts(Buffer.alloc((count - 1) * (PSEUDONYM + width)), width) }],
    ['randomizers one short', { randomizers: packed(new Uint8Array((count - 1) * width), width) }],
    ['a stride narrower than the field', { records: { ...good().records, stride: width } }],
    ['a width of 0', { records: { ...good().records, width: 0 } }],
    ['an offset past the stride', { records: { ...good().records, offset: PSEUDONYM + width + 1 } }],
    ['a huge count', { count: 2 ** 31 - 1 }],
    ['a count of 2^31', { count: 2 ** 31 }],
    ['a width above 65536 bytes', { records: { ...good().records, width: 65537, stride: 65537 + PSEUDONYM } }],
    ['a count above 2^31', { count: 2 ** 40 }],
    ['a negative count', { count: -1 }],
    ['a fractional count', { count: 1.5 }],
    ['a NaN stride', { records: { ...good().records, stride: NaN } }],
    ['an infinite offset', { records: { ...good().records, offset: Infinity } }],
    ['has shorter than the records', { has: new Uint8Array(count - 1) }],
    ['a plain array instead of bytes', { records: { ...good().records, bytes: [1, 2, 3] as unknown as Uint8Array } }],
    ['an Int32Array instead of bytes', { has: new Int32Array(count) as unknown as Uint8Array }],
    ['squarings below -1', { squarings: -2 }],
    ['an even modulus', { n: bigintBytes(n + 1n) }],
    ['an output narrower than n²', { out: ciphertexts(Buffer.alloc(count * (PSEUDONYM + width)), width - 1) }],
  ])('refuses %s', (_, change) => {
    refused(factor(change as Parameters<typeof factor>[0]));
  });

  /** Refused as a bad argument (the addon's RangeError is of Node's realm, not jest's: compared by name and code). */
  const refused = (call: () => unknown) => {
    let thrown: unknown;
    try {
      call();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ name: 'RangeError', code: 'ERR_BFA_BIGNUM_ARGUMENT' });
  };
  /** A view's bytes in the middle of a larger buffer: the guard bytes around it show any write outside. */
  const guarded = (length: number) => {
    const whole = new Uint8Array(length + 64).fill(0x5a);
    return { whole, bytes: whole.subarray(32, 32 + length) };
  };
  const fits = (v: { length: number; offset: number; stride: number; width: number }, count: number) =>
    v.width >= 1 &&
    v.offset + v.width <= v.stride &&
    (count === 0 || v.offset + (count - 1) * v.stride + v.width <= v.length);
  const layout = fc.record({
    length: fc.integer({ min: 0, max: 300 }),
    offset: fc.integer({ min: 0, max: 40 }),
    stride: fc.integer({ min: 0, max: 80 }),
    width: fc.integer({ min: 0, max: 40 }),
  });

  it('accepts a layout exactly when every record lies inside its array, and writes nothing outside (property)', () => {
    fc.assert(
      fc.property(layout, layout, fc.integer({ min: 0, max: 12 }), (from, to, count) => {
        to = { ...to, width: from.width };
        const source = guarded(from.length);
        const target = guarded(to.length);
        const call = () => native.copy({ ...from, bytes: source.bytes }, count, { ...to, bytes: target.bytes });
        if (fits(from, count) && fits(to, count)) call();
        else refused(call);
        for (const { whole } of [source, target]) {
          expect([...whole.subarray(0, 32), ...whole.subarray(whole.length - 32)].every((b) => b === 0x5a)).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('factor writes its records and nothing around them, whatever the layout asked (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: -2, max: 2 }),
        (count, gap, short) => {
          const stride = PSEUDONYM + width + gap;
          const out = guarded(Math.max(0, count * stride + short));
          const args = good();
          const call = () =>
            native.factor(bigintBytes(n), args.records, Math.min(count, 4), args.has, 3, args.randomizers, {
              bytes: out.bytes,
              offset: PSEUDONYM,
              stride,
              width,
            });
          const needed = Math.min(count, 4) === 0 ? 0 : PSEUDONYM + (Math.min(count, 4) - 1) * stride + width;
          if (needed <= out.bytes.length) expect(call()).toBe(-1);
          else refused(call);
          const guards = [...out.whole.subarray(0, 32), ...out.whole.subarray(out.whole.length - 32)];
          expect(guards.every((b) => b === 0x5a)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses too few arguments and out-of-range targets', () => {
    const raw = require('../native/build/Release/bfa_bignum.node') as Record<string, (...a: unknown[]) => unknown>;
    expect(() => raw.factor(bigintBytes(n))).toThrow(/too few arguments/);
    const { records: r } = good();
    const out = packed(Buffer.alloc(2 * width), width);
    const aggregate = (targets: number[]) => () =>
      native.aggregate(bigintBytes(n), r, count, Int32Array.from(targets), 2, out, new Uint8Array(2));
    expect(aggregate([0, 1, 0, -1])()).toBe(-1);
    expect(aggregate([0, 2, 0, 0])).toThrow(/target is outside/);
    expect(aggregate([0, -2, 0, 0])).toThrow(/target is outside/);
    expect(aggregate([0, 1, 0])).toThrow(/targets is shorter/);
  });

  it('refuses a power whose output is narrower than its modulus, or a modulus of 1', () => {
    const base = packed(bigintBytes(3n), 1);
    expect(() => native.power(bigintBytes(n), base, 1, bigintBytes(5n), packed(new Uint8Array(4), 4))).toThrow();
    expect(() => native.power(bigintBytes(1n), base, 1, bigintBytes(5n), packed(new Uint8Array(4), 4))).toThrow();
  });
});
