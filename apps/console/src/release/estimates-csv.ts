import { CellLabels } from './cell-labels';
import { cellKey } from './format';
import { Release, ReleasedCell } from './release-types';

const field = (value: string | number | boolean | null | undefined) => {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * A mean or rate release's estimates as CSV, one line per cell in the API's order: per dimension its code and label,
 * then `count` (a mean's records, a rate's denominator), `numerator` (a rate's), `estimate`, `standard_deviation`
 * (a mean's), `lower` and `upper` (the 95% interval), `suppressed` (true where a part was hidden: the rest is then
 * empty). Full precision, as the API gives it. CRLF line ends.
 */
export function estimatesCsv(release: Release, labels: CellLabels): string {
  const header = [
    ...release.groupBy.flatMap((d) => [d, `${d}_label`]),
    'count',
    'numerator',
    'estimate',
    'standard_deviation',
    'lower',
    'upper',
    'suppressed',
  ];
  const lines = (release.estimates?.cells ?? []).map((e) => {
    const shown = !e.suppressed;
    return [
      ...release.groupBy.flatMap((d) => [e.coordinates[d], labels.value(d, e.coordinates[d])]),
      ...(shown
        ? [e.count, e.numerator, e.estimate, e.standardDeviation, e.interval?.[0], e.interval?.[1]]
        : [null, null, null, null, null, null]),
      e.suppressed,
    ];
  });
  return [header, ...lines].map((line) => line.map(field).join(',')).join('\r\n') + '\r\n';
}

/** The estimate of each cell, by the key the table and the charts give it. */
export const estimatesByKey = (release: Release) =>
  new Map((release.estimates?.cells ?? []).map((e) => [cellKey(release, e as unknown as ReleasedCell), e]));
