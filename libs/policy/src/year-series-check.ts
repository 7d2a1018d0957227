import { QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { admits, isCombination } from './combination-check';

/** A query grouped by year is released as one table per year the filters let through: at least one must be left. */
export function yearSeriesProblems(catalog: Catalog, spec: QuerySpec): string[] {
  if (!spec.groupBy.includes('year') || isCombination(spec) || !catalog.dimensions.year) return [];
  const filters = (spec.filters ?? []).filter((f) => f.field === 'year');
  const years = catalog.dimensions.year.values.filter((year) => filters.every((f) => admits(f, year)));
  return years.length > 0
    ? []
    : [
        `groupBy "year": the filters on year leave none of the catalog's years (${catalog.dimensions.year.values.join(', ')})`,
      ];
}
