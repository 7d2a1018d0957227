import Table from 'cli-table3';
import type { CocktailEstimates } from '@bfa/combination';
import type { ReleasedCell } from '@bfa/disclosure';
import { Names } from './catalog-names';
import { Release } from './release-table';
import { RULE_MARKS, suppressionLegend } from './suppression-legend';

/** A cocktail release: the grid × pattern (or number of factors) × outcome counts, and what the coordinator estimated from them. */
export type CocktailRelease = Release & {
  combination: NonNullable<Release['combination']> & { analysis?: string };
  cocktail: CocktailEstimates;
};

const TOTAL = 'Totaal';
const OUTCOMES = ['0', '1', TOTAL];
const style = { head: [], border: [], compact: true };
const shown = (cell: ReleasedCell | undefined) =>
  !cell ? '' : cell.suppressed ? RULE_MARKS[cell.rule!] || 'x' : String(cell.value);
const fixed = (x: number, digits = 2) => x.toFixed(digits);
const interval = ({ lower, upper }: { lower: number; upper: number }) => `${fixed(lower)} – ${fixed(upper)}`;
const right = (content: string) => ({ content, hAlign: 'right' as const });

/** Rows: grid cell and pattern (digits in the order of the factors named above) or number of factors; columns: without, with the outcome, total. */
function countsTable(release: CocktailRelease, names: Names): string {
  const middle = release.cells.some((c) => c.coordinates.pattern !== undefined) ? 'pattern' : 'factors';
  const hasOutcome = release.cells.some((c) => c.coordinates.outcome !== undefined);
  const key = (c: ReleasedCell) =>
    [...release.groupBy.map((d) => String(c.coordinates[d])), String(c.coordinates[middle])].join('\u0000');
  const rows = new Map<string, ReleasedCell[]>();
  for (const cell of release.cells) rows.set(key(cell), [...(rows.get(key(cell)) ?? []), cell]);
  const outcome = release.cocktail.outcome ?? 'outcome';
  const head = [
    ...release.groupBy.map((d) => names.dimension(d)),
    middle === 'pattern' ? 'pattern' : 'factors',
    ...(hasOutcome ? [`without ${outcome}`, `with ${outcome}`, 'total'] : ['children']),
  ];
  const table = new Table({ head, style });
  const isTotal = (cells: ReleasedCell[]) => release.groupBy.some((d) => cells[0].coordinates[d] === TOTAL);
  for (const cells of [...[...rows.values()].filter((r) => !isTotal(r)), ...[...rows.values()].filter(isTotal)]) {
    const first = cells[0];
    const values = hasOutcome
      ? OUTCOMES.map((o) => shown(cells.find((c) => c.coordinates.outcome === o)))
      : [shown(first)];
    table.push([
      ...release.groupBy.map((d) => names.value(d, first.coordinates[d])),
      String(first.coordinates[middle]),
      ...values.map(right),
    ]);
  }
  return table.toString();
}

function byCountTable(estimates: CocktailEstimates): string[] {
  if (!estimates.byCount) return [];
  const table = new Table({
    head: ['factors', 'children', 'with outcome', 'risk', 'relative risk', '95% interval'],
    style,
  });
  for (const row of estimates.byCount) {
    const risk = row.children && row.withOutcome !== null ? fixed((100 * row.withOutcome) / row.children, 1) + '%' : '';
    const rr = row.relativeRisk;
    const cells =
      row.factors === 0
        ? ['1 (reference)', '']
        : rr?.estimable
          ? [fixed(rr.rr), interval(rr.interval)]
          : ['', rr ? `not estimable: ${rr.reason}` : ''];
    table.push(
      [
        String(row.factors),
        row.children === null ? 'x' : String(row.children),
        row.withOutcome === null ? 'x' : String(row.withOutcome),
        risk,
        ...cells,
      ].map(right),
    );
  }
  return [table.toString()];
}

function regressionTable(estimates: CocktailEstimates): string[] {
  const regression = estimates.regression;
  if (!regression) return [];
  const lines: string[] = [];
  if (regression.fit) {
    const table = new Table({ head: ['term', 'coefficient', 'SE', 'odds ratio', '95% interval'], style });
    for (const c of regression.fit.coefficients)
      table.push([
        c.term,
        ...[fixed(c.estimate, 3), fixed(c.standardError, 3), fixed(c.oddsRatio), interval(c.oddsRatioInterval)].map(
          right,
        ),
      ]);
    lines.push(table.toString(), `Fitted on ${regression.childrenInFit} children.`);
  } else lines.push('No regression: the released counts do not allow a fit.');
  if (regression.unusedPatterns.length > 0) {
    lines.push(
      `Left out of the fit (a count suppressed): ${regression.unusedPatterns.map((u) => `${u.pattern}${u.children === null ? '' : ` (${u.children} children)`}`).join(', ')}.`,
    );
  }
  return [...lines, ...regression.notes.map((note) => `Note: ${note}.`)];
}

/** The cocktail release for people: the counts with the suppression marks, the estimates with their intervals, the method in one sentence. */
export function cocktailTable(release: CocktailRelease, names: Names): string {
  const { factors, outcome } = release.cocktail;
  const digits = release.combination.analysis === 'patterns' ? ' (pattern digit i: factor i, 1 = has it)' : '';
  const heading = `${names.dataset(release.dataset)}: ${release.combination.analysis} of ${factors.map((f, i) => `${i + 1}. ${f}`).join('; ')}${digits}${outcome ? `; outcome: ${outcome}` : ''}`;
  return [
    heading,
    countsTable(release, names),
    ...suppressionLegend(release.protection),
    ...byCountTable(release.cocktail),
    ...regressionTable(release.cocktail),
    release.cocktail.method,
  ].join('\n');
}

export const isCocktailRelease = (release: Release): release is CocktailRelease =>
  (release as Partial<CocktailRelease>).cocktail !== undefined;
