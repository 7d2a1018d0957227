import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CombinationCell } from '@bfa/combination';
import { coordinatesKey, ProtectedTable } from '@bfa/disclosure';
import { CombinationQuerySpec, loadPolicies } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { protectCocktailRelease } from './cocktail-ledger';
import { LedgerBasis } from './release-ledger';
import { protectCombinationRelease } from './release-table';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';
import { DecisionRecord } from '../queries/decision.entity';
import { QueryRecord } from '../queries/query.entity';
import { QueryRegistry } from '../queries/query-registry.service';
import { ReleaseRecord } from '../queries/release.entity';
import { ReleasedTable } from '../queries/released-table';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const BANDS = catalog.dimensions.age_band.values.map(String);
const K = 10;
const in2023 = { field: 'year', op: 'eq' as const, value: 2023 };
// Chain order: the population holder's own factor first (bit 0), then the GGD's (bit 1), then the school board's (bit 2).
const FACTORS = [
  {
    dataset: 'children_households',
    label: 'laag inkomen',
    filters: [in2023, { field: 'low_income', op: 'eq' as const, value: true }],
  },
  {
    dataset: 'health_monitor',
    label: 'ouder in GGZ',
    filters: [in2023, { field: 'parent_mental_health_care', op: 'eq' as const, value: true }],
  },
  {
    dataset: 'pupils',
    label: 'schoolgewicht',
    filters: [in2023, { field: 'pupil_weight', op: 'gte' as const, value: 30 }],
  },
];
const OUTCOME = {
  dataset: 'youth_care_trajectories',
  label: 'jeugdzorg in 2024',
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
};

const base = {
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  groupBy: ['age_band'],
  filters: [in2023],
  purpose: 'Smart Start: several risk factors at once, per age band',
};
const atLeast = (m: number): CombinationQuerySpec => ({ ...base, combination: { factors: FACTORS, atLeast: m } });
const patterns: CombinationQuerySpec = {
  ...base,
  combination: { factors: FACTORS, analysis: 'patterns' },
} as CombinationQuerySpec;
const byCount: CombinationQuerySpec = {
  ...base,
  combination: { factors: FACTORS, analysis: 'outcomeByCount', outcome: OUTCOME },
} as CombinationQuerySpec;

/**
 * Children per pattern (index Σ 2^i · bit i) in every age band: the three two-factor patterns hold 50 each, the
 * one-factor ones 15, no factor 60, and 3 children have all three: the cell a pattern table must hide.
 */
const PATTERNS = [60, 15, 15, 50, 15, 50, 50, 3];
const ALL_THREE = 7;
const bits = (p: number) => [0, 1, 2].filter((i) => (p >> i) & 1).length;
/** Of the children with s factors, this many have the outcome (a third, rounded). */
const withOutcome = (n: number) => Math.round(n / 3);

const patternCells = (): CombinationCell[] =>
  BANDS.map((band) => ({ cell: band, records: 258, withheld: false, patterns: PATTERNS }));
function byCountCells(): CombinationCell[] {
  const children = [0, 1, 2, 3].map((s) => PATTERNS.reduce((n, v, p) => n + (bits(p) === s ? v : 0), 0));
  return BANDS.map((band) => ({
    cell: band,
    records: 258,
    withheld: false,
    byCount: { children, withOutcome: children.map(withOutcome) },
  }));
}
const atLeastLeaves = (m: number) =>
  BANDS.map((band) => ({
    coordinates: { age_band: band },
    count: PATTERNS.reduce((n, v, p) => n + (bits(p) >= m ? v : 0), 0),
  }));

const contributedBy = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const ledger = (earlier: LedgerBasis[]) => ({ earlier, contributedBy });

/** A published value of a release, undefined where hidden. */
function shown(table: ProtectedTable, coordinates: Record<string, string | number>): number | undefined {
  const cell = table.cells.find((c) => coordinatesKey(c.coordinates) === coordinatesKey(coordinates));
  return cell && !cell.suppressed ? cell.value! : undefined;
}

/** The analyst's subtraction: children with at least 2 factors minus those with each two-factor pattern, per age band, where all are published. */
function allThreeByPatterns(atLeastTable: ProtectedTable, patternTable: ProtectedTable): number[] {
  return BANDS.flatMap((band) => {
    const parts = [
      shown(atLeastTable, { age_band: band }),
      ...['110', '101', '011'].map((pattern) => shown(patternTable, { age_band: band, pattern })),
    ];
    return parts.every((v) => v !== undefined) ? [parts[0]! - parts[1]! - parts[2]! - parts[3]!] : [];
  });
}

/** The same against the outcome table: at least 2 minus exactly 2 (the outcome's total). */
function allThreeByCount(atLeastTable: ProtectedTable, countTable: ProtectedTable): number[] {
  return BANDS.flatMap((band) => {
    const [two, exactlyTwo] = [
      shown(atLeastTable, { age_band: band }),
      shown(countTable, { age_band: band, factors: '2', outcome: 'Totaal' }),
    ];
    return two !== undefined && exactlyTwo !== undefined ? [two - exactlyTwo] : [];
  });
}

const basis = (id: string, spec: QuerySpec, remembered: LedgerBasis['cells']): LedgerBasis => ({
  id,
  spec,
  cells: remembered,
  contributedBy,
});

describe('cocktail releases in the release ledger (an analyst differencing a pattern table with an "at least m" count)', () => {
  it('is an attack without the ledger: the pattern table hides the 3 children with every factor, at least 2 minus the two-factor patterns gives them', async () => {
    const table = await protectCocktailRelease(catalog, patterns, patternCells(), K, ledger([]));
    expect(
      table.table.cells
        .filter((c) => c.coordinates.pattern === '111' && c.coordinates.age_band !== 'Totaal')
        .every((c) => c.suppressed),
    ).toBe(true);
    const count = await protectCombinationRelease(catalog, atLeast(2), atLeastLeaves(2), K, ledger([]));
    expect(allThreeByPatterns(count.table, table.table)).toContain(PATTERNS[ALL_THREE]);
  });

  it('remembers every cell of a cocktail table, hidden ones too, for later releases', async () => {
    const { table, remembered } = await protectCocktailRelease(catalog, patterns, patternCells(), K, ledger([]));
    expect(remembered).toHaveLength(table.cells.length);
    expect(remembered.filter((c) => !c.released).map((c) => c.contributors)).toContain(3);
  });

  it('hides the "at least 2" count after the pattern table: no age band gives the 3 away', async () => {
    const first = await protectCocktailRelease(catalog, patterns, patternCells(), K, ledger([]));
    const { table } = await protectCombinationRelease(
      catalog,
      atLeast(2),
      atLeastLeaves(2),
      K,
      ledger([basis('p1', patterns, first.remembered)]),
    );
    for (const value of allThreeByPatterns(table, first.table)) expect(value).toBeGreaterThanOrEqual(K);
    expect(table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });

  it('hides pattern cells after the "at least 2" count: the pattern table is audited against it', async () => {
    const first = await protectCombinationRelease(catalog, atLeast(2), atLeastLeaves(2), K, ledger([]));
    expect(BANDS.every((band) => shown(first.table, { age_band: band }) === 153)).toBe(true);
    const second = await protectCocktailRelease(
      catalog,
      patterns,
      patternCells(),
      K,
      ledger([basis('c1', atLeast(2), first.remembered)]),
    );
    for (const value of allThreeByPatterns(first.table, second.table)) expect(value).toBeGreaterThanOrEqual(K);
    expect(second.table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
    // The estimates are computed from what the audited table releases.
    expect(second.estimates).toBeDefined();
  });

  it('hides the outcome table’s exactly-2 counts after the "at least 2" count (outcomeByCount, an outcome at a fourth partner)', async () => {
    const first = await protectCombinationRelease(catalog, atLeast(2), atLeastLeaves(2), K, ledger([]));
    const unaudited = await protectCocktailRelease(catalog, byCount, byCountCells(), K, ledger([]));
    expect(allThreeByCount(first.table, unaudited.table)).toContain(PATTERNS[ALL_THREE]);
    const second = await protectCocktailRelease(
      catalog,
      byCount,
      byCountCells(),
      K,
      ledger([basis('c1', atLeast(2), first.remembered)]),
    );
    for (const value of allThreeByCount(first.table, second.table)) expect(value).toBeGreaterThanOrEqual(K);
  });

  it('leaves a cocktail table alone after a release over other children (another year)', async () => {
    const of2024 = { ...atLeast(2), filters: [{ ...in2023, value: 2024 }] };
    const first = await protectCombinationRelease(catalog, of2024, atLeastLeaves(2), K, ledger([]));
    const alone = await protectCocktailRelease(catalog, patterns, patternCells(), K, ledger([]));
    const second = await protectCocktailRelease(
      catalog,
      patterns,
      patternCells(),
      K,
      ledger([basis('c1', of2024, first.remembered)]),
    );
    expect(second.table.cells.map((c) => c.suppressed)).toEqual(alone.table.cells.map((c) => c.suppressed));
  });
});

describe('a cocktail release as the coordinator stores it', () => {
  let dir: string;
  let source: DataSource;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-cocktail-ledger-'));
    source = await new DataSource({
      type: 'sqlite',
      database: join(dir, 'coordinator.sqlite'),
      entities: [QueryRecord, DecisionRecord, ReleaseRecord],
      synchronize: true,
    }).initialize();
  });

  afterEach(async () => {
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('is in its population dataset’s ledger, and a later "at least 2" count is audited against it', async () => {
    const registry = new QueryRegistry(
      source.getRepository(QueryRecord),
      source.getRepository(DecisionRecord),
      source.getRepository(ReleaseRecord),
    );
    const first = await protectCocktailRelease(catalog, patterns, patternCells(), K, ledger([]));
    await registry.saveRelease({ queryId: 'q-patterns' } as ReleasedTable, {
      spec: patterns,
      cells: first.remembered,
      contributedBy,
    });
    const earlier = await registry.ledger('children_households');
    expect(earlier.map((entry) => entry.id)).toEqual(['q-patterns']);
    const { table } = await protectCombinationRelease(catalog, atLeast(2), atLeastLeaves(2), K, {
      earlier,
      contributedBy,
    });
    for (const value of allThreeByPatterns(table, first.table)) expect(value).toBeGreaterThanOrEqual(K);
    expect(table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });
});
