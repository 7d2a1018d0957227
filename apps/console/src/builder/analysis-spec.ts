import { conditionFor, Draft, Filter, PublishedCatalog, QuerySpec, yearValue } from './catalog';
import { cohortOf } from './cohort-spec';

/** The derived dimension (libs/policy/src/arms.ts ARM): its two cells are the arms the query's lists draw. */
export const ARM = 'arm';

type Factor = { dataset: string; label: string; filters: Filter[] };

/** Population datasets: what a rate's denominator may count. */
export const populationDatasets = (catalog: PublishedCatalog) =>
  Object.keys(catalog.datasets).filter((id) => catalog.datasets[id].population);

/** The dimensions a query may be broken down by: the dataset's, and for a rate only those its denominator has too. */
export function offeredDimensions(catalog: PublishedCatalog, draft: Draft): string[] {
  const own = catalog.datasets[draft.dataset]?.dimensions ?? [];
  const denominator =
    !draft.combination && draft.measure === 'rate' ? catalog.datasets[draft.rate.denominator] : undefined;
  return denominator ? own.filter((d) => denominator.dimensions.includes(d)) : own;
}

/** The dimensions an arm may be drawn from: the dataset's own, but not the arm, the year or one the query also groups by. */
export const armSources = (catalog: PublishedCatalog, draft: Draft) =>
  (catalog.datasets[draft.dataset]?.dimensions ?? []).filter(
    (d) => d !== ARM && d !== catalog.combinationYear && !draft.groupBy.includes(d),
  );

export function measureOf(catalog: PublishedCatalog, draft: Draft, year: Filter[]): QuerySpec['measure'] {
  if (draft.measure === 'sum' || draft.measure === 'mean') return { kind: draft.measure, field: draft.field };
  if (draft.measure !== 'rate') return { kind: 'count' };
  // The denominator counts the population of the same year as the numerator: a rate of 2024 is per child of 2024.
  const denominator = {
    dataset: draft.rate.denominator,
    filters: catalog.datasets[draft.rate.denominator]?.dimensions.includes(catalog.combinationYear) ? year : [],
  };
  return { kind: 'rate', per: draft.rate.per, interval: draft.rate.interval, denominator };
}

/** A value as the catalog writes it (a number stays a number), so the coordinator finds it among the dimension's values. */
const catalogValue = (catalog: PublishedCatalog, dimension: string, text: string) =>
  catalog.dimensions[dimension]?.values.find((v) => String(v) === text) ?? text;

export function armsOf(catalog: PublishedCatalog, draft: Draft): Pick<QuerySpec, 'arms'> {
  if (!draft.groupBy.includes(ARM)) return {};
  const { dimension, label, intervention, comparison } = draft.arms;
  const values = (list: string[]) => list.map((v) => catalogValue(catalog, dimension, v));
  return {
    arms: {
      dimension,
      label: label.trim(),
      intervention: values(intervention),
      ...(comparison.length > 0 ? { comparison: values(comparison) } : {}),
    },
  };
}

/** The outcome the draft names: any record of a dataset in the outcome's year, or one condition of it too. */
function outcomeOf(catalog: PublishedCatalog, draft: Draft, year: Filter[]): Factor | undefined {
  if (!draft.outcome) return undefined;
  const [dataset, key] = draft.outcome.split('|');
  const spec = catalog.datasets[dataset];
  const condition = key ? conditionFor(spec, key) : undefined;
  const when: Filter[] = draft.outcomeYear
    ? [{ field: catalog.combinationYear, op: 'eq', value: yearValue(catalog, draft.outcomeYear) }]
    : year;
  const inYear = spec.dimensions.includes(catalog.combinationYear) ? when : [];
  const words = [condition?.label ?? spec.label, draft.outcomeYear].filter(Boolean).join(' ');
  return { dataset, label: words.slice(0, 80), filters: [...inYear, ...(condition ? [condition.filter] : [])] };
}

/**
 * The combination: its factors, and either how many of them a child must have, or a cocktail analysis. A cocktail's
 * risk factors are looked for in the population's year (the outcome in its own, later, year), so that they precede it.
 */
export function cocktailOf(
  catalog: PublishedCatalog,
  draft: Draft,
  factors: Factor[],
  year: Filter[],
): NonNullable<QuerySpec['combination']> {
  if (draft.analysis === 'atLeast')
    return { factors, ...(draft.atLeast > 0 && draft.atLeast < factors.length ? { atLeast: draft.atLeast } : {}) };
  if (draft.analysis === 'cohort') return cohortOf(catalog, draft, factors, year);
  const inYear = factors.map((f) => ({
    ...f,
    filters: catalog.datasets[f.dataset].dimensions.includes(catalog.combinationYear)
      ? [...year, ...f.filters]
      : f.filters,
  }));
  const outcome = outcomeOf(catalog, draft, year);
  return { factors: inYear, analysis: draft.analysis, ...(outcome ? { outcome } : {}) };
}

/** The outcome datasets a cocktail may name: another partner's than the population's and every factor's. */
export function outcomeDatasets(catalog: PublishedCatalog, draft: Draft, candidates: string[]): string[] {
  const holder = (id: string) => catalog.datasets[id].holders[0];
  const taken = new Set(
    [
      draft.dataset,
      ...Object.entries(draft.factors)
        .filter(([, key]) => key)
        .map(([id]) => id),
    ].map(holder),
  );
  return candidates.filter((id) => !taken.has(holder(id)));
}
