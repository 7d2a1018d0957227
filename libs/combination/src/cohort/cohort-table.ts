import { AggregateCell, crossTable, flatDimension, LinkedTable, ReleasedCell } from '@bfa/disclosure';
import { CombinationCell } from '../result';
import { OUTCOME, TOTAL } from '../cocktail/cocktail-table';
import { CohortGroup } from './difference-in-differences';
import type { CohortArm } from './cohort-effect-types';

/** A released arm's histogram of outcomes as two leaves: children with none of the outcomes, and with any of them. */
function leavesOf(cell: CombinationCell): AggregateCell[] {
  if (!cell.histogram) throw new Error(`cell ${cell.cell} carries no histogram of outcomes`);
  const [none, ...some] = cell.histogram;
  const any = some.reduce((sum, h) => sum + h, 0);
  return [
    { coordinates: { arm: cell.cell, outcome: OUTCOME.without }, value: none, contributors: none },
    { coordinates: { arm: cell.cell, outcome: OUTCOME.with }, value: any, contributors: any },
  ];
}

/**
 * The decrypted arms as one linked table: arm × outcome (any of the outcomes or none), with every total, so that
 * secondary suppression sees each sum anyone could publish. An arm withheld at the source is not in it.
 */
export function cohortTable(cells: readonly CombinationCell[]): LinkedTable {
  const released = cells.filter((cell) => !cell.withheld);
  if (released.length === 0) throw new Error('every arm was withheld: nothing to release');
  const dimensions = [
    flatDimension(
      'arm',
      released.map((cell) => cell.cell),
      TOTAL,
    ),
    flatDimension('outcome', [OUTCOME.without, OUTCOME.with], TOTAL),
  ];
  return crossTable(dimensions, released.flatMap(leavesOf));
}

/**
 * An arm's children and those with an outcome, from the released cells only: each read directly, or derived from
 * the other two released numbers of its row (children = with + without), never from a suppressed value.
 */
export function releasedGroup(cells: readonly ReleasedCell[], arm: CohortArm): CohortGroup {
  const value = (outcome: string) => {
    const cell = cells.find((c) => c.coordinates.arm === arm && c.coordinates.outcome === outcome);
    return cell && !cell.suppressed ? cell.value : null;
  };
  const [total, withOutcome, without] = [value(TOTAL), value(OUTCOME.with), value(OUTCOME.without)];
  return {
    children: total ?? (withOutcome !== null && without !== null ? withOutcome + without : null),
    withOutcome: withOutcome ?? (total !== null && without !== null ? total - without : null),
  };
}
