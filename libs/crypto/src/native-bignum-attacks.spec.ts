import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import fc from 'fast-check';
import { nativeBignum, nativeBignumUnavailableReason } from './native-bignum';

/**
 * The addon as an attacker would call it: any value in any argument, hostile bytes in well-formed layouts, and a
 * SharedArrayBuffer changed by another thread during the call. Each call returns or throws the addon's own error;
 * none crashes the process or writes outside the arrays it was given.
 */
const ADDON = join(__dirname, '..', 'native', 'build', 'Release', 'bfa_bignum.node');
type Raw = Record<'factor' | 'encrypt' | 'aggregate' | 'power' | 'copy', (...args: unknown[]) => unknown>;
const ARITY = { factor: 16, encrypt: 14, aggregate: 13, power: 11, copy: 9 } as const;

/** Byte arrays cut out of a larger buffer filled with 0x5a: a write outside the view changes the guard bytes. */
class Guarded {
  private readonly wholes: Uint8Array[] = [];
  view(length: number, fill?: Uint8Array): Uint8Array {
    const whole = new Uint8Array(length + 64).fill(0x5a);
    if (fill) whole.set(fill.subarray(0, length), 32);
    this.wholes.push(whole);
    return whole.subarray(32, 32 + length);
  }
  intact(): boolean {
    return this.wholes.every((w) => [...w.subarray(0, 32), ...w.subarray(w.length - 32)].every((b) => b === 0x5a));
  }
}

function detached(): Uint8Array {
  const buffer = new ArrayBuffer(64);
  const view = new Uint8Array(buffer);
  structuredClone(buffer, { transfer: [buffer] });
  return view;
}

/** Every kind of value an argument could be, typed arrays of the wrong kind and detached ones included. */
const hostile = (guarded: Guarded) =>
  fc.oneof(
    fc.integer({ min: -3, max: 80 }),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.5, 2 ** 31 - 1, 2 ** 31, 2 ** 53, Number.MAX_VALUE),
    fc.constantFrom(undefined, null, true, '7', 7n, {}, [1, 2], () => 1, Symbol('x')),
    fc.constantFrom({ valueOf: () => 3 }, { length: 4, 0: 1 }),
    fc.uint8Array({ maxLength: 80 }).map((bytes) => guarded.view(bytes.length, bytes)),
    fc.integer({ min: 0, max: 40 }).map((n) => new Int32Array(n).fill(-1)),
    fc.constantFrom(
      new Float64Array(8),
      new Uint8ClampedArray(8),
      new Uint16Array(8),
      new DataView(new ArrayBuffer(8)),
      new ArrayBuffer(8),
      new Uint8Array(new SharedArrayBuffer(8)),
    ),
    fc.constant(null).map(detached),
  );

/** Thrown by the addon itself (a bad argument or arithmetic), never something else; of Node's realm, not jest's. */
const isAddonError = (error: unknown) =>
  typeof error === 'object' && error !== null && /^ERR_BFA_BIGNUM/.test(String((error as { code?: unknown }).code));

describe('the native addon under hostile calls', () => {
  let raw: Raw;
  beforeAll(() => {
    if (!nativeBignum())
      throw new Error(`the native addon must be built for this spec: ${nativeBignumUnavailableReason()}`);
    raw = require(ADDON) as Raw;
  });

  it('returns or throws its own error for any value in any argument, writing nothing outside (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...(Object.keys(ARITY) as (keyof typeof ARITY)[])),
        fc.context(),
        fc.nat(),
        (name, ctx, seed) => {
          const guarded = new Guarded();
          const args = fc.sample(fc.array(hostile(guarded), { minLength: 0, maxLength: ARITY[name] }), {
            numRuns: 1,
            seed,
          })[0];
          let outcome: unknown = 'returned';
          try {
            raw[name](...args);
          } catch (error) {
            outcome = error;
            ctx.log(String(error));
            expect(isAddonError(error)).toBe(true);
          }
          expect(outcome === 'returned' || isAddonError(outcome)).toBe(true);
          expect(guarded.intact()).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  /** Well-formed layouts (the records inside their arrays) holding any bytes: n, records, has and shifts alike. */
  it('takes any bytes in a well-formed layout: a hostile n, records, has or exponent (property)', () => {
    const layout = fc.record({ count: fc.integer({ min: 0, max: 5 }), width: fc.integer({ min: 1, max: 24 }) });
    fc.assert(
      fc.property(
        layout,
        fc.uint8Array({ minLength: 0, maxLength: 24 }),
        fc.uint8Array({ minLength: 0, maxLength: 200 }),
        fc.integer({ min: -1, max: 4 }),
        fc.array(fc.integer({ min: -1, max: 3 }), { minLength: 5, maxLength: 5 }),
        ({ count, width }, n, bytes, squarings, targets) => {
          const guarded = new Guarded();
          const records = guarded.view(count * width, bytes);
          const out = guarded.view(count * 64);
          const outputs = guarded.view(4 * 64);
          const calls: (() => unknown)[] = [
            () =>
              raw.factor(
                n,
                ...[records, 0, width, width],
                count,
                guarded.view(count, bytes),
                squarings,
                ...[records, 0, width, width],
                ...[out, 0, 64, 64],
              ),
            () => raw.encrypt(n, ...[records, 0, width, width], count, ...[records, 0, width, width], out, 0, 64, 64),
            () =>
              raw.aggregate(
                n,
                ...[records, 0, width, width],
                count,
                Int32Array.from(targets),
                4,
                ...[outputs, 0, 64, 64],
                guarded.view(4),
              ),
            () => raw.power(n, ...[records, 0, width, width], count, bytes.subarray(0, 8), out, 0, 64, 64),
          ];
          for (const call of calls) {
            try {
              call();
            } catch (error) {
              expect(isAddonError(error)).toBe(true);
            }
          }
          expect(guarded.intact()).toBe(true);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it("does not crash when another thread moves an aggregate's targets outside the products during the call", () => {
    // In a child process: before the fix the addon read each target twice and wrote through a pointer 16 GB away.
    const script = `
      const { Worker } = require('node:worker_threads');
      const raw = require(${JSON.stringify(ADDON)});
      const n = Buffer.from(((1n << 127n) + 45n).toString(16).padStart(32, '0'), 'hex');
      const width = 32, count = 20000;
      const records = Buffer.alloc(count * width);
      for (let i = 0; i < count; i++) records[i * width + width - 1] = 5;
      const shared = new SharedArrayBuffer(count * 4);
      const targets = new Int32Array(shared);
      // The last target only: it is checked after all the others, and used after every other record's product.
      new Worker('const t = new Int32Array(require("node:worker_threads").workerData);' +
        'for (;;) { Atomics.store(t, t.length - 1, 0x7ffffff0); Atomics.store(t, t.length - 1, 0); }',
        { eval: true, workerData: shared });
      setTimeout(() => {
        const seen = { returned: 0, refused: 0 };
        for (let k = 0; k < 40; k++) {
          try {
            raw.aggregate(n, records, 0, width, width, count, targets, 1, Buffer.alloc(width), 0, width, width, new Uint8Array(1));
            seen.returned++;
          } catch (error) {
            if (error.code !== 'ERR_BFA_BIGNUM_ARGUMENT') throw error;
            seen.refused++;
          }
        }
        console.log(JSON.stringify(seen));
        process.exit(0);
      }, 100);`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect({ signal: child.signal, status: child.status, stderr: child.stderr }).toEqual({
      signal: null,
      status: 0,
      stderr: '',
    });
    const seen = JSON.parse(child.stdout) as { returned: number; refused: number };
    expect(seen.returned + seen.refused).toBe(40);
    // The target moves all the time: some calls see it change under them and refuse.
    expect(seen.refused).toBeGreaterThan(0);
  });
});
