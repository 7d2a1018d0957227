import { jsonShapeProblem, MAX_JSON_DEPTH, MAX_JSON_FIELDS } from './json-shape';

const nestedArrays = (depth: number) => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('jsonShapeProblem', () => {
  it('accepts what the platform sends: objects, arrays, strings, finite numbers, booleans and null', () => {
    expect(
      jsonShapeProblem({
        spec: { filters: [{ field: 'year', op: 'in', value: [2023, 2024.5, -1e300] }], ok: true, none: null },
      }),
    ).toBeNull();
    expect(jsonShapeProblem(nestedArrays(MAX_JSON_DEPTH))).toBeNull();
    expect(jsonShapeProblem('text')).toBeNull();
  });

  it.each(['1e999', '-1e999', '{"a":{"b":[0,1e400]}}'])('names a number JSON.parse made infinite: %s', (text) => {
    expect(jsonShapeProblem(JSON.parse(text))).toMatch(
      /number is out of range \(-?Infinity\): JSON numbers must be finite/,
    );
  });

  it('names nesting deeper than the limit, at any size, without overflowing the stack itself', () => {
    expect(jsonShapeProblem(nestedArrays(MAX_JSON_DEPTH + 1))).toBe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(jsonShapeProblem(nestedArrays(500_000))).toBe(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
    expect(jsonShapeProblem({ a: nestedArrays(3) }, 3)).toBe('JSON nested deeper than 3 levels');
    expect(jsonShapeProblem({ a: nestedArrays(2) }, 3)).toBeNull();
  });

  // Found by tests/fuzz.e2e-spec.ts: validating 100,000 unknown fields held a node's event loop for 12 s.
  it('names an object with more fields than the limit, at any depth, and leaves long arrays alone', () => {
    const wide = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`f${i}`, 'x']));
    expect(jsonShapeProblem(wide(MAX_JSON_FIELDS))).toBeNull();
    expect(jsonShapeProblem({ envelope: { spec: wide(MAX_JSON_FIELDS + 1) } })).toBe(
      `a JSON object has more than ${MAX_JSON_FIELDS} fields`,
    );
    expect(jsonShapeProblem({ ciphertexts: Array.from({ length: 100_000 }, () => 'ab') })).toBeNull();
  });
});
