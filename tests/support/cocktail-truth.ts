import { sqliteAll } from './sqlite';

/** Smart Start's cocktail of a year, and a youth-care trajectory in the outcome's year: each as plain SQL on its partner's own file. */
const riskSql = (year: number): [string, string][] => [
  ['gemeente', `SELECT DISTINCT child_ref FROM children_households WHERE year = ${year} AND low_income = 1`],
  ['ggd', `SELECT DISTINCT child_ref FROM health_monitor WHERE year = ${year} AND parent_mental_health_care = 1`],
  ['schoolbestuur', `SELECT DISTINCT child_ref FROM pupils WHERE year = ${year} AND pupil_weight >= 30`],
];
const outcomeSql = (year: number): [string, string] => [
  'sterkhuis',
  `SELECT DISTINCT child_ref FROM youth_care_trajectories WHERE year = ${year}`,
];

export interface CocktailChild {
  wijk: string;
  age_band: string;
  /** The risk factors in chain order (gemeente, ggd, schoolbestuur). */
  bits: number[];
  outcome: number;
}

/** Every child of `year` with its three risk factors and its outcome, read straight from the four sqlite files without the platform's code. */
export async function cocktailTruth(
  recordsFile: (org: string) => string,
  year = 2023,
  outcomeYear = 2024,
): Promise<CocktailChild[]> {
  const population = await sqliteAll<{ child_ref: string; wijk: string; age_band: string }>(
    recordsFile('gemeente'),
    `SELECT child_ref, wijk, age_band FROM children_households WHERE year = ${year}`,
  );
  const setOf = async ([org, sql]: [string, string]) =>
    new Set((await sqliteAll<{ child_ref: string }>(recordsFile(org), sql)).map((r) => String(r.child_ref)));
  const risks = await Promise.all(riskSql(year).map(setOf));
  const outcome = await setOf(outcomeSql(outcomeYear));
  return population.map((child) => ({
    wijk: child.wijk,
    age_band: child.age_band,
    bits: risks.map((set) => (set.has(String(child.child_ref)) ? 1 : 0)),
    outcome: outcome.has(String(child.child_ref)) ? 1 : 0,
  }));
}
