import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { Browser, Page } from 'playwright-core';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { ARTIFACTS, axeViolations, screenshot } from './console-browser';

/** A cell of GET /queries/:id/release, as the test reads it (apps/coordinator/src/queries/released-table.ts). */
export interface ApiCell {
  coordinates: Record<string, string | number>;
  value: number | null;
  suppressed: boolean;
  rule?: string;
}

export interface ApiRelease {
  queryId: string;
  groupBy: string[];
  cells: ApiCell[];
  combination?: { factors: { label: string }[] };
  protection: { rules: { rule: string; cells: number }[]; suppressedCells: number; totalCells: number };
}

const WIJK = /^WK\d{6}$/;
const TOTAL = 'Totaal';

/** The catalog's wijk codes (policies/catalog.yaml), which the console's map joins its shapes on. */
export const catalogWijken = () =>
  (readFileSync(join(__dirname, '..', '..', 'policies', 'catalog.yaml'), 'utf8').match(/- WK\d{6}/g) ?? []).map(
    (line) => line.slice(2),
  );

/** The key the console gives a cell (data-key): its coordinates in the release's dimension order. */
export const cellKey = (release: ApiRelease, cell: ApiCell) =>
  release.groupBy.map((d) => `${d}=${cell.coordinates[d]}`).join('|');

/** The analyst submits through the API, every approver's steward approves through the API (no console), and the query is released. */
export async function releasedQuery(cluster: LocalCluster, spec: QuerySpec): Promise<ApiRelease> {
  const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  const submitted = await analyst.submit(spec);
  for (const org of submitted.approvers)
    await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(submitted.id, 'approve');
  expect(await analyst.waitForState(submitted.id, ['released', 'failed'], 600_000)).toMatchObject({
    state: 'released',
  });
  return analyst.release<ApiRelease>(submitted.id);
}

/** The coordinator's console, signed in with the analyst's key file, the page's downloads accepted. */
export async function signInAsAnalyst(browser: Browser, cluster: LocalCluster): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(`${cluster.coordinatorUrl}/console/`);
  await page.setInputFiles('#key-file', cluster.users['analyst.smartstart']);
  await page.getByRole('button', { name: /^(Aanmelden|Sign in)$/ }).click();
  return page;
}

/** Opens a released query from the list, as the analyst would, and waits until its table is there. */
export async function openRelease(page: Page, queryId: string): Promise<void> {
  await page
    .locator(`tr[data-query-id="${queryId}"]`)
    .getByRole('button', { name: /^Vrijgave bekijken/ })
    .click();
  await page.locator(`section.release[data-query-id="${queryId}"] #release-table tbody tr`).first().waitFor();
}

/** The table as shown: each row's key, suppression mark and the text of its value cell. */
export function shownTable(page: Page): Promise<{ key: string; suppressed: boolean; rule: string; text: string }[]> {
  return page.$$eval('#release-table tbody tr', (rows) =>
    rows.map((row) => ({
      key: row.getAttribute('data-key')!,
      suppressed: row.getAttribute('data-suppressed') === 'true',
      rule: row.getAttribute('data-rule')!,
      text: row.lastElementChild!.textContent!,
    })),
  );
}

export function chartBars(page: Page): Promise<{ key: string; suppressed: boolean }[]> {
  return page.$$eval('.release-chart g.bar', (bars) =>
    bars.map((bar) => ({
      key: bar.getAttribute('data-key')!,
      suppressed: bar.getAttribute('data-suppressed') === 'true',
    })),
  );
}

export function mapWijken(page: Page): Promise<{ wijk: string; state: string; fill: string }[]> {
  return page.$$eval('.release-map path.wijk', (paths) =>
    paths.map((p) => ({
      wijk: p.getAttribute('data-wijk')!,
      state: p.getAttribute('data-state')!,
      fill: p.getAttribute('fill')!,
    })),
  );
}

/** Clicks a download button and returns the file's text, from playwright's download event. */
export async function download(
  page: Page,
  button: 'download-csv' | 'download-json',
): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`button.${button}`)]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

/** The cells the chart and the map show first: wijken only, every other dimension at its total (a combination, without totals: the value with the most cells shown). */
export function firstSlice(release: ApiRelease): ApiCell[] {
  const wijk = release.groupBy.find((d) => release.cells.some((c) => WIJK.test(String(c.coordinates[d]))))!;
  const others = release.groupBy.filter((d) => d !== wijk);
  const shown = (d: string, v: string | number) =>
    release.cells.filter((c) => c.coordinates[d] === v && !c.suppressed).length;
  const most = (d: string) =>
    [...new Set(release.cells.map((c) => c.coordinates[d]))].reduce((best, v) =>
      shown(d, v) > shown(d, best) ? v : best,
    );
  const at = Object.fromEntries(
    others.map((d) => [d, release.cells.some((c) => c.coordinates[d] === TOTAL) ? TOTAL : most(d)]),
  );
  return release.cells.filter(
    (c) => WIJK.test(String(c.coordinates[wijk])) && others.every((d) => c.coordinates[d] === at[d]),
  );
}

const dutch = new Intl.NumberFormat('nl-NL').format;

/**
 * The release view against the API's release: the same cells with the same marks (a hidden cell shows × and its
 * rule, never a number), a legend line per rule with its count, one bar per cell of the slice, the region's 59
 * wijken on the map with exactly the slice's shown wijken coloured, the CSV equal to the release, the JSON the API's.
 */
export async function checkReleaseView(
  page: Page,
  release: ApiRelease,
  regionWijken: string[],
  name: string,
): Promise<void> {
  const table = await shownTable(page);
  expect(table.map((r) => r.key)).toEqual(release.cells.map((c) => cellKey(release, c)));
  expect(table.map((r) => ({ suppressed: r.suppressed, rule: r.rule }))).toEqual(
    release.cells.map((c) => ({ suppressed: c.suppressed, rule: c.rule ?? '' })),
  );
  table.forEach((row, i) =>
    expect(row.text).toEqual(
      release.cells[i].suppressed ? expect.stringMatching(/^× verborgen: \S/) : dutch(release.cells[i].value!),
    ),
  );
  expect(release.cells.filter((c) => c.suppressed).length).toBeGreaterThan(0);
  for (const { rule, cells } of release.protection.rules)
    expect(await page.locator(`.release-legend li[data-rule="${rule}"]`).getAttribute('data-cells')).toBe(
      String(cells),
    );

  const slice = firstSlice(release);
  expect(await chartBars(page)).toEqual(slice.map((c) => ({ key: cellKey(release, c), suppressed: c.suppressed })));
  const wijken = await mapWijken(page);
  const wijkOf = (c: ApiCell) => String(Object.values(c.coordinates).find((v) => WIJK.test(String(v))));
  expect(wijken.map((w) => w.wijk).sort()).toEqual([...regionWijken].sort());
  expect(
    wijken
      .filter((w) => w.state === 'shown')
      .map((w) => w.wijk)
      .sort(),
  ).toEqual(
    slice
      .filter((c) => !c.suppressed)
      .map(wijkOf)
      .sort(),
  );
  expect(
    wijken
      .filter((w) => w.state === 'suppressed')
      .map((w) => w.wijk)
      .sort(),
  ).toEqual(
    slice
      .filter((c) => c.suppressed)
      .map(wijkOf)
      .sort(),
  );
  expect(wijken.filter((w) => w.state === 'suppressed').every((w) => w.fill === 'url(#map-hatch)')).toBe(true);

  const csv = await download(page, 'download-csv');
  expect(csv.name).toBe(`release-${release.queryId}.csv`);
  const rows: Record<string, string>[] = parse(csv.text, { columns: true });
  expect(
    rows.map((r) => ({
      coordinates: Object.fromEntries(release.groupBy.map((d) => [d, r[d]])),
      value: r.value === '' ? null : Number(r.value),
      suppressed: r.suppressed === 'true',
      rule: r.rule,
    })),
  ).toEqual(
    release.cells.map((c) => ({
      coordinates: Object.fromEntries(release.groupBy.map((d) => [d, String(c.coordinates[d])])),
      value: c.value,
      suppressed: c.suppressed,
      rule: c.rule ?? '',
    })),
  );
  expect(JSON.parse((await download(page, 'download-json')).text)).toEqual(release);

  await screenshot(page, name);
  await page.locator('.release-map').screenshot({ path: join(ARTIFACTS, `${name}-map.png`) });
  await page.locator('.release-chart').screenshot({ path: join(ARTIFACTS, `${name}-chart.png`) });
  expect(await axeViolations(page)).toEqual([]);
}
