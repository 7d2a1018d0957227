import { AggregateCell, crossTable, flatDimension, LinkedTable } from '@bfa/disclosure';
import { CombinationCell } from '../result';

/** What a cocktail release is about: the risk factors in chain order, and the outcome (last holder) if any. */
export interface CocktailSpec {
  analysis: 'patterns' | 'outcomeByCount';
  factors: string[];
  outcome?: string;
}

export const TOTAL = 'Totaal';
export const OUTCOME = { with: '1', without: '0' } as const;

/** A pattern's code: one digit per risk factor in chain order, 1 if the child has it ("101": first and third). */
export const patternCode = (pattern: number, factors: number) =>
  Array.from({ length: factors }, (_, i) => ((pattern >> i) & 1 ? '1' : '0')).join('');
export const patternBits = (code: string) => [...code].map((digit) => (digit === '1' ? 1 : 0));

function dimensions(spec: CocktailSpec, cells: string[]) {
  const f = spec.factors.length;
  const middle =
    spec.analysis === 'patterns'
      ? flatDimension(
          'pattern',
          Array.from({ length: 2 ** f }, (_, p) => patternCode(p, f)),
          TOTAL,
        )
      : flatDimension(
          'factors',
          Array.from({ length: f + 1 }, (_, s) => String(s)),
          TOTAL,
        );
  return [
    flatDimension('cell', cells, TOTAL),
    middle,
    ...(spec.outcome ? [flatDimension('outcome', [OUTCOME.without, OUTCOME.with], TOTAL)] : []),
  ];
}

/** A released grid cell's slots as leaves: slot index = pattern + 2^F·outcome (patterns), or s + (F + 1)·outcome (outcomeByCount). */
function leavesOf(spec: CocktailSpec, cell: CombinationCell): AggregateCell[] {
  const f = spec.factors.length;
  const slots =
    cell.patterns ??
    (cell.byCount
      ? [...cell.byCount.children.map((n, s) => n - cell.byCount!.withOutcome[s]), ...cell.byCount.withOutcome]
      : undefined);
  if (!slots) throw new Error(`cell ${cell.cell} carries no ${spec.analysis} counts`);
  const levels = spec.analysis === 'patterns' ? 2 ** f : f + 1;
  if (slots.length !== levels * (spec.outcome ? 2 : 1))
    throw new Error(
      `cell ${cell.cell}: ${slots.length} counts do not fit ${f} risk factors${spec.outcome ? ' and an outcome' : ''}`,
    );
  return slots.map((value, slot) => {
    const level = slot % levels;
    const coordinates: Record<string, string> = {
      cell: cell.cell,
      [spec.analysis === 'patterns' ? 'pattern' : 'factors']:
        spec.analysis === 'patterns' ? patternCode(level, f) : String(level),
    };
    if (spec.outcome) coordinates.outcome = slot >= levels ? OUTCOME.with : OUTCOME.without;
    return { coordinates, value, contributors: value };
  });
}

/**
 * The decrypted cells as one linked table: released grid cells × pattern (or number of factors) × outcome, with
 * every total along each dimension, so that secondary suppression sees every sum anyone could publish. Grid
 * cells withheld at the source are not in it (they were never decrypted): its totals are over released cells.
 */
export function cocktailTable(spec: CocktailSpec, cells: readonly CombinationCell[]): LinkedTable {
  const released = cells.filter((cell) => !cell.withheld);
  if (released.length === 0) throw new Error('every cell was withheld: nothing to release');
  return crossTable(
    dimensions(
      spec,
      released.map((cell) => cell.cell),
    ),
    released.flatMap((cell) => leavesOf(spec, cell)),
  );
}
