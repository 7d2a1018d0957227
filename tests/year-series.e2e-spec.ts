import { join } from 'node:path';
import { Browser } from 'playwright-core';
import { attackerIntervals, crossTable, flatDimension, hierarchyDimension } from '@bfa/disclosure';
import { AnalystClient, loadIdentity } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { bfa } from './support/bfa-cli';
import { launchChromium } from './support/console-browser';
import { catalogWijken, releasedQuery, signInAsAnalyst } from './support/console-release';
import { checkYearTabs, followWijk, SeriesRelease, yearTabsByKeyboard } from './support/console-year-series';
import { sqliteAll } from './support/sqlite';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const twoYears = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'year'],
  purpose: 'Smart Start end-to-end test: youth-care trajectories per wijk in 2023 and 2024, as a series',
};
const YEARS = ['2023', '2024'];
const TOTAL = 'Totaal';
const key = (wijk: string | number, year: string | number) => `${wijk}|${year}`;

describe('years as a series: a two-year query released as one table per year, protected together', () => {
  let cluster: LocalCluster;
  let release: SeriesRelease;
  /** Per wijk and year from Sterk Huis's sqlite file, outside the platform. */
  let truth: Map<string, number>;
  let browser: Browser | undefined;

  /** The cells the attacker solves against: each year's wijken, gemeenten and region, and the totals across years, the true values in them. */
  function trueSeries() {
    const wijken = catalogWijken();
    const parentOf = Object.fromEntries(
      wijken.flatMap((w) => [
        [w, `GM${w.slice(2, 6)}`],
        [`GM${w.slice(2, 6)}`, TOTAL],
      ]),
    );
    const leaves = wijken.flatMap((wijk) =>
      YEARS.map((year) => ({
        coordinates: { wijk, year },
        value: truth.get(key(wijk, year)) ?? 0,
        contributors: truth.get(key(wijk, year)) ?? 0,
      })),
    );
    return crossTable([hierarchyDimension('wijk', TOTAL, parentOf), flatDimension('year', YEARS, TOTAL)], leaves);
  }

  beforeAll(async () => {
    cluster = await startTestCluster('year-series');
    release = (await releasedQuery(cluster, twoYears)) as SeriesRelease;
    const rows = await sqliteAll<{ wijk: string; year: number; n: number }>(
      join(cluster.nodes.sterkhuis.dataDir, 'records.sqlite'),
      'SELECT wijk, year, COUNT(*) AS n FROM youth_care_trajectories GROUP BY wijk, year',
    );
    truth = new Map(rows.map((r) => [key(r.wijk, r.year), r.n]));
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it("names one table per year and the totals across years; each year's cells equal the sqlite file except hidden ones, none below k", async () => {
    expect(release.series).toEqual({ dimension: 'year', years: YEARS, acrossYears: true });
    const linked = trueSeries();
    const truthOf = new Map(linked.cells.map((c) => [key(c.coordinates.wijk, c.coordinates.year), c.value]));
    expect(release.cells).toHaveLength(linked.cells.length);
    for (const year of [...YEARS, TOTAL]) {
      const table = release.cells.filter((c) => String(c.coordinates.year) === year);
      // Each year has the margins a one-year table has: every wijk, its gemeente and the region.
      expect(table).toHaveLength(release.cells.length / 3);
      for (const cell of table) {
        const value = truthOf.get(key(cell.coordinates.wijk, year))!;
        if (value < release.minCellSize)
          expect(cell).toMatchObject({ value: null, suppressed: true, rule: 'primary-frequency' });
        else if (cell.suppressed) expect(cell).toMatchObject({ value: null, rule: 'secondary' });
        else expect(cell.value).toBe(value);
      }
    }
    expect(release.cells.filter((c) => !c.suppressed).every((c) => c.value! >= release.minCellSize)).toBe(true);
    expect(release.cells.filter((c) => c.rule === 'primary-frequency').length).toBeGreaterThan(10);
  });

  it('lets the attacker LP over both years and the totals across them derive no hidden cell', async () => {
    const linked = trueSeries();
    const index = new Map(linked.cells.map((c, i) => [key(c.coordinates.wijk, c.coordinates.year), i]));
    const hidden = release.cells
      .filter((c) => c.suppressed)
      .map((c) => index.get(key(c.coordinates.wijk, c.coordinates.year))!);
    const primary = new Set(
      release.cells
        .filter((c) => c.rule === 'primary-frequency')
        .map((c) => index.get(key(c.coordinates.wijk, c.coordinates.year))!),
    );
    const k = release.minCellSize;
    for (const { cell, lower, upper } of await attackerIntervals(linked, hidden)) {
      const value = linked.cells[cell].value;
      expect(upper - lower).toBeGreaterThan(1e-6);
      if (!primary.has(cell)) continue;
      const reach = Math.max(k, 0.2 * value);
      expect(upper).toBeGreaterThanOrEqual(value + reach - 1e-6);
      expect(lower).toBeLessThanOrEqual(Math.max(0, value - reach) + 1e-6);
    }
    // The case: a wijk hidden in one year is never shown both in the other year and in its total across years.
    const shownIn = (wijk: string | number, year: string) =>
      !release.cells.find((c) => c.coordinates.wijk === wijk && String(c.coordinates.year) === year)!.suppressed;
    for (const cell of release.cells.filter((c) => c.suppressed && String(c.coordinates.year) !== TOTAL)) {
      const other = YEARS.find((y) => y !== String(cell.coordinates.year))!;
      expect([
        cell.coordinates.wijk,
        shownIn(cell.coordinates.wijk, other) && shownIn(cell.coordinates.wijk, TOTAL),
      ]).toEqual([cell.coordinates.wijk, false]);
    }
  });

  it('bfa analyst release prints one table per year, then the totals across years', async () => {
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    expect((await analyst.release<SeriesRelease>(release.queryId)).cells).toEqual(release.cells);
    const { code, stdout } = await bfa([
      'analyst',
      'release',
      release.queryId,
      '--url',
      cluster.coordinatorUrl,
      '--key',
      cluster.users['analyst.smartstart'],
    ]);
    expect(code).toBe(0);
    // Paragraphs: the heading, one per year, the totals across years, the legend (apps/cli/src/format/year-series-tables.spec.ts).
    const sections = stdout.split('\n\n');
    for (const year of YEARS) {
      const section = sections.find((s) => s.startsWith(`Jaar ${year}\n`))!;
      const row = section.split('\n').find((line) => line.includes('Hart van Brabant (regio)'))!;
      const region = release.cells.find((c) => c.coordinates.wijk === TOTAL && String(c.coordinates.year) === year)!;
      expect(
        row
          .split('│')
          .map((s) => s.trim())
          .filter(Boolean)
          .pop(),
      ).toBe(String(region.value));
    }
    expect(sections.some((s) => s.startsWith('Jaar: totals across 2023, 2024\n'))).toBe(true);
  });

  it("the console shows a tab per year, each that year's table and chart, a line over the years, axe-clean and by keyboard", async () => {
    browser = await launchChromium();
    const page = await signInAsAnalyst(browser, cluster);
    await checkYearTabs(page, release, 'analyst-release-year-series');
    const wijk = catalogWijken().find((w) =>
      YEARS.some(
        (y) => release.cells.find((c) => c.coordinates.wijk === w && String(c.coordinates.year) === y)!.suppressed,
      ),
    )!;
    await followWijk(page, release, wijk);
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('tab', { name: 'All years together' }).waitFor();
    await yearTabsByKeyboard(page, release);
  });
});
