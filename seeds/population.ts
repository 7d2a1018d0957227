import { SeededRandom } from './prng';
import { municipalities, Municipality, Wijk, wijken, YEARS } from './region';

/** A synthetic child, with a latent risk shared by every partner's view of it. */
export interface Child {
  childRef: string;
  wijk: string;
  buurt: string;
  gemeente: Municipality;
  /** Age in the last seeded year. */
  age: number;
  /** 1 on average; higher means more of every risk factor (they co-occur, as in life). */
  risk: number;
}

/** A 9-digit number that passes the BSN eleven-test, so it looks like the identifier partners really hold. */
function syntheticBsn(random: SeededRandom, taken: Set<string>): string {
  for (;;) {
    const digits = Array.from({ length: 8 }, (_, i) => (i === 0 ? random.int(1, 9) : random.int(0, 9)));
    const weighted = digits.reduce((sum, d, i) => sum + d * (9 - i), 0);
    const last = weighted % 11;
    if (last === 10) continue;
    const bsn = [...digits, last].join('');
    if (!taken.has(bsn)) {
      taken.add(bsn);
      return bsn;
    }
  }
}

function latentRisk(random: SeededRandom, deprivation: number): number {
  // A right-skewed draw (mean ≈ 1) scaled by the wijk: most children low, a few very high.
  const skew = -Math.log(1 - random.next() * 0.999);
  return deprivation * skew;
}

export function childPopulation(seed: number, scale: number): Child[] {
  const random = new SeededRandom(seed);
  const gemeenten = new Map(municipalities().map((m) => [m.code, m]));
  const taken = new Set<string>();
  const children: Child[] = [];
  for (const wijk of wijken(random.fork('wijken'), scale)) {
    wijk.childrenByAge.forEach((count, age) => {
      for (let i = 0; i < count; i++) {
        children.push({
          childRef: syntheticBsn(random, taken),
          wijk: wijk.code,
          buurt: random.pick(wijk.buurten),
          gemeente: gemeenten.get(wijk.gemeentecode)!,
          age,
          risk: latentRisk(random, wijk.deprivation),
        });
      }
    });
  }
  return children;
}

/** The child's age in a seeded year, or null when it was not yet born or already 18. */
export function ageIn(child: Child, year: number): number | null {
  const age = child.age - (YEARS[YEARS.length - 1] - year);
  return age >= 0 && age <= 17 ? age : null;
}

export type { Wijk };
