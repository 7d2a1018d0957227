import { Browser, Page } from 'playwright-core';
import { AnalystClient, loadIdentity } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { fetchFederationLogs } from '../apps/cli/src/roles/federation-audit';
import { launchChromium } from './support/console-browser';
import {
  expectAccessible,
  exportedLines,
  filterByQuery,
  openEthicsBoard,
  REJECTED_PURPOSE,
  REJECTION_REASON,
  RELEASED_PURPOSE,
  runTwoQueries,
  tabThroughFilters,
  tamperNodeLog,
  timelineRows,
  TwoQueries,
  verdicts,
  verifyLogs,
  verifyOnCommandLine,
} from './support/console-ethics';
import { startTestCluster } from './support/test-cluster';

const LOGS = ['coordinator', 'gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

describe("the ethics board's console in Debian's chromium, on a real cluster", () => {
  let cluster: LocalCluster;
  let browser: Browser;
  let queries: TwoQueries;
  let page: Page;

  const nodeUrls = () => Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));

  beforeAll(async () => {
    cluster = await startTestCluster('console-ethics');
    browser = await launchChromium();
    queries = await runTwoQueries(cluster);
    page = await openEthicsBoard(browser, cluster);
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('reads every log from its own process and finds each valid, with the same check as bfa ethics verify', async () => {
    expect(await expectAccessible(page, 'ethics-registry')).toEqual([]);
    // Each node's log is read from that node, not relayed by the coordinator.
    const asked = new Set<string>();
    page.on('request', (request) => request.url().includes('/audit') && asked.add(new URL(request.url()).origin));
    await verifyLogs(page, cluster);
    expect(await verdicts(page)).toEqual(Object.fromEntries(LOGS.map((log) => [log, 'geldig'])));
    await page.getByText('Alle 5 logs die het register noemt zijn geldig en spreken elkaar niet tegen.').waitFor();
    await page.getByText('De logs spreken elkaar niet tegen.').waitFor();
    expect([...asked].sort()).toEqual([cluster.coordinatorUrl, ...Object.values(nodeUrls())].sort());
    expect(await expectAccessible(page, 'ethics-verified')).toEqual([]);
  });

  it('shows the whole story of both queries in one timeline, from every log', async () => {
    await filterByQuery(page, queries.released);
    const released = await timelineRows(page);
    const at = (log: string, type: string) => released.filter(([l, t]) => l === log && t === type).length;
    expect(at('coordinator', 'query.submitted')).toBe(1);
    expect(at('coordinator', 'decision.recorded')).toBe(queries.approvers.length);
    expect(at('coordinator', 'execution.completed')).toBe(1);
    expect(at('coordinator', 'decryption.received')).toBe(1);
    expect(at('coordinator', 'release.published')).toBe(1);
    for (const org of queries.approvers)
      expect([org, at(org, 'decision.signed'), at(org, 'execution.performed')]).toEqual([org, 1, 1]);
    expect(released.filter(([, t]) => t === 'decryption.performed').length).toBeGreaterThanOrEqual(3);
    expect(released.every(([, , q]) => q === queries.released)).toBe(true);
    expect(await expectAccessible(page, 'ethics-timeline-released')).toEqual([]);

    await filterByQuery(page, queries.rejected);
    const rejected = await timelineRows(page);
    expect(rejected.filter(([l, t]) => l === 'coordinator' && t === 'query.submitted')).toHaveLength(1);
    expect(rejected.filter(([l, t]) => l === 'coordinator' && t === 'decision.recorded')).toHaveLength(1);
    expect(rejected.filter(([l, t]) => l === 'ggd' && t === 'decision.signed')).toHaveLength(1);
    expect(rejected.filter(([, t]) => t === 'execution.performed' || t === 'release.published')).toEqual([]);
    await page
      .getByRole('cell', { name: new RegExp(REJECTION_REASON) })
      .first()
      .waitFor();
  });

  it("drills down into a query: the rejection's reason, and what the release hid by which rule", async () => {
    await page
      .getByRole('button', { name: `Openen ${queries.rejected}` })
      .first()
      .click();
    const rejected = page.getByRole('region', { name: `Verloop van vraag ${queries.rejected}` });
    await rejected.getByText(REJECTED_PURPOSE).waitFor();
    await rejected
      .getByTestId('decisions')
      .getByText(`ggd: afgewezen (reden: ${REJECTION_REASON})`, { exact: false })
      .waitFor();
    expect(await expectAccessible(page, 'ethics-drill-down-rejected')).toEqual([]);
    await rejected.getByRole('button', { name: 'Sluiten' }).click();

    await filterByQuery(page, queries.released);
    await page
      .getByRole('button', { name: `Openen ${queries.released}` })
      .first()
      .click();
    const story = page.getByRole('region', { name: `Verloop van vraag ${queries.released}` });
    await story.getByText(RELEASED_PURPOSE).waitFor();
    await story.getByText('analyst.smartstart', { exact: false }).first().waitFor();
    for (const org of queries.approvers)
      await story
        .getByTestId('decisions')
        .locator(`li[data-org="${org}"]`)
        .getByText('goedgekeurd', { exact: false })
        .waitFor();
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const release = await analyst.release<{
      protection: { rules: { rule: string; cells: number }[]; suppressedCells: number; totalCells: number };
      decryptedBy: string[];
      editions: { org: string; dataset: string; edition: string }[];
    }>(queries.released);
    // The data the release came from: every edition it names, by organisation, dataset and id.
    expect(release.editions.length).toBeGreaterThan(0);
    const editions = await story.getByTestId('editions').locator('li').allInnerTexts();
    expect(editions).toHaveLength(release.editions.length);
    for (const e of release.editions)
      expect(editions.some((text) => text.startsWith(`${e.org} · ${e.dataset} · `) && text.endsWith(e.edition))).toBe(
        true,
      );
    await story
      .getByText(
        `vrijgegeven: ${release.protection.totalCells} cellen, waarvan ${release.protection.suppressedCells} onderdrukt`,
      )
      .waitFor();
    const rules = await story.getByTestId('suppression-rules').locator('li').allInnerTexts();
    expect(rules).toHaveLength(release.protection.rules.length);
    for (const rule of release.protection.rules)
      expect(rules.some((r) => r.startsWith(rule.rule) && r.endsWith(`: ${rule.cells} cellen`))).toBe(true);
    const decrypted = await story.getByTestId('decrypted-by').innerText();
    for (const org of release.decryptedBy) expect(decrypted).toContain(org);
    expect(await expectAccessible(page, 'ethics-drill-down-released')).toEqual([]);
    await story.getByRole('button', { name: 'Sluiten' }).click();
  });

  it('reaches every filter by keyboard, and exports exactly the filtered entries as JSON lines', async () => {
    await tabThroughFilters(page);
    const lines = await exportedLines(page);
    const logs = await fetchFederationLogs(
      cluster.coordinatorUrl,
      nodeUrls(),
      loadIdentity(cluster.users['ethics.board']),
    );
    const all = [
      ...logs.coordinator.map((e) => ({ log: 'coordinator', ...e })),
      ...Object.entries(logs.nodes).flatMap(([log, entries]) => entries.map((e) => ({ log, ...e }))),
    ];
    const key = (e: Record<string, unknown>) => `${e.log} ${e.seq} ${e.hash}`;
    const expected = all.filter((e) => e.queryId === queries.released);
    expect(lines.length).toBeGreaterThan(10);
    expect(lines.map(key).sort()).toEqual(expected.map(key).sort());
    expect(lines.every((l) => l.queryId === queries.released && typeof l.signature === 'string')).toBe(true);
  });

  it("lets only the coordinator's console read a node's audit log across origins, and no other route", async () => {
    const csp = (await fetch(`${cluster.coordinatorUrl}/console/`)).headers.get('content-security-policy')!;
    for (const url of Object.values(nodeUrls())) expect(csp).toContain(url);
    const node = cluster.nodes.gemeente.url;
    const preflight = (path: string, origin: string, method = 'GET') =>
      fetch(`${node}${path}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': method,
          'access-control-request-headers': 'x-bfa-signature',
        },
      });
    const allowed = await preflight('/audit', cluster.coordinatorUrl);
    expect([
      allowed.status,
      allowed.headers.get('access-control-allow-origin'),
      allowed.headers.get('access-control-allow-methods'),
    ]).toEqual([204, cluster.coordinatorUrl, 'GET']);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await preflight('/audit', 'http://127.0.0.1:1')).headers.get('access-control-allow-origin')).toBeNull();
    expect(
      (await preflight('/steward/queries', cluster.coordinatorUrl)).headers.get('access-control-allow-origin'),
    ).toBeNull();
    expect(
      (await preflight('/steward/queries/x/decision', cluster.coordinatorUrl, 'POST')).headers.get(
        'access-control-allow-origin',
      ),
    ).toBeNull();
    // The CORS header lets the page read the answer; the signature is still what lets the request in.
    const unsigned = await fetch(`${node}/audit`, { headers: { origin: cluster.coordinatorUrl } });
    expect([unsigned.status, unsigned.headers.get('access-control-allow-origin')]).toEqual([
      401,
      cluster.coordinatorUrl,
    ]);
  });

  it('bfa ethics verify names each log it checked by URL, and with a log missing or unreachable never says they all agree', async () => {
    const all = await verifyOnCommandLine(cluster, nodeUrls());
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(`Fetched and checked 5 log(s): coordinator (${cluster.coordinatorUrl}), `);
    for (const [org, url] of Object.entries(nodeUrls())) expect(all.stdout).toContain(`${org} (${url})`);
    expect(all.stdout).toContain('All 5 logs the registry names verify and agree.');

    const { ggd, schoolbestuur, sterkhuis } = nodeUrls();
    const partial = await verifyOnCommandLine(cluster, { ggd, schoolbestuur, sterkhuis: 'http://127.0.0.1:9' });
    expect(partial.code).toBe(2);
    expect(partial.stdout).toContain('Fetched and checked 3 log(s):');
    expect(partial.stdout).not.toContain(sterkhuis);
    expect(partial.stdout).toContain("NOT CHECKED: gemeente's log, which the registry names: no URL was given for it.");
    expect(partial.stdout).toMatch(
      /NOT CHECKED: sterkhuis's log, which the registry names: it could not be fetched from http:\/\/127\.0\.0\.1:9: /,
    );
    expect(partial.stdout).toContain('INCOMPLETE: 2 of the 5 logs the registry names were not checked');
    expect(partial.stdout).not.toMatch(/verify and agree/);
  });

  it("says invalid for a node's log once its sqlite file was edited, and valid for the others", async () => {
    await tamperNodeLog(cluster, 'ggd', queries.released);
    await verifyLogs(page, cluster);
    await page.locator('[data-log="ggd"][data-valid="false"]').waitFor();
    const after = await verdicts(page);
    expect(after.ggd).toMatch(/^ONGELDIG: entry \d+: its content does not match its hash \(edited\)$/);
    for (const log of LOGS.filter((l) => l !== 'ggd')) expect(after[log]).toBe('geldig');
    await page.getByText('Problemen gevonden: zie de controle per log en de bevindingen.').waitFor();
    expect(await expectAccessible(page, 'ethics-tampered')).toEqual([]);
    // The same view in English, one button away.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Verification per log' }).waitFor();
    expect((await verdicts(page)).ggd).toMatch(/^INVALID: entry \d+: /);
    await page.getByText('Problems found: see the verification per log and the findings.').waitFor();
    await page.getByLabel('Event type').waitFor();
    expect(await expectAccessible(page, 'ethics-tampered-en')).toEqual([]);
  });
});
