import { ageIn, childPopulation } from '../../../../seeds/population';
import { generateRegion } from '../../../../seeds/region-data';
import { Row } from '../../../../seeds/partners/partner-rows';
import { SeededRandom } from '../../../../seeds/prng';
import { AGE_BANDS, ageBand, wijken } from '../../../../seeds/region';
import { PopulationChild } from '../population-holder';

/** Issue 6's four factors, in chain order; the municipality owns the population and the first factor. */
export const FACTOR_HOLDERS = ['gemeente', 'sterkhuis', 'ggd', 'schoolbestuur'];
/** Children aged 0-17 in 2024 at seed scale 1. */
export const CHILDREN_AT_SCALE_1 = 86_262;
const YEAR = 2024;
const DEFAULT_SEED = 20261125;

/** A combination's inputs: what each partner would read from its own store. */
export interface SeededCombination {
  cells: string[];
  population: PopulationChild[];
  /** Factor holder → the children (childRef) it holds the factor for; the population holder's is in `population`. */
  factors: Record<string, string[]>;
}

const inYear = (rows: Row[] = []) => rows.filter((row) => row.year === YEAR);
const refs = (rows: Row[]) => rows.map((row) => String(row.child_ref));
const scaleFor = (children: number) => (children / CHILDREN_AT_SCALE_1) * 1.05 + 0.001;

/** The region's grid: every wijk × age band. */
export function regionCells(): string[] {
  return wijken(new SeededRandom(0), 1).flatMap((w) => AGE_BANDS.map((band) => `${w.code}|${band}`));
}

function sample<T>(items: T[], count: number, random: SeededRandom): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items.slice(0, count);
}

/** `children` of the municipality's 2024 register and the partners' factors, from seeds/partners: realistic prevalences. */
export function seededCombination(children: number, seed = DEFAULT_SEED): SeededCombination {
  const region = generateRegion(seed, scaleFor(children));
  const cells = regionCells();
  const cellIndex = new Map(cells.map((label, i) => [label, i]));
  const register = sample(inYear(region.gemeente.children_households), children, new SeededRandom(seed));
  const population = register.map((row) => ({
    childId: String(row.child_ref),
    cell: cellIndex.get(`${row.wijk}|${row.age_band}`)!,
    factor: row.low_income === true,
  }));
  const factors = {
    sterkhuis: refs(inYear(region.sterkhuis.youth_care_trajectories)),
    ggd: refs(inYear(region.ggd.health_monitor).filter((row) => row.parent_mental_health_care === true)),
    schoolbestuur: refs(inYear(region.schoolbestuur.pupils).filter((row) => Number(row.pupil_weight) > 0)),
  };
  return { cells, population, factors };
}

/**
 * The same children with random factor bits correlated through each child's latent risk, at prevalences far
 * above life's, so that a few thousand children already have every factor in many cells.
 */
export function correlatedCombination(children: number, seed = DEFAULT_SEED, base = 0.3): SeededCombination {
  const random = new SeededRandom(seed);
  const cells = regionCells();
  const cellIndex = new Map(cells.map((label, i) => [label, i]));
  const current = childPopulation(seed, scaleFor(children)).filter((child) => ageIn(child, YEAR) !== null);
  const drawn = sample([...current], children, random);
  const has = (risk: number) => random.chance(Math.min(0.95, base * risk));
  const population = drawn.map((child) => ({
    childId: child.childRef,
    cell: cellIndex.get(`${child.wijk}|${ageBand(ageIn(child, YEAR)!)}`)!,
    factor: has(child.risk),
  }));
  // Drawn over all children of the year: a factor holder's clients are not all in the population.
  const factors = Object.fromEntries(
    FACTOR_HOLDERS.slice(1).map((org) => [
      org,
      current.filter((child) => has(child.risk)).map((child) => child.childRef),
    ]),
  );
  return { cells, population, factors };
}

/** The same year with another population filter: the children `keep` rejects are outside the population (no cell), still sent. */
export function withPopulationFilter(
  data: SeededCombination,
  keep: (child: PopulationChild, index: number) => boolean,
): SeededCombination {
  return {
    ...data,
    population: data.population.map((child, i) => (keep(child, i) ? child : { ...child, cell: null })),
  };
}

/** Per cell, children of the population with exactly 0, 1, …, F factors, straight from the plaintext bits: what the protocol must reproduce. */
export function plaintextHistograms(data: SeededCombination): number[][] {
  const sets = Object.values(data.factors).map((ids) => new Set(ids));
  const histograms = data.cells.map(() => new Array<number>(sets.length + 2).fill(0));
  for (const child of data.population) {
    if (child.cell === null) continue;
    const factors = (child.factor ? 1 : 0) + sets.filter((set) => set.has(child.childId)).length;
    histograms[child.cell][factors]++;
  }
  return histograms;
}
