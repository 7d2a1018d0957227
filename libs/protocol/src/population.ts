import { QuerySpec } from './query-spec.dto';

type Filter = NonNullable<QuerySpec['filters']>[number];

const values = (filter: Filter) => (Array.isArray(filter.value) ? filter.value : [filter.value]);

/** Whether every record that passes `narrow` also passes `wide` (both on the same field). */
function implies(narrow: Filter, wide: Filter): boolean {
  if (narrow.field !== wide.field) return false;
  const set = values(narrow);
  switch (wide.op) {
    case 'eq':
    case 'in':
      return (narrow.op === 'eq' || narrow.op === 'in') && set.every((v) => values(wide).includes(v));
    case 'gte':
      return (
        (narrow.op === 'gte' || narrow.op === 'eq' || narrow.op === 'in') &&
        set.every((v) => typeof v === 'number' && v >= (wide.value as number))
      );
    case 'lte':
      return (
        (narrow.op === 'lte' || narrow.op === 'eq' || narrow.op === 'in') &&
        set.every((v) => typeof v === 'number' && v <= (wide.value as number))
      );
  }
}

/** The records of `narrow` are among those of `wide`: every filter of `wide` is implied by one of `narrow`. */
function within(narrow: QuerySpec, wide: QuerySpec): boolean {
  return (wide.filters ?? []).every((w) => (narrow.filters ?? []).some((n) => implies(n, w)));
}

/**
 * Two queries whose cells count nested groups of the same records: same dataset and grid, and one's filters
 * narrower than the other's (the same table with one filter more, say). Subtracting their cells shows the
 * people in between. Only syntactic nesting is recognised; other overlaps are left to the stewards.
 */
export function nestedPopulations(a: QuerySpec, b: QuerySpec): boolean {
  if (a.dataset !== b.dataset || [...a.groupBy].sort().join() !== [...b.groupBy].sort().join()) return false;
  return within(a, b) || within(b, a);
}
