import { CellLabels } from './cell-labels';
import { Release } from './release-types';

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. */
function field(value: string | number | boolean | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The release as CSV, one line per cell in the API's order: for each dimension its code and its label
 * (`wijk`, `wijk_label`, ...), then `value` (empty when hidden), `suppressed` (true/false) and `rule` (the rule
 * that hid the cell, as the API names it: primary-frequency, dominance, p-percent, differencing, secondary,
 * withheld; empty when shown). CRLF line ends. How the table was protected is in the JSON download.
 */
export function releaseCsv(release: Release, labels: CellLabels): string {
  const header = [...release.groupBy.flatMap((d) => [d, `${d}_label`]), 'value', 'suppressed', 'rule'];
  const lines = release.cells.map((cell) => [
    ...release.groupBy.flatMap((d) => [cell.coordinates[d], labels.value(d, cell.coordinates[d])]),
    cell.suppressed ? null : cell.value,
    cell.suppressed,
    cell.suppressed ? cell.rule : null,
  ]);
  return [header, ...lines].map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}
