import { parse } from 'csv-parse/sync';
import { join } from 'node:path';
import { studentTQuantile } from '@bfa/disclosure';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { bfa } from './support/bfa-cli';
import { sqliteAll } from './support/sqlite';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Coordinates = Record<string, string | number>;
type Cell = { coordinates: Coordinates; value: number | null; suppressed: boolean; rule?: string };
type Estimate = {
  coordinates: Coordinates;
  suppressed: boolean;
  count?: number;
  numerator?: number;
  estimate?: number;
  standardDeviation?: number;
  interval?: [number, number];
};
type Release = { cells: Cell[]; minCellSize: number; estimates: { method: string; cells: Estimate[] } };

const PURPOSE = 'Smart Start end-to-end test: means and rates per wijk with their intervals';
const YEAR_2024 = { field: 'year', op: 'eq' as const, value: 2024 };

const careDaysMean = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'mean' as const, field: 'duration_days' },
  groupBy: ['wijk', 'age_band'],
  filters: [YEAR_2024],
  purpose: PURPOSE,
};
const careRate = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'rate' as const, per: 1000, denominator: { dataset: 'children_households', filters: [YEAR_2024] } },
  groupBy: ['wijk'],
  filters: [YEAR_2024],
  purpose: PURPOSE,
};

/** Every cell a release publishes that a leaf (wijk, age band) adds into: itself, its gemeente's and the region's, along each dimension. */
function cellsOf(leaf: Coordinates): string[] {
  const along = Object.entries(leaf).map(([dimension, code]) =>
    dimension === 'wijk'
      ? [String(code), `GM${String(code).slice(2, 6)}`, 'Totaal'].map((c) => [dimension, c])
      : [
          [dimension, String(code)],
          [dimension, 'Totaal'],
        ],
  );
  const keys = along.reduce<string[][][]>(
    (acc, options) => acc.flatMap((prefix) => options.map((o) => [...prefix, o])),
    [[]],
  );
  return keys.map((pairs) => JSON.stringify(Object.fromEntries(pairs.sort())));
}
const keyOf = (coordinates: Coordinates) =>
  JSON.stringify(
    Object.fromEntries(
      Object.entries(coordinates)
        .map(([d, c]) => [d, String(c)])
        .sort(),
    ),
  );

/** Each published cell's records, read straight from a partner's sqlite file, outside the platform. */
async function valuesByCell(file: string, sql: string, groupBy: string[]): Promise<Map<string, number[]>> {
  const cells = new Map<string, number[]>();
  for (const row of await sqliteAll<Record<string, string | number>>(file, sql)) {
    const leaf = Object.fromEntries(groupBy.map((d) => [d, row[d]]));
    for (const key of cellsOf(leaf)) cells.set(key, [...(cells.get(key) ?? []), Number(row.v)]);
  }
  return cells;
}

/** The Wilson score interval, written out here from its textbook formula. */
function wilson(x: number, n: number): [number, number] {
  const z = 1.959963984540054;
  const p = x / n;
  const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [centre - half, centre + half];
}

describe('means and rates with their intervals, on real nats-server, processes and sqlite files', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const recordsFile = (org: string) => join(cluster.nodes[org].dataDir, 'records.sqlite');
  const analystArgs = () => [
    '--url',
    cluster.coordinatorUrl,
    '--key',
    cluster.users['analyst.smartstart'],
    '--policies',
    'policies',
  ];

  async function released(spec: QuerySpec): Promise<{ id: string; release: Release; approvers: string[] }> {
    const submitted = await analyst.submit(spec);
    for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    return { id: submitted.id, release: await analyst.release<Release>(submitted.id), approvers: submitted.approvers };
  }

  beforeAll(async () => {
    cluster = await startTestCluster('measures');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  });

  afterAll(async () => {
    await cluster?.stop();
  });

  it('releases the mean, SD and 95% interval of care days per wijk and age band as computed from the sqlite file, only where count and sum are released', async () => {
    const { release } = await released(careDaysMean);
    const truth = await valuesByCell(
      recordsFile('sterkhuis'),
      'SELECT wijk, age_band, duration_days AS v FROM youth_care_trajectories WHERE year = 2024',
      ['wijk', 'age_band'],
    );
    const sums = new Map(release.cells.map((c) => [keyOf(c.coordinates), c]));
    let shown = 0;
    for (const cell of release.estimates.cells) {
      const values = truth.get(keyOf(cell.coordinates)) ?? [];
      const sum = sums.get(keyOf(cell.coordinates))!;
      expect(cell.suppressed).toBe(sum.suppressed);
      if (values.length > 0 && values.length < release.minCellSize)
        expect(cell).toEqual({ coordinates: cell.coordinates, suppressed: true });
      if (cell.suppressed) continue;
      expect(cell.count).toBe(values.length);
      expect(sum.value).toBe(values.reduce((s, v) => s + v, 0));
      if (values.length === 0) continue;
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const sd = Math.sqrt(values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1));
      const half = (studentTQuantile(0.975, values.length - 1) * sd) / Math.sqrt(values.length);
      expect(cell.estimate).toBeCloseTo(mean, 9);
      expect(cell.standardDeviation).toBeCloseTo(sd, 9);
      expect(cell.interval![0]).toBeCloseTo(mean - half, 9);
      expect(cell.interval![1]).toBeCloseTo(mean + half, 9);
      shown++;
    }
    expect(shown).toBeGreaterThan(10);
    expect(release.estimates.cells.filter((c) => c.suppressed).length).toBeGreaterThan(0);
    expect(release.estimates.method).toMatch(/t\(0\.975, n − 1\)/);
  });

  it('releases youth care per 1,000 children of the wijk, both parts approved by every steward, equal to the two partners’ sqlite files, and prints it as a table and CSV', async () => {
    const submitted = await analyst.submit(careRate);
    expect(submitted.approvers).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    const review =
      (await steward('gemeente').waitForProposal(submitted.id)) &&
      (await steward('gemeente').proposal<{ review: { measure: string; dataHolders: string[] } }>(submitted.id)).review;
    expect(review.measure).toMatch(
      /Jeugdhulptrajecten \(Sterk Huis\) at sterkhuis, where Jaar = 2024, per 1000 records of Kinderen en hun huishouden .* at gemeente, where Jaar = 2024/,
    );
    expect(review.dataHolders).toEqual(['gemeente', 'sterkhuis']);
    for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    const release = await analyst.release<Release>(submitted.id);

    const care = await valuesByCell(
      recordsFile('sterkhuis'),
      'SELECT wijk, 1 AS v FROM youth_care_trajectories WHERE year = 2024',
      ['wijk'],
    );
    const children = await valuesByCell(
      recordsFile('gemeente'),
      'SELECT wijk, 1 AS v FROM children_households WHERE year = 2024',
      ['wijk'],
    );
    const numerators = new Map(release.cells.map((c) => [keyOf(c.coordinates), c]));
    let shown = 0;
    for (const cell of release.estimates.cells) {
      const [x, n] = [
        care.get(keyOf(cell.coordinates))?.length ?? 0,
        children.get(keyOf(cell.coordinates))?.length ?? 0,
      ];
      expect(cell.suppressed).toBe(numerators.get(keyOf(cell.coordinates))!.suppressed);
      if ((x > 0 && x < release.minCellSize) || (n > 0 && n < release.minCellSize)) expect(cell.suppressed).toBe(true);
      if (cell.suppressed) continue;
      expect({ numerator: cell.numerator, count: cell.count }).toEqual({ numerator: x, count: n });
      expect(numerators.get(keyOf(cell.coordinates))!.value).toBe(x);
      if (n === 0 || x > n) continue;
      expect(cell.estimate).toBeCloseTo((1000 * x) / n, 9);
      const [lower, upper] = wilson(x, n);
      expect(cell.interval![0]).toBeCloseTo(1000 * lower, 9);
      expect(cell.interval![1]).toBeCloseTo(1000 * upper, 9);
      shown++;
    }
    expect(shown).toBeGreaterThan(10);

    const table = await bfa(['analyst', 'release', submitted.id, ...analystArgs()]);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain(`Method: ${release.estimates.method}`);
    const csv = await bfa(['analyst', 'release', submitted.id, ...analystArgs(), '--csv']);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(release.estimates.cells.length);
    for (const [i, row] of rows.entries()) {
      const cell = release.estimates.cells[i];
      expect(row).toMatchObject({
        wijk: String(cell.coordinates.wijk),
        suppressed: String(cell.suppressed),
        numerator: String(cell.numerator ?? ''),
        count: String(cell.count ?? ''),
        estimate: String(cell.estimate ?? ''),
      });
    }
  });
});
