import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { CombinationCell } from '@bfa/combination';
import { coordinatesKey, ProtectedTable } from '@bfa/disclosure';
import { CombinationQuerySpec, loadPolicies } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { protectCocktailRelease } from './cocktail-ledger';
import { DisclosureRefusal, protectCombinationRelease, protectRelease } from './release-table';
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
const FACTORS = [
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
  {
    dataset: 'youth_care_trajectories',
    label: 'jeugdzorg',
    filters: [in2023],
  },
];
const base = {
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  groupBy: ['age_band'],
  filters: [in2023],
  purpose: 'Smart Start: several risk factors at once, per age band',
};
const patterns = { ...base, combination: { factors: FACTORS, analysis: 'patterns' } } as CombinationQuerySpec;
const atLeast2 = { ...base, combination: { factors: FACTORS, atLeast: 2 } } as CombinationQuerySpec;
/** Children per pattern (index Σ 2^i · bit i) in every age band; 3 have all three factors. */
const PATTERNS = [60, 15, 15, 50, 15, 50, 50, 3];
const bits = (p: number) => [0, 1, 2].filter((i) => (p >> i) & 1).length;
const patternCells = (): CombinationCell[] =>
  BANDS.map((band) => ({ cell: band, records: 258, withheld: false, patterns: PATTERNS }));
const atLeastLeaves = BANDS.map((band) => ({
  coordinates: { age_band: band },
  count: PATTERNS.reduce((n, v, p) => n + (bits(p) >= 2 ? v : 0), 0),
}));
const contributedBy = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];

function shown(table: ProtectedTable, coordinates: Record<string, string | number>): number | undefined {
  const cell = table.cells.find((c) => coordinatesKey(c.coordinates) === coordinatesKey(coordinates));
  return cell && !cell.suppressed ? cell.value! : undefined;
}

/** At least 2 minus the published two-factor patterns, per age band: the children with all three. */
function allThree(count: ProtectedTable, table: ProtectedTable): number[] {
  return BANDS.flatMap((band) => {
    const parts = [
      shown(count, { age_band: band }),
      ...['110', '101', '011'].map((pattern) => shown(table, { age_band: band, pattern })),
    ];
    return parts.every((v) => v !== undefined) ? [parts[0]! - parts[1]! - parts[2]! - parts[3]!] : [];
  });
}

describe('a cocktail release stored before cocktails entered the ledger (no cells kept)', () => {
  let dir: string;
  let source: DataSource;
  let registry: QueryRegistry;
  let legacy: ProtectedTable;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'bfa-legacy-cocktail-'));
    source = await new DataSource({
      type: 'sqlite',
      database: join(dir, 'coordinator.sqlite'),
      entities: [QueryRecord, DecisionRecord, ReleaseRecord],
      synchronize: true,
    }).initialize();
    registry = new QueryRegistry(
      source.getRepository(QueryRecord),
      source.getRepository(DecisionRecord),
      source.getRepository(ReleaseRecord),
    );
    // What the coordinator stored then: the published pattern table, and a ledger entry without cells.
    legacy = (await protectCocktailRelease(catalog, patterns, patternCells(), K, { earlier: [], contributedBy })).table;
    await registry.saveRelease({ queryId: 'q-legacy', ...legacy } as unknown as ReleasedTable, {
      spec: patterns,
      cells: [],
      contributedBy,
    });
  });

  afterEach(async () => {
    await source.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  it('would be an attack if left out: an "at least 2" count of the same children gives the hidden 3 away', async () => {
    const count = await protectCombinationRelease(catalog, atLeast2, atLeastLeaves, K, { earlier: [], contributedBy });
    expect(allThree(count.table, legacy)).toContain(PATTERNS[7]);
  });

  it('refuses any later release that counts some of its children, naming it: its hidden cells were never kept', async () => {
    const earlier = await registry.ledger('children_households');
    expect(earlier.map((entry) => [entry.id, entry.legacy])).toEqual([['q-legacy', true]]);
    const refused = protectCombinationRelease(catalog, atLeast2, atLeastLeaves, K, { earlier, contributedBy });
    await expect(refused).rejects.toBeInstanceOf(DisclosureRefusal);
    await expect(refused).rejects.toThrow(
      /cocktail release q-legacy of children_households was published before the ledger kept a cocktail's cells/,
    );
    const plain: QuerySpec = { ...base, filters: [in2023, { field: 'low_income', op: 'eq', value: true }] };
    const leaves = BANDS.map((band) => ({ coordinates: { age_band: band }, value: 40, contributors: 40 }));
    await expect(protectRelease(catalog, plain, leaves, K, { earlier, contributedBy })).rejects.toThrow(/q-legacy/);
  });

  it('lets a release of other children through (another year)', async () => {
    const earlier = await registry.ledger('children_households');
    const of2024: QuerySpec = { ...base, filters: [{ ...in2023, value: 2024 }] };
    const leaves = BANDS.map((band) => ({ coordinates: { age_band: band }, value: 40, contributors: 40 }));
    const { table } = await protectRelease(catalog, of2024, leaves, K, { earlier, contributedBy });
    expect(table.cells.every((cell) => !cell.suppressed)).toBe(true);
  });
});
