/**
 * Canonical JSON: object keys sorted by code point, no whitespace, `undefined` members dropped.
 * Two parties that hold the same value produce the same bytes, so a hash of it can be signed.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$');
}

function serialise(value: unknown, path: string): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path}`);
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? serialiseArray(value, path) : serialiseObject(value as object, path);
    default:
      throw new TypeError(`canonicalJson: unsupported ${typeof value} at ${path}`);
  }
}

function serialiseArray(items: unknown[], path: string): string {
  return `[${items.map((item, i) => (item === undefined ? 'null' : serialise(item, `${path}[${i}]`))).join(',')}]`;
}

function serialiseObject(obj: object, path: string): string {
  if (obj instanceof Date) return JSON.stringify(obj.toISOString());
  const members = Object.keys(obj)
    .filter((key) => (obj as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${serialise((obj as Record<string, unknown>)[key], `${path}.${key}`)}`);
  return `{${members.join(',')}}`;
}
