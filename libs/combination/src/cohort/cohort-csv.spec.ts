import { parse } from 'csv-parse/sync';
import { cohortCsv } from './cohort-csv';
import type { CohortEffect } from './cohort-effect-types';

const groups: CohortEffect['groups'] = [
  {
    cohort: 'before',
    year: 2023,
    arm: 'intervention',
    children: 400,
    withOutcome: 60,
    risk: 0.15,
    interval: { lower: 0.11834499530337544, upper: 0.18831361073063213 },
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

/** Effects whose CSV the CLI (LF) and the console (CRLF) wrote before they shared one builder. */
const EFFECTS: Record<string, CohortEffect> = {
  estimable: {
    method: 'Difference in differences of the risk, "any" outcome',
    outcomes: ['jeugdzorg'],
    cohorts,
    groups: groups.map((g) => ({ ...g, withOutcome: g.withOutcome ?? 40, risk: g.risk ?? 0.1 })),
    estimable: true,
    estimate: -0.04000000000000001,
    standardError: 0.03093406967514405,
    interval: { lower: -0.100629662458535, upper: 0.02062966245853498 },
    unusableCells: [],
    preTrend: {
      method: 'm',
      cohorts: [
        { queryId: 'c', year: 2022 },
        { queryId: 'b', year: 2023 },
      ],
      checked: true,
      years: [2022, 2023],
      estimate: 0.008333333333333333,
      standardError: 0.03157974180693365,
      interval: { lower: -0.05356182324933048, upper: 0.07022848991599714 },
      alike: false,
      unusableCells: [],
    },
  },
  hidden: {
    method: 'm',
    outcomes: ['jeugdzorg'],
    cohorts,
    groups,
    estimable: false,
    reason: 'suppression hides the children or those with the outcome of intervention after',
    unusableCells: ['intervention, after cohort (2024)', 'comparison, before cohort (2023)'],
    preTrend: {
      method: 'm',
      cohorts: [{ queryId: 'b', year: 2023 }],
      checked: false,
      reason: 'only 1 cohort before the intervention: a trend needs two years',
      unusableCells: ['intervention, before cohort (2022)'],
    },
  },
  afterOnly: {
    method: 'line one\nline two',
    outcomes: ['jeugdzorg', 'GGD'],
    cohorts: { after: cohorts.after },
    groups: groups.slice(2),
    estimable: false,
    reason: 'no before cohort named,\nsee "before"',
    unusableCells: [],
  },
};

/** The bytes `bfa analyst release --csv` (LF) and the console's download (CRLF) gave for EFFECTS, each from its own builder. */
const WRITTEN_BEFORE: Record<string, { lf: string; crlf: string }> = {
  estimable: {
    lf: 'row,cohort,year,arm,children,with_outcome,estimate,standard_error,lower_95,upper_95,note\nrisk,before,2023,intervention,400,60,0.15,,0.11834499530337544,0.18831361073063213,\nrisk,before,2023,comparison,600,90,0.15,,0.12,0.18,\nrisk,after,2024,intervention,400,40,0.1,,,,\nrisk,after,2024,comparison,600,84,0.14,,0.11,0.17,\ndifference_in_differences,,,,,,-0.04000000000000001,0.03093406967514405,-0.100629662458535,0.02062966245853498,"Difference in differences of the risk, ""any"" outcome"\npre_trend,,2022-2023,,,,0.008333333333333333,0.03157974180693365,-0.05356182324933048,0.07022848991599714,arms did not move alike\n',
    crlf: 'row,cohort,year,arm,children,with_outcome,estimate,standard_error,lower_95,upper_95,note\r\nrisk,before,2023,intervention,400,60,0.15,,0.11834499530337544,0.18831361073063213,\r\nrisk,before,2023,comparison,600,90,0.15,,0.12,0.18,\r\nrisk,after,2024,intervention,400,40,0.1,,,,\r\nrisk,after,2024,comparison,600,84,0.14,,0.11,0.17,\r\ndifference_in_differences,,,,,,-0.04000000000000001,0.03093406967514405,-0.100629662458535,0.02062966245853498,"Difference in differences of the risk, ""any"" outcome"\r\npre_trend,,2022-2023,,,,0.008333333333333333,0.03157974180693365,-0.05356182324933048,0.07022848991599714,arms did not move alike\r\n',
  },
  hidden: {
    lf: 'row,cohort,year,arm,children,with_outcome,estimate,standard_error,lower_95,upper_95,note\nrisk,before,2023,intervention,400,60,0.15,,0.11834499530337544,0.18831361073063213,\nrisk,before,2023,comparison,600,90,0.15,,0.12,0.18,\nrisk,after,2024,intervention,400,,,,,,suppressed\nrisk,after,2024,comparison,600,84,0.14,,0.11,0.17,\ndifference_in_differences,,,,,,,,,,"suppression hides the children or those with the outcome of intervention after; intervention, after cohort (2024); comparison, before cohort (2023)"\npre_trend,,,,,,,,,,"only 1 cohort before the intervention: a trend needs two years; intervention, before cohort (2022)"\n',
    crlf: 'row,cohort,year,arm,children,with_outcome,estimate,standard_error,lower_95,upper_95,note\r\nrisk,before,2023,intervention,400,60,0.15,,0.11834499530337544,0.18831361073063213,\r\nrisk,before,2023,comparison,600,90,0.15,,0.12,0.18,\r\nrisk,after,2024,intervention,400,,,,,,suppressed\r\nrisk,after,2024,comparison,600,84,0.14,,0.11,0.17,\r\ndifference_in_differences,,,,,,,,,,"suppression hides the children or those with the outcome of intervention after; intervention, after cohort (2024); comparison, before cohort (2023)"\r\npre_trend,,,,,,,,,,"only 1 cohort before the intervention: a trend needs two years; intervention, before cohort (2022)"\r\n',
  },
  afterOnly: {
    lf: 'row,cohort,year,arm,children,with_outcome,estimate,standard_error,lower_95,upper_95,note\nrisk,after,2024,intervention,400,,,,,,suppressed\nrisk,after,2024,comparison,600,84,0.14,,0.11,0.17,\ndifference_in_differences,,,,,,,,,,"no before cohort named,\nsee ""before"""\n',
    crlf: 'row,cohort,year,arm,children,with_outcome,estimate,standard_error,lower_95,upper_95,note\r\nrisk,after,2024,intervention,400,,,,,,suppressed\r\nrisk,after,2024,comparison,600,84,0.14,,0.11,0.17,\r\ndifference_in_differences,,,,,,,,,,"no before cohort named,\nsee ""before"""\r\n',
  },
};

describe("a cohort release's effect as CSV", () => {
  it.each(Object.keys(EFFECTS))('writes the bytes the CLI and the console wrote before they shared it (%s)', (name) => {
    expect(cohortCsv(EFFECTS[name], '\n')).toBe(WRITTEN_BEFORE[name].lf);
    expect(cohortCsv(EFFECTS[name], '\r\n')).toBe(WRITTEN_BEFORE[name].crlf);
  });

  it('has a line per group, the difference in differences and the pre-trend, at full precision, empty where hidden', () => {
    const text = cohortCsv(EFFECTS.estimable, '\r\n');
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.row)).toEqual(['risk', 'risk', 'risk', 'risk', 'difference_in_differences', 'pre_trend']);
    expect(rows[0]).toMatchObject({
      cohort: 'before',
      year: '2023',
      arm: 'intervention',
      children: '400',
      with_outcome: '60',
      estimate: '0.15',
      lower_95: '0.11834499530337544',
    });
    expect(rows[4]).toMatchObject({ estimate: '-0.04000000000000001', note: EFFECTS.estimable.method });
    expect(rows[5]).toMatchObject({
      year: '2022-2023',
      estimate: '0.008333333333333333',
      note: 'arms did not move alike',
    });
  });

  it('leaves a hidden group empty and says why there is no estimate nor pre-trend check', () => {
    const effect = EFFECTS.hidden;
    const rows = parse(cohortCsv(effect, '\n'), { columns: true }) as Record<string, string>[];
    expect(rows[2]).toMatchObject({
      arm: 'intervention',
      children: '400',
      with_outcome: '',
      estimate: '',
      note: 'suppressed',
    });
    expect(rows[4]).toMatchObject({ estimate: '', note: [effect.reason, ...effect.unusableCells].join('; ') });
    expect(rows[5]).toMatchObject({ estimate: '', year: '', note: expect.stringMatching(/^only 1 cohort/) });
    expect(parse(cohortCsv({ ...effect, preTrend: undefined }, '\n'), { columns: true })).toHaveLength(5);
  });
});
