import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { SignedHttp } from '@bfa/access';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';
import { cellsFromStores, expectReleaseMatches, Table } from './support/release-truth';
import { startTestCluster } from './support/test-cluster';
import { until } from './support/until';

const ORG = 'sterkhuis';
const POOL = 600;

/** Held by Sterk Huis alone: its node encrypts the grid with values from the pool it reloaded. */
const careDaysByWijk = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'sum' as const, field: 'duration_days' },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Smart Start randomizer restart test: youth-care days per wijk and age band for prevention planning',
};

interface PoolStatus {
  ready: number;
  target: number;
  sealed: number;
  filling: boolean;
  lastFill?: { count: number };
}

/**
 * A node's rⁿ pool across a kill -9: sealed on disk, reloaded at start instead of computed again, and each value used
 * once (a chunk's file is gone before its values encrypt anything, and no new file takes an old one's name).
 */
describe('a node killed with SIGKILL reloads its sealed randomizer pool and uses each value once', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  let keyId: string;

  const status = () =>
    new SignedHttp(cluster.nodes[ORG].url, loadIdentity(cluster.users['ethics.board'])).get<PoolStatus>('/randomizers');
  const poolDir = () => join(cluster.nodes[ORG].dataDir, 'randomizers', keyId);
  const files = () => readdirSync(poolDir()).sort();
  /** Full; `sealed` also asks that all of it be on disk (after a query, the rest of a claimed chunk is in memory only). */
  const full = (sealed = POOL) =>
    until(`${ORG}'s pool full`, 600_000, async () =>
      ((s) => s.ready === POOL && s.sealed >= sealed && !s.filling && s)(await status()),
    );

  beforeAll(async () => {
    cluster = await startTestCluster('randomizer-restart', { nodeEnv: { BFA_RANDOMIZER_POOL: String(POOL) } });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    keyId = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8')).paillier.keyId;
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('the key ceremony recorded short-exponent randomness in the registry', () => {
    const { paillier } = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    expect(paillier.randomness).toMatchObject({
      form: 'short-exponent/v1',
      exponentBits: 256,
      seed: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
  });

  it('fills sealed, owner-only files; after kill -9 the pool is back without computing; a query encrypts with it correctly and its chunk is gone', async () => {
    await full();
    const before = files();
    expect(before.length).toBeGreaterThanOrEqual(3);
    for (const file of before) expect(statSync(join(poolDir(), file)).mode & 0o777).toBe(0o600);

    await cluster.processes[`node-${ORG}`].kill();
    await cluster.processes[`node-${ORG}`].start();
    const reloaded = await status();
    expect(reloaded).toMatchObject({ ready: POOL, sealed: POOL, filling: false });
    expect(reloaded.lastFill).toBeUndefined(); // nothing computed since the restart
    expect(files()).toEqual(before);

    const submitted = await analyst.submit(careDaysByWijk);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'], 180_000)).toMatchObject({
      state: 'released',
    });
    const expected = await cellsFromStores(
      (org) => join(cluster.nodes[org].dataDir, 'records.sqlite'),
      [ORG],
      'SELECT wijk, age_band, COUNT(*) AS contributors, SUM(duration_days) AS value FROM youth_care_trajectories WHERE year = 2024 GROUP BY wijk, age_band',
    );
    expectReleaseMatches(await analyst.release<Table>(submitted.id), expected);

    await full(0);
    const after = files();
    const kept = after.filter((file) => before.includes(file));
    expect(kept.length).toBeLessThan(before.length); // the claimed chunk's file is gone for good
    for (const file of after.filter((f) => !before.includes(f))) expect(file > before[before.length - 1]).toBe(true);
  }, 1_500_000);
});
