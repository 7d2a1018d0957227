import { ARM, armSources } from './analysis-spec';
import type { AnalysisLabel } from './analysis-i18n';
import { Draft, PublishedCatalog } from './catalog';

/**
 * What the coordinator would refuse in the draft's measure, arms and combination, said before it is sent (the
 * coordinator still checks everything, and its refusal is shown as it words it). Labels of ./analysis-i18n.ts.
 */
export function draftProblems(catalog: PublishedCatalog, draft: Draft): AnalysisLabel[] {
  return [...measureProblems(catalog, draft), ...armProblems(catalog, draft), ...combinationProblems(draft)];
}

function measureProblems(catalog: PublishedCatalog, draft: Draft): AnalysisLabel[] {
  if (draft.combination) return [];
  if (
    (draft.measure === 'sum' || draft.measure === 'mean') &&
    !catalog.datasets[draft.dataset]?.fields[draft.field]?.summable
  )
    return ['problem.field'];
  if (draft.measure === 'rate' && !catalog.datasets[draft.rate.denominator]?.population) return ['problem.denominator'];
  return [];
}

function armProblems(catalog: PublishedCatalog, draft: Draft): AnalysisLabel[] {
  if (!draft.groupBy.includes(ARM)) return [];
  const { dimension, label, intervention, comparison } = draft.arms;
  if (!armSources(catalog, draft).includes(dimension)) return ['problem.armsDimension'];
  const values = catalog.dimensions[dimension].values.map(String);
  const problems: AnalysisLabel[] = label.trim().length < 3 ? ['problem.armsLabel'] : [];
  if (intervention.length === 0) return [...problems, 'problem.intervention'];
  if (intervention.some((v) => comparison.includes(v))) return [...problems, 'problem.armsOverlap'];
  if (comparison.length === 0 && values.every((v) => intervention.includes(v)))
    return [...problems, 'problem.comparisonEmpty'];
  return problems;
}

function combinationProblems(draft: Draft): AnalysisLabel[] {
  if (!draft.combination) return [];
  const problems: AnalysisLabel[] = draft.year ? [] : ['problem.year'];
  // A cohort's factors are its outcomes, and one is enough (./cohort-spec.ts cohortProblems).
  if (draft.analysis !== 'cohort' && Object.values(draft.factors).filter(Boolean).length < 2)
    problems.push('problem.factors');
  if (draft.analysis === 'outcomeByCount' && !draft.outcome) problems.push('problem.outcome');
  return problems;
}
