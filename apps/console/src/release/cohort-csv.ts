import { CohortEffect } from './cohort-types';

const field = (value: string | number | boolean | null | undefined) => {
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

/**
 * A cohort release's effect as CSV, the columns of `bfa analyst release --csv`: one line per cohort × arm (`risk`:
 * the risk and its Wilson interval), one for the difference in differences and, with a before cohort, one for the
 * pre-trend check (`pre_trend`, per year, its years in `year`). Risks and differences as fractions at full precision,
 * as the API gives them; empty where a part is hidden; `note` says why. CRLF line ends.
 */
export function cohortCsv(effect: CohortEffect): string {
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
    pre.checked
      ? pre.alike
        ? 'arms moved alike'
        : 'arms did not move alike'
      : [pre.reason, ...pre.unusableCells].join('; '),
  ];
  const lines = [HEADER, ...groups, did, ...(preTrend ? [preTrend] : [])];
  return lines.map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}
