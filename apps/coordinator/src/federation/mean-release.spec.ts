import fc from 'fast-check';
import { coordinatesKey } from '@bfa/disclosure';
import { protectMeanRelease } from './mean-release';
import { catalog, K, leavesOf, recordsOf, spec } from './testing/spread-fixture';

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
