import { join } from 'node:path';
import { CombinationCell } from '@bfa/combination';
import { coordinatesKey, ProtectedTable } from '@bfa/disclosure';
import { CombinationQuerySpec, loadPolicies } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { protectCocktailRelease } from './cocktail-ledger';
import { LedgerBasis } from './release-ledger';
import { protectRelease } from './release-table';
import { DEMO_GROUNDS } from '../../../../deploy/local/grounds';

const { catalog } = loadPolicies(join(__dirname, '..', '..', '..', '..', 'policies'));
const BANDS = catalog.dimensions.age_band.values.map(String);
const K = 10;
const in2023 = { field: 'year', op: 'eq' as const, value: 2023 };
const lowIncome = { field: 'low_income', op: 'eq' as const, value: true };
const OTHERS = [
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
const base = {
  ...DEMO_GROUNDS,
  dataset: 'children_households',
  measure: { kind: 'count' as const },
  groupBy: ['age_band'],
  filters: [in2023],
  purpose: 'Smart Start: several risk factors at once, per age band',
};
/** The pattern table, its first factor (chain order: the population holder's own) low income, of 2023 or of any year. */
const patterns = (filters: { field: string; op: 'eq'; value: number | boolean }[]): CombinationQuerySpec =>
  ({
    ...base,
    combination: {
      factors: [{ dataset: 'children_households', label: 'laag inkomen', filters }, ...OTHERS],
      analysis: 'patterns',
    },
  }) as CombinationQuerySpec;
/** The plain count any analyst may ask: low-income children of 2023 per age band. */
const lowIncomeCount: QuerySpec = { ...base, filters: [in2023, lowIncome] };

/** Children per pattern (index Σ 2^i · bit i, bit 0 low income) in every age band; 3 have all three factors. */
const PATTERNS = [60, 15, 15, 50, 15, 50, 50, 3];
const LOW_INCOME = PATTERNS.reduce((n, v, p) => n + (p & 1 ? v : 0), 0);
const patternCells = (): CombinationCell[] =>
  BANDS.map((band) => ({ cell: band, records: 258, withheld: false, patterns: PATTERNS }));
const countLeaves = BANDS.map((band) => ({
  coordinates: { age_band: band },
  value: LOW_INCOME,
  contributors: LOW_INCOME,
}));

const contributedBy = ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'];
const ledger = (earlier: LedgerBasis[]) => ({ earlier, contributedBy });
const basis = (id: string, spec: QuerySpec, cells: LedgerBasis['cells']): LedgerBasis => ({
  id,
  spec,
  cells,
  contributedBy,
});

function shown(table: ProtectedTable, coordinates: Record<string, string | number>): number | undefined {
  const cell = table.cells.find((c) => coordinatesKey(c.coordinates) === coordinatesKey(coordinates));
  return cell && !cell.suppressed ? cell.value! : undefined;
}

/** The analyst's subtraction per age band: low-income children minus the published patterns with low income but not all three. */
function allThreeByLowIncome(count: ProtectedTable, table: ProtectedTable): number[] {
  return BANDS.flatMap((band) => {
    const parts = [
      shown(count, { age_band: band }),
      ...['100', '110', '101'].map((pattern) => shown(table, { age_band: band, pattern })),
    ];
    return parts.every((v) => v !== undefined) ? [parts[0]! - parts[1]! - parts[2]! - parts[3]!] : [];
  });
}

describe("a cocktail factor from the population's own dataset, against a plain count of that field (issue 14, known gap)", () => {
  it('is an attack without the ledger: low-income children minus the published low-income patterns gives the 3', async () => {
    const count = await protectRelease(catalog, lowIncomeCount, countLeaves, K, ledger([]));
    const table = await protectCocktailRelease(catalog, patterns([in2023, lowIncome]), patternCells(), K, ledger([]));
    expect(allThreeByLowIncome(count.table, table.table)).toContain(PATTERNS[7]);
  });

  it('hides pattern cells after the plain count: the factor of 2023 is the low_income field of the same records', async () => {
    const count = await protectRelease(catalog, lowIncomeCount, countLeaves, K, ledger([]));
    const { table } = await protectCocktailRelease(
      catalog,
      patterns([in2023, lowIncome]),
      patternCells(),
      K,
      ledger([basis('count', lowIncomeCount, count.remembered)]),
    );
    for (const value of allThreeByLowIncome(count.table, table)) expect(value).toBeGreaterThanOrEqual(K);
    expect(table.protection.rules.find((r) => r.rule === 'differencing')?.cells).toBeGreaterThan(0);
  });

  it('hides the plain count after the pattern table', async () => {
    const first = await protectCocktailRelease(catalog, patterns([in2023, lowIncome]), patternCells(), K, ledger([]));
    const { table } = await protectRelease(
      catalog,
      lowIncomeCount,
      countLeaves,
      K,
      ledger([basis('patterns', patterns([in2023, lowIncome]), first.remembered)]),
    );
    for (const value of allThreeByLowIncome(table, first.table)) expect(value).toBeGreaterThanOrEqual(K);
  });

  it('with a factor of any year (a child may have it from 2022): the count still shows the 3 are there, and that is hidden', async () => {
    // Low income in any year: a low-income child of 2023 has the factor, one without it was not low-income in 2023.
    // So low-income children minus the published low-income patterns is a lower bound on the hidden ones: above 0, it
    // shows a hidden group of fewer than k is not empty.
    const count = await protectRelease(catalog, lowIncomeCount, countLeaves, K, ledger([]));
    const { table } = await protectCocktailRelease(
      catalog,
      patterns([lowIncome]),
      patternCells(),
      K,
      ledger([basis('count', lowIncomeCount, count.remembered)]),
    );
    for (const value of allThreeByLowIncome(count.table, table)) expect(value <= 0 || value >= K).toBe(true);
  });
});
