/**
 * How deep JSON may nest anywhere in the platform. The deepest real message (a filter value inside a
 * combination factor inside a query envelope inside a signed request) is about 10 levels; 64 leaves room
 * and keeps every recursive walk (canonical JSON, class-transformer) far from the stack's end.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How many fields one JSON object may have. The widest real object (a mapping's columns) has a few dozen; cells,
 * records and ciphertexts travel in arrays. class-validator takes quadratic time over unknown fields: 100,000 of
 * them in one 1 MB message held a node's event loop for 12 s (found by tests/fuzz.e2e-spec.ts).
 */
export const MAX_JSON_FIELDS = 1_000;

/**
 * Why a parsed JSON value can't be a message, or null when it can: nested deeper than `maxDepth`, an object of
 * more than MAX_JSON_FIELDS fields, or a number JSON can't carry (`1e999` parses as Infinity). Walks iteratively, so it can't overflow itself.
 */
export function jsonShapeProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): string | null {
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (typeof item === 'number' && !Number.isFinite(item))
      return `a number is out of range (${item}): JSON numbers must be finite`;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= maxDepth) return `JSON nested deeper than ${maxDepth} levels`;
    if (!Array.isArray(item) && Object.keys(item).length > MAX_JSON_FIELDS)
      return `a JSON object has more than ${MAX_JSON_FIELDS} fields`;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return null;
}
