import Table from 'cli-table3';
import type { ProtectionSummary, ReleasedCell } from '@bfa/disclosure';
import type { ReleasedEstimates } from '@bfa/disclosure';
import { Names } from './catalog-names';
import { estimatesTable } from './estimates-table';
import { RULE_MARKS, suppressionLegend } from './suppression-legend';
import { seriesTables } from './year-series-tables';

/** What `GET /queries/:id/release` returns, as far as a table for people needs it. */
export interface Release {
  queryId: string;
  dataset: string;
  measure: { kind: string; field?: string; per?: number; denominator?: { dataset: string } };
  groupBy: string[];
  minCellSize: number;
  cells: ReleasedCell[];
  protection: ProtectionSummary;
  combination?: { factors: { label: string }[]; atLeast?: number };
  contributedBy?: string[];
  decryptedBy?: string[];
  releasedAt?: string;
  /** A query grouped by year: one table per year, and the totals across years (apps/coordinator/src/federation/year-series.ts). */
  series?: { dimension: string; years: string[]; acrossYears: boolean };
  /** Mean (and rate) queries: per cell the estimate, its interval and the method. */
  estimates?: ReleasedEstimates;
}

const TOTAL = 'Totaal';
const totalLast = (values: string[]) => [...values.filter((v) => v !== TOTAL), ...values.filter((v) => v === TOTAL)];
const distinct = (cells: ReleasedCell[], dimension: string) =>
  totalLast([...new Set(cells.map((c) => String(c.coordinates[dimension])))]);
const shown = (cell: ReleasedCell | undefined) =>
  !cell ? '' : cell.suppressed ? RULE_MARKS[cell.rule!] || 'x' : String(cell.value);

function heading(release: Release, names: Names): string {
  const field = () => names.field(release.dataset, release.measure.field!);
  const { per, denominator } = release.measure;
  if (release.measure.kind === 'rate')
    return `${names.dataset(release.dataset)}: number of records, per ${per} records of ${names.dataset(denominator!.dataset)} below`;
  const measure =
    release.measure.kind === 'mean'
      ? `sum of ${field()} (mean, SD and interval below)`
      : release.measure.kind === 'sum'
        ? `sum of ${field()}`
        : 'number of records';
  if (!release.combination) return `${names.dataset(release.dataset)}: ${measure}`;
  const { factors, atLeast } = release.combination;
  return `${names.dataset(release.dataset)}: children with at least ${atLeast ?? factors.length} of: ${factors.map((f) => f.label).join('; ')}`;
}

/**
 * The released cells as a table: the last of two or more grouping dimensions across, the others down, each code with its name;
 * a hidden cell shows its rule's mark, never a value. Rows of a combination withheld whole at the source are left out.
 */
export function releaseTable(release: Release, names: Names): string {
  // A series: each year's table a paragraph of its own, set off from the heading and the legend by a blank line.
  const body = release.series
    ? `\n${seriesTables(release, release.series, names, cellTable)}\n`
    : cellTable(release, names);
  return [
    heading(release, names),
    body,
    ...estimatesTable(release, names),
    ...suppressionLegend(release.protection),
    ...provenance(release),
  ].join('\n');
}

/** The cells' grid alone, as releaseTable lays it out. */
export function cellTable(release: Pick<Release, 'groupBy' | 'cells' | 'combination'>, names: Names): string {
  const across = release.groupBy.length > 1 ? release.groupBy[release.groupBy.length - 1] : undefined;
  const columns = across ? distinct(release.cells, across) : [];
  const rowDims = across ? release.groupBy.slice(0, -1) : release.groupBy;
  const rowKey = (cell: ReleasedCell) => rowDims.map((d) => String(cell.coordinates[d])).join('\u0000');
  const rows = new Map<string, ReleasedCell[]>();
  for (const cell of release.cells) rows.set(rowKey(cell), [...(rows.get(rowKey(cell)) ?? []), cell]);
  const table = new Table({
    head: headings(rowDims, across, columns, names),
    style: { head: [], border: [], compact: true },
  });
  for (const cells of orderedRows(rows, rowDims)) {
    if (release.combination && cells.every((c) => c.rule === 'withheld')) continue;
    const first = cells[0];
    const values = across
      ? columns.map((c) => shown(cells.find((cell) => String(cell.coordinates[across]) === c)))
      : [shown(first)];
    table.push([
      ...rowDims.map((d) => names.value(d, first.coordinates[d])),
      ...values.map((content) => ({ content, hAlign: 'right' as const })),
    ]);
  }
  return table.toString();
}

/** The dimensions down, the last of them with the dimension across after a backslash ("Wijk \\ Leeftijdsklasse"), then its values. */
function headings(rowDims: string[], across: string | undefined, columns: string[], names: Names): string[] {
  const labels = rowDims.map((d) => names.dimension(d));
  if (!across) return [...labels, 'value'];
  const corner = labels.length > 0 ? `${labels.pop()} \\ ${names.dimension(across)}` : names.dimension(across);
  return [...labels, corner, ...columns];
}

function provenance(release: Release): string[] {
  const lines = release.contributedBy
    ? [`Records of ${release.contributedBy.join(', ')}; decrypted by ${(release.decryptedBy ?? []).join(', ')}.`]
    : [];
  return release.releasedAt ? [...lines, `Released ${release.releasedAt} (query ${release.queryId}).`] : lines;
}

/** Rows in the order the release lists them, with the totals last. */
function orderedRows(rows: Map<string, ReleasedCell[]>, rowDims: string[]): ReleasedCell[][] {
  const isTotal = (cells: ReleasedCell[]) => rowDims.some((d) => cells[0].coordinates[d] === TOTAL);
  const all = [...rows.values()];
  return [...all.filter((r) => !isTotal(r)), ...all.filter(isTotal)];
}
