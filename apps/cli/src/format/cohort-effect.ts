import Table from 'cli-table3';
import { cohortCsv as effectCsv, type CohortArmRisk, type CohortEffect } from '@bfa/combination';
import type { ReleasedCell } from '@bfa/disclosure';
import { Names } from './catalog-names';
import { Release } from './release-table';
import { RULE_MARKS, suppressionLegend } from './suppression-legend';

/** A cohort release: arm × outcome counts, and the risks and the difference in differences the coordinator derived from them. */
export type CohortRelease = Release & { effect: CohortEffect };

const TOTAL = 'Totaal';
const style = { head: [], border: [], compact: true };
const shown = (cell: ReleasedCell | undefined) =>
  !cell ? '' : cell.suppressed ? RULE_MARKS[cell.rule!] || 'x' : String(cell.value);
const right = (content: string) => ({ content, hAlign: 'right' as const });
const percent = (x: number | undefined) => (x === undefined ? '' : `${(100 * x).toFixed(1)}%`);
const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(1)}`;

function countsTable(release: CohortRelease, names: Names): string {
  const outcome = release.effect.outcomes.length === 1 ? release.effect.outcomes[0] : 'any outcome';
  const table = new Table({
    head: [names.dimension('arm'), `without ${outcome}`, `with ${outcome}`, 'children'],
    style,
  });
  for (const arm of ['intervention', 'comparison', TOTAL]) {
    const at = (o: string) => release.cells.find((c) => c.coordinates.arm === arm && c.coordinates.outcome === o);
    if (!at(TOTAL)) continue; // an arm withheld at the source is not in the table
    table.push([names.value('arm', arm), ...['0', '1', TOTAL].map((o) => right(shown(at(o))))]);
  }
  return table.toString();
}

function risksTable(groups: CohortArmRisk[]): string {
  const table = new Table({ head: ['cohort', 'arm', 'children', 'with outcome', 'risk', '95% interval'], style });
  for (const g of groups) {
    const interval = g.interval ? `${percent(g.interval.lower)} – ${percent(g.interval.upper)}` : '';
    table.push([
      `${g.cohort} (${g.year})`,
      g.arm,
      ...[
        g.children === null ? 'x' : String(g.children),
        g.withOutcome === null ? 'x' : String(g.withOutcome),
        percent(g.risk),
        interval,
      ].map(right),
    ]);
  }
  return table.toString();
}

function didLines(effect: CohortEffect): string[] {
  if (effect.estimable)
    return [
      `Difference in differences: ${points(effect.estimate!)} percentage points (95% interval ${points(effect.interval!.lower)} to ${points(effect.interval!.upper)}).`,
    ];
  const unusable = effect.unusableCells.length > 0 ? ` Not usable: ${effect.unusableCells.join('; ')}.` : '';
  return [`No difference in differences: ${effect.reason}.${unusable}`];
}

/** Whether the arms moved alike before the intervention, in one sentence: the difference in trends, or why it could not be checked. */
function preTrendLines(effect: CohortEffect): string[] {
  const pre = effect.preTrend;
  if (!pre) return [];
  if (!pre.checked) {
    const unusable = pre.unusableCells.length > 0 ? ` Not usable: ${pre.unusableCells.join('; ')}.` : '';
    return [`Parallel trends could not be checked: ${pre.reason}.${unusable}`];
  }
  const years = `${pre.years![0]}–${pre.years![pre.years!.length - 1]}`;
  const difference = `difference in trend ${points(pre.estimate!)} percentage points a year (95% interval ${points(pre.interval!.lower)} to ${points(pre.interval!.upper)})`;
  return [
    pre.alike
      ? `Before the intervention (${years}) the arms moved alike: ${difference}.`
      : `Before the intervention (${years}) the arms did not move alike: ${difference}; the difference in differences is doubtful.`,
  ];
}

/** The cohort release for people: the counts with the suppression marks, the risks per arm and cohort, the estimate or why there is none, the method. */
export function cohortTable(release: CohortRelease, names: Names): string {
  const { effect } = release;
  const heading = `${names.dataset(release.dataset)}: cohort of ${effect.cohorts.after.year} by arm, followed to ${effect.outcomes.join('; ')}`;
  return [
    heading,
    countsTable(release, names),
    ...suppressionLegend(release.protection),
    risksTable(effect.groups),
    ...didLines(effect),
    ...preTrendLines(effect),
    `Method: ${effect.method}`,
    ...(effect.preTrend ? [`Pre-trend: ${effect.preTrend.method}`] : []),
  ].join('\n');
}

/** The effect as CSV (libs/combination's cohortCsv, the console's download too), LF line ends as every other --csv. */
export const cohortCsv = (release: CohortRelease): string => effectCsv(release.effect, '\n');

export const isCohortRelease = (release: Release): release is CohortRelease =>
  (release as Partial<CohortRelease>).effect !== undefined;
