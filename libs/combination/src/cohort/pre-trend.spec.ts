import fc from 'fast-check';
import { Z95 } from '../cocktail/normal';
import { COHORT_GROUPS, CohortGroup, CohortGroupName, differenceInDifferences } from './difference-in-differences';
import { PreInterventionCohort, preTrend } from './pre-trend';

const cohort = (year: number, [ni, yi]: [number, number], [nc, yc]: [number, number]): PreInterventionCohort => ({
  year,
  intervention: { children: ni, withOutcome: yi },
  comparison: { children: nc, withOutcome: yc },
});

/** A small seeded generator (mulberry32), so a simulation is the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const binomial = (random: () => number, n: number, p: number) =>
  Array.from({ length: n }, random).filter((u) => u < p).length;

/** A released arm with a risk strictly between 0 and 1. */
const group = fc
  .integer({ min: 2, max: 5000 })
  .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 1, max: n - 1 })));

describe('the difference in trends before the intervention', () => {
  it('equals the hand computation on three years (known answer)', () => {
    // gaps: 2021 .10 − .10 = 0, 2022 .12 − .10 = .02, 2023 .15 − .11 = .04; variances v = p(1 − p)/n of both arms.
    const check = preTrend([
      cohort(2021, [500, 50], [1000, 100]),
      cohort(2022, [500, 60], [1000, 100]),
      cohort(2023, [400, 60], [1000, 110]),
    ]);
    if (!check.checked) throw new Error(check.reason);
    const v = [
      0.1 * 0.9 * (1 / 500 + 1 / 1000),
      (0.12 * 0.88) / 500 + (0.1 * 0.9) / 1000,
      (0.15 * 0.85) / 400 + (0.11 * 0.89) / 1000,
    ];
    const w = v.map((x) => 1 / x);
    const gaps = [0, 0.02, 0.04];
    const years = [2021, 2022, 2023];
    const W = w[0] + w[1] + w[2];
    const tbar = (w[0] * 2021 + w[1] * 2022 + w[2] * 2023) / W;
    const sxx = w.reduce((s, wi, i) => s + wi * (years[i] - tbar) ** 2, 0);
    const sxy = w.reduce((s, wi, i) => s + wi * (years[i] - tbar) * gaps[i], 0);
    expect(check.years).toEqual(years);
    expect(check.estimate).toBeCloseTo(sxy / sxx, 12);
    expect(check.estimate).toBeCloseTo(0.02, 2); // the gaps rise by exactly .02 a year
    expect(check.standardError).toBeCloseTo(Math.sqrt(1 / sxx), 12);
    expect(check.interval.lower).toBeCloseTo(check.estimate - Z95 * check.standardError, 12);
    expect(check.alike).toBe(check.interval.lower <= 0);
  });

  it('with two cohorts a year apart is their difference in differences, interval and all (property)', () => {
    fc.assert(
      fc.property(fc.tuple(group, group, group, group), fc.integer({ min: 2000, max: 2030 }), (counts, year) => {
        const groups = Object.fromEntries(
          COHORT_GROUPS.map((name, i) => [name, { children: counts[i][0], withOutcome: counts[i][1] }]),
        ) as Record<CohortGroupName, CohortGroup>;
        const did = differenceInDifferences(groups);
        const check = preTrend([cohort(year, counts[0], counts[1]), cohort(year + 1, counts[2], counts[3])]);
        if (!did.estimable || !check.checked) throw new Error('risks strictly between 0 and 1 must be estimable');
        expect(check.estimate).toBeCloseTo(did.estimate, 10);
        expect(check.standardError).toBeCloseTo(did.standardError, 10);
        expect(check.interval.lower).toBeCloseTo(did.interval.lower, 10);
        expect(check.alike).toBe(did.interval.lower <= 0 && 0 <= did.interval.upper);
      }),
    );
  });

  it('is antisymmetric in the arms, does not depend on the cohorts’ order, and is per year (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(group, group), { minLength: 2, maxLength: 5 }), (arms) => {
        const cohorts = arms.map(([i, c], k) => cohort(2015 + 2 * k, i, c));
        const check = preTrend(cohorts);
        const swapped = preTrend(arms.map(([i, c], k) => cohort(2015 + 2 * k, c, i)));
        const shuffled = preTrend([...cohorts].reverse());
        const perYear = preTrend(arms.map(([i, c], k) => cohort(2015 + k, i, c)));
        if (!check.checked || !swapped.checked || !shuffled.checked || !perYear.checked) throw new Error('checkable');
        expect(swapped.estimate).toBeCloseTo(-check.estimate, 10);
        expect(swapped.standardError).toBeCloseTo(check.standardError, 10);
        expect(shuffled.estimate).toBeCloseTo(check.estimate, 10);
        // The same gaps two years apart instead of one: half the slope, half the standard error.
        expect(check.estimate).toBeCloseTo(perYear.estimate / 2, 10);
        expect(check.standardError).toBeCloseTo(perYear.standardError / 2, 10);
      }),
    );
  });

  it('is 0 where the arms’ risks moved exactly alike, whatever their levels', () => {
    const check = preTrend([
      cohort(2020, [1000, 100], [2000, 400]),
      cohort(2021, [1000, 150], [2000, 500]),
      cohort(2022, [1000, 200], [2000, 600]),
    ]);
    expect(check).toMatchObject({ checked: true, alike: true });
    if (check.checked) expect(check.estimate).toBeCloseTo(0, 12);
  });

  it('says it could not be checked with one cohort, or where suppression leaves one usable year, naming the groups', () => {
    expect(preTrend([cohort(2023, [400, 60], [600, 90])])).toEqual({
      checked: false,
      reason: 'only 1 cohort before the intervention: a trend needs two years',
      unusable: [],
    });
    expect(preTrend([])).toMatchObject({ checked: false, unusable: [] });
    const hidden: PreInterventionCohort = {
      year: 2022,
      intervention: { children: 400, withOutcome: null },
      comparison: { children: 600, withOutcome: 80 },
    };
    expect(preTrend([hidden, cohort(2023, [400, 60], [600, 90])])).toEqual({
      checked: false,
      reason: 'suppression leaves 1 usable cohort before the intervention: a trend needs two years',
      unusable: [{ year: 2022, arm: 'intervention' }],
    });
    // With three cohorts, the hidden one is left out and named; the other two still give a trend.
    const two = preTrend([cohort(2021, [400, 50], [600, 80]), hidden, cohort(2023, [400, 60], [600, 90])]);
    expect(two).toMatchObject({ checked: true, years: [2021, 2023], unusable: [{ year: 2022, arm: 'intervention' }] });
  });

  it('refuses counts that are not counts and two cohorts of one year', () => {
    expect(() => preTrend([cohort(2022, [10, 11], [10, 1]), cohort(2023, [10, 1], [10, 1])])).toThrow(/more children/);
    expect(() => preTrend([cohort(2022, [10.5, 1], [10, 1]), cohort(2023, [10, 1], [10, 1])])).toThrow(/whole numbers/);
    expect(() => preTrend([cohort(2022, [10, 1], [10, 1]), cohort(2022, [10, 1], [10, 1])])).toThrow(/same year/);
    expect(preTrend([cohort(2022, [10, 0], [10, 0]), cohort(2023, [10, 1], [10, 1])])).toMatchObject({
      checked: false,
      reason: expect.stringMatching(/no variance/),
    });
  });

  it('covers the true difference in trends at the nominal 95% on simulated cohorts (property)', () => {
    let covered = 0;
    let trials = 0;
    fc.assert(
      fc.property(
        fc.double({ min: 0.05, max: 0.4, noNaN: true }),
        fc.double({ min: -0.03, max: 0.03, noNaN: true }),
        fc.double({ min: -0.03, max: 0.03, noNaN: true }),
        fc.integer({ min: 200, max: 700 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (base, trendI, trendC, n, seed) => {
          const random = generator(seed);
          const truth = trendI - trendC;
          let hits = 0;
          for (let rep = 0; rep < 100; rep++) {
            const cohorts = [0, 1, 2].map((k) =>
              cohort(
                2020 + k,
                [n, binomial(random, n, base + 0.05 + trendI * k)],
                [2 * n, binomial(random, 2 * n, base + trendC * k)],
              ),
            );
            const check = preTrend(cohorts);
            if (check.checked && check.interval.lower <= truth && truth <= check.interval.upper) hits++;
          }
          covered += hits;
          trials += 100;
        },
      ),
      { numRuns: 30, seed: 14 },
    );
    // 3,000 intervals: the nominal 95% ± 4 standard errors (0.4 points each).
    expect(covered / trials).toBeGreaterThan(0.934);
    expect(covered / trials).toBeLessThan(0.966);
  });
});
