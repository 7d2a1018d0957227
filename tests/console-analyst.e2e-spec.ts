import { resolve } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { loadPolicies } from '@bfa/policy';
import { AnalystClient, http, loadIdentity } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { launchChromium, screenshot } from './support/console-browser';
import {
  accessibilityOf,
  buildQuery,
  decideInConsole,
  liveState,
  offeredDatasets,
  openConsole,
  partnerRow,
  signIn,
  submitCountByKeyboard,
  submitQuery,
  submitRefused,
  waitForLiveText,
} from './support/console-analyst';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const COUNT = {
  dataset: 'Risicosignalen per kind, door elke partner vastgelegd',
  groupBy: ['Wijk (CBS 2014)', 'Leeftijdsklasse'],
  year: '2024',
  filters: { 'Soort signaal': 'poverty' },
  purpose: 'Smart Start builder test: poverty signals per wijk and age band for prevention planning',
};
const COMBINATION = {
  dataset: 'Kinderen en hun huishouden (BRP en inkomensdata gemeente)',
  groupBy: ['Wijk (CBS 2014)'],
  year: '2024',
  filters: { 'Huishouden met laag inkomen': 'Yes' },
  factors: { Jeugdhulptrajecten: 'Uithuisplaatsing', Gezondheidsmonitor: 'Ouder in GGZ-behandeling' },
  atLeast: 1,
  purpose: 'Smart Start builder test: low-income children who also have a factor at another partner',
};
const POLICIES = resolve(__dirname, '..', 'policies');
const REASON = 'a combination per wijk needs the ethics board first; please ask them';

describe("the analyst's console in Debian's chromium, on a real cluster: builder and live state", () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let browser: Browser;
  let page: Page;
  let released: string;

  const steward = (org: string) => ({ url: cluster.nodes[org].url, keyFile: cluster.nodes[org].stewardKeyFile });

  beforeAll(async () => {
    cluster = await startTestCluster('console-analyst');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    browser = await launchChromium();
    page = await openConsole(browser, cluster.coordinatorUrl);
    await signIn(page, cluster.users['analyst.smartstart']);
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('offers only what the catalog allows, in its words; a refused query is explained next to the form and nothing is stored', async () => {
    const datasets = await offeredDatasets(page);
    expect(datasets.sort()).toEqual(
      Object.values(loadPolicies(POLICIES).catalog.datasets)
        .map((d) => d.label)
        .sort(),
    );
    await buildQuery(page, { ...COUNT, purpose: 'too short' });
    // Only the summable field is offered as a sum or a mean: a category can't be added up.
    expect(await page.locator('#builder-measure option').allTextContents()).toEqual([
      'Aantal',
      'Som van Ernst (1 = licht, 3 = ernstig)',
      'Gemiddelde van Ernst (1 = licht, 3 = ernstig) (met standaardafwijking en 95%-interval)',
      'Ratio: records per aantal van een populatie (met 95%-interval)',
    ]);
    expect(await accessibilityOf(page, 'analyst-builder')).toEqual([]);

    // The catalog is published to signed analysts and the ethics board only.
    await expect(http(`${cluster.coordinatorUrl}/catalog`)).rejects.toMatchObject({ status: 401 });
    const before = (await analyst.queries()).length;
    expect(await submitRefused(page)).toMatch(
      /De coördinator weigert deze vraag en legt niets vast: purpose must say in at least 20 characters/,
    );
    // Refused by the catalog after validation (a dataset the builder never offers): refused in words, nothing recorded either.
    await expect(
      analyst.submit({
        ...DEMO_GROUNDS,
        dataset: 'patients',
        measure: { kind: 'count' },
        groupBy: ['wijk'],
        purpose: COUNT.purpose,
      }),
    ).rejects.toThrow(/dataset "patients" is not in the catalog/);
    expect((await analyst.queries()).length).toBe(before);
    expect(await accessibilityOf(page, 'analyst-builder-refused')).toEqual([]);
  });

  it("submits from the builder and follows the query live while each steward approves in their own node's console, to its release", async () => {
    await buildQuery(page, COUNT);
    released = await submitQuery(page);
    const query = await analyst.query(released);
    expect(query).toMatchObject({ state: 'proposed' });
    await waitForLiveText(page, '0 van 4 partners hebben goedgekeurd');
    await expect(partnerRow(page, 'sterkhuis').textContent()).resolves.toContain('Sterk Huis (jeugdhulp)');
    await expect(partnerRow(page, 'sterkhuis').textContent()).resolves.toContain('nog geen antwoord');
    expect(await accessibilityOf(page, 'analyst-live-state-proposed')).toEqual([]);

    for (const [i, org] of ['gemeente', 'schoolbestuur', 'sterkhuis'].entries()) {
      await decideInConsole(browser, steward(org), released);
      // The analyst's page was never reloaded: the answer shows up by itself.
      await waitForLiveText(page, `${i + 1} van 4 partners hebben goedgekeurd`);
      await expect(partnerRow(page, org).textContent()).resolves.toContain('goedgekeurd');
    }
    await decideInConsole(browser, steward('ggd'), released);
    await waitForLiveText(page, '4 van 4 partners hebben goedgekeurd');
    await liveState(page).locator('li[data-step="release"][data-state="done"]').waitFor({ timeout: 180_000 });
    await liveState(page).getByText('vrijgegeven', { exact: true }).waitFor();
    expect(await analyst.query(released)).toMatchObject({ state: 'released' });
    for (const step of ['approval', 'execution', 'decryption'])
      await liveState(page).locator(`li[data-step="${step}"][data-state="done"]`).waitFor();
    expect(await accessibilityOf(page, 'analyst-live-state-released')).toEqual([]);
  });

  it('builds a combination (factors, at least one, the one year) in English; one steward rejects it and the analyst reads the reason live', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await buildQuery(page, COMBINATION);
    expect(await accessibilityOf(page, 'analyst-builder-combination-en')).toEqual([]);
    const id = await submitQuery(page);
    const envelope = (await analyst.query(id)) as unknown as { envelope: { spec: object } };
    expect(envelope.envelope.spec).toMatchObject({
      ...DEMO_GROUNDS,
      dataset: 'children_households',
      measure: { kind: 'count' },
      filters: [
        { field: 'year', op: 'eq', value: 2024 },
        { field: 'low_income', op: 'eq', value: true },
      ],
      combination: {
        factors: [
          {
            dataset: 'youth_care_trajectories',
            label: 'Uithuisplaatsing',
            filters: [{ field: 'out_of_home', op: 'eq', value: true }],
          },
          {
            dataset: 'health_monitor',
            label: 'Ouder in GGZ-behandeling',
            filters: [{ field: 'parent_mental_health_care', op: 'eq', value: true }],
          },
        ],
        atLeast: 1,
      },
    });
    await waitForLiveText(page, '0 of 4 partners have approved');
    await decideInConsole(browser, steward('gemeente'), id);
    await waitForLiveText(page, '1 of 4 partners have approved');
    await decideInConsole(browser, steward('sterkhuis'), id, { reject: REASON });
    await waitForLiveText(page, `rejected: ${REASON}`);
    await expect(partnerRow(page, 'sterkhuis').textContent()).resolves.toContain(REASON);
    await expect(partnerRow(page, 'ggd').textContent()).resolves.toContain('not answered yet');
    await liveState(page).locator('li[data-step="approval"][data-state="stopped"]').waitFor();
    expect(await analyst.query(id)).toMatchObject({ state: 'rejected', reason: `rejected by sterkhuis: ${REASON}` });
    expect(await accessibilityOf(page, 'analyst-live-state-rejected-en')).toEqual([]);

    // The released query's state is still there to follow from the list.
    await page.locator(`tr[data-query-id="${released}"]`).getByRole('button', { name: 'Follow' }).click();
    await liveState(page)
      .and(page.locator(`[data-status-of="${released}"]`))
      .getByText('released', { exact: true })
      .waitFor();
    await screenshot(page, 'analyst-queries-en');
  });

  it("shows the released query in the catalog's words: its dataset, filters, dimensions and partners by their labels", async () => {
    await page.locator(`tr[data-query-id="${released}"] button.view-release`).click();
    const view = page.locator(`section.release[data-query-id="${released}"]`);
    await view.locator('#release-table tbody tr').first().waitFor();
    const summary = (await view.locator('.release-summary dl').textContent()) ?? '';
    expect(summary).toContain(COUNT.dataset);
    expect(summary).toContain('Jaar eq 2024');
    expect(summary).toContain('Soort signaal eq "poverty"');
    expect(summary).toContain('Sterk Huis (jeugdhulp)');
    expect(summary).not.toMatch(/risk_signals|\bsignal eq|\byear eq/);
    expect(await view.locator('#release-table thead th').allTextContents()).toEqual(
      expect.arrayContaining(COUNT.groupBy),
    );
    await view.locator('button.close-release').click();
  });

  it('builds and submits a count with the keyboard alone, the focus outlined on every control it passes', async () => {
    const purpose = 'Smart Start keyboard test: signals per wijk in 2024, built without a mouse';
    const { id, outlines } = await submitCountByKeyboard(page, {
      dataset: COUNT.dataset,
      groupBy: 'wijk',
      year: '2024',
      purpose,
    });
    expect(outlines.map((o) => o.id)).toEqual([
      'builder-dataset',
      'builder-group-wijk',
      'builder-year',
      'builder-purpose',
      expect.stringMatching(/^builder-filter-/),
      'builder-legal-basis',
      'builder-dpia',
      'builder-retention',
      'button',
    ]);
    for (const outline of outlines) expect(outline).toMatchObject({ style: 'solid', width: 3 });
    const query = (await analyst.query(id)) as unknown as { state: string; envelope: { spec: object } };
    expect(query).toMatchObject({ state: 'proposed' });
    expect(query.envelope.spec).toMatchObject({
      ...DEMO_GROUNDS,
      dataset: 'risk_signals',
      measure: { kind: 'count' },
      groupBy: ['wijk'],
      filters: [{ field: 'year', op: 'eq', value: 2024 }],
      purpose,
    });
    expect((query.envelope.spec as { filters: unknown[] }).filters).toHaveLength(1);
    expect(await accessibilityOf(page, 'analyst-builder-keyboard')).toEqual([]);
  });
});
