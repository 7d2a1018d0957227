import { BoxFilter, DomainValue } from '@bfa/disclosure';
import { CombinationFactor, QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { admits, combinationYear } from './combination-check';

/** A cell's records of one link: any of these lists of filters (a union of boxes); [[]] leaves the link free. */
export type LinkAlternatives = BoxFilter[][];

const listed = (filter: BoxFilter): DomainValue[] => (Array.isArray(filter.value) ? filter.value : [filter.value]);

/** The records a filter turns away, as one filter, or null when that is not one (a list of integers, free text). */
function negation(catalog: Catalog, dataset: string, filter: BoxFilter): BoxFilter | null {
  const values = catalog.dimensions[filter.field]?.values ?? fieldValues(catalog, dataset, filter.field);
  if (values) {
    const rest = values.filter((value) => !admits(filter as never, value as never) && !listedAmong(filter, value));
    return { field: filter.field, op: 'in', value: rest };
  }
  if (catalog.datasets[dataset].fields[filter.field]?.type !== 'integer') return null;
  if (filter.op === 'gte') return { field: filter.field, op: 'lte', value: Math.ceil(Number(filter.value)) - 1 };
  if (filter.op === 'lte') return { field: filter.field, op: 'gte', value: Math.floor(Number(filter.value)) + 1 };
  return null;
}

/** eq and in compared as the ledger's boxes compare them: by text, so `true` and 'true' are one value. */
function listedAmong(filter: BoxFilter, value: DomainValue): boolean {
  if (filter.op !== 'eq' && filter.op !== 'in') return false;
  return listed(filter).some((v) => String(v) === String(value));
}

function fieldValues(catalog: Catalog, dataset: string, name: string): DomainValue[] | undefined {
  const field = catalog.datasets[dataset].fields[name];
  if (field?.type === 'boolean') return [true, false];
  return field?.type === 'category' ? field.values : undefined;
}

/** Not every filter: one box per filter that fails while those before it pass (disjoint); null when one can't be negated. */
function failing(catalog: Catalog, dataset: string, filters: BoxFilter[]): BoxFilter[][] | null {
  const negated = filters.map((filter) => negation(catalog, dataset, filter));
  if (negated.some((filter) => filter === null)) return null;
  return filters.map((_, i) => [...filters.slice(0, i), negated[i]!]);
}

/**
 * A factor from the population's own dataset is a fact about the population's own records: a child whose record
 * of the year passes the factor's filters has the factor (the node sets the bit from any of the child's records).
 * So a child without it fails them, and the ledger sees a pattern table and a plain count of, say, low-income
 * children over the same records. When the factor's filters fix the population's year and the dataset is a
 * population (one record per child and year), the factor is exactly its filters on that record: the factor field is
 * then not needed. Otherwise (the factor reads every year) a child may have it from another year: only the
 * implication holds. `field`: the factor's own boolean field (linkField). Null: not the population's dataset, or a
 * filter the ledger can't negate (a list of integers, free text): the factor stays a field of its own, as before.
 */
export function ownFactorAlternatives(
  catalog: Catalog,
  spec: QuerySpec,
  factor: CombinationFactor,
  field: string,
): ((has: boolean | undefined) => LinkAlternatives) | null {
  if (factor.dataset !== spec.dataset) return null;
  const filters = (factor.filters ?? []) as BoxFilter[];
  const fails = failing(catalog, spec.dataset, filters);
  if (!fails) return null;
  const year = combinationYear(catalog, spec);
  const exact =
    catalog.datasets[spec.dataset].population === true &&
    year !== null &&
    combinationYear(catalog, { ...spec, filters: factor.filters ?? [] }) === year;
  if (exact) return (has) => (has === undefined ? [[]] : has ? [filters] : fails);
  const without = fails.map((box) => [{ field, op: 'eq' as const, value: false }, ...box]);
  const withIt = [{ field, op: 'eq' as const, value: true }];
  return (has) => (has === undefined ? [withIt, ...without] : has ? [withIt] : without);
}
