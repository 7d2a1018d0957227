import { Browser, Page } from 'playwright-core';
import type { CohortEffect } from '@bfa/combination';
import { loadPolicies } from '@bfa/policy';
import type { QuerySpec } from '@bfa/protocol';
import { resolve } from 'node:path';
import { LocalCluster } from '../deploy/local/cluster';
import { schools } from '../seeds/schools';
import { teamOpMaatSchools } from '../seeds/team-op-maat';
import { axeViolations, launchChromium, screenshot, tabTo } from './support/console-browser';
import { openConsole, signIn, submitRefused } from './support/console-analyst';
import {
  buildCocktail,
  buildMeanByArm,
  buildRate,
  chartIntervals,
  downloadCsv,
  openReleased,
  releaseOf,
  shownCocktailCells,
  shownEstimates,
  submitApproved,
} from './support/console-analyses';
import { ApiCell, ApiRelease, cellKey, firstSlice, signInAsAnalyst } from './support/console-release';
import { cohortSpec } from './support/cohort-truth';
import {
  buildCohort,
  cohortFormInEnglish,
  downloadEffectByKeyboard,
  shownCohort,
  submitBuiltCohort,
  submitCohortApproved,
} from './support/console-cohort';
import { RELEASED_COMBINATION_SCALE, startTestCluster } from './support/test-cluster';

type Estimate = {
  coordinates: Record<string, string | number>;
  suppressed: boolean;
  count?: number;
  numerator?: number;
  estimate?: number;
  standardDeviation?: number;
  interval?: [number, number];
};
type EstimatesRelease = ApiRelease & {
  measure: Record<string, unknown>;
  minCellSize: number;
  estimates: { method: string; cells: Estimate[] };
};
type RR = { estimable: boolean; rr?: number; interval?: { lower: number; upper: number }; reason?: string };
type CocktailRelease = Omit<ApiRelease, 'combination'> & {
  minCellSize: number;
  combination: {
    analysis: string;
    factors: { dataset: string; label: string; filters: unknown[] }[];
    outcome: { dataset: string; filters: unknown[] };
  };
  cocktail: {
    factors: string[];
    outcome: string;
    byCount: { factors: number; children: number | null; withOutcome: number | null; relativeRisk?: RR }[];
  };
};

type CohortRelease = ApiRelease & { minCellSize: number; effect: CohortEffect };

const CHILDREN = 'Kinderen en hun huishouden (BRP en inkomensdata gemeente)';
const dutch = new Intl.NumberFormat('nl-NL').format;
const oneDecimal = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format;
const twoDecimals = new Intl.NumberFormat('nl-NL', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format;
const text = (v: number | undefined) => (v === undefined ? '' : String(v));
const points = (language: 'nl-NL' | 'en-GB') => (x: number) =>
  `${x < 0 ? '−' : x > 0 ? '+' : ''}${new Intl.NumberFormat(language, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.abs(100 * x))}`;
/** Team op Maat in this test: the schools of two Tilburg wijken, in the catalog's order (the order the builder lists them, and Tab reaches them). */
const TEAM = new Set(
  schools()
    .filter((s) => s.wijk === 'WK085508' || s.wijk === 'WK085502')
    .map((s) => s.brin),
);
const TEAM_OP_MAAT = loadPolicies(resolve(__dirname, '..', 'policies'))
  .catalog.dimensions.school.values.map(String)
  .filter((brin) => TEAM.has(brin));

/** The seeds' Team op Maat schools against every other school, as the builder sends arms whose comparison is left empty. */
const COHORT_ARMS = { label: 'Team op Maat', intervention: teamOpMaatSchools(), comparison: [] };
/** What of a cohort's spec must be as the API's cohorts send it: all but the words the analyst chose. */
const cohortShape = (spec: QuerySpec) => ({
  dataset: spec.dataset,
  measure: spec.measure,
  groupBy: spec.groupBy,
  filters: spec.filters,
  arms: spec.arms,
  combination: {
    analysis: spec.combination!.analysis,
    before: spec.combination!.before,
    factors: spec.combination!.factors.map((f) => ({ dataset: f.dataset, filters: f.filters })),
  },
});

/** What the release view must show of a mean or rate: each cell's value, estimate and interval in Dutch, as the API released them. */
function expectEstimatesShown(release: EstimatesRelease, rows: { key: string; texts: string[] }[]): void {
  const byKey = new Map(release.estimates.cells.map((e) => [cellKey(release, e as unknown as ApiCell), e]));
  expect(rows.map((r) => r.key)).toEqual(release.cells.map((c) => cellKey(release, c)));
  rows.forEach((row, i) => {
    const cell = release.cells[i];
    const e = byKey.get(row.key)!;
    const shown = !e.suppressed && e.estimate !== undefined;
    expect(row.texts).toEqual([
      cell.suppressed ? expect.stringMatching(/^× verborgen: \S/) : dutch(cell.value!),
      shown ? oneDecimal(e.estimate!) : '',
      shown && e.interval ? `${oneDecimal(e.interval[0])} tot ${oneDecimal(e.interval[1])}` : '',
    ]);
  });
}

/** The interval chart draws the slice's estimates at full precision, and no dot where a part was hidden. */
function expectChartShown(
  release: EstimatesRelease,
  slice: ApiCell[],
  drawn: { key: string; estimate: string; lower: string; upper: string }[],
): void {
  const byKey = new Map(release.estimates.cells.map((e) => [cellKey(release, e as unknown as ApiCell), e]));
  expect(drawn).toEqual(
    slice.map((c) => {
      const e = byKey.get(cellKey(release, c))!;
      const shown = !e.suppressed && e.estimate !== undefined;
      return {
        key: cellKey(release, c),
        estimate: shown ? String(e.estimate) : '',
        lower: shown ? text(e.interval?.[0]) : '',
        upper: shown ? text(e.interval?.[1]) : '',
      };
    }),
  );
}

/** The estimates' CSV holds the API's numbers, at full precision, and nothing of a hidden cell. */
function expectEstimatesCsv(release: EstimatesRelease, rows: Record<string, string>[]): void {
  expect(
    rows.map((r) => ({
      key: release.groupBy.map((d) => `${d}=${r[d]}`).join('|'),
      estimate: r.estimate,
      lower: r.lower,
      upper: r.upper,
      count: r.count,
      numerator: r.numerator,
      suppressed: r.suppressed,
    })),
  ).toEqual(
    release.estimates.cells.map((e) => ({
      key: cellKey(release, e as unknown as ApiCell),
      estimate: e.suppressed ? '' : text(e.estimate),
      lower: e.suppressed ? '' : text(e.interval?.[0]),
      upper: e.suppressed ? '' : text(e.interval?.[1]),
      count: e.suppressed ? '' : text(e.count),
      numerator: e.suppressed ? '' : text(e.numerator),
      suppressed: String(e.suppressed),
    })),
  );
}

describe("the analyst's analyses in Debian's chromium, on a real cluster: rates, means by arm, the cocktail analysis and a cohort's difference in differences, to the release view", () => {
  let cluster: LocalCluster;
  let browser: Browser;
  let page: Page;
  let cocktailId: string;
  let cohort2023: string;

  beforeAll(async () => {
    cluster = await startTestCluster('console-analyses', { scale: RELEASED_COMBINATION_SCALE });
    browser = await launchChromium();
    page = await openConsole(browser, cluster.coordinatorUrl);
    await signIn(page, cluster.users['analyst.smartstart']);
    // The before cohort runs while the other analyses are built: Team op Maat's pupils of 2023, followed to youth care.
    cohort2023 = await submitCohortApproved(cluster, cohortSpec(COHORT_ARMS, 2023));
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('builds the outcome-by-count cocktail (risk factors of 2023, youth care in 2024) and every partner approves it', async () => {
    await buildCocktail(page, {
      dataset: CHILDREN,
      groupBy: ['Leeftijdsklasse'],
      year: '2023',
      factors: {
        'Kinderen en hun huishouden': 'Huishouden met laag inkomen',
        Gezondheidsmonitor: 'Ouder in GGZ-behandeling',
      },
      analysis: 'outcomeByCount',
      outcome: 'Elk record in Jeugdhulptrajecten (Sterk Huis)',
      outcomeYear: '2024',
      purpose: 'Smart Start console test: giftige cocktails of 2023 and youth care a year later',
    });
    // No full-page screenshot before submitting: Chromium's resize for it shifts the long form under the click.
    expect(await axeViolations(page)).toEqual([]);
    cocktailId = await submitApproved(page, cluster);
  });

  it('builds a rate per 1,000 children, reads its estimates, interval chart and CSV as released, by keyboard too', async () => {
    await buildRate(page, {
      dataset: 'Jeugdhulptrajecten (Sterk Huis)',
      denominator: CHILDREN,
      per: 1000,
      interval: 'wilson',
      groupBy: ['Wijk (CBS 2014)'],
      year: '2024',
      purpose: 'Smart Start console test: youth-care trajectories per 1,000 children of the wijk',
    });
    expect(await axeViolations(page)).toEqual([]);
    const release = await releaseOf<EstimatesRelease>(cluster, await submitApproved(page, cluster), 600_000);
    expect(release.measure).toEqual({
      kind: 'rate',
      per: 1000,
      interval: 'wilson',
      denominator: { dataset: 'children_households', filters: [{ field: 'year', op: 'eq', value: 2024 }] },
    });
    expect(release.estimates.cells.some((e) => !e.suppressed && e.interval)).toBe(true);

    const reader = await signInAsAnalyst(browser, cluster);
    await openReleased(reader, release.queryId, '.estimates-chart g.interval');
    expectEstimatesShown(release, await shownEstimates(reader, release.groupBy.length));
    expectChartShown(release, firstSlice(release), await chartIntervals(reader, 'estimates-chart'));
    // The estimates' CSV by keyboard: Tab to its button, Enter.
    await tabTo(reader, 'button.download-estimates', 200);
    const [file] = await Promise.all([reader.waitForEvent('download'), reader.keyboard.press('Enter')]);
    expect(file.suggestedFilename()).toBe(`estimates-${release.queryId}.csv`);
    expectEstimatesCsv(release, (await downloadCsv(reader, 'download-estimates')).rows);
    await screenshot(reader, 'analyst-release-rate');
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  });

  it('builds a mean by arm (Team op Maat schools picked by keyboard) and reads its estimates per arm as released', async () => {
    expect(TEAM_OP_MAAT.length).toBeGreaterThanOrEqual(3);
    await buildMeanByArm(page, {
      dataset: 'Leerlingen (schoolbestuur)',
      field: 'absence_hours',
      groupBy: ['Arm (interventie of vergelijking)'],
      year: '2024',
      armsFrom: 'School (BRIN)',
      label: 'Team op Maat',
      intervention: TEAM_OP_MAAT,
      purpose: 'Smart Start console test: absence in the Team op Maat schools against the other schools',
    });
    expect(await axeViolations(page)).toEqual([]);
    const release = await releaseOf<EstimatesRelease>(cluster, await submitApproved(page, cluster), 600_000);
    expect(release.measure).toEqual({ kind: 'mean', field: 'absence_hours' });
    expect(release.cells.map((c) => c.coordinates.arm)).toEqual(expect.arrayContaining(['intervention', 'comparison']));

    const reader = await signInAsAnalyst(browser, cluster);
    await openReleased(reader, release.queryId, '.estimates-chart g.interval');
    expectEstimatesShown(release, await shownEstimates(reader, release.groupBy.length));
    expectChartShown(
      release,
      release.cells.filter((c) => c.coordinates.arm !== 'Totaal'),
      await chartIntervals(reader, 'estimates-chart'),
    );
    expectEstimatesCsv(release, (await downloadCsv(reader, 'download-estimates')).rows);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  });

  it("shows the cocktail's counts with their marks, the relative risks as table and forest chart equal to the release, and what suppression limited", async () => {
    // The whole-year chain at 5% of the region: 164 s for two cocktails on an idle machine, far longer on a loaded one.
    const release = await releaseOf<CocktailRelease>(cluster, cocktailId, 1_500_000);
    expect(release.combination.analysis).toBe('outcomeByCount');
    expect(release.combination.factors.map((f) => f.dataset).sort()).toEqual(['children_households', 'health_monitor']);
    expect(release.combination.outcome).toMatchObject({
      dataset: 'youth_care_trajectories',
      filters: [{ field: 'year', op: 'eq', value: 2024 }],
    });
    for (const cell of release.cells)
      if (!cell.suppressed) expect(cell.value!).toBeGreaterThanOrEqual(release.minCellSize);

    const reader = await signInAsAnalyst(browser, cluster);
    await openReleased(reader, release.queryId, '#cocktail-counts td[data-cell]');
    const key = (c: ApiCell) =>
      [...release.groupBy.map((d) => c.coordinates[d]), c.coordinates.factors, c.coordinates.outcome ?? ''].join('|');
    expect(await shownCocktailCells(reader)).toEqual(
      expect.arrayContaining(
        release.cells.map((c) => ({
          key: key(c),
          text: c.suppressed ? expect.stringMatching(/^× verborgen: \S/) : dutch(c.value!),
          suppressed: c.suppressed,
          rule: c.rule ?? '',
        })),
      ),
    );
    expect((await shownCocktailCells(reader)).length).toBe(release.cells.length);

    const byCount = release.cocktail.byCount;
    const risks = await reader.$$eval('#cocktail-risks tbody tr', (rows) =>
      rows.map((r) => ({
        factors: r.getAttribute('data-factors')!,
        rr: r.getAttribute('data-rr')!,
        shown: r.children[4].textContent!,
      })),
    );
    expect(risks).toEqual(
      byCount.map((r) => ({
        factors: String(r.factors),
        rr: r.relativeRisk?.estimable ? String(r.relativeRisk.rr) : '',
        shown:
          r.factors === 0
            ? '1 (referentie)'
            : r.relativeRisk?.estimable
              ? twoDecimals(r.relativeRisk.rr!)
              : 'niet te schatten',
      })),
    );
    expect(byCount.some((r) => r.relativeRisk?.estimable)).toBe(true);
    expect(await chartIntervals(reader, 'rr-chart')).toEqual(
      byCount
        .filter((r) => r.factors > 0)
        .map((r) => {
          const rr = r.relativeRisk!;
          return {
            key: `s=${r.factors}`,
            estimate: rr.estimable ? String(rr.rr) : '',
            lower: rr.estimable ? String(rr.interval!.lower) : '',
            upper: rr.estimable ? String(rr.interval!.upper) : '',
          };
        }),
    );
    for (const r of byCount.filter((x) => x.relativeRisk && !x.relativeRisk.estimable))
      await reader.locator(`.cocktail-limits li[data-factors="${r.factors}"]`).waitFor();
    const csv = await downloadCsv(reader, 'download-csv');
    expect(csv.rows.map((r) => [r.age_band, r.factors, r.outcome, r.value, r.suppressed])).toEqual(
      release.cells.map((c) => [
        String(c.coordinates.age_band),
        String(c.coordinates.factors),
        String(c.coordinates.outcome),
        c.suppressed ? '' : String(c.value),
        String(c.suppressed),
      ]),
    );
    await screenshot(reader, 'analyst-release-cocktail');
    expect(await axeViolations(reader)).toEqual([]);

    await reader.getByRole('button', { name: 'English' }).click();
    await reader.getByRole('heading', { name: /^Toxic cocktails: Outcome by number of risk factors$/ }).waitFor();
    await screenshot(reader, 'analyst-release-cocktail-en');
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  }, 1_800_000);

  it('builds a cohort follow-up in the builder (refused first, naming why), sees it submitted and its state, and shows its difference in differences as released: counts, the four groups, the effect and why the pre-trend could not be checked, the assumption and caveats, its CSV by keyboard, in Dutch and English', async () => {
    // Team op Maat starts in 2024: the cohort of 2023 is the before cohort, that of 2024 the after cohort naming it.
    await releaseOf<CohortRelease>(cluster, cohort2023, 1_500_000);
    // The after cohort built in the builder, first with arms named otherwise than the before cohort's: refused, saying why.
    await buildCohort(page, {
      dataset: 'Leerlingen (schoolbestuur)',
      year: '2024',
      armsFrom: 'School (BRIN)',
      label: 'Team op Maat (anders)',
      intervention: COHORT_ARMS.intervention,
      outcomes: { youth_care_trajectories: 'Elk record in Jeugdhulptrajecten (Sterk Huis)' },
      before: cohort2023,
      purpose: 'Smart Start console test: Team op Maat pupils of 2024 followed to youth care, against those of 2023',
    });
    expect(await axeViolations(page)).toEqual([]);
    expect(await submitRefused(page)).toMatch(
      /^De coördinator weigert deze vraag en legt niets vast: .*its arms differ/,
    );
    expect(await cohortFormInEnglish(page)).toEqual([]);
    await page.locator('#builder-arms-label').fill(COHORT_ARMS.label);
    const { id: afterId, spec } = await submitBuiltCohort(page, cluster);
    expect(cohortShape(spec)).toEqual(cohortShape(cohortSpec(COHORT_ARMS, 2024, cohort2023)));
    const release = await releaseOf<CohortRelease>(cluster, afterId, 1_500_000);
    const { effect } = release;
    expect(effect.cohorts).toEqual({
      before: { queryId: cohort2023, year: 2023 },
      after: { queryId: afterId, year: 2024 },
    });
    // The seeds hold 2023 and 2024 only: one cohort before the intervention, so no trend to compare.
    expect(effect.preTrend).toMatchObject({ checked: false, cohorts: [{ queryId: cohort2023, year: 2023 }] });
    for (const cell of release.cells)
      if (!cell.suppressed) expect(cell.value!).toBeGreaterThanOrEqual(release.minCellSize);

    const reader = await signInAsAnalyst(browser, cluster);
    await openReleased(reader, afterId, '#cohort-groups tbody tr');
    const shown = await shownCohort(reader);
    expect(shown.heading).toBe('Cohortonderzoek: verschil in verschillen');
    expect(shown.counts).toEqual(
      expect.arrayContaining(
        release.cells.map((c) => ({
          key: `${c.coordinates.arm}|${c.coordinates.outcome}`,
          text: c.suppressed ? expect.stringMatching(/^× verborgen: \S/) : dutch(c.value!),
          suppressed: c.suppressed,
          rule: c.rule ?? '',
        })),
      ),
    );
    expect(shown.counts).toHaveLength(release.cells.length);
    const count = (n: number | null) => (n === null ? '×' : dutch(n));
    expect(shown.groups.map((g) => [g.key, g.risk, g.texts[2], g.texts[3]])).toEqual(
      effect.groups.map((g) => [`${g.arm} ${g.cohort}`, text(g.risk), count(g.children), count(g.withOutcome)]),
    );
    expect(shown.riskChart).toEqual(
      effect.groups.map((g) => ({
        key: `${g.arm} ${g.cohort}`,
        estimate: g.interval ? text(g.risk) : '',
        lower: text(g.interval?.lower),
        upper: text(g.interval?.upper),
      })),
    );
    expect(shown.effectChart).toEqual([
      {
        key: 'did',
        estimate: effect.estimable ? String(effect.estimate) : '',
        lower: text(effect.interval?.lower),
        upper: text(effect.interval?.upper),
      },
      { key: 'pre-trend', estimate: '', lower: '', upper: '' },
    ]);
    if (effect.estimable) {
      const nl = points('nl-NL');
      expect(shown.did.estimate).toBe(String(effect.estimate));
      expect(shown.did.text).toBe(
        `Verschil in verschillen: ${nl(effect.estimate!)} procentpunt (95%-interval ${nl(effect.interval!.lower)} tot ${nl(effect.interval!.upper)}): de verandering in de interventiearm min die in de vergelijkingsarm.`,
      );
    } else {
      expect(shown.did.text).toMatch(/^Geen verschil in verschillen: /);
      for (const group of effect.unusableCells)
        await reader.locator(`.cohort-unusable li[data-group="${group}"]`).waitFor();
    }
    expect(shown.preTrend).toEqual({
      text: expect.stringMatching(/^Niet te controleren: er is maar één cohort vóór de interventie \(2023\)\./),
      checked: 'false',
      estimate: '',
    });
    await expect(reader.locator('.cohort-caveats').textContent()).resolves.toMatch(/parallelle trends/);

    const csv = await downloadEffectByKeyboard(reader);
    expect(csv.name).toBe(`effect-${afterId}.csv`);
    expect(
      csv.rows.map((r) => [
        r.row,
        r.cohort,
        r.year,
        r.arm,
        r.children,
        r.with_outcome,
        r.estimate,
        r.lower_95,
        r.upper_95,
      ]),
    ).toEqual([
      ...effect.groups.map((g) => [
        'risk',
        g.cohort,
        String(g.year),
        g.arm,
        g.children === null ? '' : String(g.children),
        g.withOutcome === null ? '' : String(g.withOutcome),
        text(g.risk),
        text(g.interval?.lower),
        text(g.interval?.upper),
      ]),
      [
        'difference_in_differences',
        '',
        '',
        '',
        '',
        '',
        text(effect.estimate),
        text(effect.interval?.lower),
        text(effect.interval?.upper),
      ],
      ['pre_trend', '', '', '', '', '', '', '', ''],
    ]);
    await screenshot(reader, 'analyst-release-cohort');
    expect(await axeViolations(reader)).toEqual([]);

    await reader.getByRole('button', { name: 'English' }).click();
    await reader.getByRole('heading', { name: /^Cohort follow-up: difference in differences$/ }).waitFor();
    const english = await shownCohort(reader);
    if (effect.estimable) {
      const en = points('en-GB');
      expect(english.did.text).toBe(
        `Difference in differences: ${en(effect.estimate!)} percentage points (95% interval ${en(effect.interval!.lower)} to ${en(effect.interval!.upper)}): the change in the intervention arm minus that in the comparison arm.`,
      );
    }
    expect(english.preTrend!.text).toMatch(
      /^Could not be checked: there is only one cohort before the intervention \(2023\)\./,
    );
    await screenshot(reader, 'analyst-release-cohort-en');
    expect(await axeViolations(reader)).toEqual([]);

    // The before cohort alone: its risks, and no difference in differences, saying why.
    await openReleased(reader, cohort2023, '#cohort-groups tbody tr');
    const alone = await shownCohort(reader);
    expect(alone.did.text).toBe(
      'No difference in differences: this query names no earlier (before) cohort to compare with.',
    );
    expect(alone.preTrend).toBeNull();
    expect(alone.effectChart).toEqual([]);
    expect(await axeViolations(reader)).toEqual([]);
    await reader.close();
  }, 3_200_000);
});
