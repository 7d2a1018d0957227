import { join } from 'node:path';
import { HttpError } from '@bfa/access';
import { Arms, QuerySpec } from '@bfa/protocol';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { schools } from '../seeds/schools';
import { bfa } from './support/bfa-cli';
import { sqliteAll } from './support/sqlite';
import { startTestCluster } from './support/test-cluster';
import { DEMO_GROUNDS } from '../deploy/local/grounds';

type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean; rule?: string };
type Table = { cells: Cell[]; minCellSize: number };
type Truth = Map<string, number>;

const TOTAL = 'Totaal';
/** Team op Maat in this test: the schools of two Tilburg wijken (Reeshof and Oud-Noord), large enough to be released. */
const TEAM_OP_MAAT = schools()
  .filter((s) => s.wijk === 'WK085508' || s.wijk === 'WK085502')
  .map((s) => s.brin);

describe('grouping by school and by a signed arm list (intervention vs comparison), on real processes and sqlite files', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;

  const steward = (org: string) => new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile);
  const pupilsFile = () => join(cluster.nodes.schoolbestuur.dataDir, 'records.sqlite');

  /** Pupils per school and year from the school board's sqlite file, outside the platform. */
  async function pupilsPerSchool(): Promise<{ school: string; year: number; n: number }[]> {
    return sqliteAll(pupilsFile(), 'SELECT school, year, COUNT(*) AS n FROM pupils GROUP BY school, year');
  }

  /** Leaves keyed `row|year`, with every total the release publishes (per row, per year, overall). */
  function withTotals(rows: { key: string; year: number; n: number }[]): Truth {
    const truth: Truth = new Map();
    const add = (key: string, n: number) => truth.set(key, (truth.get(key) ?? 0) + n);
    for (const { key, year, n } of rows)
      for (const k of [`${key}|${year}`, `${key}|${TOTAL}`, `${TOTAL}|${year}`, `${TOTAL}|${TOTAL}`]) add(k, n);
    return truth;
  }

  /** Released cells equal the truth, cells under k are hidden for it, and no released count is below k. */
  function expectReleaseMatches(table: Table, truth: Truth, dimension: string): number {
    let released = 0;
    for (const cell of table.cells) {
      const n = truth.get(`${cell.coordinates[dimension]}|${cell.coordinates.year}`) ?? 0;
      if (n < table.minCellSize)
        expect(cell).toMatchObject({ value: null, suppressed: true, rule: 'primary-frequency' });
      else if (cell.suppressed)
        expect(cell).toMatchObject({ value: null, rule: expect.stringMatching(/^(secondary|differencing)$/) });
      else {
        expect(cell.value).toBe(n);
        released++;
      }
      if (!cell.suppressed) expect(cell.value!).toBeGreaterThanOrEqual(table.minCellSize);
    }
    return released;
  }

  async function release(spec: QuerySpec): Promise<{ id: string; table: Table }> {
    const submitted = await analyst.submit(spec);
    for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    return { id: submitted.id, table: await analyst.release<Table>(submitted.id) };
  }

  const byArm = (arms: Arms): QuerySpec => ({
    ...DEMO_GROUNDS,
    dataset: 'pupils',
    measure: { kind: 'count' },
    groupBy: ['arm', 'year'],
    arms,
    purpose: 'Smart Start: pupils in the Team op Maat schools against the other schools, per year',
  });

  beforeAll(async () => {
    cluster = await startTestCluster('dimensions');
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
  });

  afterAll(() => cluster?.stop());

  it('releases pupils per arm and year equal to the sqlite ground truth, and every steward reviews the arm lists it signs', async () => {
    expect(TEAM_OP_MAAT.length).toBeGreaterThanOrEqual(3);
    const spec = byArm({ dimension: 'school', label: 'Team op Maat', intervention: TEAM_OP_MAAT });
    const submitted = await analyst.submit(spec);
    await steward('ggd').waitForProposal(submitted.id);
    const review = await steward('ggd').proposal<{ review: { arms: Record<string, unknown> } }>(submitted.id);
    const comparison = schools()
      .map((s) => s.brin)
      .filter((s) => !TEAM_OP_MAAT.includes(s));
    expect(review.review.arms).toEqual({
      label: 'Team op Maat',
      dimension: { name: 'school', label: 'School (BRIN)' },
      intervention: TEAM_OP_MAAT,
      comparison,
      comparisonIsRest: true,
    });
    const shown = await bfa([
      'steward',
      'show',
      submitted.id,
      '--url',
      cluster.nodes.ggd.url,
      '--key',
      cluster.nodes.ggd.stewardKeyFile,
    ]);
    expect(shown.stdout.replace(/[│\s]+/g, ' ')).toContain(
      `Intervention arm Team op Maat: ${TEAM_OP_MAAT.length} School (BRIN): ${TEAM_OP_MAAT.join(', ')}`,
    );
    for (const org of submitted.approvers) await steward(org).decide(submitted.id, 'approve');
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'])).toMatchObject({ state: 'released' });
    const table = await analyst.release<Table>(submitted.id);
    const rows = (await pupilsPerSchool()).map(({ school, year, n }) => ({
      key: TEAM_OP_MAAT.includes(school) ? 'intervention' : 'comparison',
      year,
      n,
    }));
    expect(table.cells).toHaveLength(3 * 3);
    expect(expectReleaseMatches(table, withTotals(rows), 'arm')).toBe(9);
  });

  it('releases pupils per school and year equal to the sqlite ground truth except suppressed cells', async () => {
    const { table } = await release({
      ...DEMO_GROUNDS,
      dataset: 'pupils',
      measure: { kind: 'count' as const },
      groupBy: ['school', 'year'],
      purpose: 'Smart Start: pupils per school and year, to plan the school-based support',
    });
    const truth = withTotals((await pupilsPerSchool()).map(({ school, year, n }) => ({ key: school, year, n })));
    expect(table.cells).toHaveLength((schools().length + 1) * 3);
    expect(expectReleaseMatches(table, truth, 'school')).toBeGreaterThan(100);
  });

  it.each<[string, Arms, RegExp]>([
    [
      'a school outside the catalog',
      { dimension: 'school', label: 'Team op Maat', intervention: [...TEAM_OP_MAAT, '99ZZ'] },
      /arms: \["99ZZ"\] not among the catalog's values of school/,
    ],
    [
      'a school in both arms',
      { dimension: 'school', label: 'Team op Maat', intervention: TEAM_OP_MAAT, comparison: TEAM_OP_MAAT.slice(0, 1) },
      /in both the intervention and the comparison arm/,
    ],
    [
      'arms drawn from a field, not a dimension',
      { dimension: 'absence_hours', label: 'Team op Maat', intervention: [0] },
      /"absence_hours" is not a dimension of pupils/,
    ],
  ])('refuses an arm list with %s before any partner is asked, naming the reason', async (_, arms, reason) => {
    const refused = await analyst.submit(byArm(arms)).then(
      () => null,
      (error: HttpError) => error,
    );
    expect(refused).toBeInstanceOf(HttpError);
    expect(refused!.status).toBeGreaterThanOrEqual(400);
    expect(refused!.status).toBeLessThan(500);
    expect(String((refused!.body as { message: unknown }).message)).toMatch(reason);
  });
});
