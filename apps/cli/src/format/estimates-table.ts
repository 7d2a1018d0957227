import Table from 'cli-table3';
import type { CellEstimate, ReleasedEstimates, SuppressionRule } from '@bfa/disclosure';
import { Names } from './catalog-names';
import { RULE_MARKS } from './suppression-legend';

/** The part of a release a derived measure adds: per cell its estimate and interval, and the method. */
export interface WithEstimates {
  groupBy: string[];
  cells: { coordinates: Record<string, string | number>; suppressed: boolean; rule?: SuppressionRule }[];
  estimates?: ReleasedEstimates;
}

const TOTAL = 'Totaal';
const fixed = (value: number | undefined, digits: number) => (value === undefined ? '' : value.toFixed(digits));
const interval = (cell: CellEstimate, digits: number) =>
  cell.interval ? `${fixed(cell.interval[0], digits)} – ${fixed(cell.interval[1], digits)}` : '';
const totalsLast = (cells: CellEstimate[], groupBy: string[]) => {
  const isTotal = (cell: CellEstimate) =>
    groupBy.some((d) => cell.coordinates[d] === TOTAL || /^GM\d{4}$/.test(String(cell.coordinates[d])));
  return [...cells.filter((c) => !isTotal(c)), ...cells.filter(isTotal)];
};

/** One row per cell (totals last): its n, estimate, SD and 95% interval, or the mark of the rule that hid it. */
export function estimatesTable(release: WithEstimates, names: Names): string[] {
  if (!release.estimates) return [];
  const isRate = release.estimates.cells.some((c) => c.numerator !== undefined);
  const head = [
    ...release.groupBy.map((d) => names.dimension(d)),
    ...(isRate ? ['numerator', 'denominator', 'rate'] : ['n', 'mean', 'SD']),
    '95% interval',
  ];
  const table = new Table({ head, style: { head: [], border: [], compact: true } });
  const rules = new Map(release.cells.map((c) => [JSON.stringify(c.coordinates), c.rule]));
  for (const cell of totalsLast(release.estimates.cells, release.groupBy)) {
    const place = release.groupBy.map((d) => names.value(d, cell.coordinates[d]));
    const rule = rules.get(JSON.stringify(cell.coordinates));
    const mark = (rule && RULE_MARKS[rule]) || 'x';
    const values = cell.suppressed
      ? [mark, '', '', '']
      : isRate
        ? [String(cell.numerator ?? ''), String(cell.count ?? ''), fixed(cell.estimate, 1), interval(cell, 1)]
        : [String(cell.count ?? ''), fixed(cell.estimate, 2), fixed(cell.standardDeviation, 2), interval(cell, 2)];
    table.push([...place, ...values.map((content) => ({ content, hAlign: 'right' as const }))]);
  }
  return ['', table.toString(), `Method: ${release.estimates.method}`];
}

const csvField = (value: string | number | undefined) => {
  const text = value === undefined ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The estimates as CSV: one line per cell, empty fields where it was suppressed, and a `suppressed` column. */
export function estimatesCsv(release: WithEstimates): string {
  if (!release.estimates) throw new Error('this release has no estimates (only mean and rate queries carry them)');
  const header = [
    ...release.groupBy,
    'suppressed',
    'numerator',
    'count',
    'estimate',
    'standard_deviation',
    'lower_95',
    'upper_95',
  ];
  const rows = release.estimates.cells.map((cell) => [
    ...release.groupBy.map((d) => cell.coordinates[d]),
    cell.suppressed ? 'true' : 'false',
    cell.numerator,
    cell.count,
    cell.estimate,
    cell.standardDeviation,
    cell.interval?.[0],
    cell.interval?.[1],
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}
