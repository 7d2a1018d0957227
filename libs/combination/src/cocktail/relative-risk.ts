import { Interval, Z95 } from './normal';

/** Children exposed (s factors) and unexposed (s = 0), and how many of each have the outcome. */
export interface RiskGroups {
  exposed: number;
  exposedWithOutcome: number;
  unexposed: number;
  unexposedWithOutcome: number;
}

export type RelativeRisk = { estimable: true; rr: number; interval: Interval } | { estimable: false; reason: string };

function checkGroups({ exposed, exposedWithOutcome, unexposed, unexposedWithOutcome }: RiskGroups): void {
  const counts = [exposed, exposedWithOutcome, unexposed, unexposedWithOutcome];
  if (counts.some((x) => !Number.isInteger(x) || x < 0)) throw new RangeError('risk groups are counts of children');
  if (exposedWithOutcome > exposed || unexposedWithOutcome > unexposed)
    throw new RangeError('more children with the outcome than children');
}

/**
 * Risk of the outcome among the exposed over the unexposed, with the Katz interval on the log scale:
 * SE(log RR) = √(1/a − 1/n₁ + 1/c − 1/n₀). No continuity correction: a zero count is reported, not patched.
 */
export function relativeRisk(groups: RiskGroups, z = Z95): RelativeRisk {
  checkGroups(groups);
  const { exposed: n1, exposedWithOutcome: a, unexposed: n0, unexposedWithOutcome: c } = groups;
  if (n1 === 0 || n0 === 0)
    return { estimable: false, reason: n1 === 0 ? 'no exposed children' : 'no children without a risk factor' };
  if (a === 0 || c === 0)
    return {
      estimable: false,
      reason: a === 0 ? 'no exposed child has the outcome' : 'no child without a risk factor has the outcome',
    };
  const rr = a / n1 / (c / n0);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n0);
  return { estimable: true, rr, interval: { lower: rr * Math.exp(-z * se), upper: rr * Math.exp(z * se) } };
}
