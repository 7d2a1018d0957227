import { join } from 'node:path';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { RawNats } from './support/raw-nats';
import { cellsFromStores, expectReleaseMatches, Table } from './support/release-truth';
import { waitForLogLine } from './support/logs';
import { coordinatorKey, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

/**
 * Issue 16: every key holder recomputes the aggregate from every data holder's signed contribution, ≈ 1 KB per
 * ciphertext; at 200 partners × 10,000 cells that is 27 MB, over nats-server's 8 MB max_payload. Here nats-server
 * takes no message over 48 kB, and a sum over the four partners (12 ciphertexts each, ≈ 13 kB a contribution)
 * would be ≈ 67 kB in one message: the contributions go ahead in chunks, and the table is released exactly.
 */
const MAX_PAYLOAD = 48_000;
const ORGS = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

const severityByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'sum' as const, field: 'severity' },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Issue 16 end-to-end test: the key holders get the contributions in chunks under max_payload',
};

type Signed = { contribution: { org: string; contributors: string[] }; signature: string };
type Chunk = { queryId: string; batch: string; index: number; contributions: Signed[] };
type Request = { envelope: { id: string }; aggregate: object; contributions?: Signed[]; contributionChunks?: object };

describe('the key holders get the contributions in chunks when one message would exceed max_payload', () => {
  let cluster: LocalCluster;
  let ggd: RawNats;
  let coordinator: RawNats;
  let chunkPackets: { data: Chunk }[];
  let requestPackets: { data: Request }[];
  let queryId: string;

  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

  beforeAll(async () => {
    cluster = await startTestCluster('key-holder-chunks', { natsMaxPayload: MAX_PAYLOAD });
    // Only GGD's own NATS account may listen to what is sent to GGD's node.
    ggd = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.ggd);
    chunkPackets = ggd.spyPackets('node.ggd.decryption.contributions') as { data: Chunk }[];
    requestPackets = ggd.spyPackets('node.ggd.decryption.partial') as { data: Request }[];
    coordinator = await RawNats.connect(cluster.natsUrl, cluster.natsAccounts.coordinator, coordinatorKey(cluster));
  });

  afterAll(async () => {
    await ggd?.close();
    await coordinator?.close();
    await cluster?.stop();
  });

  it("releases the four partners' sum exactly, each key holder sent its contributions in chunks under max_payload", async () => {
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const submitted = await analyst.submit(severityByWijk);
    queryId = submitted.id;
    for (const org of submitted.approvers) await steward(org).decide(queryId, 'approve');
    expect(await analyst.waitForState(queryId, ['released', 'failed'])).toMatchObject({ state: 'released' });

    const expected = await cellsFromStores(
      (org) => join(cluster.nodes[org].dataDir, 'records.sqlite'),
      ORGS,
      'SELECT wijk, age_band, COUNT(*) AS contributors, SUM(severity) AS value FROM risk_signals WHERE year = 2024 GROUP BY wijk, age_band',
    );
    expectReleaseMatches(await analyst.release<Table>(queryId), expected);

    const chunks = chunkPackets.map((p) => p.data).filter((c) => c.queryId === queryId);
    const [request] = requestPackets.map((p) => p.data).filter((r) => r.envelope.id === queryId);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
    expect(chunks.map((c) => c.index).sort((x, y) => x - y)).toEqual(chunks.map((_, i) => i));
    expect(new Set(chunks.map((c) => c.batch))).toEqual(new Set([chunks[0].batch]));
    const contributions = chunks.flatMap((c) => c.contributions);
    expect(contributions.map((c) => c.contribution.org).sort()).toEqual(ORGS);
    expect(request.contributions).toBeUndefined();
    expect(request.contributionChunks).toEqual({ batch: chunks[0].batch, count: chunks.length });
    // Every message nats-server carried fits; the one message they replace would not have.
    for (const packet of [...chunkPackets, ...requestPackets]) expect(bytes(packet)).toBeLessThanOrEqual(MAX_PAYLOAD);
    expect(bytes({ ...request, contributions })).toBeGreaterThan(MAX_PAYLOAD);
    expect(
      await waitForLogLine(
        join(cluster.dir, 'logs', 'node-ggd.log'),
        /partial decryption of the aggregate of 4 data holders, sent in \d+ chunks/,
      ),
    ).toMatch(
      new RegExp(
        `query ${queryId}: partial decryption of the aggregate of 4 data holders, sent in ${chunks.length} chunks`,
      ),
    );
  });

  it('could not have sent them in one message: nats-server refuses it', async () => {
    const [request] = requestPackets.map((p) => p.data).filter((r) => r.envelope.id === queryId);
    const contributions = chunkPackets.flatMap((p) => (p.data.queryId === queryId ? p.data.contributions : []));
    const { contributionChunks: _chunks, ...rest } = request;
    await expect(
      coordinator.request('node.ggd.decryption.partial', { ...rest, contributions }, 10_000),
    ).rejects.toThrow(/MAX_PAYLOAD_EXCEEDED|max_payload|payload/i);
  });

  it('checks chunked contributions as it checks any: a forged one is refused, and so is a batch that never came', async () => {
    const [request] = requestPackets.map((p) => p.data).filter((r) => r.envelope.id === queryId);
    const contributions = chunkPackets.flatMap((p) => (p.data.queryId === queryId ? p.data.contributions : []));
    const [a, b, c] = contributions;
    const forged = {
      ...c,
      contribution: { ...c.contribution, contributors: [...c.contribution.contributors].reverse() },
    };
    const batch = 'f'.repeat(32);
    const send = (index: number, chunk: Signed[]) =>
      coordinator.request('node.ggd.decryption.contributions', { queryId, batch, index, contributions: chunk });
    expect(await send(0, [a, b])).toMatchObject({ ok: true, value: { received: 0 } });
    expect(await send(1, [forged])).toMatchObject({ ok: true, value: { received: 1 } });
    const { contributionChunks: _chunks, ...rest } = request;
    const ask = (chunks: object) =>
      coordinator.request('node.ggd.decryption.partial', { ...rest, contributionChunks: chunks });
    expect(await ask({ batch, count: 2 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining(`${forged.contribution.org}'s contribution is not signed by its node`),
    });
    expect(await ask({ batch: 'e'.repeat(32), count: 1 })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('announces 1 chunks of contributions; 0 were delivered'),
    });
    // Nothing is kept for a query this node's steward never approved.
    expect(
      await coordinator.request('node.ggd.decryption.contributions', {
        queryId: '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        batch,
        index: 0,
        contributions: [a],
      }),
    ).toMatchObject({ ok: false, reason: expect.stringContaining('was never proposed to this node') });
  });
});
