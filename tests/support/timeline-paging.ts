import { join } from 'node:path';
import { Page } from 'playwright-core';
import { AuditEntry, readAuditPages } from '@bfa/audit';
import { AnalystClient, EthicsBoardClient, HttpError, loadIdentity } from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { DEMO_GROUNDS } from '../../deploy/local/grounds';

/** The ethics timeline and the audit API, paged: steps one cluster can run beside other scenarios. */

export const ethicsClient = (cluster: LocalCluster, url: string) =>
  new EthicsBoardClient(url, loadIdentity(cluster.users['ethics.board']));

/** Every log's URL by its name: the coordinator's and each node's. */
export const logUrls = (cluster: LocalCluster): Record<string, string> => ({
  coordinator: cluster.coordinatorUrl,
  ...Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url])),
});

/** `count` queries the catalog refuses (an unknown dimension): each one more `query.refused` in the coordinator's log. */
export async function lengthenCoordinatorLog(cluster: LocalCluster, count: number): Promise<void> {
  const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  for (let i = 0; i < count; i++)
    await analyst
      .submit({
        ...DEMO_GROUNDS,
        dataset: 'risk_signals',
        measure: { kind: 'count' },
        groupBy: [`no_such_dimension_${i}`],
        purpose: `Timeline paging test: refused query ${i}`,
      })
      .then(
        () => {
          throw new Error('the catalog accepted an unknown dimension');
        },
        (error) => {
          if (!(error instanceof HttpError && error.status === 400)) throw error;
        },
      );
}

/** One log read whole in one request and again page by page (`limit` a page): both, as read. */
export async function readBothWays(
  client: EthicsBoardClient,
  limit: number,
): Promise<{ whole: AuditEntry[]; paged: AuditEntry[] }> {
  const whole = await client.http.get<AuditEntry[]>('/audit');
  const paged = await readAuditPages((after, size) => client.auditPage(after, size), limit);
  return { whole, paged };
}

/** The answer to `GET path`: its status and its message (a refusal names its reason). */
export async function statusOf(client: EthicsBoardClient, path: string): Promise<[number, string]> {
  try {
    await client.http.get(path);
    return [200, ''];
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    return [error.status, String((error.body as { message?: unknown }).message)];
  }
}

/**
 * Chooses the registry and checks every log, as verifyLogs (console-ethics.ts) does, waiting up to `timeoutMs` for
 * the verdict: a few hundred signatures checked in the browser take more than half a minute on 2 loaded cores.
 */
export async function verifyLongLogs(page: Page, cluster: LocalCluster, timeoutMs = 240_000): Promise<void> {
  await page.setInputFiles('#registry-file', join(cluster.dir, 'registry.json'));
  await page.getByRole('button', { name: 'Logs ophalen en controleren' }).click();
  await page.locator('[data-verdict]').first().waitFor({ timeout: timeoutMs });
}

/** The timeline's rows as the table holds them now: `log seq`. */
export function listedRows(page: Page): Promise<string[]> {
  return page
    .locator('#timeline-title ~ table tbody tr')
    .evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-log')} ${r.getAttribute('data-seq')}`));
}

/** The total the timeline's status gives ("… van N regels"). */
export async function timelineTotal(page: Page): Promise<number> {
  const text = await page.locator('#timeline-title ~ p[role="status"]').innerText();
  return Number(/van (\d+) regels/.exec(text)![1]);
}

/**
 * Loads the timeline to its end with its "load more" button, by keyboard (focus, Enter), and returns the rows listed
 * after each press: the button must go with the last page.
 */
export async function loadWholeTimeline(page: Page): Promise<string[][]> {
  const listed = [await listedRows(page)];
  const more = page.getByRole('button', { name: /^Volgende \d+ regels laden$/ });
  for (let presses = 0; (await more.count()) > 0; presses++) {
    if (presses > 100) throw new Error('the timeline kept offering more');
    await more.focus();
    await page.keyboard.press('Enter');
    const before = listed[listed.length - 1].length;
    // Evaluated in the page, where document lives (this file is type-checked without the DOM's names).
    await page.waitForFunction(`document.querySelectorAll('#timeline-title ~ table tbody tr').length > ${before}`);
    listed.push(await listedRows(page));
  }
  return listed;
}
