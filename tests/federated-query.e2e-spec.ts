import { readFileSync } from 'node:fs';
import { connect } from 'nats';
import { canonicalHash, generateSigningKeyPair } from '@bfa/crypto';
import { signCoordinatorMessage } from '@bfa/protocol';
import { join } from 'node:path';
import {
  AnalystClient,
  EthicsBoardClient,
  http,
  HttpError,
  loadIdentity,
  StewardClient,
} from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { RawNats } from './support/raw-nats';
import { readSeedCsv, seedExportFile } from './support/seed-exports';
import { Cell, cellsFromStores, expectReleaseMatches, Table, withTotals } from './support/release-truth';
import { sqliteAll, sqliteRun } from './support/sqlite';
import { waitForLogLine } from './support/logs';
import { coordinatorKey, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { decisionAcknowledged } from './support/acknowledged';

const PURPOSE = 'Smart Start end-to-end test: aggregate per wijk and age band for prevention planning';

const signalsByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: PURPOSE,
};

const careDaysByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'sum' as const, field: 'duration_days' },
  groupBy: ['wijk', 'age_band'],
  filters: [
    { field: 'year', op: 'eq' as const, value: 2024 },
    { field: 'care_form', op: 'in' as const, value: ['ambulant', 'residential'] },
  ],
  purpose: PURPOSE,
};

describe('a federated query across the four partners, on real nats-server, processes and sqlite files', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let nats: RawNats;

  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const recordsFile = (org: string) => join(cluster.nodes[org].dataDir, 'records.sqlite');
  const ethicsBoard = () => new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board']));
  const auditEntries = () => ethicsBoard().audit();

  async function approveAll(id: string, approvers: string[]): Promise<void> {
    for (const org of approvers) await steward(org).decide(id, 'approve');
  }

  /** Plaintext per cell, summed over the partners' sqlite files directly, outside the platform. */
  const expectedCells = (orgs: string[], sql: string) => cellsFromStores(recordsFile, orgs, sql);

  /**
   * The same cells from Sterk Huis's seed export itself, read as the partner wrote it (its own codes, its wijk
   * column, the age on 31 December from the date of birth), without the import or the store.
   */
  function careDaysFromExport(): Map<string, { contributors: number; value: number }> {
    const cells = new Map<string, { contributors: number; value: number }>();
    for (const row of readSeedCsv(seedExportFile(cluster, 'sterkhuis', 'youth_care_trajectories'), ';')) {
      if (row.Jaar !== '2024' || !['AMB', 'RES'].includes(row.Hulpvorm)) continue;
      const age = 2024 - Number(row.Geboortedatum.slice(-4));
      const key = `${row.Wijkcode}|${age <= 3 ? '0-3' : age <= 11 ? '4-11' : age <= 15 ? '12-15' : '16-17'}`;
      const cell = cells.get(key) ?? { contributors: 0, value: 0 };
      cells.set(key, { contributors: cell.contributors + 1, value: cell.value + Number(row['Duur traject (dagen)']) });
    }
    return cells;
  }

  beforeAll(async () => {
    cluster = await startTestCluster('federated-query');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    // A compromised coordinator: it holds the coordinator's key and bypasses the coordinator's own checks.
    nats = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator, coordinatorKey(cluster));
  });

  afterAll(async () => {
    await nats?.close();
    await cluster?.stop();
  });

  it('releases the sum over all four partners, equal to the plaintext from their sqlite files except suppressed cells', async () => {
    const submitted = await analyst.submit(signalsByWijk);
    expect(submitted.approvers).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    await approveAll(submitted.id, submitted.approvers);
    const final = await analyst.waitForState(submitted.id, ['released', 'failed']);
    expect(final).toMatchObject({ state: 'released' });
    const expected = await expectedCells(
      ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'],
      'SELECT wijk, age_band, COUNT(*) AS contributors, COUNT(*) AS value FROM risk_signals WHERE year = 2024 GROUP BY wijk, age_band',
    );
    expectReleaseMatches(await analyst.release<Table>(submitted.id), expected);
  });

  it('releases a sum of a whitelisted field, suppressing cells with fewer than 10 children, equal to the sums in the seed export', async () => {
    const submitted = await analyst.submit(careDaysByWijk);
    await approveAll(submitted.id, submitted.approvers);
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    const expected = await expectedCells(
      ['sterkhuis'],
      "SELECT wijk, age_band, COUNT(*) AS contributors, SUM(duration_days) AS value FROM youth_care_trajectories WHERE year = 2024 AND care_form IN ('ambulant', 'residential') GROUP BY wijk, age_band",
    );
    const table = await analyst.release<Table>(submitted.id);
    expectReleaseMatches(table, expected);
    const fromExport = careDaysFromExport();
    expect(fromExport.size).toBeGreaterThan(50);
    expect(fromExport).toEqual(expected);
    expectReleaseMatches(table, fromExport);
    // No released wijk x age cell is dominated: its two longest trajectories are at most 90% of its days.
    const topTwo = await sqliteAll<{ wijk: string; age_band: string; top: number; total: number }>(
      recordsFile('sterkhuis'),
      `SELECT wijk, age_band, SUM(CASE WHEN rank <= 2 THEN duration_days ELSE 0 END) AS top, SUM(duration_days) AS total FROM (SELECT wijk, age_band, duration_days, ROW_NUMBER() OVER (PARTITION BY wijk, age_band ORDER BY duration_days DESC) AS rank ${"FROM youth_care_trajectories WHERE year = 2024 AND care_form IN ('ambulant', 'residential')"}) GROUP BY wijk, age_band`,
    );
    const released = new Set(
      table.cells.filter((c) => !c.suppressed).map((c) => `${c.coordinates.wijk}|${c.coordinates.age_band}`),
    );
    const dominated = topTwo.filter((row) => row.top > 0.9 * row.total);
    for (const row of dominated) expect(released.has(`${row.wijk}|${row.age_band}`)).toBe(false);
  });

  it('suppresses cells that would differ from an earlier release by fewer than 10 children (differencing)', async () => {
    const CARE = "FROM youth_care_trajectories WHERE year = 2024 AND care_form IN ('ambulant', 'residential')";
    const earlier = await analyst.submit(careDaysByWijk);
    await approveAll(earlier.id, earlier.approvers);
    await analyst.waitForState(earlier.id, ['released', 'failed']);
    const narrower = {
      ...careDaysByWijk,
      filters: [...careDaysByWijk.filters, { field: 'out_of_home', op: 'eq' as const, value: false }],
    };
    const submitted = await analyst.submit(narrower);
    await approveAll(submitted.id, submitted.approvers);
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    const [before, after] = await Promise.all([
      analyst.release<Table>(earlier.id),
      analyst.release<Table>(submitted.id),
    ]);
    const sql = (extra: string) =>
      `SELECT wijk, age_band, COUNT(*) AS contributors, SUM(duration_days) AS value ${CARE}${extra} GROUP BY wijk, age_band`;
    const oldTruth = withTotals(await expectedCells(['sterkhuis'], sql('')));
    const newTruth = withTotals(await expectedCells(['sterkhuis'], sql(' AND out_of_home = 0')));
    const key = (c: Cell) => `${c.coordinates.wijk}|${c.coordinates.age_band}`;
    const releasedBefore = new Set(before.cells.filter((c) => !c.suppressed).map(key));
    let differencing = 0;
    for (const cell of after.cells) {
      const gap = (oldTruth.get(key(cell))?.contributors ?? 0) - (newTruth.get(key(cell))?.contributors ?? 0);
      if (releasedBefore.has(key(cell)) && gap > 0 && gap < 10) {
        expect(cell.suppressed).toBe(true);
        differencing++;
      }
      if (!cell.suppressed) expect(cell.value).toBe(newTruth.get(key(cell))?.value);
    }
    expect(differencing).toBeGreaterThan(0);
    expect(after.protection.rules.map((r) => r.rule)).toContain('differencing');
  });

  it('never executes a query that one steward rejected, anywhere', async () => {
    const submitted = await analyst.submit(signalsByWijk);
    await approveAll(submitted.id, ['gemeente', 'ggd', 'sterkhuis']);
    await steward('schoolbestuur').decide(submitted.id, 'reject', 'purpose too broad for pupil data');
    const final = await analyst.waitForState(submitted.id, ['rejected', 'executing', 'released']);
    expect(final.state).toBe('rejected');
    expect(final.reason).toContain('schoolbestuur');
    for (const org of submitted.approvers) {
      const proposal = await steward(org).proposal(submitted.id);
      expect(proposal.state).not.toBe('executed');
    }
    const entries = (await auditEntries()).filter((e) => e.queryId === submitted.id).map((e) => e.type);
    expect(entries).toContain('decision.recorded');
    expect(entries).not.toContain('execution.dispatched');
    await expect(analyst.release(submitted.id)).rejects.toMatchObject({ status: 409 });
  });

  describe('a node facing a coordinator that misbehaves', () => {
    let envelope: any;
    let approvals: any[];

    beforeAll(async () => {
      const submitted = await analyst.submit(signalsByWijk);
      await approveAll(submitted.id, ['gemeente', 'ggd', 'schoolbestuur']);
      const inbox = await steward('gemeente').proposal<{ envelope: any; decision: any }>(submitted.id);
      envelope = inbox.envelope;
      const others = await Promise.all(
        ['ggd', 'schoolbestuur'].map((org) => steward(org).proposal<{ decision: any }>(submitted.id)),
      );
      approvals = [inbox.decision, ...others.map((o) => o.decision)];
    });

    it("refuses requests that are not the coordinator's, replayed or stale", async () => {
      // On the coordinator's NATS account but without its signing key.
      const stranger = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator);
      try {
        const unsigned = await stranger.request('node.gemeente.query.execute', { envelope, approvals });
        expect(unsigned).toEqual({ ok: false, reason: expect.stringContaining('invalid message') });
        const forged = signCoordinatorMessage(
          'node.gemeente.query.execute',
          { envelope, approvals },
          generateSigningKeyPair().secretKey,
        );
        expect(await stranger.requestAsIs('node.gemeente.query.execute', forged)).toEqual({
          ok: false,
          reason: expect.stringContaining("coordinator's signature does not verify"),
        });
      } finally {
        await stranger.close();
      }
      const captured = signCoordinatorMessage(
        'node.gemeente.query.execute',
        { envelope: { ...envelope, minCellSize: 11 }, approvals },
        coordinatorKey(cluster),
      );
      expect((await nats.requestAsIs('node.gemeente.query.execute', captured)).reason).toMatch(
        /differs from the query the steward reviewed/,
      );
      expect(await nats.requestAsIs('node.gemeente.query.execute', captured)).toEqual({
        ok: false,
        reason: expect.stringContaining('replayed message'),
      });
      const stale = signCoordinatorMessage(
        'node.gemeente.query.execute',
        { envelope, approvals },
        coordinatorKey(cluster),
        new Date(Date.now() - 10 * 60_000),
      );
      expect(await nats.requestAsIs('node.gemeente.query.execute', stale)).toEqual({
        ok: false,
        reason: expect.stringContaining('stale message'),
      });
    });

    it("NATS admits only the federation's accounts, and a node's account only to its own subjects", async () => {
      await expect(
        connect({ servers: cluster.natsUrl, reconnect: false, tls: { caFile: cluster.natsCaFile } }),
      ).rejects.toThrow(/Authorization/i);
      const sterkhuis = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.sterkhuis);
      try {
        await expect(sterkhuis.request('node.gemeente.query.execute', { envelope, approvals }, 1500)).rejects.toThrow();
      } finally {
        await sterkhuis.close().catch(() => undefined);
      }
    });

    it('refuses to execute an altered query, with the reason', async () => {
      const altered = { ...envelope, spec: { ...envelope.spec, filters: [{ field: 'year', op: 'eq', value: 2023 }] } };
      const reply = await nats.request('node.gemeente.query.execute', { envelope: altered, approvals });
      expect(reply).toEqual({
        ok: false,
        reason: expect.stringContaining('differs from the query the steward reviewed'),
      });
    });

    it('refuses to execute a query that not every steward approved', async () => {
      const reply = await nats.request('node.gemeente.query.execute', { envelope, approvals });
      expect(reply).toEqual({ ok: false, reason: expect.stringContaining("lacks sterkhuis's approval") });
    });

    it('refuses a forged approval', async () => {
      const forged = { ...approvals[0], statement: { ...approvals[0].statement, org: 'sterkhuis' } };
      const reply = await nats.request('node.gemeente.query.execute', { envelope, approvals: [...approvals, forged] });
      expect(reply).toEqual({ ok: false, reason: expect.stringContaining("sterkhuis's approval") });
    });

    it("refuses to partially decrypt anything but the aggregate of every data holder's signed contribution", async () => {
      const forged = (org: string) => ({
        contribution: {
          queryId: envelope.id,
          queryHash: approvals[0].statement.queryHash,
          org,
          keyId: envelope.keyId,
          contributors: envelope.spec.groupBy.map(() => '2a'),
          editions: [],
        },
        signature: Buffer.alloc(64, 1).toString('base64'),
      });
      const aggregate = { contributors: ['2a'] };
      const alone = await nats.request('node.ggd.decryption.partial', {
        envelope,
        aggregate,
        contributions: [forged('gemeente')],
      });
      expect(alone).toEqual({
        ok: false,
        reason: expect.stringContaining('must combine at least 3 of the data holders'),
      });
      const unsigned = await nats.request('node.ggd.decryption.partial', {
        envelope,
        aggregate,
        contributions: envelope.dataHolders.map(forged),
      });
      expect(unsigned).toEqual({ ok: false, reason: expect.stringContaining('not signed by its node') });
      const logFile = join(cluster.dir, 'logs', 'node-ggd.log');
      expect(
        await waitForLogLine(
          logFile,
          /partial decryption refused: the aggregate must combine at least 3 of the data holders/,
        ),
      ).toMatch(/partial decryption refused: the aggregate must combine at least 3 of the data holders/);
      expect(
        await waitForLogLine(logFile, /partial decryption refused: gemeente's contribution is not signed by its node/),
      ).toMatch(/partial decryption refused: gemeente's contribution is not signed by its node/);
    });

    it('answers a malformed message with a reason and stays up', async () => {
      nats.publishRaw('node.gemeente.query.execute', 'not json {');
      nats.publishRaw('coordinator.decision.recorded', '{"decision": 42');
      const notJson = await nats.requestRaw('node.gemeente.query.execute', 'not json {');
      expect(notJson.response).toEqual({
        ok: false,
        reason: expect.stringMatching(/invalid message: not a JSON message/),
      });
      const reply = await nats.request('node.gemeente.query.execute', { envelope: { id: 'x' } });
      expect(reply.ok).toBe(false);
      expect(reply.reason).toMatch(/invalid message/);
      expect(await http(`${cluster.coordinatorUrl}/health`)).toEqual({ status: 'up' });
      expect(await http(`${cluster.nodes.gemeente.url}/health`)).toEqual({ status: 'up' });
    });
  });

  it('never runs an executed query a second time: asked again, the node sends the contribution it already sent', async () => {
    const submitted = await analyst.submit(careDaysByWijk);
    await approveAll(submitted.id, submitted.approvers);
    await analyst.waitForState(submitted.id, ['released', 'failed']);
    const inbox = await steward('sterkhuis').proposal<{ envelope: any; review: any }>(submitted.id);
    expect(inbox.review).toMatchObject({
      measure: expect.stringMatching(/^sum of /),
      grid: { cells: 236 },
      purpose: PURPOSE,
      requester: 'analyst.smartstart',
      policy: { allowed: true },
    });
    expect(inbox.review.earlierReleases.length).toBeGreaterThan(0);
    const approvals = await Promise.all(
      submitted.approvers.map((org) => steward(org).proposal<{ decision: any }>(submitted.id)),
    );
    const ask = () =>
      nats.request('node.sterkhuis.query.execute', {
        envelope: inbox.envelope,
        approvals: approvals.map((a) => a.decision),
      });
    const [again, onceMore] = [await ask(), await ask()];
    // Paillier encryption is randomised: a second encryption of the same records would differ; the same answer is the one sent.
    expect(again.ok).toBe(true);
    expect(again.value.contribution.queryId).toBe(submitted.id);
    expect(onceMore).toEqual(again);
    const completed = (await auditEntries()).find(
      (e) => e.type === 'execution.completed' && e.queryId === submitted.id,
    )!;
    expect(completed.details.contributions).toContainEqual({
      org: 'sterkhuis',
      hash: canonicalHash(again.value.contribution),
    });
  });

  describe('bad input at the analyst API: a 400 with a reason, nothing stored, process still up', () => {
    const post = (body: unknown) =>
      analyst.http.post('/queries', body).then(
        () => ({ status: 201, body: undefined as any }),
        (error: HttpError) => ({ status: error.status, body: error.body as any }),
      );

    it.each([
      ['malformed JSON', '{"dataset": "risk_signals",', /JSON|Unexpected|Expected/i],
      ['an unknown dataset', { ...signalsByWijk, dataset: 'bank_accounts' }, /not in the catalog/],
      [
        'an unknown field',
        { ...signalsByWijk, filters: [{ field: 'bsn', op: 'eq', value: '1' }] },
        /not a field of risk_signals/,
      ],
      [
        'a sum of a field that may not be summed',
        { ...careDaysByWijk, measure: { kind: 'sum', field: 'out_of_home' } },
        /may not be summed/,
      ],
      ['a missing purpose', { ...signalsByWijk, purpose: undefined }, /purpose/],
      ['a property outside the DSL', { ...signalsByWijk, sql: 'select *' }, /sql should not exist/],
    ])('refuses %s', async (_what, body, reason) => {
      const before = (await auditEntries()).filter((e) => e.type === 'query.submitted').length;
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(JSON.stringify(response.body)).toMatch(reason);
      expect((await auditEntries()).filter((e) => e.type === 'query.submitted')).toHaveLength(before);
      expect(await http(`${cluster.coordinatorUrl}/health`)).toEqual({ status: 'up' });
    });

    it('refuses an unsigned query with a 401', async () => {
      await expect(
        http(`${cluster.coordinatorUrl}/queries`, { method: 'POST', body: signalsByWijk }),
      ).rejects.toMatchObject({ status: 401 });
    });

    it("refuses a steward decision whose signature is not the steward's", async () => {
      const submitted = await analyst.submit(signalsByWijk);
      await steward('ggd').waitForProposal(submitted.id);
      const body = {
        decision: 'approve',
        reason: '',
        decidedAt: new Date().toISOString(),
        signature: Buffer.alloc(64, 7).toString('base64'),
      };
      const ggd = steward('ggd');
      await expect(ggd.http.post(`/steward/queries/${submitted.id}/decision`, body)).rejects.toMatchObject({
        status: 403,
      });
      await expect(
        ggd.http.post(`/steward/queries/${submitted.id}/decision`, { decision: 'maybe' }),
      ).rejects.toMatchObject({ status: 400 });
      expect((await ggd.proposal(submitted.id)).state).toBe('pending');
    });
  });

  it('keeps no decryption key at the coordinator', async () => {
    const registry = await import('node:fs').then((fs) => fs.readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    const paillier = JSON.parse(registry).paillier;
    expect(Object.keys(paillier).sort()).toEqual([
      'bits',
      'holders',
      'keyId',
      'n',
      'randomness',
      'scheme',
      'threshold',
      'verification',
    ]);
    // The short-exponent randomness is public: the ceremony's seed, h_s derived from it and α's length, no secret.
    expect(Object.keys(paillier.randomness).sort()).toEqual(['exponentBits', 'form', 'hs', 'seed']);
    const files = await import('node:fs').then((fs) => fs.readdirSync(cluster.coordinatorDataDir));
    // Its keys sign its audit log and requests and open the partial decryptions sealed to it, and live apart from the log; none decrypts a ciphertext.
    expect(files.filter((f) => /share|secret|identity/.test(f))).toEqual([]);
    const identity = JSON.parse(readFileSync(cluster.coordinatorIdentityFile, 'utf8'));
    expect(Object.keys(identity).sort()).toEqual(['boxPublicKey', 'boxSecretKey', 'publicKey', 'secretKey']);
    for (const org of Object.keys(cluster.nodes)) {
      const nodeFiles = await import('node:fs').then(
        (fs) => fs.readdirSync(cluster.nodes[org].dataDir, { recursive: true }) as string[],
      );
      // Key shares exist on the nodes only sealed to each node's own X25519 key.
      expect(nodeFiles.filter((f) => /share/.test(f))).toEqual([
        'key-shares',
        join('key-shares', `${JSON.parse(registry).paillier.keyId}.sealed.json`),
      ]);
    }
  });

  it('releases without an offline partner when the dataset allows it (quorum), saying who is in; fails cleanly when not', async () => {
    // Over 2023: set against the full releases of 2024 above, a release without GGD would show GGD's own small counts, and the release ledger would hide those cells.
    const signals = await analyst.submit({
      ...signalsByWijk,
      filters: [{ field: 'year', op: 'eq' as const, value: 2023 }],
    });
    const care = await analyst.submit(careDaysByWijk);
    for (const id of [signals.id, care.id]) await approveAll(id, ['ggd', 'sterkhuis']);
    for (const id of [signals.id, care.id])
      for (const org of ['ggd', 'sterkhuis']) await decisionAcknowledged(steward(org), id);
    await cluster.nodes.ggd.process.stop();
    await approveAll(signals.id, ['gemeente', 'schoolbestuur']);
    expect(await analyst.waitForState(signals.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    const table = await analyst.release<Table & { decryptedBy: string[]; contributedBy: string[]; keyId: string }>(
      signals.id,
    );
    expect(table.contributedBy).toEqual(['gemeente', 'schoolbestuur', 'sterkhuis']);
    expect(table.decryptedBy.sort()).toEqual(['gemeente', 'schoolbestuur', 'sterkhuis']);
    expect(table.keyId).toBe(JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8')).paillier.keyId);
    expectReleaseMatches(
      table,
      await expectedCells(
        table.contributedBy,
        'SELECT wijk, age_band, COUNT(*) AS contributors, COUNT(*) AS value FROM risk_signals WHERE year = 2023 GROUP BY wijk, age_band',
      ),
    );
    const refusals = (await auditEntries()).filter((e) => e.queryId === signals.id && /refused/.test(e.type));
    expect(refusals.map((e) => e.type).sort()).toEqual(['decryption.refused', 'execution.refused']);

    // youth_care_trajectories has one holder and no quorum below it: without Sterk Huis there is no table.
    await cluster.nodes.sterkhuis.process.stop();
    await approveAll(care.id, ['gemeente', 'schoolbestuur']);
    const failed = await analyst.waitForState(care.id, ['released', 'failed']);
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/must combine at least 1 of the data holders sterkhuis; got none/);
  });

  it('keeps a hash chain the ethics board can verify, which breaks when one entry is edited', async () => {
    expect(await ethicsBoard().verify()).toMatchObject({ valid: true });
    const types = (await auditEntries()).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'query.submitted',
        'query.proposed',
        'decision.recorded',
        'execution.dispatched',
        'execution.completed',
        'decryption.requested',
        'release.published',
        'query.refused',
      ]),
    );
    await sqliteRun(
      join(cluster.coordinatorDataDir, 'coordinator.sqlite'),
      `UPDATE audit_log SET details = replace(details, 'risk_signals', 'health_monitor') WHERE seq = 1`,
    );
    expect(await ethicsBoard().verify()).toMatchObject({ valid: false, brokenAt: 1 });
  });
});
