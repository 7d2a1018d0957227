import { sqliteAll } from './sqlite';

/** Smart Start's cocktail of 2023, and a youth-care trajectory in 2024 as the outcome: each as plain SQL on its partner's own file. */
const RISK_SQL: [string, string][] = [
  ['gemeente', 'SELECT DISTINCT child_ref FROM children_households WHERE year = 2023 AND low_income = 1'],
  ['ggd', 'SELECT DISTINCT child_ref FROM health_monitor WHERE year = 2023 AND parent_mental_health_care = 1'],
  ['schoolbestuur', 'SELECT DISTINCT child_ref FROM pupils WHERE year = 2023 AND pupil_weight >= 30'],
];
const OUTCOME_SQL: [string, string] = ['sterkhuis', 'SELECT DISTINCT child_ref FROM youth_care_trajectories WHERE year = 2024'];

export interface CocktailChild {
  wijk: string;
  age_band: string;
  /** The risk factors in chain order (gemeente, ggd, schoolbestuur). */
  bits: number[];
  outcome: number;
}

/** Every child of 2023 with its three risk factors and its outcome, read straight from the four sqlite files without the platform's code. */
export async function cocktailTruth(recordsFile: (org: string) => string): Promise<CocktailChild[]> {
  const population = await sqliteAll<{ child_ref: string; wijk: string; age_band: string }>(recordsFile('gemeente'), 'SELECT child_ref, wijk, age_band FROM children_households WHERE year = 2023');
  const setOf = async ([org, sql]: [string, string]) => new Set((await sqliteAll<{ child_ref: string }>(recordsFile(org), sql)).map((r) => String(r.child_ref)));
  const risks = await Promise.all(RISK_SQL.map(setOf));
  const outcome = await setOf(OUTCOME_SQL);
  return population.map((child) => ({ wijk: child.wijk, age_band: child.age_band, bits: risks.map((set) => (set.has(String(child.child_ref)) ? 1 : 0)), outcome: outcome.has(String(child.child_ref)) ? 1 : 0 }));
}
