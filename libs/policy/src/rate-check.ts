import { QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { filterProblems } from './query-check';

/** A rate query's two counts: the numerator over the query's dataset, the denominator over the population's. */
export function isRate(spec: QuerySpec): boolean {
  return spec.measure.kind === 'rate';
}

/** The numerator as a count query of its own: the query's dataset and filters. */
export function numeratorSpec(spec: QuerySpec): QuerySpec {
  return { ...spec, measure: { kind: 'count' } };
}

/** The denominator as a count query of its own: the population dataset and its filters, on the same grid. */
export function denominatorSpec(spec: QuerySpec): QuerySpec {
  const { dataset, filters } = spec.measure.denominator!;
  return { ...spec, dataset, measure: { kind: 'count' }, filters };
}

/** Every dataset a query reads (a rate: numerator and denominator), each once. */
export function datasetsOf(spec: QuerySpec): string[] {
  return [
    ...new Set([spec.dataset, ...(isRate(spec) && spec.measure.denominator ? [spec.measure.denominator.dataset] : [])]),
  ];
}

/** What is wrong with a rate's measure against the catalog; empty when valid. */
export function rateProblems(catalog: Catalog, spec: QuerySpec): string[] {
  const { field, denominator } = spec.measure;
  if (field !== undefined) return ['a rate counts records: it takes no measure.field'];
  if (spec.combination) return ['a combination counts children: its measure is count'];
  const population = denominator && catalog.datasets[denominator.dataset];
  if (!population) return [`denominator: dataset "${denominator?.dataset}" is not in the catalog`];
  if (!population.population)
    return [`denominator: ${denominator.dataset} is not a population dataset (population: true in the catalog)`];
  return [
    ...spec.groupBy
      .filter((d) => !population.dimensions.includes(d))
      .map((d) => `denominator: groupBy "${d}" is not a dimension of ${denominator.dataset}`),
    ...(denominator.filters ?? []).flatMap((filter) =>
      filterProblems(catalog, population, denominator.dataset, filter).map((p) => `denominator: ${p}`),
    ),
  ];
}
