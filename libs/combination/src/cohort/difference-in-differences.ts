import { Interval, Z95 } from '../cocktail/normal';

/** One arm of one cohort as released: its children and those with an outcome; null where suppression hid it. */
export interface CohortGroup {
  children: number | null;
  withOutcome: number | null;
}

export const COHORT_GROUPS = [
  'intervention before',
  'comparison before',
  'intervention after',
  'comparison after',
] as const;
export type CohortGroupName = (typeof COHORT_GROUPS)[number];

export type DifferenceInDifferences =
  | {
      estimable: true;
      estimate: number;
      standardError: number;
      interval: Interval;
      risks: Record<CohortGroupName, number>;
    }
  | { estimable: false; reason: string; unusable: CohortGroupName[] };

export const DID_METHOD =
  'Difference in differences of the risk of the outcome, (intervention after − intervention before) − (comparison after − comparison before), ' +
  'with a 95% Wald interval whose variance is the sum of p(1 − p)/n over the four cohort × arm groups, from released counts only.';

function checkGroup(name: string, { children, withOutcome }: CohortGroup): void {
  for (const count of [children, withOutcome])
    if (count !== null && (!Number.isInteger(count) || count < 0))
      throw new RangeError(`${name}: counts of children must be whole numbers of at least 0`);
  if (children !== null && withOutcome !== null && withOutcome > children)
    throw new RangeError(`${name}: more children with the outcome than children`);
}

/**
 * (I_after − I_before) − (C_after − C_before) on the risks y/n of the four groups, SE = √Σ p(1 − p)/n, taking the
 * four groups as independent binomials. Not estimable, with the groups it could not use, where a count is suppressed
 * or a group is empty, or where every risk is 0 or 1 (no variance to build an interval from).
 */
export function differenceInDifferences(
  groups: Record<CohortGroupName, CohortGroup>,
  z = Z95,
): DifferenceInDifferences {
  COHORT_GROUPS.forEach((name) => checkGroup(name, groups[name]));
  const suppressed = COHORT_GROUPS.filter(
    (name) => groups[name].children === null || groups[name].withOutcome === null,
  );
  if (suppressed.length > 0)
    return {
      estimable: false,
      reason: `suppression hides the children or those with the outcome of ${suppressed.join(', ')}`,
      unusable: suppressed,
    };
  const empty = COHORT_GROUPS.filter((name) => groups[name].children === 0);
  if (empty.length > 0) return { estimable: false, reason: `no children in ${empty.join(', ')}`, unusable: empty };
  const risk = (name: CohortGroupName) => groups[name].withOutcome! / groups[name].children!;
  const risks = Object.fromEntries(COHORT_GROUPS.map((name) => [name, risk(name)])) as Record<CohortGroupName, number>;
  const variance = COHORT_GROUPS.reduce(
    (sum, name) => sum + (risks[name] * (1 - risks[name])) / groups[name].children!,
    0,
  );
  if (!(variance > 0))
    return {
      estimable: false,
      reason: 'every group has a risk of 0 or 1: no variance to build an interval from',
      unusable: [],
    };
  const estimate =
    risks['intervention after'] -
    risks['intervention before'] -
    (risks['comparison after'] - risks['comparison before']);
  const standardError = Math.sqrt(variance);
  return {
    estimable: true,
    estimate,
    standardError,
    interval: { lower: estimate - z * standardError, upper: estimate + z * standardError },
    risks,
  };
}
