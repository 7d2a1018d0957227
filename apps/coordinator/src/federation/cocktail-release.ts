import { CocktailSpec, TOTAL } from '@bfa/combination';
import { Catalog, CombinationQuerySpec, combinationParties, factorAt } from '@bfa/policy';

/**
 * The cocktail table's dimensions from the approved spec: the risk factors' labels in the order the chain applies
 * them (the population holder's own first, whatever its place in the spec: bit i of a pattern is the chain's
 * i-th holder), the outcome, held by the chain's last partner, apart.
 */
export function cocktailSpecOf(catalog: Catalog, spec: CombinationQuerySpec): CocktailSpec {
  const { analysis, outcome } = spec.combination;
  if (analysis !== 'patterns' && analysis !== 'outcomeByCount')
    throw new Error(`analysis ${String(analysis)} is not a cocktail analysis`);
  const holders = combinationParties(catalog, spec).factorHolders;
  const risks = outcome ? holders.slice(0, -1) : holders;
  return {
    analysis,
    factors: risks.map((org) => factorAt(catalog, spec, org)!.label),
    ...(outcome ? { outcome: outcome.label } : {}),
  };
}

/** A grid cell's label (`WK085501|4-11`) back to the query's group-by dimensions; the total over cells is Totaal in each. */
export function cocktailCoordinates(
  groupBy: string[],
  coordinates: Record<string, string | number>,
): Record<string, string | number> {
  const { cell, ...rest } = coordinates;
  const values = cell === TOTAL ? groupBy.map(() => TOTAL) : String(cell).split('|');
  return { ...Object.fromEntries(groupBy.map((dimension, i) => [dimension, values[i]])), ...rest };
}
