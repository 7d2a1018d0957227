import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { signRequest } from '@bfa/access';
import { generateSigningKeyPair } from '@bfa/crypto';
import {
  AnalystClient,
  EthicsBoardClient,
  http,
  HttpError,
  loadIdentity,
  SignedHttp,
  StewardClient,
} from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { bfa, bfaStarted } from './support/bfa-cli';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

const QUERY = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk'],
  purpose: 'Access test: who may see which query, inbox and audit entry',
};

/** What the CLI printed, kept for people to look at (not committed). */
const ARTIFACTS = join(__dirname, 'artifacts');

const statusOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 200,
    (error: HttpError) => error.status,
  );

describe('roles and request signatures: each role does its own job and nothing more', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let otherAnalyst: AnalystClient;
  let ethicsBoard: EthicsBoardClient;
  let queryId: string;
  const steward = (org: string, nodeOrg = org) =>
    new StewardClient(cluster.nodes[nodeOrg].url, cluster.nodes[org].stewardKeyFile);

  beforeAll(async () => {
    cluster = await startTestCluster('access');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    otherAnalyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.other']));
    ethicsBoard = new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
    queryId = (await analyst.submit(QUERY)).id;
    await steward('ggd').waitForProposal(queryId);
  });

  afterAll(() => cluster?.stop());

  it('an analyst sees their own queries only', async () => {
    expect((await analyst.queries()).map((q) => q.id)).toContain(queryId);
    expect((await otherAnalyst.queries()).map((q) => q.id)).not.toContain(queryId);
    await expect(otherAnalyst.query(queryId)).rejects.toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('not analyst.other') },
    });
    await expect(otherAnalyst.release(queryId)).rejects.toMatchObject({ status: 403 });
    expect((await analyst.query(queryId)).state).toBe('proposed');
  });

  it('an analyst reads no audit log and no steward inbox', async () => {
    expect(await statusOf(analyst.http.get('/audit'))).toBe(403);
    expect(await statusOf(new SignedHttp(cluster.nodes.ggd.url, analyst.http.identity).get('/steward/queries'))).toBe(
      403,
    );
  });

  it("a steward uses only their own organisation's node", async () => {
    expect((await steward('ggd').inbox()).map((p) => p.queryId)).toContain(queryId);
    await expect(steward('ggd', 'gemeente').inbox()).rejects.toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('steward of ggd, not of gemeente') },
    });
    expect(
      await statusOf(
        new SignedHttp(cluster.coordinatorUrl, loadIdentity(cluster.nodes.ggd.stewardKeyFile)).get('/audit'),
      ),
    ).toBe(403);
  });

  it('the ethics board reads the log and every query, and submits nothing', async () => {
    expect(await ethicsBoard.verify()).toMatchObject({ valid: true });
    expect((await ethicsBoard.http.get<{ id: string }[]>('/queries')).map((q) => q.id)).toContain(queryId);
    expect(await statusOf(ethicsBoard.http.post('/queries', QUERY))).toBe(403);
  });

  it('refuses unsigned, unknown, tampered, stale and replayed requests with a 401 and a reason', async () => {
    const url = `${cluster.coordinatorUrl}/queries`;
    const identity = analyst.http.identity;
    await expect(http(url)).rejects.toMatchObject({
      status: 401,
      body: { message: expect.stringContaining('sign the request') },
    });
    const stranger = { id: 'analyst.stranger', secretKey: generateSigningKeyPair().secretKey };
    await expect(
      http(url, { headers: signRequest({ method: 'GET', path: '/queries' }, stranger) }),
    ).rejects.toMatchObject({ status: 401, body: { message: expect.stringContaining('unknown principal') } });
    const signedForOther = signRequest({ method: 'POST', path: '/queries', body: QUERY }, identity);
    await expect(
      http(url, { method: 'POST', body: { ...QUERY, groupBy: ['age_band'] }, headers: signedForOther }),
    ).rejects.toMatchObject({ status: 401, body: { message: expect.stringContaining('does not verify') } });
    const stale = signRequest({ method: 'GET', path: '/queries' }, identity, new Date(Date.now() - 10 * 60_000));
    await expect(http(url, { headers: stale })).rejects.toMatchObject({
      status: 401,
      body: { message: expect.stringContaining('stale') },
    });
    const once = signRequest({ method: 'GET', path: '/queries' }, identity);
    await http(url, { headers: once });
    await expect(http(url, { headers: once })).rejects.toMatchObject({
      status: 401,
      body: { message: expect.stringContaining('replayed') },
    });
  });

  it('logs every refusal in the audit log, with who, what and why', async () => {
    const refusals = (await ethicsBoard.audit()).filter((e) => e.type === 'access.refused');
    expect(refusals.map((e) => e.details.status)).toEqual(expect.arrayContaining([401, 403]));
    expect(refusals).toContainEqual(
      expect.objectContaining({
        actor: 'analyst.other',
        details: expect.objectContaining({ status: 403, path: `/queries/${queryId}` }),
      }),
    );
    expect(refusals).toContainEqual(
      expect.objectContaining({
        actor: 'analyst.smartstart',
        details: expect.objectContaining({ status: 401, reason: expect.stringContaining('replayed') }),
      }),
    );
  });

  it('bfa analyst and bfa steward: submit, list, reject with a reason, see the rejection', async () => {
    const analystArgs = ['--url', cluster.coordinatorUrl, '--key', cluster.users['analyst.smartstart']];
    const stewardArgs = (org: string) => ['--url', cluster.nodes[org].url, '--key', cluster.nodes[org].stewardKeyFile];
    const file = join(cluster.dir, 'query.json');
    writeFileSync(
      file,
      JSON.stringify({ ...QUERY, purpose: 'CLI test: a query submitted and rejected from the command line' }),
    );
    const submitted = await bfa(['analyst', 'submit', file, ...analystArgs, '--json']);
    expect(submitted.code).toBe(0);
    const { id } = JSON.parse(submitted.stdout);
    await steward('ggd').waitForProposal(id);
    const inbox = await bfa(['steward', 'list', ...stewardArgs('ggd'), '--json']);
    expect(JSON.parse(inbox.stdout).map((p: { queryId: string }) => p.queryId)).toContain(id);
    expect((await bfa(['steward', 'list', ...stewardArgs('ggd')])).stdout).toContain(id);
    const noReason = await bfa(['steward', 'reject', id, ...stewardArgs('ggd')]);
    expect(noReason.code).not.toBe(0);
    expect(noReason.stderr).toMatch(/--reason/);
    expect(
      (await bfa(['steward', 'reject', id, '--reason', 'purpose too broad for health data', ...stewardArgs('ggd')]))
        .code,
    ).toBe(0);
    const shown = await analyst.waitForState(id, ['rejected']);
    expect(shown.reason).toContain('purpose too broad for health data');
    expect(JSON.parse((await bfa(['analyst', 'show', id, ...analystArgs, '--json'])).stdout)).toMatchObject({
      state: 'rejected',
    });
  });

  it("bfa analyst release --wait: the approvals as progress on stderr, then the API's cells as a table with names, marks and a legend", async () => {
    const analystArgs = ['--url', cluster.coordinatorUrl, '--key', cluster.users['analyst.smartstart']];
    const submitted = await analyst.submit({
      ...QUERY,
      purpose: 'CLI test: a release followed on the terminal and printed as a table',
    });
    const [last, ...first] = [...submitted.approvers].reverse();
    for (const org of first) await steward(org).decide(submitted.id, 'approve');
    const waiting = bfaStarted(['analyst', 'release', submitted.id, '--wait', ...analystArgs]);
    await waiting.saying(
      `${first.length} of ${submitted.approvers.length} partners have approved (waiting for ${last})`,
    );
    await steward(last).decide(submitted.id, 'approve');
    const { code, stdout, stderr } = await waiting.done;
    expect(code).toBe(0);
    expect(stderr.trim().split('\n').pop()).toBe('released');
    expect(stderr).not.toMatch(/\u001b\[/);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'bfa-analyst-release.txt'), stdout);
    const release = await analyst.release<{
      cells: { coordinates: { wijk: string }; value: number | null; suppressed: boolean; rule?: string }[];
      protection: { suppressedCells: number; totalCells: number };
    }>(submitted.id);
    const rowOf = (wijk: string) =>
      stdout
        .split('\n')
        .find(
          (line) => line.includes(`(${wijk})`) || (wijk === 'Totaal' && line.includes('Hart van Brabant (regio)')),
        )!;
    for (const cell of release.cells) {
      const shown = rowOf(cell.coordinates.wijk)
        .split('│')
        .map((s) => s.trim())
        .filter(Boolean);
      expect(shown[shown.length - 1]).toBe(
        cell.suppressed
          ? { 'primary-frequency': 'x', secondary: 's', differencing: 'v' }[cell.rule!]
          : String(cell.value),
      );
    }
    expect(stdout).toContain('Dongen: Wijk 01 Dongen (WK076601)');
    expect(stdout).toContain(
      `${release.protection.suppressedCells} of ${release.protection.totalCells} cells suppressed`,
    );
    const json = await bfa(['analyst', 'release', submitted.id, ...analystArgs, '--json']);
    expect(JSON.parse(json.stdout)).toEqual(release);
  });

  it("bfa steward show: the review in words, not JSON; --json gives the API's answer", async () => {
    const args = [queryId, '--url', cluster.nodes.ggd.url, '--key', cluster.nodes.ggd.stewardKeyFile];
    const { code, stdout } = await bfa(['steward', 'show', ...args]);
    expect(code).toBe(0);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'bfa-steward-show.txt'), stdout);
    const flat = stdout.replace(/[│┌┐└┘├┤┬┴┼─]/g, ' ').replace(/\s+/g, ' ');
    expect(flat).toContain(`Purpose ${QUERY.purpose}`);
    expect(flat).toContain('Requested by analyst.smartstart');
    expect(flat).toMatch(/Your policy allows this query/);
    expect(stdout).not.toContain('{');
    expect(JSON.parse((await bfa(['steward', 'show', ...args, '--json'])).stdout)).toMatchObject({
      queryId,
      review: { purpose: QUERY.purpose },
    });
    const listed = (await bfa(['steward', 'list', ...args.slice(1)])).stdout
      .split('\n')
      .find((line) => line.includes(queryId));
    expect(listed).toMatch(/│ risk_signals +│ analyst\.smartstart +│ allows +│ pending +│/);
  });

  it('bfa names a URL nobody answers, in one line, and exits non-zero', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise((resolve) => server.close(resolve));
    const { code, stdout, stderr } = await bfa([
      'analyst',
      'list',
      '--url',
      url,
      '--key',
      cluster.users['analyst.smartstart'],
    ]);
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: '',
      stderr: `bfa: could not reach the coordinator at ${url}: connection refused\n`,
    });
    const steward = await bfa(['steward', 'list', '--url', url, '--key', cluster.nodes.ggd.stewardKeyFile]);
    expect(steward.stderr).toBe(`bfa: could not reach the node of ggd at ${url}: connection refused\n`);
  });

  it('keeps /health open: it says nothing but "up"', async () => {
    expect(await http(`${cluster.coordinatorUrl}/health`)).toEqual({ status: 'up' });
  });
});
