import { Combination, CombinationFactor, QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { filterProblems } from './query-check';
import { datasetsOf } from './rate-check';
import { cohortProblems } from './cohort-check';

/** The partners a combination involves: who holds the population, and who holds each factor, in chain order. */
export interface CombinationParties {
  populationHolder: string;
  /** The population holder first when it holds a factor itself: it applies it when it encrypts. */
  factorHolders: string[];
}

export type CombinationQuerySpec = QuerySpec & Required<Pick<QuerySpec, 'combination'>>;

export const isCombination = (spec: QuerySpec): spec is CombinationQuerySpec => spec.combination !== undefined;

/** The factors in chain order of the spec, the outcome (if any) last: every link of the chain. */
export const combinationLinks = ({ factors, outcome }: Combination): CombinationFactor[] =>
  outcome ? [...factors, outcome] : factors;

/** A combination whose release is the cocktail table (patterns, or outcome by number of factors), not one count per cell. */
export const isCocktail = (combination: Combination) =>
  combination.analysis === 'patterns' || combination.analysis === 'outcomeByCount';

/** The one partner holding a dataset of a valid combination. */
const holderOf = (catalog: Catalog, dataset: string) => catalog.datasets[dataset].holders[0];

/** Each dataset of a combination must sit at exactly one partner, the one that knows its children, and name the child's column. */
function holderProblem(catalog: Catalog, dataset: string, role: string): string | null {
  const spec = catalog.datasets[dataset];
  if (!spec) return `${role}: dataset "${dataset}" is not in the catalog`;
  if (spec.holders.length !== 1)
    return `${role}: ${dataset} is held by ${spec.holders.length} partners; a combination needs one holder per dataset`;
  return spec.childKey
    ? null
    : `${role}: ${dataset} has no childKey in the catalog, so its records can't be linked per child`;
}

function factorProblems(catalog: Catalog, factor: CombinationFactor, role: string): string[] {
  const holder = holderProblem(catalog, factor.dataset, role);
  if (holder) return [holder];
  return (factor.filters ?? []).flatMap((f) =>
    filterProblems(catalog, catalog.datasets[factor.dataset], factor.dataset, f).map((p) => `${role}: ${p}`),
  );
}

function partyProblems(catalog: Catalog, spec: CombinationQuerySpec): string[] {
  const holders = combinationLinks(spec.combination).map((f) => holderOf(catalog, f.dataset));
  const twice = [...new Set(holders.filter((org, i) => holders.indexOf(org) !== i))];
  const population = holderOf(catalog, spec.dataset);
  const outcome = spec.combination.outcome && holderOf(catalog, spec.combination.outcome.dataset);
  return [
    ...(outcome === population
      ? [
          `the outcome is held by ${population}, the population holder: the outcome must come from a partner that holds none of the factors`,
        ]
      : []),
    ...twice.map(
      (org) =>
        `${org} holds more than one factor; a combination takes one factor per partner (combine its conditions in one factor's filters)`,
    ),
    ...(holders.every((org) => org === population)
      ? [`every factor is held by ${population}, the population holder: that is a plain count, no combination`]
      : []),
  ];
}

/** The dimension a combination's population is fixed on: the population holder sends every child of the query's one year. */
export const COMBINATION_YEAR = 'year';

type Filter = NonNullable<QuerySpec['filters']>[number];

/** Whether a filter on the year lets `year` through, by the filter's meaning (eq, in, gte, lte), not its text. */
export function admits(filter: Filter, year: string | number): boolean {
  switch (filter.op) {
    case 'eq':
      return filter.value === year;
    case 'in':
      return Array.isArray(filter.value) && filter.value.includes(year);
    case 'gte':
      return typeof year === 'number' && typeof filter.value === 'number' && year >= filter.value;
    case 'lte':
      return typeof year === 'number' && typeof filter.value === 'number' && year <= filter.value;
  }
}

/**
 * The one year of the catalog a combination's population filters let through, or null if not exactly one.
 * The population holder sends every child of that year whatever the other filters, so that the factor holders
 * (who can compute any child's pseudonym) can't tell which children the filters select.
 */
export function combinationYear(catalog: Catalog, spec: QuerySpec): string | number | null {
  if (!catalog.datasets[spec.dataset]?.dimensions.includes(COMBINATION_YEAR) || !catalog.dimensions[COMBINATION_YEAR])
    return null;
  const filters = (spec.filters ?? []).filter((f) => f.field === COMBINATION_YEAR);
  const years = catalog.dimensions[COMBINATION_YEAR].values.filter((year) => filters.every((f) => admits(f, year)));
  return years.length === 1 ? years[0] : null;
}

function yearProblems(catalog: Catalog, spec: CombinationQuerySpec): string[] {
  if (!catalog.datasets[spec.dataset]?.dimensions.includes(COMBINATION_YEAR))
    return [`population: ${spec.dataset} has no ${COMBINATION_YEAR}, and a combination covers every child of one year`];
  if (combinationYear(catalog, spec) !== null) return [];
  return [
    `population: a combination covers exactly one year (filter on ${COMBINATION_YEAR}, e.g. eq ${catalog.dimensions[COMBINATION_YEAR].values.at(-1)}): every child of that year is sent along the chain, so that no partner can tell which children the other filters select`,
  ];
}

/** Everything wrong with the combination part of a query against the catalog (the population part is a count query); empty when valid. */
/** The cocktail analyses' own rules: an outcome where it is needed, atLeast only for its own analysis. */
function analysisProblems({ analysis, atLeast, outcome }: Combination): string[] {
  const cocktail = analysis === 'patterns' || analysis === 'outcomeByCount';
  return [
    ...(cocktail && atLeast !== undefined ? [`atLeast belongs to the atLeast analysis, not to ${analysis}`] : []),
    ...(!cocktail && outcome ? ['an outcome belongs to the patterns and outcomeByCount analyses'] : []),
    ...(analysis === 'outcomeByCount' && !outcome
      ? ['outcomeByCount needs an outcome: a factor at a partner that holds none of the risk factors']
      : []),
  ];
}

export function combinationProblems(catalog: Catalog, spec: CombinationQuerySpec): string[] {
  const { factors, atLeast, outcome } = spec.combination;
  const population = holderProblem(catalog, spec.dataset, 'population');
  const problems = [
    ...(spec.measure.kind === 'count' ? [] : ['a combination counts children: its measure is count']),
    ...(population ? [population] : yearProblems(catalog, spec)),
    ...factors.flatMap((factor, i) => factorProblems(catalog, factor, `factor ${i + 1} (${factor.label})`)),
    ...(outcome ? factorProblems(catalog, outcome, `outcome (${outcome.label})`) : []),
    ...(atLeast !== undefined && atLeast > factors.length
      ? [`atLeast ${atLeast} is more than the ${factors.length} factors`]
      : []),
    ...analysisProblems(spec.combination),
    ...cohortProblems(catalog, spec),
  ];
  return problems.length > 0 ? problems : partyProblems(catalog, spec);
}

/** Who takes part, for approvals and for the order in which the factor holders pass the encrypted records on. */
export function combinationParties(catalog: Catalog, spec: CombinationQuerySpec): CombinationParties {
  const populationHolder = holderOf(catalog, spec.dataset);
  const holders = combinationLinks(spec.combination).map((f) => holderOf(catalog, f.dataset));
  return {
    populationHolder,
    factorHolders: [
      ...holders.filter((org) => org === populationHolder),
      ...holders.filter((org) => org !== populationHolder),
    ],
  };
}

/** The factor (or outcome) a partner applies in a combination (null when it holds none). */
export function factorAt(catalog: Catalog, spec: CombinationQuerySpec, org: string): CombinationFactor | null {
  return combinationLinks(spec.combination).find((f) => holderOf(catalog, f.dataset) === org) ?? null;
}

/** The partners whose records a query reads: the dataset's holders, or for a combination the population's and every factor's. */
export function dataHoldersOf(catalog: Catalog, spec: QuerySpec): string[] {
  if (!isCombination(spec))
    return [...new Set(datasetsOf(spec).flatMap((d) => catalog.datasets[d]?.holders ?? []))].sort();
  const { populationHolder, factorHolders } = combinationParties(catalog, spec);
  return [...new Set([populationHolder, ...factorHolders])].sort();
}

/** The datasets of a query that one partner holds: what its policy must let it take part in. */
export function datasetsAt(catalog: Catalog, spec: QuerySpec, org: string): string[] {
  const datasets = [
    ...datasetsOf(spec),
    ...(spec.combination ? combinationLinks(spec.combination).map((f) => f.dataset) : []),
  ];
  return [...new Set(datasets.filter((d) => catalog.datasets[d]?.holders.includes(org)))];
}
