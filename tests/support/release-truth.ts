import { sqliteAll } from './sqlite';

export type Cell = { coordinates: Record<string, string | number>; value: number | null; suppressed: boolean };
export type Table = {
  cells: Cell[];
  minCellSize: number;
  measure?: { kind: string };
  protection: { suppressedCells: number; totalCells: number; rules: { rule: string; cells: number }[] };
};
export type Truth = Map<string, { contributors: number; value: number }>;

/** Plaintext per wijk × age band cell, summed over the partners' sqlite files directly, outside the platform. */
export async function cellsFromStores(
  recordsFile: (org: string) => string,
  orgs: string[],
  sql: string,
): Promise<Truth> {
  const cells: Truth = new Map();
  for (const org of orgs) {
    for (const row of await sqliteAll<{ wijk: string; age_band: string; contributors: number; value: number }>(
      recordsFile(org),
      sql,
    )) {
      const key = `${row.wijk}|${row.age_band}`;
      const cell = cells.get(key) ?? { contributors: 0, value: 0 };
      cells.set(key, { contributors: cell.contributors + row.contributors, value: cell.value + row.value });
    }
  }
  return cells;
}

/** The leaves plus every total the release publishes: per gemeente (GMgggg) and region along wijk, all age bands. */
export function withTotals(leaves: Truth): Truth {
  const cells: Truth = new Map();
  for (const [key, leaf] of leaves) {
    const [wijk, band] = key.split('|');
    for (const w of [wijk, `GM${wijk.slice(2, 6)}`, 'Totaal']) {
      for (const b of [band, 'Totaal']) {
        const cell = cells.get(`${w}|${b}`) ?? { contributors: 0, value: 0 };
        cells.set(`${w}|${b}`, { contributors: cell.contributors + leaf.contributors, value: cell.value + leaf.value });
      }
    }
  }
  return cells;
}

/** Every released wijk × age band cell equals the plaintext; every cell under k is withheld, other withheld cells name their rule. */
export function expectReleaseMatches(table: Table, expected: Truth): void {
  const truthOf = withTotals(expected);
  const released = { values: 0, secondary: 0 };
  for (const cell of table.cells) {
    const truth = truthOf.get(`${cell.coordinates.wijk}|${cell.coordinates.age_band}`) ?? { contributors: 0, value: 0 };
    if (truth.contributors < table.minCellSize) {
      expect(cell).toEqual({ coordinates: cell.coordinates, value: null, suppressed: true, rule: 'primary-frequency' });
    } else if (cell.suppressed) {
      // Hidden as a complement, for dominance, or because an earlier release over nested records would give it away.
      expect(cell).toEqual({
        coordinates: cell.coordinates,
        value: null,
        suppressed: true,
        rule: expect.stringMatching(/^(secondary|differencing|dominance|p-percent)$/),
      });
      released.secondary++;
    } else {
      expect(cell.value).toBe(truth.value);
      released.values++;
    }
  }
  expect(released.values).toBeGreaterThan(10);
  expect(released.secondary).toBeGreaterThan(0);
  const gemeenten = new Set(table.cells.map((c) => String(c.coordinates.wijk)).filter((w) => w.startsWith('GM')));
  expect(table.cells).toHaveLength((59 + gemeenten.size + 1) * 5);
  expect(table.cells.find((c) => c.coordinates.wijk === 'Totaal' && c.coordinates.age_band === 'Totaal')?.value).toBe(
    truthOf.get('Totaal|Totaal')!.value,
  );
  const magnitudeRules = table.measure?.kind === 'sum' ? ['dominance', 'p-percent'] : [];
  expect(table.protection.rules.map((r) => r.rule)).toEqual([
    'primary-frequency',
    ...magnitudeRules,
    'differencing',
    'secondary',
  ]);
}
