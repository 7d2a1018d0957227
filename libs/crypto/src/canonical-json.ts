import { MAX_JSON_DEPTH } from './json-shape';

/** A value canonical JSON can't carry faithfully (a function, a bigint, Infinity) or nested too deep: the caller's input is wrong, not the process. */
export class CanonicalJsonError extends TypeError {}

/**
 * Canonical JSON: object keys sorted by code point, no whitespace, `undefined` members dropped.
 * Two parties that hold the same value produce the same bytes, so a hash of it can be signed.
 * Refuses nesting deeper than MAX_JSON_DEPTH with a CanonicalJsonError rather than overflowing the stack.
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, '$', 0);
}

const shown = (path: string) => (path.length > 120 ? `${path.slice(0, 120)}…` : path);

function serialise(value: unknown, path: string, depth: number): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(`canonicalJson: non-finite number at ${shown(path)}`);
      return JSON.stringify(value);
    case 'object':
      if (depth >= MAX_JSON_DEPTH)
        throw new CanonicalJsonError(`canonicalJson: nested deeper than ${MAX_JSON_DEPTH} levels at ${shown(path)}`);
      return Array.isArray(value)
        ? serialiseArray(value, path, depth + 1)
        : serialiseObject(value as object, path, depth + 1);
    default:
      throw new CanonicalJsonError(`canonicalJson: unsupported ${typeof value} at ${shown(path)}`);
  }
}

function serialiseArray(items: unknown[], path: string, depth: number): string {
  return `[${items.map((item, i) => (item === undefined ? 'null' : serialise(item, `${path}[${i}]`, depth))).join(',')}]`;
}

function serialiseObject(obj: object, path: string, depth: number): string {
  if (obj instanceof Date) return JSON.stringify(obj.toISOString());
  const members = Object.keys(obj)
    .filter((key) => (obj as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map(
      (key) => `${JSON.stringify(key)}:${serialise((obj as Record<string, unknown>)[key], `${path}.${key}`, depth)}`,
    );
  return `{${members.join(',')}}`;
}
