import { CombinationCell } from '../result';
import { cohortEffect, protectCohort } from './cohort-effect';
import { differenceInDifferences } from './difference-in-differences';
import { preTrend } from './pre-trend';

const K = 10;
/** An arm's decrypted histogram of two outcomes: none, one, both. */
const arm = (cell: string, histogram: number[]): CombinationCell => ({
  cell,
  records: histogram.reduce((s, h) => s + h, 0),
  withheld: false,
  histogram,
});
const value = (
  cells: { coordinates: Record<string, string | number>; value: number | null }[],
  a: string,
  outcome: string,
) => cells.find((c) => c.coordinates.arm === a && c.coordinates.outcome === outcome)!.value;

describe('a cohort release: arm × outcome under suppression, and the effect from released counts only', () => {
  it('releases children and those with any outcome per arm, with totals, and the difference in differences on them', async () => {
    const after = await protectCohort([arm('intervention', [360, 30, 10]), arm('comparison', [516, 70, 14])], K);
    const before = await protectCohort([arm('intervention', [340, 50, 10]), arm('comparison', [510, 80, 10])], K);
    expect(after.cells.every((c) => !c.suppressed && c.value! >= K)).toBe(true);
    expect(value(after.cells, 'intervention', '1')).toBe(40);
    expect(value(after.cells, 'Totaal', 'Totaal')).toBe(1000);
    const effect = cohortEffect(
      ['jeugdzorg', 'Veilig Thuis'],
      { queryId: 'a', year: 2024, cells: after.cells },
      { queryId: 'b', year: 2023, cells: before.cells },
    );
    const expected = differenceInDifferences({
      'intervention before': { children: 400, withOutcome: 60 },
      'comparison before': { children: 600, withOutcome: 90 },
      'intervention after': { children: 400, withOutcome: 40 },
      'comparison after': { children: 600, withOutcome: 84 },
    });
    expect(effect).toMatchObject({
      estimable: true,
      unusableCells: [],
      cohorts: { before: { queryId: 'b', year: 2023 }, after: { queryId: 'a', year: 2024 } },
    });
    if (!expected.estimable) throw new Error('the known answer is estimable');
    expect(effect.estimate).toBeCloseTo(expected.estimate, 12);
    expect(effect.interval).toEqual(expected.interval);
    expect(effect.groups.find((g) => g.arm === 'intervention' && g.cohort === 'after')).toMatchObject({
      children: 400,
      withOutcome: 40,
      risk: 0.1,
    });
  });

  it('suppresses a small outcome count and its complement, and then says which groups the estimate could not use', async () => {
    const after = await protectCohort([arm('intervention', [395, 4, 1]), arm('comparison', [516, 70, 14])], K);
    const hidden = after.cells.filter((c) => c.suppressed);
    expect(
      hidden.some(
        (c) => c.rule === 'primary-frequency' && c.coordinates.arm === 'intervention' && c.coordinates.outcome === '1',
      ),
    ).toBe(true);
    // The intervention arm's 5 children with an outcome can't be recomputed from any published total.
    expect(value(after.cells, 'intervention', '0')).toBeNull();
    expect(after.cells.filter((c) => !c.suppressed).every((c) => c.value! >= K)).toBe(true);
    const before = await protectCohort([arm('intervention', [340, 50, 10]), arm('comparison', [510, 80, 10])], K);
    const effect = cohortEffect(
      ['jeugdzorg'],
      { queryId: 'a', year: 2024, cells: after.cells },
      { queryId: 'b', year: 2023, cells: before.cells },
    );
    // Complementary suppression hides a rectangle: the comparison arm's outcome counts go too (secondary).
    expect(hidden.some((c) => c.rule === 'secondary' && c.coordinates.arm === 'comparison')).toBe(true);
    expect(effect).toMatchObject({
      estimable: false,
      unusableCells: ['intervention, after cohort (2024)', 'comparison, after cohort (2024)'],
    });
    expect(effect.reason).toMatch(/suppression hides/);
    expect(effect.estimate).toBeUndefined();
  });

  it('without a before cohort: the risk per arm with its interval, and says why there is no estimate', async () => {
    const after = await protectCohort([arm('intervention', [360, 40]), arm('comparison', [540, 60])], K);
    const effect = cohortEffect(['jeugdzorg'], { queryId: 'a', year: 2024, cells: after.cells });
    expect(effect.estimable).toBe(false);
    expect(effect.reason).toMatch(/no before cohort/);
    const risk = effect.groups.find((g) => g.arm === 'comparison')!;
    expect(risk.risk).toBeCloseTo(0.1, 12);
    expect(risk.interval!.lower).toBeLessThan(0.1);
    expect(risk.interval!.upper).toBeGreaterThan(0.1);
  });

  it('an arm withheld at the source is not in the table, and the estimate names it', async () => {
    const after = await protectCohort(
      [{ cell: 'intervention', records: 7, withheld: true }, arm('comparison', [540, 60])],
      K,
    );
    expect(after.cells.some((c) => c.coordinates.arm === 'intervention')).toBe(false);
    const effect = cohortEffect(
      ['jeugdzorg'],
      { queryId: 'a', year: 2024, cells: after.cells },
      { queryId: 'b', year: 2023, cells: after.cells },
    );
    expect(effect.unusableCells).toEqual(['intervention, before cohort (2023)', 'intervention, after cohort (2024)']);
  });

  it('checks the pre-trend over the before cohort and those it names in turn, from their released counts; with one, says it could not', async () => {
    const after = await protectCohort([arm('intervention', [360, 40]), arm('comparison', [516, 84])], K);
    const before = await protectCohort([arm('intervention', [340, 60]), arm('comparison', [510, 90])], K);
    const earliest = await protectCohort([arm('intervention', [350, 50]), arm('comparison', [520, 80])], K);
    const effect = cohortEffect(
      ['jeugdzorg'],
      { queryId: 'a', year: 2024, cells: after.cells },
      { queryId: 'b', year: 2023, cells: before.cells },
      [{ queryId: 'c', year: 2022, cells: earliest.cells }],
    );
    const expected = preTrend([
      { year: 2022, intervention: { children: 400, withOutcome: 50 }, comparison: { children: 600, withOutcome: 80 } },
      { year: 2023, intervention: { children: 400, withOutcome: 60 }, comparison: { children: 600, withOutcome: 90 } },
    ]);
    if (!expected.checked) throw new Error('the known answer is checkable');
    expect(effect.preTrend).toMatchObject({
      checked: true,
      cohorts: [
        { queryId: 'c', year: 2022 },
        { queryId: 'b', year: 2023 },
      ],
      years: [2022, 2023],
      alike: expected.alike,
      unusableCells: [],
    });
    expect(effect.preTrend!.estimate).toBeCloseTo(expected.estimate, 12);
    expect(effect.preTrend!.interval).toEqual(expected.interval);
    expect(effect.estimable).toBe(true);

    const one = cohortEffect(
      ['jeugdzorg'],
      { queryId: 'a', year: 2024, cells: after.cells },
      { queryId: 'b', year: 2023, cells: before.cells },
    );
    expect(one.preTrend).toMatchObject({ checked: false, reason: expect.stringMatching(/only 1 cohort before/) });
    expect(one.preTrend!.estimate).toBeUndefined();
    expect(cohortEffect(['jeugdzorg'], { queryId: 'a', year: 2024, cells: after.cells }).preTrend).toBeUndefined();
  });
});
