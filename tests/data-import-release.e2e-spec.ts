import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { auditFederation, fetchFederationLogs } from '../apps/cli/src/roles/federation-audit';
import { DataSource } from 'typeorm';
import { AnalystClient, EthicsBoardClient, loadIdentity, SignedHttp, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import {
  catalog,
  GEMEENTE_HEADER,
  gemeenteMapping,
  POLICIES_DIR,
} from '../libs/records/src/import/testing/import-fixtures';
import { bfa } from './support/bfa-cli';
import { launchChromium } from './support/console-browser';
import {
  gemeenteExport,
  stewardChecksAndLoadsExport,
  stewardOpensDataProfile,
} from './support/steward-profile-browser';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean };
type Edition = { org: string; dataset: string; edition: string; years: number[]; importedAt: string };
type Released = { queryId: string; cells: Cell[]; editions: Edition[] };

const WIJKEN = catalog.dimensions.wijk.values.map(String);
const BANDS = catalog.dimensions.age_band.values.map(String);
const childrenOf2024 = {
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose: 'Smart Start end-to-end test: children per wijk and age band after loading the municipality export',
};

/** The municipality's export of 2024: at least 10 children in every cell, so the release hides none. */
function export2024(extra: { wijk: string; band: string; children: number }): {
  csv: string;
  counts: Map<string, number>;
} {
  const counts = new Map<string, number>();
  const lines = [GEMEENTE_HEADER];
  let bsn = 500_000_000;
  WIJKEN.forEach((wijk, w) =>
    BANDS.forEach((band, b) => {
      const children = 10 + ((w * 4 + b) % 17) + (wijk === extra.wijk && band === extra.band ? extra.children : 0);
      counts.set(`${wijk}|${band}`, children);
      for (let i = 0; i < children; i++)
        lines.push(`${bsn++};2024;${wijk};${band};${i % 3 ? 'N' : 'J'};N;0;${(i * 37) % 3000}`);
    }),
  );
  return { csv: lines.join('\r\n') + '\r\n', counts };
}

/** data-locks.sqlite of a node, written as another process (bfa data import, or the node executing) would. */
async function lockRow(dataDir: string) {
  const db = await new DataSource({
    type: 'sqlite',
    database: join(dataDir, 'data-locks.sqlite'),
    busyTimeout: 10_000,
  }).initialize();
  return {
    insert: (use: 'import' | 'query', label: string, pid: number) =>
      db.query(
        'INSERT INTO data_locks (token, dataset, use, label, pid, host, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        [`test-${use}-${label}`, 'children_households', use, label, pid, hostname(), new Date().toISOString()],
      ),
    clear: () => db.query(`DELETE FROM data_locks WHERE token LIKE 'test-%'`),
    close: () => db.destroy(),
  };
}

const refusedUpload = () => ({
  fileName: 'x.csv',
  content: Buffer.from(`${GEMEENTE_HEADER}\r\n`).toString('base64'),
  dataset: 'children_households',
  mapping: 'gemeente',
});

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
    bfa([
      'data',
      'import',
      '--data-dir',
      cluster.nodes.gemeente.dataDir,
      '--org',
      'gemeente',
      '--dataset',
      'children_households',
      '--mapping',
      write('gemeente-mapping.json', JSON.stringify(gemeenteMapping)),
      '--policies',
      POLICIES_DIR,
      '--replace-year',
      '2024',
      '--json',
      file,
    ]);

  async function approved(): Promise<string> {
    const submitted = await analyst.submit(childrenOf2024);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    return submitted.id;
  }

  async function release(): Promise<Released> {
    const id = await approved();
    expect(await analyst.waitForState(id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    return analyst.release<Released>(id);
  }

  function expectLeaves(cells: Cell[], counts: Map<string, number>): void {
    const leaves = cells.filter(
      (c) => String(c.coordinates.wijk).startsWith('WK') && c.coordinates.age_band !== 'Totaal',
    );
    expect(leaves).toHaveLength(counts.size);
    for (const cell of leaves)
      expect(cell).toMatchObject({
        suppressed: false,
        value: counts.get(`${cell.coordinates.wijk}|${cell.coordinates.age_band}`),
      });
  }

  beforeAll(async () => {
    // A small upload limit, so the suite can pass it: 200 kB of file (JSON body ≈ 4/3 of that + 128 kB).
    cluster = await startTestCluster('data-import', { scale: 0.02, nodeEnv: { BFA_IMPORT_MAX_BYTES: '200000' } });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  });
  afterAll(async () => cluster?.stop());

  it("releases the CSV's counts; a changed export changes the next release; the node logs both editions and every log verifies", async () => {
    const first = export2024({ wijk: WIJKEN[0], band: BANDS[0], children: 0 });
    const imported = await load(write('gemeente-2024.csv', first.csv));
    expect(imported.code).toBe(0);
    const firstEdition = JSON.parse(imported.stdout).edition.id;
    const firstRelease = await release();
    expectLeaves(firstRelease.cells, first.counts);
    expect(firstRelease.editions).toContainEqual(
      expect.objectContaining({
        org: 'gemeente',
        dataset: 'children_households',
        edition: firstEdition,
        years: [2024],
      }),
    );

    // The second export, one child more in one cell, comes in through the steward's door of the node.
    const second = export2024({ wijk: WIJKEN[0], band: BANDS[0], children: 1 });
    const steward = new StewardClient(cluster.nodes.gemeente.url, cluster.nodes.gemeente.stewardKeyFile);
    const upload = {
      fileName: 'gemeente-2024-b.csv',
      content: Buffer.from(second.csv).toString('base64'),
      dataset: 'children_households',
      mappingText: JSON.stringify(gemeenteMapping),
      replaceYear: 2024,
    };
    const reimported = await steward.importData<{ outcome: string; edition: { id: string } }>(upload);
    expect(reimported).toMatchObject({ outcome: 'imported', rowsRefused: 0 });
    const secondRelease = await release();
    expectLeaves(secondRelease.cells, second.counts);
    const gemeenteEditions = secondRelease.editions.filter((e) => e.org === 'gemeente');
    expect(gemeenteEditions).toContainEqual(expect.objectContaining({ edition: reimported.edition.id, years: [2024] }));
    expect(gemeenteEditions.map((e) => e.edition)).not.toContain(firstEdition);

    const log = await new EthicsBoardClient(cluster.nodes.gemeente.url, loadIdentity(ethicsKey())).audit();
    const editions = log.filter((e) => e.type === 'data.imported').map((e) => e.details);
    // The seeds' two exports (households, risk signals), loaded by the same import before the node started, then these two.
    expect(editions.map((e) => e.dataset)).toEqual([
      'children_households',
      'risk_signals',
      'children_households',
      'children_households',
    ]);
    expect(editions.slice(2).map((e) => e.edition)).toEqual([firstEdition, reimported.edition.id]);
    const executed = log.filter((e) => e.type === 'execution.performed');
    expect(executed.find((e) => e.queryId === secondRelease.queryId)?.details.editions).toContain(
      reimported.edition.id,
    );
    const nodeUrls = Object.fromEntries(Object.entries(cluster.nodes).map(([org, node]) => [org, node.url]));
    const registry = JSON.parse(readFileSync(join(cluster.dir, 'registry.json'), 'utf8'));
    expect(
      auditFederation(await fetchFederationLogs(cluster.coordinatorUrl, nodeUrls, loadIdentity(ethicsKey())), registry),
    ).toMatchObject({ ok: true });
  });
  it("answers a steward's upload with the validation report, row and column only, and writes nothing when a row is refused", async () => {
    const steward = new StewardClient(cluster.nodes.gemeente.url, cluster.nodes.gemeente.stewardKeyFile);
    const before = await steward.profile<{ dataset: string; records: number }[]>();
    const bad = [
      GEMEENTE_HEADER,
      '600000001;2024;WK085501;4-11;J;N;0;10',
      '600000002;2024;WK999999;4-11;J;N;0;10',
    ].join('\r\n');
    const report = await steward.importData({
      fileName: 'bad.csv',
      content: Buffer.from(bad).toString('base64'),
      dataset: 'children_households',
      mapping: 'gemeente',
    });
    // The shipped gemeente mapping names other columns than this export: the whole file is refused, naming them.
    expect(report).toMatchObject({
      outcome: 'refused',
      problems: expect.arrayContaining([expect.objectContaining({ row: 1 })]),
    });
    const refused = await steward.importData<{ outcome: string; problems: unknown[] }>({
      fileName: 'bad.csv',
      content: Buffer.from(bad).toString('base64'),
      dataset: 'children_households',
      mappingText: JSON.stringify(gemeenteMapping),
    });
    expect(refused).toMatchObject({
      outcome: 'refused',
      rowsRefused: 1,
      problems: [{ row: 3, column: 'Wijk', value: 'WK999999' }],
    });
    expect(JSON.stringify(refused)).not.toContain('600000001');
    expect(await steward.profile()).toEqual(before);
    await expect(steward.importData({ ...refusedUpload(), dataset: 'health_monitor' })).rejects.toMatchObject({
      status: 400,
      body: { message: expect.stringMatching(/gemeente is not a holder of health_monitor/) },
    });
    await expect(steward.importData({ ...refusedUpload(), mapping: '../../policies/catalog' })).rejects.toMatchObject({
      status: 400,
    });
    // A steward's key and no shell on the node: the mapping text may not make the node read a file of its choosing
    // (it was a 500, or an answer telling whether the file exists), nor expand aliases without end (a 500).
    const { Wijk: _, ...columns } = gemeenteMapping.columns;
    const readsAFile = { ...gemeenteMapping, columns, postcode: { column: 'Postcode', table: '/etc/hostname' } };
    await expect(
      steward.importData({ ...refusedUpload(), mappingText: JSON.stringify(readsAFile) }),
    ).rejects.toMatchObject({
      status: 400,
      body: { message: [expect.stringMatching(/^mapping: postcode\.table: an uploaded mapping names a table inside/)] },
    });
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...[...'bcdef'].map((level, i) => {
        const below = `*${'abcde'[i]}`;
        return `${level}: &${level} [${Array(9).fill(below).join(', ')}]`;
      }),
    ];
    await expect(
      steward.importData({ ...refusedUpload(), mappingText: [...bomb, 'columns: { BSN: child_ref }'].join('\n') }),
    ).rejects.toMatchObject({
      status: 400,
      body: { message: [expect.stringMatching(/^mapping: .*can't be read: .*alias/i)] },
    });
    const ofSize = (bytes: number) => ({ ...refusedUpload(), content: Buffer.alloc(bytes, 'a').toString('base64') });
    await expect(steward.importData(ofSize(250_000))).rejects.toMatchObject({
      status: 413,
      body: { message: expect.stringMatching(/250000 bytes; this node imports files up to 200000 bytes/) },
    });
    await expect(steward.importData(ofSize(1_000_000))).rejects.toMatchObject({
      status: 413,
      body: { message: [expect.stringMatching(/body: larger than the \d+ bytes this route accepts/)] },
    });
    expect(await steward.profile()).toEqual(before);
  });

  it("shows the steward the shape of the node's own data, and nobody else: analysts, the ethics board and another organisation's steward get 403", async () => {
    const steward = new StewardClient(cluster.nodes.gemeente.url, cluster.nodes.gemeente.stewardKeyFile);
    const profiles = await steward.profile<
      {
        dataset: string;
        records: number;
        fields: { field: string; kind: string; values?: { value: string; count: number }[] }[];
      }[]
    >();
    const children = profiles.find((p) => p.dataset === 'children_households')!;
    expect(children.records).toBeGreaterThan(0);
    expect(children.fields.find((f) => f.field === 'year')!.values).toContainEqual(
      expect.objectContaining({ value: '2024' }),
    );
    expect(JSON.stringify(profiles)).not.toMatch(/"child_ref","kind":"key"[^}]*"values"/);
    const others = [
      new SignedHttp(cluster.nodes.gemeente.url, loadIdentity(cluster.users['analyst.smartstart'])),
      new SignedHttp(cluster.nodes.gemeente.url, loadIdentity(ethicsKey())),
      new SignedHttp(cluster.nodes.gemeente.url, loadIdentity(cluster.nodes.ggd.stewardKeyFile)),
    ];
    for (const other of others) {
      await expect(other.get('/steward/data/profile')).rejects.toMatchObject({ status: 403 });
      await expect(other.post('/steward/data/import', refusedUpload())).rejects.toMatchObject({ status: 403 });
    }
  });

  it("shows the profile in the steward's console, reached by keyboard, with no axe-core violation", async () => {
    const browser = await launchChromium();
    try {
      const { text, violations } = await stewardOpensDataProfile(
        browser,
        cluster.nodes.gemeente.url,
        cluster.nodes.gemeente.stewardKeyFile,
      );
      expect(text).toContain('children_households');
      expect(text).toMatch(/verschillende kinderen/);
      expect(violations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('lets the steward check an export in the console, see the refused row, and load a good one only on confirming', async () => {
    const browser = await launchChromium();
    const steward = new StewardClient(cluster.nodes.gemeente.url, cluster.nodes.gemeente.stewardKeyFile);
    const editionsOf = async () =>
      (await steward.profile<{ dataset: string; editions: { edition: string; years: number[] }[] }[]>()).find(
        (p) => p.dataset === 'children_households',
      )!.editions;
    try {
      const bad = write(
        'gemeente-bad.csv',
        gemeenteExport([
          '700000001;2023;2016-05-01;9000ZA;1;J;N;N;120',
          '700000002;2019;2016-05-01;9000ZA;2;J;N;N;120',
        ]),
      );
      const good = write(
        'gemeente-2023.csv',
        gemeenteExport(['700000001;2023;2016-05-01;9000ZA;1;J;N;N;120', '700000002;2023;2012-02-01;9000ZA;2;N;N;J;0']),
      );
      const before = await editionsOf();
      const seen = await stewardChecksAndLoadsExport(
        browser,
        cluster.nodes.gemeente.url,
        cluster.nodes.gemeente.stewardKeyFile,
        { bad, good },
      );
      expect(seen.refused).toMatch(/geweigerd, niets geschreven/);
      expect(seen.refused).toMatch(/3\s+Peiljaar\s+.*2019/);
      expect(seen.refused).not.toContain('700000001');
      expect(seen.violations).toEqual([]);
      expect(seen.checked).toMatch(/gecontroleerd, nog niets geschreven: 2 rijen gelezen, 2 goedgekeurd/);
      expect(seen.loaded).toMatch(/geladen: 2 rijen gelezen/);
      // The loaded export is 2023's edition now, in place of the seeds' 2023 edition; 2024's is untouched.
      const after = await editionsOf();
      const edition2023 = after.filter((e) => e.years.includes(2023));
      expect(edition2023).toHaveLength(1);
      expect(before.map((e) => e.edition)).not.toContain(edition2023[0].edition);
      expect(after.filter((e) => e !== edition2023[0])).toEqual(before.filter((e) => !e.years.includes(2023)));
    } finally {
      await browser.close();
    }
  });

  it("keeps an import and a query on the dataset apart, across the CLI and the node processes, and a killed holder's lock does not block", async () => {
    const held = await lockRow(cluster.nodes.gemeente.dataDir);
    // An import holds children_households (this test process stands in for a running bfa data import): the query refuses, naming it.
    await held.insert('import', 'gemeente-2024-c.csv', process.pid);
    const id = await approved();
    expect(await analyst.waitForState(id, ['released', 'failed'])).toMatchObject({
      state: 'failed',
      reason: expect.stringMatching(/children_households is being imported \(gemeente-2024-c\.csv\)/),
    });
    await held.clear();
    // A query reads it (as the node does while it executes): the CLI's import waits its --wait, then refuses naming the query, and writes nothing.
    await held.insert('query', '11111111-2222-4333-8444-555555555555', process.pid);
    const blocked = await bfa([
      'data',
      'import',
      '--data-dir',
      cluster.nodes.gemeente.dataDir,
      '--org',
      'gemeente',
      '--dataset',
      'children_households',
      '--mapping',
      write('gemeente-mapping.json', JSON.stringify(gemeenteMapping)),
      '--policies',
      POLICIES_DIR,
      '--wait',
      '1',
      '--json',
      write('gemeente-2024-c.csv', export2024({ wijk: WIJKEN[1], band: BANDS[1], children: 3 }).csv),
    ]);
    expect(blocked.code).toBe(2);
    expect(JSON.parse(blocked.stdout)).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/being read by query 11111111-2222-4333-8444-555555555555/),
    });
    await held.clear();
    // A lock left by a process that is gone (an import killed with SIGKILL) is stale: the next query runs.
    await held.insert('import', 'killed.csv', spawnSync('true').pid!);
    const after = await release();
    expect(after.editions.filter((e) => e.org === 'gemeente').length).toBeGreaterThan(0);
    await held.close();
  });
});
