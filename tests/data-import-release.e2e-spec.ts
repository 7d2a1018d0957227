import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditFederation, fetchFederationLogs } from '../apps/cli/src/roles/federation-audit';
import { AnalystClient, EthicsBoardClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { catalog, GEMEENTE_HEADER, gemeenteMapping, POLICIES_DIR } from '../libs/records/src/import/testing/import-fixtures';
import { bfa } from './support/bfa-cli';
import { startTestCluster } from './support/test-cluster';

type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean };

const WIJKEN = catalog.dimensions.wijk.values.map(String);
const BANDS = catalog.dimensions.age_band.values.map(String);
const childrenOf2024 = {
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Smart Start end-to-end test: children per wijk and age band after loading the municipality export',
};

/** The municipality's export of 2024: at least 10 children in every cell, so the release hides none. */
function export2024(extra: { wijk: string; band: string; children: number }): { csv: string; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const lines = [GEMEENTE_HEADER];
  let bsn = 500_000_000;
  WIJKEN.forEach((wijk, w) => BANDS.forEach((band, b) => {
    const children = 10 + ((w * 4 + b) % 17) + (wijk === extra.wijk && band === extra.band ? extra.children : 0);
    counts.set(`${wijk}|${band}`, children);
    for (let i = 0; i < children; i++) lines.push(`${bsn++};2024;${wijk};${band};${i % 3 ? 'N' : 'J'};N;0;${(i * 37) % 3000}`);
  }));
  return { csv: lines.join('\r\n') + '\r\n', counts };
}

describe('a partner loads its export with bfa data import, and the next release counts exactly that', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  const ethicsKey = () => cluster.users['ethics.board'];
  const write = (name: string, text: string) => {
    const file = join(cluster.dir, name);
    writeFileSync(file, text);
    return file;
  };
  const load = (file: string) =>
    bfa(['data', 'import', '--data-dir', cluster.nodes.gemeente.dataDir, '--dataset', 'children_households', '--mapping', write('gemeente-mapping.json', JSON.stringify(gemeenteMapping)), '--policies', POLICIES_DIR, '--replace-year', '2024', '--json', file]);

  async function release(): Promise<Cell[]> {
    const submitted = await analyst.submit(childrenOf2024);
    for (const org of submitted.approvers) await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    return (await analyst.release<{ cells: Cell[] }>(submitted.id)).cells;
  }

  function expectLeaves(cells: Cell[], counts: Map<string, number>): void {
    const leaves = cells.filter((c) => String(c.coordinates.wijk).startsWith('WK') && c.coordinates.age_band !== 'Totaal');
    expect(leaves).toHaveLength(counts.size);
    for (const cell of leaves) expect(cell).toMatchObject({ suppressed: false, value: counts.get(`${cell.coordinates.wijk}|${cell.coordinates.age_band}`) });
  }

  beforeAll(async () => {
    cluster = await startTestCluster('data-import', { scale: 0.02 });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  });
  afterAll(async () => cluster?.stop());

  it('releases the CSV\'s counts; a changed export changes the next release; the node logs both editions and every log verifies', async () => {
    const first = export2024({ wijk: WIJKEN[0], band: BANDS[0], children: 0 });
    const imported = await load(write('gemeente-2024.csv', first.csv));
    expect(imported.code).toBe(0);
    expectLeaves(await release(), first.counts);

    const second = export2024({ wijk: WIJKEN[5], band: BANDS[2], children: 11 });
    const reimported = await load(write('gemeente-2024-b.csv', second.csv));
    expect(reimported.code).toBe(0);
    expectLeaves(await release(), second.counts);

    const log = await new EthicsBoardClient(cluster.nodes.gemeente.url, loadIdentity(ethicsKey())).audit();
    const editions = log.filter((e) => e.type === 'data.imported').map((e) => e.details);
    // The seeds' two exports (households, risk signals), loaded by the same import before the node started, then these two.
    expect(editions.map((e) => e.dataset)).toEqual(['children_households', 'risk_signals', 'children_households', 'children_households']);
    expect(editions.slice(2).map((e) => e.edition)).toEqual([JSON.parse(imported.stdout).edition.id, JSON.parse(reimported.stdout).edition.id]);
    const nodeUrls = Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
    const registry = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    expect(auditFederation(await fetchFederationLogs(cluster.coordinatorUrl, nodeUrls, loadIdentity(ethicsKey())), registry)).toMatchObject({ ok: true });
  });
});
