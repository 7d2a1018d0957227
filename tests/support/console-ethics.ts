import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { AnalystClient, loadIdentity, StewardClient } from '../../deploy/local/clients';
import { LocalCluster } from '../../deploy/local/cluster';
import { bfa } from './bfa-cli';
import { axeViolations, screenshot, signalsQuery, tabTo } from './console-browser';
import { sqliteRun } from './sqlite';

/** The ethics board's console, scenario by scenario: each step takes the cluster and page it needs, so one cluster can serve several scenarios. */

export const RELEASED_PURPOSE = 'Ethics console test: signals per wijk and age band for prevention planning';
export const REJECTED_PURPOSE = 'Ethics console test: the same breakdown once more';
export const REJECTION_REASON = 'this breakdown was released yesterday; differencing risk';

export interface TwoQueries {
  released: string;
  rejected: string;
  approvers: string[];
}

/** One query every steward approves (released), one the GGD's steward rejects with a reason, through the API as the CLI does it. */
export async function runTwoQueries(cluster: LocalCluster): Promise<TwoQueries> {
  const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  const released = await analyst.submit(signalsQuery(RELEASED_PURPOSE));
  const rejected = await analyst.submit(signalsQuery(REJECTED_PURPOSE));
  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  for (const org of released.approvers) await steward(org).decide(released.id, 'approve');
  await steward('ggd').decide(rejected.id, 'reject', REJECTION_REASON);
  await analyst.waitForState(rejected.id, ['rejected']);
  if ((await analyst.waitForState(released.id, ['released', 'failed'])).state !== 'released')
    throw new Error(`query ${released.id} was not released`);
  return { released: released.id, rejected: rejected.id, approvers: released.approvers };
}

export async function expectAccessible(page: Page, view: string): Promise<string[]> {
  await screenshot(page, view);
  return axeViolations(page);
}

/** Opens the coordinator's console, signs in with the ethics board's key file, brings the registry and checks every log. */
export async function openEthicsBoard(browser: Browser, cluster: LocalCluster): Promise<Page> {
  const page = await browser.newPage({ acceptDownloads: true });
  await page.goto(`${cluster.coordinatorUrl}/console/`);
  await page.setInputFiles('#key-file', cluster.users['ethics.board']);
  await page.getByRole('button', { name: 'Aanmelden' }).click();
  await page.locator('#registry-file').waitFor();
  return page;
}

/** Chooses the registry and runs the check; waits for its verdict. */
export async function verifyLogs(page: Page, cluster: LocalCluster): Promise<void> {
  await page.setInputFiles('#registry-file', join(cluster.dir, 'registry.json'));
  await page.getByRole('button', { name: 'Logs ophalen en controleren' }).click();
  await page.locator('[data-verdict]').waitFor();
  await page
    .getByRole('status')
    .filter({ hasText: 'Logs ophalen' })
    .waitFor({ state: 'detached' })
    .catch(() => undefined);
}

/** Each log's row in the verification table: log → its verdict text. */
export async function verdicts(page: Page): Promise<Record<string, string>> {
  const rows = await page.locator('#verification-title ~ table tbody tr').all();
  const pairs = await Promise.all(
    rows.map(
      async (row) => [await row.getAttribute('data-log'), (await row.locator('td').last().innerText()).trim()] as const,
    ),
  );
  return Object.fromEntries(pairs);
}

/** The timeline rows currently shown: [log, event type, query id]. */
export async function timelineRows(page: Page): Promise<string[][]> {
  return page
    .locator('#timeline-title ~ table tbody tr')
    .evaluateAll((rows) =>
      rows.map((r) => [
        r.getAttribute('data-log') ?? '',
        r.getAttribute('data-type') ?? '',
        r.getAttribute('data-query-id') ?? '',
      ]),
    );
}

export async function filterByQuery(page: Page, queryId: string): Promise<void> {
  await page.getByLabel('Vraag (id)').selectOption(queryId);
}

/** Edits one entry of a node's audit log in its sqlite file, as someone with access to the node's disk could. */
export async function tamperNodeLog(cluster: LocalCluster, org: string, queryId: string): Promise<void> {
  await sqliteRun(
    join(cluster.nodes[org].dataDir, 'node-state.sqlite'),
    `UPDATE audit_log SET actor = 'somebody else' WHERE seq = (SELECT MIN(seq) FROM audit_log WHERE queryId = ?)`,
    [queryId],
  );
}

/** Reaches every filter by Tab alone, in order. */
export async function tabThroughFilters(page: Page): Promise<void> {
  for (const id of ['filter-queryId', 'filter-log', 'filter-type', 'filter-text', 'filter-from', 'filter-to'])
    await tabTo(page, `#${id}`);
}

/** Clicks the export and returns the downloaded JSON lines, parsed. */
export async function exportedLines(page: Page): Promise<Record<string, unknown>[]> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Gefilterde regels exporteren (JSON lines)' }).click();
  const file = await (await download).path();
  return readFileSync(file!, 'utf8')
    .trimEnd()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** `bfa ethics verify` as the board runs it on a terminal, against the cluster's logs: `nodes` overrides or leaves out node URLs. */
export function verifyOnCommandLine(
  cluster: LocalCluster,
  nodes: Record<string, string>,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const nodeArgs = Object.entries(nodes).flatMap(([org, url]) => ['--node', `${org}=${url}`]);
  return bfa([
    'ethics',
    'verify',
    '--coordinator',
    cluster.coordinatorUrl,
    ...nodeArgs,
    '--key',
    cluster.users['ethics.board'],
    '--registry',
    join(cluster.dir, 'registry.json'),
  ]);
}
