import { join } from 'node:path';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { sqliteAll } from './support/sqlite';
import { policiesWithPlatform, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Cell = { coordinates: Record<string, string>; value: number | null; suppressed: boolean };
type Table = {
  cells: Cell[];
  protection: { rules: { rule: string; parameters: Record<string, number> }[]; suppressedCells: number };
};

const SIGNALS = {
  ...DEMO_GROUNDS,
  dataset: 'risk_signals',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Noise test: risk signals per wijk and age band under a privacy budget',
};

describe('noise instead of suppression, within one privacy budget per dataset shared by every analyst', () => {
  let cluster: LocalCluster;
  const analyst = (id: string) => new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users[id]));

  beforeAll(async () => {
    cluster = await startTestCluster('noise', {
      policiesDir: policiesWithPlatform('noise:\n  epsilonPerQuery: 1\n  budgetPerDataset: 2'),
    });
  });

  afterAll(() => cluster?.stop());

  it('releases every cell with discrete Laplace noise: nothing suppressed, totals add up, values near the truth', async () => {
    const submitted = await analyst('analyst.smartstart').submit(SIGNALS);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst('analyst.smartstart').waitForState(submitted.id, ['released', 'failed'])).toMatchObject({
      state: 'released',
    });
    const table = await analyst('analyst.smartstart').release<Table>(submitted.id);
    expect(table.protection).toMatchObject({
      suppressedCells: 0,
      rules: [{ rule: 'noise', parameters: { epsilon: 1, sensitivity: 1 } }],
    });
    const value = (wijk: string, band: string) =>
      table.cells.find((c) => c.coordinates.wijk === wijk && c.coordinates.age_band === band)!.value!;
    const leaves = table.cells.filter(
      (c) => c.coordinates.wijk.startsWith('WK') && c.coordinates.age_band !== 'Totaal',
    );
    expect(value('Totaal', 'Totaal')).toBe(leaves.reduce((sum, c) => sum + c.value!, 0));

    const truth = new Map<string, number>();
    for (const org of Object.keys(cluster.nodes)) {
      const rows = await sqliteAll<{ wijk: string; age_band: string; n: number }>(
        join(cluster.nodes[org].dataDir, 'records.sqlite'),
        'SELECT wijk, age_band, COUNT(*) AS n FROM risk_signals WHERE year = 2024 GROUP BY wijk, age_band',
      );
      for (const row of rows)
        truth.set(`${row.wijk}|${row.age_band}`, (truth.get(`${row.wijk}|${row.age_band}`) ?? 0) + row.n);
    }
    const errors = leaves.map((c) => c.value! - (truth.get(`${c.coordinates.wijk}|${c.coordinates.age_band}`) ?? 0));
    expect(errors.filter((e) => e !== 0).length).toBeGreaterThan(leaves.length / 4);
    expect(errors.reduce((s, e) => s + Math.abs(e), 0) / errors.length).toBeLessThan(5);
  });

  it('two analysts sharing a dataset share one budget: once one has spent it, the other is refused too, naming the dataset and what is left', async () => {
    await expect(analyst('analyst.other').submit(SIGNALS)).resolves.toMatchObject({ id: expect.any(String) });
    const spent =
      'privacy budget of risk_signals spent: all analysts together have used ε = 2 of 2, ε = 0 left; this query needs 1';
    for (const id of ['analyst.smartstart', 'analyst.other'])
      await expect(analyst(id).submit(SIGNALS)).rejects.toMatchObject({ status: 403, body: { message: spent } });
    await expect(
      analyst('analyst.smartstart').submit({ ...SIGNALS, dataset: 'health_monitor', groupBy: ['wijk'] }),
    ).resolves.toMatchObject({ id: expect.any(String) });
    const refused = (
      await new EthicsBoardClient(cluster.coordinatorUrl, loadIdentity(cluster.users['ethics.board'])).audit()
    ).filter((e) => e.type === 'query.refused');
    expect(JSON.stringify(refused)).toContain('privacy budget of risk_signals spent');
    const ledger = await sqliteAll(
      join(cluster.coordinatorDataDir, 'coordinator.sqlite'),
      'SELECT dataset, unit, spent FROM dataset_privacy_budget ORDER BY dataset',
    );
    expect(ledger).toEqual([
      { dataset: 'health_monitor', unit: 'epsilon', spent: '1/1' },
      { dataset: 'risk_signals', unit: 'epsilon', spent: '2/1' },
    ]);
  });

  it('two analysts submitting at the same moment cannot both spend the last ε of a dataset', async () => {
    const query = { ...SIGNALS, dataset: 'health_monitor', groupBy: ['wijk'] };
    const outcomes = await Promise.allSettled([
      analyst('analyst.smartstart').submit(query),
      analyst('analyst.other').submit(query),
    ]);
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!.reason).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('privacy budget of health_monitor spent') },
    });
  });
});

describe('the discrete Gaussian, chosen by the noise policy, charged in ρ', () => {
  let cluster: LocalCluster;
  const analyst = (id: string) => new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users[id]));

  beforeAll(async () => {
    cluster = await startTestCluster('noise-gaussian', {
      policiesDir: policiesWithPlatform('noise:\n  mechanism: gaussian\n  rhoPerQuery: 0.5\n  budgetPerDataset: 0.5'),
    });
  });

  afterAll(() => cluster?.stop());

  it("releases Gaussian-noised cells naming ρ, and the dataset's budget in ρ then refuses the other analyst", async () => {
    const submitted = await analyst('analyst.smartstart').submit(SIGNALS);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst('analyst.smartstart').waitForState(submitted.id, ['released', 'failed'])).toMatchObject({
      state: 'released',
    });
    const table = await analyst('analyst.smartstart').release<Table>(submitted.id);
    expect(table.protection).toMatchObject({
      suppressedCells: 0,
      rules: [{ rule: 'noise', parameters: { rho: 0.5, sensitivity: 1 } }],
    });
    expect(table.cells.every((c) => Number.isInteger(c.value))).toBe(true);
    await expect(analyst('analyst.other').submit(SIGNALS)).rejects.toMatchObject({
      status: 403,
      body: {
        message:
          'privacy budget of risk_signals spent: all analysts together have used ρ = 0.5 of 0.5, ρ = 0 left; this query needs 0.5',
      },
    });
  });
});
