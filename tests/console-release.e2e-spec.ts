import { Browser, Page } from 'playwright-core';
import { LocalCluster } from '../deploy/local/cluster';
import { axeViolations, launchChromium, screenshot, tabTo } from './support/console-browser';
import {
  catalogWijken,
  cellKey,
  chartBars,
  checkReleaseView,
  mapWijken,
  openRelease,
  releasedQuery,
  signInAsAnalyst,
} from './support/console-release';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const purpose = 'Smart Start release view test: signals per wijk and age band, for prevention planning';
const regionWijken = catalogWijken();

describe("the analyst's release view in Debian's chromium, on a real cluster", () => {
  let cluster: LocalCluster;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    cluster = await startTestCluster('console-release');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('shows a count released per wijk and age band: the same cells and marks as the API, the chart, the map, the CSV', async () => {
    expect(regionWijken).toHaveLength(59);
    const release = await releasedQuery(cluster, {
      ...DEMO_GROUNDS,
      dataset: 'risk_signals',
      measure: { kind: 'count' },
      groupBy: ['wijk', 'age_band'],
      filters: [{ field: 'year', op: 'eq', value: 2024 }],
      purpose,
    });
    page = await signInAsAnalyst(browser, cluster);
    await openRelease(page, release.queryId);
    await page.locator('#release-table').getByText('Wijk 01 Dongen (WK076601)').first().waitFor();
    await checkReleaseView(page, release, regionWijken, 'analyst-release-count');
    // A fifth of the region gives both: wijken whose total is shown and coloured, and small ones hatched.
    expect(new Set((await mapWijken(page)).map((w) => w.state))).toEqual(new Set(['shown', 'suppressed']));

    // Another slice: the chart and the map follow the age band chosen, by its label.
    await page.locator('.release-slice').getByLabel('Leeftijdsklasse').selectOption({ label: '0-3 jaar' });
    const young = release.cells.filter(
      (c) => c.coordinates.age_band === '0-3' && /^WK/.test(String(c.coordinates.wijk)),
    );
    await page.locator(`.release-chart g.bar[data-key="${cellKey(release, young[0])}"]`).waitFor();
    expect(await chartBars(page)).toEqual(young.map((c) => ({ key: cellKey(release, c), suppressed: c.suppressed })));
    expect(
      (await mapWijken(page))
        .filter((w) => w.state === 'shown')
        .map((w) => w.wijk)
        .sort(),
    ).toEqual(
      young
        .filter((c) => !c.suppressed)
        .map((c) => String(c.coordinates.wijk))
        .sort(),
    );
  });

  it('works by keyboard alone: open the release, choose a slice, download, close back to the list', async () => {
    const keyboard = await signInAsAnalyst(browser, cluster);
    await keyboard.locator('button.view-release').first().waitFor();
    await tabTo(keyboard, 'button.view-release');
    await keyboard.keyboard.press('Enter');
    await keyboard.locator('#release-table tbody tr').first().waitFor();
    expect(await keyboard.evaluate<string>('document.activeElement.id')).toBe('release-title');
    const before = await chartBars(keyboard);
    await tabTo(keyboard, '.release-slice select');
    await keyboard.keyboard.press('ArrowDown');
    await keyboard.waitForFunction(
      `document.querySelector('.release-chart g.bar').getAttribute('data-key') !== ${JSON.stringify(before[0].key)}`,
    );
    await tabTo(keyboard, 'button.download-csv');
    const [csv] = await Promise.all([keyboard.waitForEvent('download'), keyboard.keyboard.press('Enter')]);
    expect(csv.suggestedFilename()).toMatch(/^release-.*\.csv$/);
    await tabTo(keyboard, 'button.close-release');
    await keyboard.keyboard.press('Enter');
    await keyboard.locator('section.release').waitFor({ state: 'detached' });
    expect(await keyboard.evaluate<boolean>("document.activeElement.matches('button.view-release')")).toBe(true);
    await keyboard.close();
  });

  it('reads in English too', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /^Released table: / }).waitFor();
    await page.getByText(/^\d+ of \d+ cells shown, \d+ hidden\.$/).waitFor();
    await page.getByText('× hidden: small cell').first().waitFor();
    await screenshot(page, 'analyst-release-count-en');
    expect(await axeViolations(page)).toEqual([]);
  });
});
