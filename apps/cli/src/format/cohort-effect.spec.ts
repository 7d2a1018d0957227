import { parse } from 'csv-parse/sync';
import { cohortEffect } from '@bfa/combination';
import { ReleasedCell } from '@bfa/disclosure';
import { namesOf } from './catalog-names';
import { cohortCsv, cohortTable, CohortRelease, isCohortRelease } from './cohort-effect';

const cell = (arm: string, outcome: string, value: number | null, rule?: ReleasedCell['rule']): ReleasedCell =>
  rule
    ? { coordinates: { arm, outcome }, value: null, suppressed: true, rule }
    : { coordinates: { arm, outcome }, value, suppressed: false };
const full = (arm: string, children: number, withOutcome: number) => [
  cell(arm, '0', children - withOutcome),
  cell(arm, '1', withOutcome),
  cell(arm, 'Totaal', children),
];
const after = [...full('intervention', 400, 40), ...full('comparison', 600, 84), ...full('Totaal', 1000, 124)];
const before = [...full('intervention', 400, 60), ...full('comparison', 600, 90)];

const release = (cells: ReleasedCell[], beforeCells = before): CohortRelease => ({
  queryId: 'q-after',
  dataset: 'pupils',
  measure: { kind: 'count' },
  groupBy: ['arm'],
  minCellSize: 10,
  cells,
  protection: { rules: [], suppressedCells: 0, totalCells: cells.length },
  combination: { factors: [{ label: 'jeugdzorg 2024' }] },
  effect: cohortEffect(
    ['jeugdzorg 2024'],
    { queryId: 'q-after', year: 2024, cells },
    { queryId: 'q-before', year: 2023, cells: beforeCells },
  ),
});

describe('the cohort release for people', () => {
  it('prints the arm × outcome counts, the risk per arm and cohort, and the difference in differences with its interval', () => {
    const r = release(after);
    expect(isCohortRelease(r)).toBe(true);
    const text = cohortTable(r, namesOf());
    expect(text).toMatch(/intervention\s*│\s*360\s*│\s*40\s*│\s*400/);
    expect(text).toMatch(/after \(2024\)\s*│\s*comparison\s*│\s*600\s*│\s*84\s*│\s*14\.0%/);
    expect(text).toMatch(/Difference in differences: −4\.0 percentage points \(95% interval −\d+\.\d to [+−]\d+\.\d\)/);
    expect(text).toContain('Method: Difference in differences of the risk');
  });

  it('says when suppression leaves too little, naming the groups, with marks instead of values', () => {
    const hidden = [
      cell('intervention', '0', null, 'secondary'),
      cell('intervention', '1', null, 'primary-frequency'),
      cell('intervention', 'Totaal', 400),
      ...full('comparison', 600, 84),
    ];
    const text = cohortTable(release(hidden), namesOf());
    expect(text).toMatch(/intervention\s*│\s*s\s*│\s*x\s*│\s*400/);
    expect(text).toContain('No difference in differences: suppression hides');
    expect(text).toContain('Not usable: intervention, after cohort (2024)');
  });

  it('exports the risks and the estimate as CSV', () => {
    const rows = parse(cohortCsv(release(after)), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.row)).toEqual(['risk', 'risk', 'risk', 'risk', 'difference_in_differences', 'pre_trend']);
    expect(rows[2]).toMatchObject({
      cohort: 'after',
      year: '2024',
      arm: 'intervention',
      children: '400',
      with_outcome: '40',
      estimate: '0.1',
    });
    expect(Number(rows[4].estimate)).toBeCloseTo(-0.04, 12);
    expect(Number(rows[4].lower_95)).toBeLessThan(-0.04);
    const refused = parse(cohortCsv(release(after, before.slice(0, 3))), { columns: true }) as Record<string, string>[];
    expect(refused[4]).toMatchObject({
      estimate: '',
      note: expect.stringContaining('comparison, before cohort (2023)'),
    });
  });

  it('says whether the arms moved alike before the intervention, or why that could not be checked, in text and CSV', () => {
    const one = cohortTable(release(after), namesOf());
    expect(one).toContain('Parallel trends could not be checked: only 1 cohort before the intervention');
    const earliest = [...full('intervention', 400, 50), ...full('comparison', 600, 80)];
    const r = {
      ...release(after),
      effect: cohortEffect(
        ['jeugdzorg 2024'],
        { queryId: 'q-after', year: 2024, cells: after },
        { queryId: 'q-before', year: 2023, cells: before },
        [{ queryId: 'q-earliest', year: 2022, cells: earliest }],
      ),
    };
    const pre = r.effect.preTrend!;
    const text = cohortTable(r, namesOf());
    // 2022: .125 − .1333, 2023: .15 − .15; the gap rose by 0.83 points.
    expect(pre.estimate).toBeCloseTo(0.15 - 0.15 - (0.125 - 80 / 600), 12);
    expect(text).toMatch(
      /Before the intervention \(2022–2023\) the arms moved alike: difference in trend \+0\.8 percentage points a year \(95% interval −\d+\.\d to \+\d+\.\d\)\./,
    );
    expect(text).toContain('Pre-trend: Difference in trends before the intervention');
    const rows = parse(cohortCsv(r), { columns: true }) as Record<string, string>[];
    expect(rows[5]).toMatchObject({ row: 'pre_trend', year: '2022-2023', note: 'arms moved alike' });
    expect(Number(rows[5].estimate)).toBeCloseTo(pre.estimate!, 12);
    expect(Number(rows[5].upper_95)).toBeCloseTo(pre.interval!.upper, 12);
    const notChecked = parse(cohortCsv(release(after)), { columns: true }) as Record<string, string>[];
    expect(notChecked[5]).toMatchObject({
      row: 'pre_trend',
      estimate: '',
      note: expect.stringMatching(/only 1 cohort/),
    });
  });
});
