import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { policiesWithPlatform, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Cell = { coordinates: Record<string, string>; value: number | null; suppressed: boolean };
type Table = { cells: Cell[]; protection: { rules: { rule: string; parameters: Record<string, number> }[] } };

describe('controlled rounding to base 5 as a policy option', () => {
  let cluster: LocalCluster;

  beforeAll(async () => {
    cluster = await startTestCluster('rounding', { policiesDir: policiesWithPlatform('rounding:\n  base: 5') });
  });

  afterAll(() => cluster?.stop());

  it('releases multiples of 5 whose published totals still add up, after suppression', async () => {
    const analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    const submitted = await analyst.submit({
      ...DEMO_GROUNDS,
      dataset: 'risk_signals',
      measure: { kind: 'count' },
      groupBy: ['wijk', 'age_band'],
      purpose: 'Rounding test: risk signals per wijk and age band, rounded to base 5',
    });
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    const table = await analyst.release<Table>(submitted.id);
    expect(table.protection.rules.map((r) => r.rule)).toEqual([
      'primary-frequency',
      'differencing',
      'secondary',
      'rounding',
    ]);
    const released = table.cells.filter((c) => !c.suppressed);
    expect(released.length).toBeGreaterThan(10);
    expect(released.every((c) => c.value! % 5 === 0)).toBe(true);
    const value = (wijk: string, band: string) =>
      table.cells.find((c) => c.coordinates.wijk === wijk && c.coordinates.age_band === band)!;
    const bands = ['0-3', '4-11', '12-15', '16-17'];
    const regionRow = bands.map((b) => value('Totaal', b));
    if (regionRow.every((c) => !c.suppressed))
      expect(value('Totaal', 'Totaal').value).toBe(regionRow.reduce((s, c) => s + c.value!, 0));
  });
});
