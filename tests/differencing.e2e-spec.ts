import { join, resolve } from 'node:path';
import { AggregateCell, AdditivityConstraint, attackerIntervals, crossTable, LinkedTable } from '@bfa/disclosure';
import { loadPolicies } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { riskFactorCombination } from '../deploy/local/risk-factors';
import { releaseDimensions } from '../apps/coordinator/src/federation/release-table';
import { riskFactorTruth } from './support/risk-factor-truth';
import { sqliteAll } from './support/sqlite';
import { COMBINATION_SCALE, startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean; rule?: string };
type Table = { cells: Cell[]; minCellSize: number };
type Truth = { contributors: number; value: number };

const K = 10;
const PURPOSE = 'Smart Start differencing test: youth care per wijk and age band for prevention planning';
const catalog = loadPolicies(resolve(__dirname, '..', 'policies')).catalog;
const CARE = 'youth_care_trajectories';

const query = (measure: QuerySpec['measure'], groupBy: string[], filters: QuerySpec['filters']): QuerySpec => ({
  ...DEMO_GROUNDS,
  dataset: CARE,
  measure,
  groupBy,
  filters,
  purpose: PURPOSE,
});
const COUNT = { kind: 'count' as const };
const DAYS = { kind: 'sum' as const, field: 'duration_days' };
const YEAR_EQ = [{ field: 'year', op: 'eq' as const, value: 2024 }];
const YEAR_GTE_AT_HOME = [
  { field: 'year', op: 'gte' as const, value: 2024 },
  { field: 'out_of_home', op: 'eq' as const, value: false },
];

const FINE = ['wijk', 'age_band'];

const keyOf = (coordinates: Record<string, string | number>, groupBy: string[]) =>
  groupBy.map((d) => String(coordinates[d])).join('|');

/**
 * An attacker outside the platform: the releases' published cells as constants, every hidden cell an unknown ≥ 0,
 * each table's own totals plus the equations that tie the releases together, and HiGHS for the min and max of
 * every group it is after. A group of 1 to k − 1 is given away when its max stays below k.
 */
class Attack {
  readonly cells: AggregateCell[] = [];
  readonly constraints: AdditivityConstraint[] = [];
  readonly hidden = new Set<number>();

  /** A release's whole linked table (true values from the sqlite files), its suppressed cells unknown; returns each cell's index by key. */
  table(
    groupBy: string[],
    truth: Map<string, Truth>,
    release: Table | null,
    measure: 'count' | 'value',
  ): Map<string, number> {
    const leaves = [...truth].map(([key, t]) => ({
      coordinates: Object.fromEntries(key.split('|').map((v, d) => [groupBy[d], v])),
      value: t[measure === 'count' ? 'contributors' : 'value'],
      contributors: t.contributors,
    }));
    const linked = crossTable(releaseDimensions(catalog, groupBy), leaves);
    const offset = this.cells.length;
    const published = new Map((release?.cells ?? []).map((c) => [keyOf(c.coordinates, groupBy), c]));
    linked.cells.forEach((cell, i) => {
      this.cells.push(cell);
      const shown = published.get(keyOf(cell.coordinates, groupBy));
      if (!shown || shown.suppressed) this.hidden.add(offset + i);
      else expect(shown.value).toBe(cell.value);
    });
    this.constraints.push(
      ...linked.constraints.map((c) => ({ total: c.total + offset, parts: c.parts.map((p) => p + offset) })),
    );
    return new Map(linked.cells.map((cell, i) => [keyOf(cell.coordinates, groupBy), offset + i]));
  }

  same(a: number, b: number): void {
    this.constraints.push({ total: a, parts: [b] });
  }

  sum(total: number, parts: number[]): void {
    this.constraints.push({ total, parts });
  }

  async intervals(cells: number[]): Promise<Map<number, [number, number]>> {
    const table: LinkedTable = { cells: this.cells, constraints: this.constraints };
    const found = await attackerIntervals(
      table,
      this.hidden,
      cells.filter((c) => this.hidden.has(c)),
    );
    return new Map([
      ...cells.map((c): [number, [number, number]] => [c, [this.cells[c].value, this.cells[c].value]]),
      ...found.map((i): [number, [number, number]] => [i.cell, [i.lower, i.upper]]),
    ]);
  }
}

/** Submits, has every steward approve, waits; the release, or null with the refusal's reason checked. */
async function releaseOn(cluster: LocalCluster, analyst: AnalystClient, spec: QuerySpec): Promise<Table | null> {
  // The attacks above leave the connection idle past the server's keep-alive: a reused socket may be closed under us.
  const submitted = await analyst.submit(spec).catch(() => analyst.submit(spec));
  for (const org of submitted.approvers)
    await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(submitted.id, 'approve');
  const final = await analyst.waitForState(submitted.id, ['released', 'failed']);
  if (final.state === 'failed') {
    expect(final.reason).toContain('refused by the release ledger');
    return null;
  }
  return analyst.release<Table>(submitted.id);
}

describe('differencing by rephrasing: two releases that only the release ledger sees as overlapping', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;

  const recordsFile = () => join(cluster.nodes.sterkhuis.dataDir, 'records.sqlite');

  const release = (spec: QuerySpec) => releaseOn(cluster, analyst, spec);

  /** Per grid cell, from Sterk Huis' sqlite file directly: the number of trajectories and the care days. */
  async function truth(groupBy: string[], where: string): Promise<Map<string, Truth>> {
    const rows = await sqliteAll<Record<string, string | number>>(
      recordsFile(),
      `SELECT ${groupBy.join(', ')}, COUNT(*) AS contributors, SUM(duration_days) AS value FROM ${CARE} WHERE ${where} GROUP BY ${groupBy.join(', ')}`,
    );
    const cells = new Map<string, Truth>();
    for (const coordinates of crossTable(releaseDimensions(catalog, groupBy), []).cells) {
      if (
        groupBy.every(
          (d) => !String(coordinates.coordinates[d]).startsWith('GM') && coordinates.coordinates[d] !== 'Totaal',
        )
      )
        cells.set(keyOf(coordinates.coordinates, groupBy), { contributors: 0, value: 0 });
    }
    for (const row of rows)
      cells.set(keyOf(row, groupBy), { contributors: Number(row.contributors), value: Number(row.value) });
    return cells;
  }

  /** Total over the leaves, per table cell key (totals included), of the trajectories: to know which groups are small. */
  function cellTruth(groupBy: string[], leaves: Map<string, Truth>): Map<string, number> {
    const linked = crossTable(
      releaseDimensions(catalog, groupBy),
      [...leaves].map(([key, t]) => ({
        coordinates: Object.fromEntries(key.split('|').map((v, d) => [groupBy[d], v])),
        value: t.contributors,
        contributors: t.contributors,
      })),
    );
    return new Map(linked.cells.map((c) => [keyOf(c.coordinates, groupBy), c.value]));
  }

  let byWijkAndAge: Table | null;
  let daysByWijkAndAge: Table | null;

  beforeAll(async () => {
    cluster = await startTestCluster('differencing');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    byWijkAndAge = await release(query(COUNT, FINE, YEAR_EQ));
    daysByWijkAndAge = await release(query(DAYS, FINE, YEAR_EQ));
    expect(byWijkAndAge).not.toBeNull();
    expect(daysByWijkAndAge).not.toBeNull();
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('year gte 2024 with one filter more, against year eq 2024: no group of children out of home of 1 to 9 can be worked out', async () => {
    const narrower = await release(query(COUNT, FINE, YEAR_GTE_AT_HOME));
    if (narrower === null) return;
    const attack = new Attack();
    const all = attack.table(FINE, await truth(FINE, 'year = 2024'), byWijkAndAge, 'count');
    const atHome = attack.table(FINE, await truth(FINE, 'year >= 2024 AND out_of_home = 0'), narrower, 'count');
    const outLeaves = await truth(FINE, 'year = 2024 AND out_of_home = 1');
    const outOfHome = attack.table(FINE, outLeaves, null, 'count');
    for (const [key, cell] of all) attack.sum(cell, [atHome.get(key)!, outOfHome.get(key)!]);
    const small = [...cellTruth(FINE, outLeaves)].filter(([, n]) => n < K).map(([key]) => outOfHome.get(key)!);
    expect(small.length).toBeGreaterThan(10);
    const intervals = await attack.intervals(small);
    const pinned = small.filter((cell) => intervals.get(cell)![1] < K);
    expect(pinned.map((cell) => ({ ...attack.cells[cell].coordinates, interval: intervals.get(cell) }))).toEqual([]);
    expect(narrower.cells.some((c) => c.rule === 'differencing')).toBe(true);
  });

  it('[wijk] against the wijk rows of [wijk, age_band]: every hidden cell of 1 to 9 keeps its protection interval of 10 either side', async () => {
    const coarse = await release(query(COUNT, ['wijk'], YEAR_EQ));
    if (coarse === null) return;
    const attack = new Attack();
    const leaves = await truth(FINE, 'year = 2024');
    const fine = attack.table(FINE, leaves, byWijkAndAge, 'count');
    const byWijk = attack.table(['wijk'], await truth(['wijk'], 'year = 2024'), coarse, 'count');
    for (const [wijk, cell] of byWijk) attack.same(fine.get(`${wijk}|Totaal`)!, cell);
    const small = [...cellTruth(FINE, leaves)].filter(([, n]) => n < K).map(([key]) => fine.get(key)!);
    const intervals = await attack.intervals(small);
    // A's own audit gave each of them [0, value + 10]; the wijk totals published next to it must not narrow that.
    const narrowed = small.filter(
      (cell) => intervals.get(cell)![1] < attack.cells[cell].value + K - 1e-6 || intervals.get(cell)![0] > 1e-6,
    );
    expect(narrowed.map((cell) => ({ ...attack.cells[cell].coordinates, interval: intervals.get(cell) }))).toEqual([]);
  });

  it('the same trick on a sum: no care days of a group of 1 to 9 children out of home can be worked out', async () => {
    const narrower = await release(query(DAYS, FINE, YEAR_GTE_AT_HOME));
    if (narrower === null) return;
    const attack = new Attack();
    const all = attack.table(FINE, await truth(FINE, 'year = 2024'), daysByWijkAndAge, 'value');
    const atHome = attack.table(FINE, await truth(FINE, 'year >= 2024 AND out_of_home = 0'), narrower, 'value');
    const outLeaves = await truth(FINE, 'year = 2024 AND out_of_home = 1');
    const outOfHome = attack.table(FINE, outLeaves, null, 'value');
    for (const [key, cell] of all) attack.sum(cell, [atHome.get(key)!, outOfHome.get(key)!]);
    const small = [...cellTruth(FINE, outLeaves)].filter(([, n]) => n > 0 && n < K).map(([key]) => outOfHome.get(key)!);
    expect(small.length).toBeGreaterThan(10);
    const intervals = await attack.intervals(small);
    // Pinned: the attacker knows their care days to within fewer than 10 days.
    const pinned = small.filter((cell) => intervals.get(cell)![1] - intervals.get(cell)![0] < K);
    expect(pinned.map((cell) => ({ ...attack.cells[cell].coordinates, interval: intervals.get(cell) }))).toEqual([]);
    expect(narrower.cells.some((c) => c.rule === 'differencing')).toBe(true);
  });
});

describe('differencing by rephrasing on combinations: two combination releases over nested populations', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  const release = (spec: QuerySpec) => releaseOn(cluster, analyst, spec);

  beforeAll(async () => {
    // A combination carries every child of its year at every partner: a smaller share of the region.
    cluster = await startTestCluster('differencing-combination', { scale: COMBINATION_SCALE });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  }, 600_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it('two combination queries, the second without the low-income children: no group of 1 to 9 children can be worked out', async () => {
    const everyone = riskFactorCombination({
      atLeast: 1,
      purpose: 'Smart Start differencing test: children with risk factors per wijk, for prevention',
    });
    const notLowIncome = {
      ...everyone,
      filters: [...everyone.filters!, { field: 'low_income', op: 'eq' as const, value: false }],
    };
    const recordsFile = (org: string) => join(cluster.nodes[org].dataDir, 'records.sqlite');
    const truth = await riskFactorTruth(recordsFile, { atLeast: 1 });
    const narrowerTruth = await riskFactorTruth(recordsFile, { where: 'low_income = 0', atLeast: 1 });
    // The attack has something to find: a cell both populations show (k children or more at the source) whose counts differ by 1 to k − 1.
    const exposed = [...truth.cells].filter(
      ([key, cell]) =>
        cell.children >= K &&
        (narrowerTruth.cells.get(key)?.children ?? 0) >= K &&
        cell.count - narrowerTruth.cells.get(key)!.count > 0 &&
        cell.count - narrowerTruth.cells.get(key)!.count < K,
    );
    expect(exposed.length).toBeGreaterThan(0);
    const first = await release(everyone);
    expect(first).not.toBeNull();
    // The grid cells here; the combination's totals are checked against the sqlite files in combination.e2e-spec.ts.
    const inGrid = (c: { coordinates: Record<string, string | number> }) =>
      /^WK/.test(String(c.coordinates.wijk)) && c.coordinates.age_band !== 'Totaal';
    for (const cell of first!.cells.filter((c) => !c.suppressed && inGrid(c)))
      expect(cell.value).toBe(truth.cells.get(keyOf(cell.coordinates, FINE))?.count);
    const second = await release(notLowIncome);
    if (second === null) return;
    // Low income is one of the factors: a cell's difference is its low-income children, exactly.
    const before = new Map(first!.cells.map((c) => [keyOf(c.coordinates, FINE), c]));
    const differences = second.cells.flatMap((c) => {
      const earlier = before.get(keyOf(c.coordinates, FINE))!;
      return c.suppressed || earlier.suppressed ? [] : [{ ...c.coordinates, difference: earlier.value! - c.value! }];
    });
    expect(differences.filter((d) => d.difference < K)).toEqual([]);
  }, 600_000);
});
