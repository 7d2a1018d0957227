import { FieldSpec } from '@bfa/policy';

export type RecordValue = string | number | boolean;

/** A cell's value, or what is wrong with it (in words that never repeat other cells). */
export type Parsed<T> = { value: T } | { problem: string };

/**
 * A number as Dutch exports write it: `,` is the decimal mark and `.` groups thousands ("1.234,5"); a lone `.`
 * followed by three digits groups thousands too ("1.500" is 1500), any other lone `.` is a decimal point.
 */
export function parseDutchNumber(text: string): number | null {
  const t = text.replace(/\s/g, '');
  let normal: string;
  if (t.includes(',')) normal = t.replace(/\./g, '').replace(',', '.');
  else if (/^-?\d{1,3}(\.\d{3})+$/.test(t)) normal = t.replace(/\./g, '');
  else normal = t;
  return /^-?\d+(\.\d+)?$/.test(normal) ? Number(normal) : null;
}

export function parseBoolean(value: RecordValue): Parsed<boolean> {
  if (typeof value === 'boolean') return { value };
  const t = String(value).trim().toLowerCase();
  if (t === 'true' || t === '1') return { value: true };
  if (t === 'false' || t === '0') return { value: false };
  return {
    problem:
      "not a boolean: write true/false or 1/0, or give the export's codes a value map in the mapping (values: { field: { J: true, N: false } })",
  };
}

export function parseInteger(value: RecordValue, range: { min?: number; max?: number } = {}): Parsed<number> {
  const n = typeof value === 'number' ? value : parseDutchNumber(String(value));
  if (n === null) return { problem: 'not a number' };
  if (!Number.isInteger(n)) return { problem: 'not a whole number' };
  if (range.min !== undefined && n < range.min) return { problem: `below the minimum ${range.min}` };
  if (range.max !== undefined && n > range.max) return { problem: `above the maximum ${range.max}` };
  return { value: n };
}

/** The catalog's values as a set of text, made once per list: every row of an import is checked against the same lists. */
const valueSets = new WeakMap<(string | number)[], Set<string>>();

function valueSet(values: (string | number)[]): Set<string> {
  let set = valueSets.get(values);
  if (!set) valueSets.set(values, (set = new Set(values.map(String))));
  return set;
}

export function parseCategory(
  value: RecordValue,
  values: (string | number)[] | undefined,
  what = 'category',
): Parsed<string> {
  const t = String(value).trim();
  if (values && !valueSet(values).has(t))
    return {
      problem: `not a ${what} of the catalog (${values.length > 12 ? `${values.length} values` : values.join(', ')})`,
    };
  return { value: t };
}

/** A dataset field's value from its (mapped) cell, checked against the catalog's type, categories and range. */
export function parseField(value: RecordValue, spec: FieldSpec): Parsed<RecordValue> {
  if (spec.type === 'boolean') return parseBoolean(value);
  if (spec.type === 'integer') return parseInteger(value, spec);
  return parseCategory(value, spec.values);
}
