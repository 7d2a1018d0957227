import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Page } from 'playwright-core';
import { ProcessingGrounds } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';
import { chooseGrounds, submitQuery } from './console-analyst';
import { tabTo } from './console-browser';

/** The scenario steps of the analyst's analyses in the console (rates, means by arm, the cocktail analysis), for one cluster shared by several scenarios. */

const builder = (page: Page) => page.getByRole('region', { name: /^(Nieuwe vraag|New query)$/ });

export interface BuiltAnalysis {
  /** The dataset's label in the catalog. */
  dataset: string;
  /** The dimensions' labels in the catalog. */
  groupBy: string[];
  year: string;
  purpose: string;
  grounds?: ProcessingGrounds;
}

async function start(page: Page, query: BuiltAnalysis): Promise<void> {
  await builder(page).locator('#builder-dataset').selectOption({ label: query.dataset });
}

async function finish(page: Page, query: BuiltAnalysis): Promise<void> {
  const form = builder(page);
  for (const dimension of query.groupBy) await form.getByRole('checkbox', { name: dimension, exact: true }).check();
  await form.locator('#builder-year').selectOption({ label: query.year });
  await form.getByLabel(/^(Doel|Purpose)$/).fill(query.purpose);
  await chooseGrounds(page, query.grounds ?? DEMO_GROUNDS);
}

/** A rate: the dataset's records per `per` records of a population dataset (by label), with its interval method. */
export async function buildRate(
  page: Page,
  query: BuiltAnalysis & { denominator: string; per: number; interval: 'wilson' | 'exact' },
): Promise<void> {
  await start(page, query);
  const form = builder(page);
  await form.locator('#builder-measure').selectOption('rate');
  await form.locator('#builder-denominator').selectOption({ label: query.denominator });
  await form.locator('#builder-per').selectOption(String(query.per));
  await form.locator('#builder-interval').selectOption(query.interval);
  await finish(page, query);
}

/**
 * A mean of a summable field (by id) grouped by arm: the arms drawn from a dimension (by label), named, the intervention
 * values checked with the keyboard alone (Tab to each, Space), as a keyboard user picks schools from the catalog's list.
 */
export async function buildMeanByArm(
  page: Page,
  query: BuiltAnalysis & { field: string; armsFrom: string; label: string; intervention: string[] },
): Promise<void> {
  await start(page, query);
  await builder(page).locator('#builder-measure').selectOption(`mean:${query.field}`);
  await finish(page, query);
  await chooseArms(page, query);
}

/** The builder's arms: drawn from a dimension (by label), named, the intervention values checked by keyboard alone. */
export async function chooseArms(
  page: Page,
  arms: { armsFrom: string; label: string; intervention: string[] },
): Promise<void> {
  const form = builder(page);
  await form.locator('#builder-arms-dimension').selectOption({ label: arms.armsFrom });
  await form.locator('#builder-arms-label').fill(arms.label);
  await form.locator('#builder-arms-label').focus();
  for (const value of arms.intervention) {
    await tabTo(page, `#builder-intervention-${value}`, 400);
    await page.keyboard.press('Space');
  }
  for (const value of arms.intervention)
    if (!(await form.locator(`#builder-intervention-${value}`).isChecked()))
      throw new Error(`Space did not check ${value}`);
}

/** The cocktail analysis of a combination: factors per dataset (label start → condition label), the analysis, the outcome and its year. */
export async function buildCocktail(
  page: Page,
  query: BuiltAnalysis & {
    factors: Record<string, string>;
    analysis: 'patterns' | 'outcomeByCount';
    outcome: string;
    outcomeYear: string;
  },
): Promise<void> {
  await start(page, query);
  const form = builder(page);
  await form.getByLabel(/^(Combinatievraag|Combination query)/).check();
  await form.locator('#builder-analysis').selectOption(query.analysis);
  for (const [dataset, condition] of Object.entries(query.factors))
    await form.getByRole('combobox', { name: dataset }).selectOption({ label: condition });
  await form.locator('#builder-outcome').selectOption({ label: query.outcome });
  await form.locator('#builder-outcome-year').selectOption(query.outcomeYear);
  await finish(page, query);
}

/** Submits the built query from the page, and every partner that must approve it approves through its node's API; its id. */
export async function submitApproved(page: Page, cluster: LocalCluster): Promise<string> {
  const id = await submitQuery(page);
  const status = await analystOf(cluster).query(id);
  const approvers = [
    ...new Set([...(status.envelope?.dataHolders ?? []), ...(status.envelope?.keyHolders ?? [])]),
  ].sort();
  for (const org of approvers)
    await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(id, 'approve');
  return id;
}

const analystOf = (cluster: LocalCluster) =>
  new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));

/** Waits until the query is released and returns its release as the API gives it. */
export async function releaseOf<T>(cluster: LocalCluster, id: string, timeoutMs = 900_000): Promise<T> {
  const ended = await analystOf(cluster).waitForState(id, ['released', 'failed'], timeoutMs);
  if (ended.state !== 'released') throw new Error(`query ${id} ${ended.state}: ${ended.reason}`);
  return analystOf(cluster).release<T>(id);
}

/** Opens a released query from the list and waits for `ready` inside its view. */
export async function openReleased(page: Page, queryId: string, ready: string): Promise<void> {
  await page
    .locator(`tr[data-query-id="${queryId}"]`)
    .getByRole('button', { name: /^(Vrijgave bekijken|View release)/ })
    .click();
  await page.locator(`section.release[data-query-id="${queryId}"] ${ready}`).first().waitFor();
}

/** The table's rows as shown: key and the text of each column after the breakdowns (value, estimate, interval). */
export function shownEstimates(page: Page, dimensions: number): Promise<{ key: string; texts: string[] }[]> {
  return page.$$eval(
    '#release-table tbody tr',
    (rows, skip) =>
      rows.map((row) => ({
        key: row.getAttribute('data-key')!,
        texts: Array.from(row.children)
          .slice(skip as number)
          .map((td) => (td as { textContent: string }).textContent),
      })),
    dimensions,
  );
}

/** An interval chart's rows as drawn: key, estimate and bounds as the page holds them (full precision), '' where there is none. */
export function chartIntervals(
  page: Page,
  chart: string,
): Promise<{ key: string; estimate: string; lower: string; upper: string }[]> {
  return page.$$eval(`.${chart} g.interval`, (rows) =>
    rows.map((g) => ({
      key: g.getAttribute('data-key')!,
      estimate: g.getAttribute('data-estimate')!,
      lower: g.getAttribute('data-lower')!,
      upper: g.getAttribute('data-upper')!,
    })),
  );
}

/** The cocktail counts as shown: per data-cell key the text and the suppression mark. */
export function shownCocktailCells(
  page: Page,
): Promise<{ key: string; text: string; suppressed: boolean; rule: string }[]> {
  return page.$$eval('#cocktail-counts td[data-cell]', (cells) =>
    cells.map((td) => ({
      key: td.getAttribute('data-cell')!,
      text: td.textContent!,
      suppressed: td.getAttribute('data-suppressed') === 'true',
      rule: td.getAttribute('data-rule')!,
    })),
  );
}

/** Clicks a download button and parses the CSV it saves. */
export async function downloadCsv(
  page: Page,
  button: string,
): Promise<{ name: string; rows: Record<string, string>[] }> {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(`button.${button}`)]);
  return { name: file.suggestedFilename(), rows: parse(readFileSync((await file.path())!, 'utf8'), { columns: true }) };
}
