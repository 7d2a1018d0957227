import { join } from 'node:path';
import { CohortEffect, differenceInDifferences } from '@bfa/combination';
import { AnalystClient, loadIdentity, StewardClient } from '../deploy/local/clients';
import { LocalCluster } from '../deploy/local/cluster';
import { DEFAULT_SEED, generateRegionWithChildren } from '../seeds/region-data';
import { plantedTeamOpMaatEffect } from '../seeds/team-op-maat';
import { CohortArms, cohortSpec, cohortTruth, placeboArms, teamOpMaatArms } from './support/cohort-truth';
import { RELEASED_COMBINATION_SCALE, startTestCluster } from './support/test-cluster';

type Cell = { coordinates: Record<string, string>; value: number | null; suppressed: boolean; rule?: string };
type Release = { cells: Cell[]; minCellSize: number; effect: CohortEffect };
const TOTAL = 'Totaal';
const ARMS = ['intervention', 'comparison'] as const;

describe('cohort follow-up and difference in differences across partners and years, on real nats-server, processes and sqlite files', () => {
  let cluster: LocalCluster;
  let analyst: AnalystClient;
  const releases: Record<string, Release> = {};
  const ids: Record<string, string> = {};
  const recordsFile = (org: string) => join(cluster.nodes[org].dataDir, 'records.sqlite');
  const arms: Record<string, CohortArms> = { tom: teamOpMaatArms(), placebo: placeboArms() };

  async function run(name: string, year: number, before?: string): Promise<void> {
    const submitted = await analyst.submit(cohortSpec(arms[name], year, before));
    expect(submitted.approvers).toEqual(['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis']);
    for (const org of submitted.approvers)
      await new StewardClient(cluster.nodes[org].url, cluster.nodes[org].stewardKeyFile).decide(
        submitted.id,
        'approve',
      );
    expect(await analyst.waitForState(submitted.id, ['released', 'failed'], 900_000)).toMatchObject({
      state: 'released',
    });
    ids[`${name}${year}`] = submitted.id;
    releases[`${name}${year}`] = await analyst.release<Release>(submitted.id);
  }

  beforeAll(async () => {
    cluster = await startTestCluster('cohort', { scale: RELEASED_COMBINATION_SCALE });
    analyst = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.smartstart']));
    // Team op Maat starts in 2024: the cohort of 2023 is the before cohort, that of 2024 the after cohort naming it.
    for (const name of ['tom', 'placebo']) {
      await run(name, 2023);
      await run(name, 2024, ids[`${name}2023`]);
    }
  }, 3_000_000);

  afterAll(async () => {
    await cluster?.stop();
  });

  it.each(['tom2023', 'tom2024', 'placebo2023', 'placebo2024'])(
    '%s: every released count equals the two sqlite files and is at least k; the rest is suppressed',
    async (name) => {
      const release = releases[name];
      const truth = await cohortTruth(recordsFile, arms[name.replace(/\d+$/, '')], Number(name.slice(-4)));
      const expected = (arm: string, outcome: string) => {
        const groups = arm === TOTAL ? ARMS.map((a) => truth[a]) : [truth[arm as (typeof ARMS)[number]]];
        return groups.reduce(
          (sum, g) =>
            sum + (outcome === TOTAL ? g.children : outcome === '1' ? g.withOutcome : g.children - g.withOutcome),
          0,
        );
      };
      expect(release.cells).toHaveLength(9);
      for (const cell of release.cells) {
        if (cell.suppressed) expect(cell.value).toBeNull();
        else {
          expect(cell.value).toBe(expected(cell.coordinates.arm, cell.coordinates.outcome));
          expect(cell.value).toBeGreaterThanOrEqual(release.minCellSize);
        }
      }
      expect(
        release.effect.groups.filter((g) => g.cohort === 'after').map((g) => [g.arm, g.children, g.withOutcome]),
      ).toEqual(ARMS.map((a) => [a, truth[a].children, truth[a].withOutcome]));
    },
  );

  it.each(['tom', 'placebo'])(
    '%s: the difference in differences is the estimator on the two releases’ published counts',
    (name) => {
      const [before, after] = [releases[`${name}2023`], releases[`${name}2024`]];
      expect(after.effect.cohorts).toEqual({
        before: { queryId: ids[`${name}2023`], year: 2023 },
        after: { queryId: ids[`${name}2024`], year: 2024 },
      });
      const published = (release: Release, arm: string) => {
        const value = (outcome: string) =>
          release.cells.find((c) => c.coordinates.arm === arm && c.coordinates.outcome === outcome)!.value;
        return { children: value(TOTAL), withOutcome: value('1') };
      };
      const here = differenceInDifferences({
        'intervention before': published(before, 'intervention'),
        'comparison before': published(before, 'comparison'),
        'intervention after': published(after, 'intervention'),
        'comparison after': published(after, 'comparison'),
      });
      if (!here.estimable) throw new Error(`the seeded cohorts must be estimable: ${here.reason}`);
      expect(after.effect).toMatchObject({ estimable: true, unusableCells: [] });
      expect(after.effect.estimate).toBeCloseTo(here.estimate, 12);
      expect(after.effect.interval!.lower).toBeCloseTo(here.interval.lower, 12);
      expect(after.effect.interval!.upper).toBeCloseTo(here.interval.upper, 12);
      expect(after.effect.method).toMatch(/^Difference in differences/);
      // The before cohort alone has no estimate, and says why.
      expect(before.effect).toMatchObject({ estimable: false, reason: expect.stringMatching(/no before cohort/) });
    },
  );

  it('Team op Maat: the interval covers the planted effect and lies below 0; the placebo arms’ interval contains 0', async () => {
    const { children, partners } = generateRegionWithChildren(DEFAULT_SEED, RELEASED_COMBINATION_SCALE, [
      'schoolbestuur',
    ]);
    const planted = plantedTeamOpMaatEffect(children, partners.schoolbestuur.pupils, 2024);
    const tom = releases.tom2024.effect.interval!;
    expect(tom.lower).toBeLessThan(planted);
    expect(tom.upper).toBeGreaterThan(planted);
    expect(tom.upper).toBeLessThan(0);
    const placebo = releases.placebo2024.effect.interval!;
    expect(placebo.lower).toBeLessThan(0);
    expect(placebo.upper).toBeGreaterThan(0);
  });

  it('refuses a before cohort with other arms, a later one, or one that is not the analyst’s, naming why, before any partner is asked', async () => {
    await expect(analyst.submit(cohortSpec(arms.placebo, 2024, ids.tom2023))).rejects.toThrow(/its arms differ/);
    await expect(analyst.submit(cohortSpec(arms.tom, 2023, ids.tom2024))).rejects.toThrow(/is not before this one/);
    const other = new AnalystClient(cluster.coordinatorUrl, loadIdentity(cluster.users['analyst.other']));
    await expect(other.submit(cohortSpec(arms.tom, 2024, ids.tom2023))).rejects.toThrow(/is not a query of yours/);
  });
});
