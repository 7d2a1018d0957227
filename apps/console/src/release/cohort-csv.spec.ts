import { parse } from 'csv-parse/sync';
import type { CohortEffect as CoordinatorEffect } from '@bfa/combination';
import { fill } from '../labels';
import { cohortCsv } from './cohort-csv';
import { CohortEffect } from './cohort-types';

const groups: CohortEffect['groups'] = [
  {
    cohort: 'before',
    year: 2023,
    arm: 'intervention',
    children: 400,
    withOutcome: 60,
    risk: 0.15,
    interval: { lower: 0.12, upper: 0.19 },
  },
  {
    cohort: 'before',
    year: 2023,
    arm: 'comparison',
    children: 600,
    withOutcome: 90,
    risk: 0.15,
    interval: { lower: 0.12, upper: 0.18 },
  },
  { cohort: 'after', year: 2024, arm: 'intervention', children: 400, withOutcome: null },
  {
    cohort: 'after',
    year: 2024,
    arm: 'comparison',
    children: 600,
    withOutcome: 84,
    risk: 0.14,
    interval: { lower: 0.11, upper: 0.17 },
  },
];
const cohorts = { before: { queryId: 'b', year: 2023 }, after: { queryId: 'a', year: 2024 } };

describe("a cohort release's effect as CSV", () => {
  it('has a line per group, the difference in differences and the pre-trend, at full precision, empty where hidden', () => {
    const effect: CohortEffect = {
      method: 'Difference in differences of the risk, "any" outcome',
      outcomes: ['jeugdzorg'],
      cohorts,
      groups: groups.map((g) => ({ ...g, withOutcome: g.withOutcome ?? 40, risk: g.risk ?? 0.1 })),
      estimable: true,
      estimate: -0.0412345678901,
      standardError: 0.021,
      interval: { lower: -0.083, upper: 0.0003 },
      unusableCells: [],
      preTrend: {
        method: 'm',
        cohorts: [
          { queryId: 'c', year: 2022 },
          { queryId: 'b', year: 2023 },
        ],
        checked: true,
        years: [2022, 2023],
        estimate: 0.0083333333333,
        standardError: 0.03,
        interval: { lower: -0.05, upper: 0.067 },
        alike: true,
        unusableCells: [],
      },
    };
    const text = cohortCsv(effect);
    expect(text.endsWith('\r\n')).toBe(true);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.row)).toEqual(['risk', 'risk', 'risk', 'risk', 'difference_in_differences', 'pre_trend']);
    expect(rows[0]).toMatchObject({
      cohort: 'before',
      year: '2023',
      arm: 'intervention',
      children: '400',
      with_outcome: '60',
      estimate: '0.15',
      lower_95: '0.12',
      upper_95: '0.19',
    });
    expect(rows[4]).toMatchObject({
      estimate: '-0.0412345678901',
      standard_error: '0.021',
      lower_95: '-0.083',
      upper_95: '0.0003',
      note: effect.method,
    });
    expect(rows[5]).toMatchObject({
      year: '2022-2023',
      estimate: '0.0083333333333',
      lower_95: '-0.05',
      note: 'arms moved alike',
    });
  });

  it('leaves a hidden group empty and says why there is no estimate nor pre-trend check', () => {
    const effect: CohortEffect = {
      method: 'm',
      outcomes: ['jeugdzorg'],
      cohorts,
      groups,
      estimable: false,
      reason: 'suppression hides the children or those with the outcome of intervention after',
      unusableCells: ['intervention, after cohort (2024)'],
      preTrend: {
        method: 'm',
        cohorts: [{ queryId: 'b', year: 2023 }],
        checked: false,
        reason: 'only 1 cohort before the intervention: a trend needs two years',
        unusableCells: [],
      },
    };
    const rows = parse(cohortCsv(effect), { columns: true }) as Record<string, string>[];
    expect(rows[2]).toMatchObject({
      arm: 'intervention',
      children: '400',
      with_outcome: '',
      estimate: '',
      lower_95: '',
      note: 'suppressed',
    });
    expect(rows[4]).toMatchObject({ estimate: '', note: `${effect.reason}; intervention, after cohort (2024)` });
    expect(rows[5]).toMatchObject({ estimate: '', year: '', note: effect.preTrend!.reason });
    expect(parse(cohortCsv({ ...effect, preTrend: undefined }), { columns: true })).toHaveLength(5);
  });
});

// The console reads what the coordinator releases: its effect must be one the console's type holds.
export const readable = (effect: CoordinatorEffect): CohortEffect => effect;

describe('a label with its placeholders', () => {
  it('fills each placeholder it has a value for and leaves the others as they are', () => {
    expect(fill('{a} tot {b} ({c})', { a: 1, b: '2' })).toBe('1 tot 2 ({c})');
    expect(fill('geen')).toBe('geen');
  });
});
