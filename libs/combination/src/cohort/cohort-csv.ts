import type { CohortEffect } from './cohort-effect-types';

const field = (value: string | number | null | undefined) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

const HEADER = [
  'row',
  'cohort',
  'year',
  'arm',
  'children',
  'with_outcome',
  'estimate',
  'standard_error',
  'lower_95',
  'upper_95',
  'note',
];

const preTrendNote = (pre: NonNullable<CohortEffect['preTrend']>) =>
  pre.checked
    ? pre.alike
      ? 'arms moved alike'
      : 'arms did not move alike'
    : [pre.reason, ...pre.unusableCells].join('; ');

/**
 * A cohort release's effect as CSV, for `bfa analyst release --csv` (LF) and the console's download (CRLF): one line
 * per cohort × arm (`risk`: the risk and its Wilson interval), one for the difference in differences and, with a
 * before cohort, one for the pre-trend check (`pre_trend`, per year, its years in `year`). Risks and differences as
 * fractions at full precision, as the API gives them; empty where a part is hidden; `note` says why.
 */
export function cohortCsv(effect: CohortEffect, lineEnd: '\n' | '\r\n'): string {
  const groups = effect.groups.map((g) => [
    'risk',
    g.cohort,
    g.year,
    g.arm,
    g.children,
    g.withOutcome,
    g.risk,
    null,
    g.interval?.lower,
    g.interval?.upper,
    g.children === null || g.withOutcome === null ? 'suppressed' : null,
  ]);
  const did = [
    'difference_in_differences',
    null,
    null,
    null,
    null,
    null,
    effect.estimate,
    effect.standardError,
    effect.interval?.lower,
    effect.interval?.upper,
    effect.estimable ? effect.method : [effect.reason, ...effect.unusableCells].join('; '),
  ];
  const pre = effect.preTrend;
  const preTrend = pre && [
    'pre_trend',
    null,
    pre.years ? `${pre.years[0]}-${pre.years[pre.years.length - 1]}` : null,
    null,
    null,
    null,
    pre.estimate,
    pre.standardError,
    pre.interval?.lower,
    pre.interval?.upper,
    preTrendNote(pre),
  ];
  const lines = [HEADER, ...groups, did, ...(preTrend ? [preTrend] : [])];
  return lines.map((line) => line.map(field).join(',')).join(lineEnd) + lineEnd;
}
