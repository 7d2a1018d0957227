import { sqliteAll } from './sqlite';

/** deploy/local/risk-factors.ts's four conditions again, as plain SQL on each partner's own file, without the platform's code. */
const FACTOR_SQL: Record<string, string> = {
  gemeente: 'SELECT DISTINCT child_ref FROM children_households WHERE year = 2024 AND low_income = 1',
  sterkhuis: 'SELECT DISTINCT child_ref FROM youth_care_trajectories WHERE year = 2024',
  ggd: 'SELECT DISTINCT child_ref FROM health_monitor WHERE year = 2024 AND parent_mental_health_care = 1',
  schoolbestuur: 'SELECT DISTINCT child_ref FROM pupils WHERE year = 2024 AND pupil_weight >= 30',
};

export interface TruthCell {
  children: number;
  count: number;
}

export interface RiskFactorTruth {
  /** By `wijk|age_band`: the children of the population, and those with at least `atLeast` factors. */
  cells: Map<string, TruthCell>;
  /** Every child of the population, for tests that look for its traces. */
  population: { child_ref: string; wijk: string; age_band: string }[];
}

/**
 * What a combination over the 2024 children (in `wijken`, or the whole region; and passing `where`, plain SQL
 * on the gemeente's table, if given) must release, read straight from the four sqlite files.
 */
export async function riskFactorTruth(
  recordsFile: (org: string) => string,
  options: { wijken?: string[]; where?: string; atLeast: number },
): Promise<RiskFactorTruth> {
  const inWijken =
    (options.wijken ? ` AND wijk IN (${options.wijken.map(() => '?').join(', ')})` : '') +
    (options.where ? ` AND ${options.where}` : '');
  const population = await sqliteAll<{ child_ref: string; wijk: string; age_band: string }>(
    recordsFile('gemeente'),
    `SELECT child_ref, wijk, age_band FROM children_households WHERE year = 2024${inWijken}`,
    options.wijken ?? [],
  );
  const factorSets = await Promise.all(
    Object.entries(FACTOR_SQL).map(
      async ([org, sql]) =>
        new Set((await sqliteAll<{ child_ref: string }>(recordsFile(org), sql)).map((r) => r.child_ref)),
    ),
  );
  const cells = new Map<string, TruthCell>();
  for (const child of population) {
    const key = `${child.wijk}|${child.age_band}`;
    const cell = cells.get(key) ?? { children: 0, count: 0 };
    const factors = factorSets.filter((set) => set.has(child.child_ref)).length;
    cells.set(key, { children: cell.children + 1, count: cell.count + (factors >= options.atLeast ? 1 : 0) });
  }
  return { cells, population };
}
