import { Page } from 'playwright-core';
import { axeViolations, screenshot, tabTo } from './console-browser';
import { ApiRelease, cellKey, chartBars, openRelease, shownTable } from './console-release';

/** A release of a query grouped by year, as GET /queries/:id/release gives it. */
export type SeriesRelease = ApiRelease & {
  minCellSize: number;
  series: { dimension: string; years: string[]; acrossYears: boolean };
};

const WIJK = /^WK\d{6}$/;
const dutch = new Intl.NumberFormat('nl-NL').format;

/** The cells of one tab: a year's table, or the totals across years (year Totaal). */
const ofYear = (release: SeriesRelease, year: string) =>
  release.cells.filter((c) => String(c.coordinates[release.series.dimension]) === year);

/**
 * The release view of a series: a tab per year and one for the totals across years; each tab's table is that year's
 * cells exactly (hidden ones marked, never a number), its chart that year's wijken; the line chart follows the region
 * over the years with hidden years as open points; axe-clean in every tab.
 */
export async function checkYearTabs(page: Page, release: SeriesRelease, name: string): Promise<void> {
  await openRelease(page, release.queryId);
  const tabs = await page.$$eval('[role="tab"].year-tab', (els) =>
    els.map((el) => ({ year: el.getAttribute('data-year')!, selected: el.getAttribute('aria-selected') === 'true' })),
  );
  expect(tabs.map((t) => t.year)).toEqual([...release.series.years, ...(release.series.acrossYears ? ['Totaal'] : [])]);
  expect(tabs.filter((t) => t.selected).map((t) => t.year)).toEqual([release.series.years[0]]);
  for (const { year } of tabs) {
    await page.click(`[role="tab"][data-year="${year}"]`);
    await page.locator(`#year-panel[data-year="${year}"]`).waitFor();
    const cells = ofYear(release, year);
    const table = await shownTable(page);
    expect(table.map((r) => r.key)).toEqual(cells.map((c) => cellKey(release, c)));
    table.forEach((row, i) =>
      expect(row.text).toEqual(
        cells[i].suppressed ? expect.stringMatching(/^× verborgen: \S/) : dutch(cells[i].value!),
      ),
    );
    const wijken = cells.filter((c) => WIJK.test(String(c.coordinates.wijk)));
    expect(await chartBars(page)).toEqual(wijken.map((c) => ({ key: cellKey(release, c), suppressed: c.suppressed })));
    expect(await axeViolations(page)).toEqual([]);
  }
  const region = release.series.years.map((year) =>
    release.cells.find((c) => c.coordinates.wijk === 'Totaal' && String(c.coordinates.year) === year)!,
  );
  expect(await seriesPoints(page)).toEqual(
    region.map((c) => ({ year: String(c.coordinates.year), suppressed: c.suppressed })),
  );
  await screenshot(page, name);
}

/** The line chart's points: per year whether it is hidden. */
export function seriesPoints(page: Page): Promise<{ year: string; suppressed: boolean }[]> {
  return page.$$eval('.series-chart g.series-point', (points) =>
    points.map((p) => ({
      year: p.getAttribute('data-year')!,
      suppressed: p.getAttribute('data-suppressed') === 'true',
    })),
  );
}

/** Follows one wijk in the line chart: its points are its cells of each year, a hidden year an open point. */
export async function followWijk(page: Page, release: SeriesRelease, wijk: string): Promise<void> {
  await page.locator('select.series-place').selectOption(wijk);
  const cells = release.series.years.map((year) =>
    release.cells.find((c) => c.coordinates.wijk === wijk && String(c.coordinates.year) === year)!,
  );
  await page.waitForFunction(
    `document.querySelector('.series-chart title').textContent.includes(${JSON.stringify(wijk)})`,
  );
  expect(await seriesPoints(page)).toEqual(
    cells.map((c) => ({ year: String(c.coordinates.year), suppressed: c.suppressed })),
  );
  expect(await page.$$eval('.series-chart line.series-line', (lines) => lines.length)).toBe(
    cells.every((c) => !c.suppressed) ? cells.length - 1 : 0,
  );
}

/** By keyboard: focus the selected year's tab; the right arrow moves to the next tab (the first after the last) and shows its table. */
export async function yearTabsByKeyboard(page: Page, release: SeriesRelease): Promise<void> {
  await tabTo(page, '[role="tab"][aria-selected="true"]', 150);
  const tabs = [...release.series.years, ...(release.series.acrossYears ? ['Totaal'] : [])];
  const selected = await page.evaluate<string>('document.activeElement.getAttribute("data-year")');
  await page.keyboard.press('ArrowRight');
  const next = tabs[(tabs.indexOf(selected) + 1) % tabs.length];
  await page.locator(`#year-panel[data-year="${next}"]`).waitFor();
  expect(await page.evaluate<string>('document.activeElement.getAttribute("data-year")')).toBe(next);
  expect((await shownTable(page)).map((r) => r.key)).toEqual(ofYear(release, next).map((c) => cellKey(release, c)));
}
