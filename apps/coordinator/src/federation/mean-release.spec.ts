import fc from 'fast-check';
import { coordinatesKey, leafBounds } from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { MeanLeaf, protectMeanRelease } from './mean-release';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const WIJKEN = ['WK085500', 'WK085501', 'WK085502', 'WK078501', 'WK078502', 'WK078503'];
const catalog = {
  dimensions: { wijk: { label: 'Wijk', values: WIJKEN } },
  datasets: {
    care: {
      label: 'Jeugdhulp',
      holders: ['sterkhuis'],
      table: 'care',
      dimensions: ['wijk'],
      maxRecordsPerHolder: 999,
      fields: { days: { type: 'integer', label: 'Dagen', summable: true, min: 0, max: 366 } },
    },
  },
} as unknown as Catalog;
const spec: QuerySpec = {
  ...DEMO_GROUNDS,
  dataset: 'care',
  measure: { kind: 'mean', field: 'days' },
  groupBy: ['wijk'],
  purpose: 'a purpose of twenty characters',
};
const K = 5;

function leavesOf(records: number[][]): MeanLeaf[] {
  return records.map((values, i) => {
    const sorted = [...values].sort((a, b) => b - a);
    return {
      coordinates: { wijk: WIJKEN[i] },
      value: values.reduce((s, v) => s + v, 0),
      contributors: values.length,
      dominance: leafBounds(sorted[0] ?? 0, sorted[1] ?? 0),
      squares: values.reduce((s, v) => s + BigInt(v * v), 0n),
    };
  });
}

/** The records of a released cell: a wijk's, a gemeente's (GMgggg) or the region's (Totaal). */
function recordsOf(records: number[][], wijk: string): number[] {
  return records.flatMap((values, i) =>
    wijk === 'Totaal' || WIJKEN[i] === wijk || `GM${WIJKEN[i].slice(2, 6)}` === wijk ? values : [],
  );
}

const wijkRecords = fc.array(fc.array(fc.integer({ min: 0, max: 366 }), { maxLength: 40 }), {
  minLength: 6,
  maxLength: 6,
});

describe('a mean release', () => {
  it('publishes each cell’s mean and SD as computed from its records, only where its count and sum are released', async () => {
    await fc.assert(
      fc.asyncProperty(wijkRecords, async (records) => {
        const release = await protectMeanRelease(catalog, spec, leavesOf(records), K, {
          earlier: [],
          contributedBy: ['sterkhuis'],
        });
        const sums = new Map(release.table.cells.map((c) => [coordinatesKey(c.coordinates), c]));
        for (const cell of release.estimates.cells) {
          const values = recordsOf(records, String(cell.coordinates.wijk));
          const sum = sums.get(coordinatesKey(cell.coordinates))!;
          expect(cell.suppressed).toBe(sum.suppressed);
          if (cell.suppressed) continue;
          expect(values.length === 0 || values.length >= K).toBe(true);
          expect(cell.count).toBe(values.length);
          expect(sum.value).toBe(values.reduce((s, v) => s + v, 0));
          if (values.length === 0) continue;
          const mean = values.reduce((s, v) => s + v, 0) / values.length;
          expect(cell.estimate).toBeCloseTo(mean, 9);
          const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
          expect(cell.standardDeviation).toBeCloseTo(sd, 9);
          expect(cell.interval![0]).toBeLessThanOrEqual(mean);
          expect(cell.interval![1]).toBeGreaterThanOrEqual(mean);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('hides a wijk of too few records in counts and sums, and enough others that its count and sum can’t be taken from the totals', async () => {
    const records = [
      Array(30).fill(100),
      Array(3).fill(50),
      Array(40).fill(20),
      Array(25).fill(10),
      Array(35).fill(5),
      Array(20).fill(1),
    ];
    const release = await protectMeanRelease(catalog, spec, leavesOf(records), K, {
      earlier: [],
      contributedBy: ['sterkhuis'],
    });
    const hidden = release.estimates.cells.filter((c) => c.suppressed).map((c) => String(c.coordinates.wijk));
    expect(hidden).toContain('WK085501');
    // Tilburg (GM0855) has three wijken: with its total shown, a second of them must be hidden with the small one.
    const tilburg = hidden.filter((w) => w.startsWith('WK0855'));
    expect(tilburg.length >= 2 || hidden.includes('GM0855')).toBe(true);
    expect(release.table.cells.find((c) => c.coordinates.wijk === 'WK085501')!.suppressed).toBe(true);
  });

  it('hides a cell whose sum one record dominates, and its mean with it, though its count is large', async () => {
    const records = [
      [...Array(9).fill(0), 366],
      Array(30).fill(50),
      Array(40).fill(20),
      Array(25).fill(10),
      Array(35).fill(5),
      Array(20).fill(1),
    ];
    const release = await protectMeanRelease(catalog, spec, leavesOf(records), K, {
      earlier: [],
      contributedBy: ['sterkhuis'],
    });
    const first = release.estimates.cells.find((c) => c.coordinates.wijk === 'WK085500')!;
    expect(first).toEqual({ coordinates: { wijk: 'WK085500' }, suppressed: true });
    expect(release.table.cells.find((c) => c.coordinates.wijk === 'WK085500')!.rule).toBe('dominance');
  });
});
