import { CombinationFactor, QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { filterProblems } from './query-check';

/** The partners a combination involves: who holds the population, and who holds each factor, in chain order. */
export interface CombinationParties {
  populationHolder: string;
  /** The population holder first when it holds a factor itself: it applies it when it encrypts. */
  factorHolders: string[];
}

export type CombinationQuerySpec = QuerySpec & Required<Pick<QuerySpec, 'combination'>>;

export const isCombination = (spec: QuerySpec): spec is CombinationQuerySpec => spec.combination !== undefined;

/** The one partner holding a dataset of a valid combination. */
const holderOf = (catalog: Catalog, dataset: string) => catalog.datasets[dataset].holders[0];

/** Each dataset of a combination must sit at exactly one partner, the one that knows its children, and name the child's column. */
function holderProblem(catalog: Catalog, dataset: string, role: string): string | null {
  const spec = catalog.datasets[dataset];
  if (!spec) return `${role}: dataset "${dataset}" is not in the catalog`;
  if (spec.holders.length !== 1) return `${role}: ${dataset} is held by ${spec.holders.length} partners; a combination needs one holder per dataset`;
  return spec.childKey ? null : `${role}: ${dataset} has no childKey in the catalog, so its records can't be linked per child`;
}

function factorProblems(catalog: Catalog, factor: CombinationFactor, role: string): string[] {
  const holder = holderProblem(catalog, factor.dataset, role);
  if (holder) return [holder];
  return (factor.filters ?? []).flatMap((f) => filterProblems(catalog, catalog.datasets[factor.dataset], factor.dataset, f).map((p) => `${role}: ${p}`));
}

function partyProblems(catalog: Catalog, spec: CombinationQuerySpec): string[] {
  const holders = spec.combination.factors.map((f) => holderOf(catalog, f.dataset));
  const twice = [...new Set(holders.filter((org, i) => holders.indexOf(org) !== i))];
  const population = holderOf(catalog, spec.dataset);
  return [
    ...twice.map((org) => `${org} holds more than one factor; a combination takes one factor per partner (combine its conditions in one factor's filters)`),
    ...(holders.every((org) => org === population) ? [`every factor is held by ${population}, the population holder: that is a plain count, no combination`] : []),
  ];
}

/** Everything wrong with the combination part of a query against the catalog (the population part is a count query); empty when valid. */
export function combinationProblems(catalog: Catalog, spec: CombinationQuerySpec): string[] {
  const { factors, atLeast } = spec.combination;
  const population = holderProblem(catalog, spec.dataset, 'population');
  const problems = [
    ...(spec.measure.kind === 'count' ? [] : ['a combination counts children: its measure is count']),
    ...(population ? [population] : []),
    ...factors.flatMap((factor, i) => factorProblems(catalog, factor, `factor ${i + 1} (${factor.label})`)),
    ...(atLeast !== undefined && atLeast > factors.length ? [`atLeast ${atLeast} is more than the ${factors.length} factors`] : []),
  ];
  return problems.length > 0 ? problems : partyProblems(catalog, spec);
}

/** Who takes part, for approvals and for the order in which the factor holders pass the encrypted records on. */
export function combinationParties(catalog: Catalog, spec: CombinationQuerySpec): CombinationParties {
  const populationHolder = holderOf(catalog, spec.dataset);
  const holders = spec.combination.factors.map((f) => holderOf(catalog, f.dataset));
  return { populationHolder, factorHolders: [...holders.filter((org) => org === populationHolder), ...holders.filter((org) => org !== populationHolder)] };
}

/** The factor a partner applies in a combination (null when it holds none). */
export function factorAt(catalog: Catalog, spec: CombinationQuerySpec, org: string): CombinationFactor | null {
  return spec.combination.factors.find((f) => holderOf(catalog, f.dataset) === org) ?? null;
}

/** The partners whose records a query reads: the dataset's holders, or for a combination the population's and every factor's. */
export function dataHoldersOf(catalog: Catalog, spec: QuerySpec): string[] {
  if (!isCombination(spec)) return [...catalog.datasets[spec.dataset].holders].sort();
  const { populationHolder, factorHolders } = combinationParties(catalog, spec);
  return [...new Set([populationHolder, ...factorHolders])].sort();
}

/** The datasets of a query that one partner holds: what its policy must let it take part in. */
export function datasetsAt(catalog: Catalog, spec: QuerySpec, org: string): string[] {
  const datasets = [spec.dataset, ...(spec.combination?.factors.map((f) => f.dataset) ?? [])];
  return [...new Set(datasets.filter((d) => catalog.datasets[d]?.holders.includes(org)))];
}
