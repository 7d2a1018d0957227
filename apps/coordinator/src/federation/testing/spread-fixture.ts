import { leafBounds } from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { MeanLeaf, protectMeanRelease } from '../mean-release';
import { DEMO_GROUNDS } from '../../../../../deploy/local/grounds';

/** One holder's stays in care per wijk, released as a mean with its SD: the mean release's and the spread rule's specs. */

export const WIJKEN = ['WK085500', 'WK085501', 'WK085502', 'WK078501', 'WK078502', 'WK078503'];
export const GEMEENTEN = [...new Set(WIJKEN.map((w) => `GM${w.slice(2, 6)}`))];
export const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: WIJKEN } },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 999,
      fields: {
        days: { type: 'integer', label: 'Dagen', summable: true, min: 0, max: 366 },
        placed: { type: 'boolean', label: 'Uithuis' },
      },
    },
  },
} as unknown as Catalog;
export const spec: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'mean', field: 'days' },
  groupBy: ['wijk'],
  purpose: 'a purpose of twenty characters',
};
export const K = 5;
export const P = 0.1;

/** The node's leaves; `withSmallest`: one holder, so its shortfall below the field's max gives the smallest value exactly. */
export function leavesOf(records: number[][], withSmallest = false): MeanLeaf[] {
  return records.map((values, i) => {
    const sorted = [...values].sort((a, b) => b - a);
    return {
      coordinates: { wijk: WIJKEN[i] },
      value: values.reduce((s, v) => s + v, 0),
      contributors: values.length,
      dominance: leafBounds(sorted[0] ?? 0, sorted[1] ?? 0),
      squares: values.reduce((s, v) => s + BigInt(v * v), 0n),
      ...(withSmallest && values.length > 0 ? { smallest: Math.min(...values) } : {}),
    };
  });
}

/** The records of a released cell: a wijk's, a gemeente's (GMgggg) or the region's (Totaal). */
export const recordsOf = (records: number[][], wijk: string) =>
  records.flatMap((values, i) =>
    wijk === 'Totaal' || WIJKEN[i] === wijk || `GM${WIJKEN[i].slice(2, 6)}` === wijk ? values : [],
  );
export const release = (records: number[][], withSmallest = false) =>
  protectMeanRelease(catalog, spec, leavesOf(records, withSmallest), K, { earlier: [], contributedBy: ['sterkhuis'] });

/** What an analyst reads of a published cell: its count, and from its mean and SD, its sum and sum of squares. */
export function readSpread(cell: { count?: number; estimate?: number; standardDeviation?: number }) {
  const n = cell.count!;
  const sum = n * cell.estimate!;
  return { count: n, sum, squares: (n - 1) * (cell.standardDeviation ?? 0) ** 2 + n * cell.estimate! ** 2 };
}

export type Read = ReturnType<typeof readSpread>;
export const minus = (a: Read, b: Read): Read => ({
  count: a.count - b.count,
  sum: a.sum - b.sum,
  squares: a.squares - b.squares,
});

type PublishedCell = {
  coordinates: Record<string, string | number>;
  suppressed: boolean;
  count?: number;
  estimate?: number;
  standardDeviation?: number;
};

/**
 * The analyst's groups: every published cell, and every published gemeente (or the region) minus its published
 * wijken (or gemeenten), with the records it holds.
 */
export function groups(records: number[][], cells: PublishedCell[]): { spread: Read; values: number[] }[] {
  const shown = new Map(
    cells.filter((c) => !c.suppressed && c.count).map((c) => [String(c.coordinates.wijk), readSpread(c)]),
  );
  const own = [...shown].map(([wijk, spread]) => ({ spread, values: recordsOf(records, wijk) }));
  const partsOf = (total: string) =>
    total === 'Totaal' ? GEMEENTEN : WIJKEN.filter((w) => `GM${w.slice(2, 6)}` === total);
  const derived = ['Totaal', ...GEMEENTEN].flatMap((total) => {
    if (!shown.has(total)) return [];
    const hidden = partsOf(total).filter((part) => !shown.has(part));
    const rest = partsOf(total)
      .filter((part) => shown.has(part))
      .reduce((spread, part) => minus(spread, shown.get(part)!), shown.get(total)!);
    const values = hidden.flatMap((part) => recordsOf(records, part));
    return rest.count > 0 && values.length > 0 ? [{ spread: rest, values }] : [];
  });
  return [...own, ...derived];
}
