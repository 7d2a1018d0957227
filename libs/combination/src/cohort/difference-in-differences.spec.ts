import fc from 'fast-check';
import { Z95 } from '../cocktail/normal';
import { COHORT_GROUPS, CohortGroup, CohortGroupName, differenceInDifferences } from './difference-in-differences';

type Groups = Record<CohortGroupName, CohortGroup>;
const groupsOf = (counts: [number, number][]): Groups =>
  Object.fromEntries(
    COHORT_GROUPS.map((name, i) => [name, { children: counts[i][0], withOutcome: counts[i][1] }]),
  ) as Groups;

/** A small seeded generator (mulberry32), so a simulation is the same on every run. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const binomial = (random: () => number, n: number, p: number) =>
  Array.from({ length: n }, random).filter((u) => u < p).length;

describe('difference in differences of four cohort × arm risks', () => {
  it('equals the hand computation (known answer)', () => {
    // intervention before 60/400 = .15, comparison before 90/600 = .15, intervention after 40/400 = .10, comparison after 84/600 = .14
    const did = differenceInDifferences(
      groupsOf([
        [400, 60],
        [600, 90],
        [400, 40],
        [600, 84],
      ]),
    );
    if (!did.estimable) throw new Error(did.reason);
    expect(did.estimate).toBeCloseTo(-0.04, 12);
    const se = Math.sqrt((0.15 * 0.85) / 400 + (0.15 * 0.85) / 600 + (0.1 * 0.9) / 400 + (0.14 * 0.86) / 600);
    expect(did.standardError).toBeCloseTo(se, 12);
    expect(did.interval.lower).toBeCloseTo(-0.04 - Z95 * se, 12);
    expect(did.interval.upper).toBeCloseTo(-0.04 + Z95 * se, 12);
    expect(did.risks).toEqual({
      'intervention before': 0.15,
      'comparison before': 0.15,
      'intervention after': 0.1,
      'comparison after': 0.14,
    });
  });

  it('is the difference of the two arms’ changes, antisymmetric in the arms and in before/after (property)', () => {
    const group = fc
      .integer({ min: 1, max: 5000 })
      .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n })));
    fc.assert(
      fc.property(fc.tuple(group, group, group, group), (counts) => {
        const did = differenceInDifferences(groupsOf(counts));
        fc.pre(did.estimable);
        if (!did.estimable) return;
        const [ib, cb, ia, ca] = counts.map(([n, y]) => y / n);
        expect(did.estimate).toBeCloseTo(ia - ib - (ca - cb), 12);
        const swapped = differenceInDifferences(groupsOf([counts[1], counts[0], counts[3], counts[2]]));
        const reversed = differenceInDifferences(groupsOf([counts[2], counts[3], counts[0], counts[1]]));
        for (const other of [swapped, reversed]) {
          if (!other.estimable) throw new Error('the same counts must be estimable in any order');
          expect(other.estimate).toBeCloseTo(-did.estimate, 12);
          expect(other.standardError).toBeCloseTo(did.standardError, 12);
        }
        expect(did.interval.upper - did.interval.lower).toBeCloseTo(2 * Z95 * did.standardError, 12);
      }),
    );
  });

  it('refuses when suppression hides a count, naming exactly the groups it could not use (property)', () => {
    const maybe = fc.tuple(
      fc.option(fc.integer({ min: 50, max: 500 }), { freq: 3 }),
      fc.option(fc.integer({ min: 0, max: 50 }), { freq: 3 }),
    );
    fc.assert(
      fc.property(fc.tuple(maybe, maybe, maybe, maybe), (counts) => {
        const groups = Object.fromEntries(
          COHORT_GROUPS.map((name, i) => [name, { children: counts[i][0], withOutcome: counts[i][1] }]),
        ) as Groups;
        const hidden = COHORT_GROUPS.filter((_, i) => counts[i][0] === null || counts[i][1] === null);
        const did = differenceInDifferences(groups);
        if (hidden.length === 0) return expect(did.estimable).toBe(true);
        expect(did).toEqual({
          estimable: false,
          reason: `suppression hides the children or those with the outcome of ${hidden.join(', ')}`,
          unusable: hidden,
        });
      }),
    );
  });

  it('refuses an empty group, no variance at all, and counts that are not counts', () => {
    expect(
      differenceInDifferences(
        groupsOf([
          [0, 0],
          [10, 1],
          [10, 1],
          [10, 1],
        ]),
      ),
    ).toMatchObject({ estimable: false, unusable: ['intervention before'] });
    expect(
      differenceInDifferences(
        groupsOf([
          [10, 0],
          [10, 10],
          [10, 0],
          [10, 0],
        ]),
      ),
    ).toMatchObject({ estimable: false, reason: expect.stringMatching(/no variance/) });
    expect(() =>
      differenceInDifferences(
        groupsOf([
          [10, 11],
          [10, 1],
          [10, 1],
          [10, 1],
        ]),
      ),
    ).toThrow(/more children with the outcome/);
    expect(() =>
      differenceInDifferences(
        groupsOf([
          [10.5, 1],
          [10, 1],
          [10, 1],
          [10, 1],
        ]),
      ),
    ).toThrow(/whole numbers/);
  });

  it('covers the true difference in differences at the nominal 95% on simulated cohorts (property)', () => {
    let covered = 0;
    let trials = 0;
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0.05, max: 0.6, noNaN: true }), { minLength: 4, maxLength: 4 }),
        fc.array(fc.integer({ min: 150, max: 700 }), { minLength: 4, maxLength: 4 }),
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        (p, n, seed) => {
          const random = generator(seed);
          const truth = p[2] - p[0] - (p[3] - p[1]);
          let hits = 0;
          for (let rep = 0; rep < 200; rep++) {
            const did = differenceInDifferences(groupsOf(n.map((size, i) => [size, binomial(random, size, p[i])])));
            if (did.estimable && did.interval.lower <= truth && truth <= did.interval.upper) hits++;
          }
          covered += hits;
          trials += 200;
          // 200 repetitions: a coverage of 95% gives below 88% with probability < 1e-5.
          expect(hits / 200).toBeGreaterThan(0.88);
        },
      ),
      { numRuns: 20, seed: 14 },
    );
    // 4,000 intervals: the nominal 95% ± 4 standard errors (0.34 points each).
    expect(covered / trials).toBeGreaterThan(0.936);
    expect(covered / trials).toBeLessThan(0.964);
  });

  it('placebo: arms drawn at random among schools with no intervention give intervals containing 0 at the nominal rate', () => {
    // 3,000 pupils at 40 schools, each with a latent risk that drives its outcome in both years (as in the seeds).
    const random = generator(2023);
    const pupils = Array.from({ length: 3000 }, () => ({
      school: Math.floor(random() * 40),
      risk: Math.min(0.9, 0.12 * -Math.log(1 - random() * 0.999)),
    }));
    const outcome = pupils.map((p) => [random() < p.risk, random() < p.risk]);
    let containsZero = 0;
    for (let draw = 0; draw < 300; draw++) {
      const intervention = new Set(Array.from({ length: 40 }, (_, s) => s).filter(() => random() < 0.5));
      const count = (arm: boolean, year: 0 | 1): [number, number] => {
        const mine = pupils.map((p, i) => ({ p, i })).filter(({ p }) => intervention.has(p.school) === arm);
        return [mine.length, mine.filter(({ i }) => outcome[i][year]).length];
      };
      const did = differenceInDifferences(groupsOf([count(true, 0), count(false, 0), count(true, 1), count(false, 1)]));
      if (did.estimable && did.interval.lower <= 0 && 0 <= did.interval.upper) containsZero++;
    }
    expect(containsZero / 300).toBeGreaterThan(0.93);
  });
});
