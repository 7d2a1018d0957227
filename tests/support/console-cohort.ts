import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { Page } from 'playwright-core';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { tabTo } from './console-browser';
import { chartIntervals } from './console-analyses';

/** The scenario steps of a cohort release's difference in differences in the console, for one cluster shared by several scenarios. */

/** Submits a cohort query through the API (the builder has no cohorts) as the console's analyst; every partner asked approves it. */
export async function submitCohortApproved(cluster: LocalCluster, spec: QuerySpec): Promise<string> {
  const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  const { id, approvers } = await analyst.submit(spec);
  for (const org of approvers)
    await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(id, 'approve');
  return id;
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
