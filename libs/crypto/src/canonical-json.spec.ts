import { CanonicalJsonError, canonicalJson } from './canonical-json';
import { canonicalHash } from './hash';
import { MAX_JSON_DEPTH } from './json-shape';

describe('canonical JSON', () => {
  it('is the same bytes whatever the key order, at every depth, and keeps array order', () => {
    const a = { spec: { groupBy: ['wijk', 'age_band'], measure: { kind: 'count' } }, id: 'q1', n: 3 };
    const b = { n: 3, id: 'q1', spec: { measure: { kind: 'count' }, groupBy: ['wijk', 'age_band'] } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe(
      '{"id":"q1","n":3,"spec":{"groupBy":["wijk","age_band"],"measure":{"kind":"count"}}}',
    );
    expect(canonicalHash(a)).toBe(canonicalHash(b));
    expect(canonicalHash({ ...a, spec: { ...a.spec, groupBy: ['age_band', 'wijk'] } })).not.toBe(canonicalHash(a));
  });

  it('drops undefined members like JSON does, and keeps null', () => {
    expect(canonicalJson({ a: undefined, b: null })).toBe('{"b":null}');
  });

  it('is stable under random key orders (property)', () => {
    for (let trial = 0; trial < 50; trial++) {
      const entries = Array.from(
        { length: 8 },
        (_, i) => [`k${Math.floor(Math.random() * 1000)}_${i}`, { v: Math.random(), w: [i, `s${i}`] }] as const,
      );
      const shuffled = [...entries].sort(() => Math.random() - 0.5);
      expect(canonicalJson(Object.fromEntries(shuffled))).toBe(canonicalJson(Object.fromEntries(entries)));
    }
  });

  it.each([NaN, Infinity, 10n, () => 1, Symbol('s')])('refuses what JSON cannot carry faithfully: %p', (value) => {
    expect(() => canonicalJson({ value })).toThrow(TypeError);
  });

  it('refuses non-finite numbers with a CanonicalJsonError naming where, as JSON.parse makes 1e999 into Infinity', () => {
    expect(() => canonicalJson(JSON.parse('{"a":[1,1e999]}'))).toThrow(
      new CanonicalJsonError('canonicalJson: non-finite number at $.a[1]'),
    );
  });

  it('refuses nesting deeper than MAX_JSON_DEPTH with a clear error instead of overflowing the stack', () => {
    const nested = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth));
    expect(canonicalJson(nested(MAX_JSON_DEPTH))).toBe('['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH));
    expect(() => canonicalJson(nested(MAX_JSON_DEPTH + 1))).toThrow(CanonicalJsonError);
    expect(() => canonicalJson(nested(100_000))).toThrow(/nested deeper than 64 levels at \$\[0\]\[0\]/);
    const deepObject = JSON.parse('{"a":'.repeat(MAX_JSON_DEPTH) + '1' + '}'.repeat(MAX_JSON_DEPTH));
    expect(() => canonicalJson({ wrapped: deepObject })).toThrow(/nested deeper than 64 levels at \$\.wrapped\.a/);
  });
});
