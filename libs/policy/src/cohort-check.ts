import { Combination, QuerySpec } from '@bfa/protocol';
import { ARM } from './arms';
import { Catalog } from './catalog';
import { admits, COMBINATION_YEAR, combinationYear } from './combination-check';

/** A cohort follow-up: the population is a cohort of one year grouped by arm, the factors are its outcomes at other partners. */
export const isCohort = (combination: Combination) => combination.analysis === 'cohort';

const holderOf = (catalog: Catalog, dataset: string) => catalog.datasets[dataset]?.holders[0];

/** The years of the catalog a factor's filters let through (every year when it does not filter on one). */
export function factorYears(catalog: Catalog, filters: QuerySpec['filters']): (string | number)[] {
  const onYear = (filters ?? []).filter((f) => f.field === COMBINATION_YEAR);
  return (catalog.dimensions[COMBINATION_YEAR]?.values ?? []).filter((year) => onYear.every((f) => admits(f, year)));
}

/** The one year an outcome covers, or null when its filters let several (or none) through. */
export function outcomeYear(catalog: Catalog, filters: QuerySpec['filters']): string | number | null {
  const years = factorYears(catalog, filters);
  return years.length === 1 ? years[0] : null;
}

/**
 * A cohort's own rules: grouped by arm only (the estimate compares the arms), no risk factors, outcome or atLeast
 * besides its outcomes, and each outcome measured in one year, not before the cohort's: an outcome is what follows.
 */
export function cohortProblems(catalog: Catalog, spec: QuerySpec & { combination: Combination }): string[] {
  const { combination } = spec;
  if (!isCohort(combination))
    return combination.before === undefined
      ? []
      : ['combination.before names the before cohort of a cohort analysis only'];
  const problems = [
    ...(spec.groupBy.length === 1 && spec.groupBy[0] === ARM
      ? []
      : [`a cohort is grouped by ${ARM} only (its arms), not by ${spec.groupBy.join(' × ')}`]),
    ...(combination.outcome ? ["a cohort's outcomes are its factors: leave combination.outcome out"] : []),
    ...(combination.atLeast !== undefined
      ? ['a cohort counts children with any of its outcomes: leave atLeast out']
      : []),
    ...combination.factors
      .filter((f) => holderOf(catalog, f.dataset) === holderOf(catalog, spec.dataset))
      .map(
        (f) =>
          `outcome (${f.label}) is held by the cohort's own holder; a cohort follows its children to other partners`,
      ),
  ];
  const cohort = combinationYear(catalog, spec);
  if (cohort === null) return problems;
  return [
    ...problems,
    ...combination.factors.flatMap((factor, i) =>
      yearProblem(catalog, factor.filters, cohort, `outcome ${i + 1} (${factor.label})`),
    ),
  ];
}

function yearProblem(catalog: Catalog, filters: QuerySpec['filters'], cohort: string | number, role: string): string[] {
  const year = outcomeYear(catalog, filters);
  if (year === null)
    return [
      `${role}: an outcome is measured in one year: filter it on ${COMBINATION_YEAR} (eq ${cohort} or a later year)`,
    ];
  return Number(year) < Number(cohort)
    ? [`${role}: its year ${year} is before the cohort's year ${cohort}; an outcome follows the cohort`]
    : [];
}
