import { CombinationSpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { filterProblems } from './query-check';

/** The partners a combination involves: who holds the population, and who holds each factor, in order. */
export interface CombinationParties {
  populationHolder: string;
  factorHolders: string[];
}

/** Each dataset of a combination must exist and sit at exactly one partner: the one that knows its children. */
function holderProblem(catalog: Catalog, dataset: string, role: string): string | null {
  const spec = catalog.datasets[dataset];
  if (!spec) return `${role}: dataset "${dataset}" is not in the catalog`;
  return spec.holders.length === 1 ? null : `${role}: ${dataset} is held by ${spec.holders.length} partners; a combination needs one holder per dataset`;
}

function factorProblems(catalog: Catalog, factor: CombinationSpec['factors'][number], role: string): string[] {
  const holder = holderProblem(catalog, factor.dataset, role);
  if (holder) return [holder];
  return (factor.filters ?? []).flatMap((f) => filterProblems(catalog, catalog.datasets[factor.dataset], factor.dataset, f).map((p) => `${role}: ${p}`));
}

/** Everything wrong with a combination query against the catalog, in words an analyst can act on; empty when valid. */
export function combinationProblems(catalog: Catalog, spec: CombinationSpec): string[] {
  const population = catalog.datasets[spec.population];
  const holder = holderProblem(catalog, spec.population, 'population');
  if (!population) return [holder!];
  return [
    ...(holder ? [holder] : []),
    ...spec.groupBy.filter((d) => !population.dimensions.includes(d)).map((d) => `groupBy "${d}" is not a dimension of ${spec.population}`),
    ...(spec.filters ?? []).flatMap((f) => filterProblems(catalog, population, spec.population, f)),
    ...spec.factors.flatMap((factor, i) => factorProblems(catalog, factor, `factor ${i + 1} (${factor.label})`)),
    ...(spec.atLeast !== undefined && spec.atLeast > spec.factors.length ? [`atLeast ${spec.atLeast} is more than the ${spec.factors.length} factors`] : []),
  ];
}

/** Who takes part, for approvals and for the order in which the factor holders pass the encrypted vector on. */
export function combinationParties(catalog: Catalog, spec: CombinationSpec): CombinationParties {
  const holderOf = (dataset: string) => catalog.datasets[dataset].holders[0];
  return { populationHolder: holderOf(spec.population), factorHolders: spec.factors.map((f) => holderOf(f.dataset)) };
}
