import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Page } from 'playwright-core';
import { ProcessingGrounds, QuerySpec } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';
import { axeViolations, tabTo } from './console-browser';
import { chartIntervals, chooseArms } from './console-analyses';
import { chooseGrounds, submitQuery, waitForLiveText } from './console-analyst';

/** The scenario steps of a cohort follow-up in the console, built and read, for one cluster shared by several scenarios. */

const analystOf = (cluster: LocalCluster) =>
  new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));

/** Every partner the query asks approves it through its node's API. */
async function approveAll(cluster: LocalCluster, id: string, approvers: string[]): Promise<void> {
  for (const org of approvers)
    await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(id, 'approve');
}

/** Submits a cohort query through the API as the console's analyst; every partner asked approves it. */
export async function submitCohortApproved(cluster: LocalCluster, spec: QuerySpec): Promise<string> {
  const { id, approvers } = await analystOf(cluster).submit(spec);
  await approveAll(cluster, id, approvers);
  return id;
}

export interface BuiltCohort {
  /** The population's label in the catalog, and the cohort's year. */
  dataset: string;
  year: string;
  /** The arms: the dimension's label they are drawn from, their name, the intervention's values (catalog order). */
  armsFrom: string;
  label: string;
  intervention: string[];
  /** Per outcome dataset (by id), the option chosen, by its label. */
  outcomes: Record<string, string>;
  /** The id of the analyst's released cohort of an earlier year. */
  before?: string;
  purpose: string;
  grounds?: ProcessingGrounds;
}

const builder = (page: Page) => page.getByRole('region', { name: /^(Nieuwe vraag|New query)$/ });

/**
 * A cohort follow-up in the analyst's builder: a combination of the population, analysis "cohort", its year, the
 * arms by keyboard, and each of the cohort's own fields reached with Tab alone before it is chosen.
 */
export async function buildCohort(page: Page, cohort: BuiltCohort): Promise<void> {
  const form = builder(page);
  await form.locator('#builder-dataset').selectOption({ label: cohort.dataset });
  await form.getByLabel(/^(Combinatievraag|Combination query)/).check();
  await form.locator('#builder-year').selectOption({ label: cohort.year });
  await form.getByLabel(/^(Combinatievraag|Combination query)/).focus();
  await tabTo(page, '#builder-analysis', 200);
  await page.locator('#builder-analysis').selectOption('cohort');
  await chooseArms(page, cohort);
  for (const [dataset, option] of Object.entries(cohort.outcomes)) {
    await tabTo(page, `#builder-cohort-outcome-${dataset}`, 400);
    await page.locator(`#builder-cohort-outcome-${dataset}`).selectOption({ label: option });
  }
  if (cohort.before) {
    await tabTo(page, '#builder-before', 100);
    await form.locator(`#builder-before option[value="${cohort.before}"]`).waitFor({ state: 'attached' });
    await page.locator('#builder-before').selectOption(cohort.before);
  }
  await form.getByLabel(/^(Doel|Purpose)$/).fill(cohort.purpose);
  await chooseGrounds(page, cohort.grounds ?? DEMO_GROUNDS);
}

/** The built cohort's form in English (its legend, outcomes and before cohort in English words), its axe violations, and back to Dutch. */
export async function cohortFormInEnglish(page: Page): Promise<string[]> {
  await page.getByRole('button', { name: 'English' }).click();
  const form = builder(page).getByRole('group', { name: 'Cohort follow-up' });
  await form.getByRole('group', { name: 'Outcomes' }).waitFor();
  await form.getByLabel('Earlier cohort (for the difference in differences)').waitFor();
  const violations = await axeViolations(page);
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await builder(page).getByRole('group', { name: 'Cohortonderzoek' }).waitFor();
  return violations;
}

/**
 * Submits the built cohort from the page, sees it wait for the data stewards in its live state, has every partner
 * approve it, and sees it move on in the same live state, without reloading; its id and the spec the coordinator holds.
 */
export async function submitBuiltCohort(page: Page, cluster: LocalCluster): Promise<{ id: string; spec: QuerySpec }> {
  const id = await submitQuery(page);
  await waitForLiveText(page, /^(wacht op de datastewards|waiting for the data stewards)$/);
  const { envelope } = await analystOf(cluster).query(id);
  await approveAll(cluster, id, [...new Set([...envelope!.dataHolders, ...envelope!.keyHolders])]);
  await waitForLiveText(
    page,
    /^(wordt versleuteld berekend|vrijgegeven|being computed under encryption|released)$/,
    300_000,
  );
  return { id, spec: envelope!.spec as QuerySpec };
}

export interface ShownCohort {
  /** The after cohort's counts: per `arm|outcome` the text and the suppression mark. */
  counts: { key: string; text: string; suppressed: boolean; rule: string }[];
  /** The four groups' table: per `arm cohort` the risk as the page holds it and the texts of its cells. */
  groups: { key: string; risk: string; texts: string[] }[];
  did: { text: string; estimate: string | null };
  preTrend: { text: string; checked: string; estimate: string } | null;
  riskChart: { key: string; estimate: string; lower: string; upper: string }[];
  effectChart: { key: string; estimate: string; lower: string; upper: string }[];
  heading: string;
}

/** What the cohort view shows, read from the page. */
export async function shownCohort(page: Page): Promise<ShownCohort> {
  const counts = await page.$$eval('#cohort-counts td[data-cell]', (cells) =>
    cells.map((td) => ({
      key: td.getAttribute('data-cell')!,
      text: td.textContent!,
      suppressed: td.getAttribute('data-suppressed') === 'true',
      rule: td.getAttribute('data-rule')!,
    })),
  );
  const groups = await page.$$eval('#cohort-groups tbody tr', (rows) =>
    rows.map((r) => ({
      key: r.getAttribute('data-group')!,
      risk: r.getAttribute('data-risk')!,
      texts: Array.from(r.children).map((td) => (td as { textContent: string }).textContent),
    })),
  );
  const did = page.locator('#did-sentence');
  const pre = page.locator('#pre-trend-sentence');
  return {
    counts,
    groups,
    did: { text: (await did.textContent())!, estimate: await did.getAttribute('data-estimate') },
    preTrend:
      (await pre.count()) === 0
        ? null
        : {
            text: (await pre.textContent())!,
            checked: (await pre.getAttribute('data-checked'))!,
            estimate: (await pre.getAttribute('data-estimate'))!,
          },
    riskChart: await chartIntervals(page, 'cohort-risk-chart'),
    effectChart: await chartIntervals(page, 'did-chart'),
    heading: (await page.locator('#cohort-title').textContent())!,
  };
}

/** The effect's CSV by keyboard alone: Tab to its button, Enter; its file name and rows. */
export async function downloadEffectByKeyboard(page: Page): Promise<{ name: string; rows: Record<string, string>[] }> {
  await tabTo(page, 'button.download-effect', 300);
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  return { name: file.suggestedFilename(), rows: parse(readFileSync((await file.path())!, 'utf8'), { columns: true }) };
}
