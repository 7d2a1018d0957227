import { Catalog, cellGrid, combinationParties, isCombination } from '@bfa/policy';
import { Combination, QueryEnvelope } from '@bfa/protocol';
import { combinationMargins } from './margin-groups';
import { CombinationMeasure, CombinationQuery, validateCombinationQuery } from './query';

/** Cell labels in grid order: the group-by values joined, e.g. `WK085501|4-11`. */
export function combinationCellLabels(catalog: Catalog, groupBy: string[]): string[] {
  return cellGrid(catalog, groupBy).map((cell) => groupBy.map((d) => String(cell[d])).join('|'));
}

/**
 * `atLeast` left out, or equal to the number of factors, counts the children with all of them; the cocktail analyses
 * are their own encodings; a cohort is the histogram of its outcomes (slot 0: none of them, the rest: any).
 */
export function combinationMeasure({ factors, atLeast, analysis }: Combination): CombinationMeasure {
  if (analysis === 'patterns' || analysis === 'outcomeByCount') return { kind: analysis };
  if (analysis === 'cohort') return { kind: 'histogram' };
  return atLeast === undefined || atLeast === factors.length ? { kind: 'all' } : { kind: 'atLeast', m: atLeast };
}

/**
 * The combination query every party derives from the approved envelope and the shared catalog, so the chain,
 * grid, key, secret and k are all covered by the stewards' signatures: nothing of it comes from a message.
 */
export function combinationQueryOf(catalog: Catalog, envelope: QueryEnvelope): CombinationQuery {
  const { spec } = envelope;
  if (!isCombination(spec)) throw new Error(`query ${envelope.id} is not a combination query`);
  if (!envelope.pseudonymSecretId) throw new Error(`combination query ${envelope.id} names no pseudonym secret`);
  const measure = combinationMeasure(spec.combination);
  // The cocktail analyses release their own linked table (protectCocktail); all and atLeast get the grid's totals.
  const margins =
    measure.kind === 'all' || measure.kind === 'atLeast'
      ? { margins: combinationMargins(catalog, spec.groupBy).map((group) => group.cells) }
      : {};
  return validateCombinationQuery({
    queryId: envelope.id,
    secretId: envelope.pseudonymSecretId,
    keyId: envelope.keyId,
    measure,
    ...combinationParties(catalog, spec),
    cells: combinationCellLabels(catalog, spec.groupBy),
    minRecords: envelope.minCellSize,
    ...margins,
  });
}
