import { SeededRandom } from './prng';
import { Child } from './population';
import { PartnerData, Row } from './partners/partner-rows';
import { youthCareChance } from './partners/sterkhuis';
import { schools } from './schools';

/**
 * The planted intervention: Team op Maat runs at every school of these wijken from `firstYear` on, and halves the
 * chance of a youth-care trajectory (Sterk Huis) of its pupils in every year from then: each such trajectory is
 * dropped with probability `reduction`, on a stream of its own, so the other seeded rows stay as they were.
 * No other partner's rows change. Known, so that a difference in differences can be checked against it.
 */
export const TEAM_OP_MAAT = {
  label: 'Team op Maat',
  // Tilburg Oud-Noord, West, Noord and Reeshof, and Waalwijk: about a third of the school board's pupils.
  wijken: ['WK085502', 'WK085503', 'WK085504', 'WK085508', 'WK086700'],
  firstYear: 2024,
  reduction: 0.5,
} as const;

/** The BRIN codes of the Team op Maat schools, in the catalog's order. */
export const teamOpMaatSchools = (): string[] =>
  schools()
    .filter((s) => (TEAM_OP_MAAT.wijken as readonly string[]).includes(s.wijk))
    .map((s) => s.brin);

const key = (row: Row) => `${row.child_ref}|${row.year}`;

/** The child-years of Team op Maat pupils once it runs: whose youth care it halves. */
function reached(pupils: Row[]): Set<string> {
  const at = new Set(teamOpMaatSchools());
  return new Set(pupils.filter((p) => Number(p.year) >= TEAM_OP_MAAT.firstYear && at.has(String(p.school))).map(key));
}

/** Sterk Huis's rows with the intervention applied: the dropped trajectories' risk signals go with them. */
export function plantTeamOpMaat(sterkhuis: PartnerData, pupils: Row[], random: SeededRandom): PartnerData {
  const pupilYears = reached(pupils);
  const dropped = new Set(
    sterkhuis.youth_care_trajectories
      .filter((t) => pupilYears.has(key(t)) && random.chance(TEAM_OP_MAAT.reduction))
      .map(key),
  );
  const careSignal = (s: Row) => s.signal === 'youth_care' || s.signal === 'out_of_home_placement';
  return {
    ...sterkhuis,
    youth_care_trajectories: sterkhuis.youth_care_trajectories.filter((t) => !dropped.has(key(t))),
    risk_signals: sterkhuis.risk_signals.filter((s) => !(careSignal(s) && dropped.has(key(s)))),
  };
}

/**
 * The planted effect on a cohort of the school board's pupils in `year`, as a difference of risks: minus the
 * reduction times the mean chance of youth care the Team op Maat pupils of that cohort would have had without it.
 * What a difference in differences of that cohort against an earlier one estimates (parallel trends hold by construction).
 */
export function plantedTeamOpMaatEffect(children: Child[], pupils: Row[], year: number): number {
  if (year < TEAM_OP_MAAT.firstYear) return 0;
  const byRef = new Map(children.map((c) => [c.childRef, c]));
  const at = new Set(teamOpMaatSchools());
  const cohort = pupils.filter((p) => Number(p.year) === year && at.has(String(p.school)));
  const meanChance =
    cohort.reduce((sum, p) => sum + youthCareChance(byRef.get(String(p.child_ref))!), 0) / cohort.length;
  return -TEAM_OP_MAAT.reduction * meanChance;
}
