import { isCombination } from '@bfa/policy';
import { QuerySpecDto } from '@bfa/protocol';

/**
 * The datasets whose privacy budgets a query spends under a noise policy. A count reads one dataset. A combination
 * reads the population's and every factor's, and one person's record in any of them moves what it releases (its
 * cell, or the margins its withheld cell is added into) by at most the sensitivity the noise is drawn for: each of
 * those datasets' people get the query's ε (or ρ), so each budget is charged once (a dataset that is both the
 * population and a factor, once).
 */
export function chargedDatasets(spec: QuerySpecDto): string[] {
  if (!isCombination(spec)) return [spec.dataset];
  const { factors, outcome } = spec.combination as { factors: { dataset: string }[]; outcome?: { dataset: string } };
  return [...new Set([spec.dataset, ...factors.map((f) => f.dataset), ...(outcome ? [outcome.dataset] : [])])];
}
