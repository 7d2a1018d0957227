import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, Page } from 'playwright-core';
import { verifyDecision } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { bfa } from './support/bfa-cli';
import { axeViolations, launchChromium, screenshot, signalsQuery, tabTo } from './support/console-browser';
import { startTestCluster } from './support/test-cluster';

const FIRST = 'Smart Start console test: signals per wijk and age band for prevention planning';
const SECOND = 'Smart Start console test: the same breakdown again for a second look';
const REASON = 'we answered a query with this breakdown last week; differencing risk';
const PASSPHRASE = 'correct horse battery staple';

describe("the steward's console in Debian's chromium, on a real cluster", () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let browser: Browser;
  let first: { id: string; approvers: string[] };
  let second: { id: string };

  const consoleUrl = (server: string) =>
    `${server === 'coordinator' ? cluster.coordinatorUrl : cluster.nodes[server].url}/console/`;
  const row = (page: Page, id: string) => page.locator(`tr[data-query-id="${id}"]`);

  beforeAll(async () => {
    cluster = await startTestCluster('console-steward');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    browser = await launchChromium();
    first = await analyst.submit(signalsQuery(FIRST));
    second = await analyst.submit(signalsQuery(SECOND));
    // The proposals reach the nodes over NATS; the console's own polling would find them too, this just keeps the test short.
    for (const org of first.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).waitForProposal(second.id);
  });

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  /** Everything the page sent: URL, headers and body of each request, to look for the secret key in. */
  const sent = new Map<Page, string[]>();

  async function openConsole(server: string): Promise<Page> {
    const page = await browser.newPage();
    sent.set(page, []);
    page.on('request', (request) =>
      sent.get(page)!.push(`${request.url()} ${JSON.stringify(request.headers())} ${request.postData() ?? ''}`),
    );
    const response = await page.goto(consoleUrl(server));
    expect(response?.status()).toBe(200);
    expect(response?.headers()['content-security-policy']).toContain("connect-src 'self'");
    return page;
  }

  async function signIn(page: Page, keyFile: string): Promise<void> {
    await page.setInputFiles('#key-file', keyFile);
    await page.getByRole('button', { name: /^(Aanmelden|Sign in)$/ }).click();
  }

  async function expectAccessible(page: Page, view: string): Promise<void> {
    await screenshot(page, view);
    expect(await axeViolations(page)).toEqual([]);
  }

  it("serves the same build on the coordinator, where an analyst sees their queries' state in words", async () => {
    const page = await openConsole('coordinator');
    await signIn(page, cluster.users['analyst.smartstart']);
    await row(page, first.id).getByText('wacht op de datastewards').waitFor();
    await row(page, first.id).getByText('0 van 4 partners hebben goedgekeurd').waitFor();
    await expectAccessible(page, 'analyst-queries-proposed');
    await page.close();
  });

  it('refuses a file that is not a key, and opens a key file sealed by bfa keys protect only with its passphrase, in the browser', async () => {
    const page = await openConsole('gemeente');
    await expectAccessible(page, 'steward-sign-in');
    await page.setInputFiles('#key-file', {
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": "world"}'),
    });
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'geen bruikbare ondertekensleutel' }).waitFor();

    // Sealed as a user would seal it, then still usable on the command line with the passphrase.
    const sealed = join(cluster.dir, 'stewards', 'gemeente.sealed.json');
    const passphraseFile = join(cluster.dir, 'gemeente.passphrase');
    copyFileSync(cluster.nodes.gemeente.stewardKeyFile, sealed);
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 });
    expect(await bfa(['keys', 'protect', '--key', sealed, '--passphrase-file', passphraseFile])).toMatchObject({
      code: 0,
    });
    expect(readFileSync(sealed, 'utf8')).not.toContain('secretKey');
    const list = ['steward', 'list', '--url', cluster.nodes.gemeente.url, '--key', sealed, '--json'];
    expect((await bfa(list)).stderr).toContain('is sealed with a passphrase, and none is set');
    const listed = await bfa(list, { BFA_SIGNING_KEY_PASSPHRASE_FILE: passphraseFile });
    expect(JSON.parse(listed.stdout).map((p: { queryId: string }) => p.queryId)).toContain(first.id);
    await page.setInputFiles('#key-file', sealed);
    await page.getByLabel('Wachtwoordzin van het sleutelbestand').fill('wrong passphrase');
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByRole('alert').filter({ hasText: 'De wachtwoordzin opent dit sleutelbestand niet' }).waitFor();
    await page.getByLabel('Wachtwoordzin van het sleutelbestand').fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Aanmelden' }).click();
    await page.getByText('Aangemeld als').waitFor();
    // Chromium has Ed25519 in WebCrypto: the key is imported non-extractable, and the raw key dropped.
    await page.getByText('sleutel afgeschermd').waitFor();
    await row(page, first.id).waitFor();
    await page.getByRole('button', { name: 'Afmelden' }).click();
    await page.locator('#key-file').waitFor();
    await page.close();
  });

  it("lets each steward review and approve the first query in their own node's console, signed in the browser", async () => {
    for (const org of ['gemeente', 'schoolbestuur', 'sterkhuis']) {
      const page = await openConsole(org);
      await signIn(page, cluster.nodes[org].stewardKeyFile);
      await row(page, first.id).waitFor();
      await expectAccessible(page, `steward-${org}-inbox`);
      await row(page, first.id)
        .getByRole('button', { name: /^Bekijken/ })
        .click();
      const review = page.getByRole('region', { name: /Beoordeling van vraag/ });
      await review.getByText(FIRST).waitFor();
      await expect(review.getByText('analyst.smartstart').count()).resolves.toBeGreaterThan(0);
      await expect(review.getByText(/^toegestaan/).count()).resolves.toBe(1);
      await expectAccessible(page, `steward-${org}-review`);
      await page.getByRole('button', { name: 'Goedkeuren en ondertekenen' }).click();
      await page.getByRole('status').filter({ hasText: 'Goedgekeurd en ondertekend.' }).waitFor();
      await row(page, first.id).waitFor({ state: 'detached' });
      await page.getByRole('button', { name: 'Besluiten' }).click();
      await row(page, first.id).getByText('goedgekeurd').first().waitFor();
      await expectAccessible(page, `steward-${org}-history`);
      const { secretKey } = JSON.parse(readFileSync(cluster.nodes[org].stewardKeyFile, 'utf8'));
      expect(sent.get(page)!.some((request) => request.includes('/decision'))).toBe(true);
      expect(
        sent.get(page)!.filter((request) => request.includes(secretKey) || request.includes(secretKey.slice(0, 43))),
      ).toEqual([]);
      await page.close();
    }
  });

  it('works by keyboard alone: the fourth steward signs in and approves without a mouse', async () => {
    const page = await openConsole('ggd');
    const chooser = page.waitForEvent('filechooser');
    await tabTo(page, '#key-file');
    await page.keyboard.press('Enter');
    await (await chooser).setFiles(cluster.nodes.ggd.stewardKeyFile);
    await tabTo(page, 'button[type=submit]');
    await page.keyboard.press('Enter');
    await row(page, first.id).waitFor();
    await tabTo(page, `tr[data-query-id="${first.id}"] button`);
    await page.keyboard.press('Enter');
    await page.getByText(FIRST).waitFor();
    await tabTo(page, 'button.approve');
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'Goedgekeurd en ondertekend.' }).waitFor();
    await screenshot(page, 'steward-ggd-keyboard-approved');
    await page.close();
  });

  it('releases the approved query; a steward rejects the second in English with a reason the analyst reads', async () => {
    const page = await openConsole('sterkhuis');
    await page.getByRole('button', { name: 'English' }).click();
    await signIn(page, cluster.nodes.sterkhuis.stewardKeyFile);
    await row(page, second.id)
      .getByRole('button', { name: /^Review/ })
      .click();
    await page.getByText(SECOND).waitFor();
    await page.getByRole('button', { name: 'Reject and sign' }).click();
    await page.getByRole('alert').filter({ hasText: 'A rejection needs a reason' }).waitFor();
    await page.getByLabel(/^Reason for rejecting/).fill(REASON);
    await expectAccessible(page, 'steward-sterkhuis-review-en');
    await page.getByRole('button', { name: 'Reject and sign' }).click();
    await page.getByRole('status').filter({ hasText: 'Rejected and signed.' }).waitFor();
    await page.getByRole('button', { name: 'Decisions' }).click();
    await row(page, second.id).getByText(REASON).waitFor();
    await expectAccessible(page, 'steward-sterkhuis-history-en');
    await page.close();

    expect(await analyst.waitForState(first.id, ['released', 'failed'], 120_000)).toMatchObject({ state: 'released' });
    const rejected = await analyst.waitForState(second.id, ['rejected'], 30_000);
    expect(rejected.reason).toBe(`rejected by sterkhuis: ${REASON}`);

    // The decision the node stored is the browser's signature over the CLI's decision statement, under the steward's registered key.
    const steward = new StewardClient(cluster.nodes.sterkhuis.url, cluster.nodes.sterkhuis.stewardKeyFile);
    const stored = await steward.proposal<{ decision: any }>(second.id);
    const publicKey = JSON.parse(readFileSync(cluster.nodes.sterkhuis.stewardKeyFile, 'utf8')).publicKey;
    expect(stored.decision.statement).toMatchObject({
      queryId: second.id,
      org: 'sterkhuis',
      decision: 'reject',
      reason: REASON,
    });
    expect(verifyDecision(stored.decision, publicKey)).toBe(true);

    // The analyst's console shows both outcomes, the rejection with the steward's reason, without reloading.
    const analystPage = await openConsole('coordinator');
    await signIn(analystPage, cluster.users['analyst.smartstart']);
    await row(analystPage, first.id).getByText('vrijgegeven').waitFor();
    await row(analystPage, first.id).getByText('4 van 4 partners hebben goedgekeurd').waitFor();
    await row(analystPage, second.id).getByText(`afgewezen door sterkhuis: ${REASON}`).waitFor();
    await expectAccessible(analystPage, 'analyst-queries-decided');
    await analystPage.close();
  });
});
