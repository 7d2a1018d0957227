import fc from 'fast-check';
import { resolve } from 'node:path';
import { fixedWidthBytes, nativeBignum } from './native-bignum';

/** fixedWidthBytes as it was, through hex text: the bytes and errors the addon's conversion must give. */
function throughHex(values: readonly bigint[], width: number): Uint8Array {
  const out = Buffer.alloc(values.length * width);
  values.forEach((value, i) => {
    const hex = value.toString(16);
    if (value < 0n || hex.length > 2 * width) throw new RangeError(`a value does not fit in ${width} bytes`);
    out.write(hex.padStart(2 * width, '0'), i * width, width, 'hex');
  });
  return out;
}

function outcome(convert: () => Uint8Array): { bytes: string } | { error: string; type: string } {
  try {
    return { bytes: Buffer.from(convert()).toString('hex') };
  } catch (error) {
    return { error: (error as Error).message, type: (error as Error).constructor.name };
  }
}

describe('BigInts to fixed-width bytes by the addon (BigInt words, no hex): the same bytes and refusals', () => {
  const native = nativeBignum()!;
  const bigints = (values: bigint[], out: { bytes: Uint8Array; offset: number; stride: number; width: number }) =>
    native.bigints!(values, out);

  beforeAll(() => expect(native?.bigints).toBeDefined());

  /** Values around every byte boundary up to 2 words past the width, and a few out of range. */
  const value = (width: number) =>
    fc.oneof(
      fc.bigInt({ min: 0n, max: (1n << BigInt(8 * width)) - 1n }),
      fc.integer({ min: 0, max: 8 * width + 130 }).map((bits) => (1n << BigInt(bits)) - 1n),
      fc.integer({ min: 0, max: 8 * width + 130 }).map((bits) => 1n << BigInt(bits)),
      fc.bigInt({ min: -(1n << 70n), max: -1n }),
    );

  it('fixedWidthBytes answers what the hex code answered, bytes or RangeError (property)', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 70 })
          .chain((width) => fc.tuple(fc.constant(width), fc.array(value(width), { maxLength: 12 }))),
        ([width, values]) => {
          expect(outcome(() => fixedWidthBytes(values, width))).toEqual(outcome(() => throughHex(values, width)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("at a 2048-bit key's n² width (512 bytes), the pooled Enc(0)s' width", () => {
    const values = [0n, 1n, (1n << 4096n) - 1n, (1n << 4095n) + 0x1234n, 0xffn << 2000n];
    expect(Buffer.from(fixedWidthBytes(values, 512)).equals(throughHex(values, 512))).toBe(true);
    expect(() => fixedWidthBytes([1n << 4096n], 512)).toThrow(new RangeError('a value does not fit in 512 bytes'));
  });

  it('the addon names the first value it refuses and writes none after it; it reads no array it is not given', () => {
    const out = new Uint8Array(4 * 8);
    const view = { bytes: out, offset: 0, stride: 8, width: 8 };
    expect(bigints([1n, 2n, 3n, 4n], view)).toBe(-1);
    out.fill(0xee);
    expect(bigints([1n, -2n, 3n, 4n], view)).toBe(1);
    expect(Buffer.from(out.subarray(16)).toString('hex')).toBe('ee'.repeat(16));
    expect(bigints([1n, 2n, 1n << 64n, 4n], view)).toBe(2);
    expect(bigints([1n, 2 as unknown as bigint, 3n, 4n], view)).toBe(1);
    expect(bigints([], { ...view, bytes: new Uint8Array(0) })).toBe(-1);
    expect(() => bigints([1n, 2n, 3n, 4n, 5n], view)).toThrow(/is too short for its records/);
    expect(() => bigints('1234' as unknown as bigint[], view)).toThrow(/values must be an array/);
  });

  it('with an addon built before bigints, fixedWidthBytes takes the hex code: the same bytes, no crash', () => {
    const addon = resolve(__dirname, '../../..', 'libs/crypto/native/build/Release/bfa_bignum.node');
    const values = [0n, 7n, (1n << 4095n) + 0x1234n];
    jest.isolateModules(() => {
      const real = jest.requireActual(addon);
      jest.doMock(addon, () => ({ ...real, bigints: undefined }));
      const stale = jest.requireActual<typeof import('./native-bignum')>('./native-bignum');
      expect(stale.nativeBignum()?.factor).toBeDefined();
      expect(stale.nativeBignum()?.bigints).toBeUndefined();
      expect(Buffer.from(stale.fixedWidthBytes(values, 512)).equals(throughHex(values, 512))).toBe(true);
    });
  });
});
