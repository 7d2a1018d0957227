import { Arms, ArmValue, QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { OrganisationPolicy } from './organisation-policy';

/** The derived dimension: its cells are the two arms a query's list draws from another dimension. */
export const ARM = 'arm';
export const ARM_VALUES = ['intervention', 'comparison'] as const;
/**
 * The fewest values an arm must hold when a partner does not let queries group by the dimension it is drawn from:
 * an arm of one school would be that school's figure, which such a partner has not allowed.
 */
export const MIN_ARM_VALUES = 3;

/** The values of each arm: the comparison arm is every other value of the dimension unless the query lists it. */
export function armValues(catalog: Catalog, arms: Arms): { intervention: ArmValue[]; comparison: ArmValue[] } {
  const all = catalog.dimensions[arms.dimension]?.values ?? [];
  const intervention = all.filter((v) => arms.intervention.includes(v));
  const comparison = arms.comparison
    ? all.filter((v) => arms.comparison!.includes(v))
    : all.filter((v) => !arms.intervention.includes(v));
  return { intervention, comparison };
}

/** Everything wrong with a query's arms against the catalog (the lists themselves, not any partner's policy). */
export function armProblems(catalog: Catalog, spec: QuerySpec): string[] {
  const grouped = spec.groupBy.includes(ARM);
  const filtered = (spec.filters ?? []).some((f) => f.field === ARM);
  const problems = filtered
    ? [`filter on "${ARM}": an arm is derived per query; filter on the dimension it is drawn from instead`]
    : [];
  if (!spec.arms)
    return grouped
      ? [...problems, `grouping by ${ARM} needs the query's arms (dimension, intervention values, label)`]
      : problems;
  if (!grouped) return [...problems, `arms are only for grouping by ${ARM}`];
  return [...problems, ...listProblems(catalog, spec, spec.arms)];
}

function listProblems(catalog: Catalog, spec: QuerySpec, arms: Arms): string[] {
  const dataset = catalog.datasets[spec.dataset];
  const dimension = catalog.dimensions[arms.dimension];
  if (arms.dimension === ARM || !dimension || !dataset.dimensions.includes(arms.dimension))
    return [`arms: "${arms.dimension}" is not a dimension of ${spec.dataset} to draw arms from`];
  if (spec.groupBy.includes(arms.dimension))
    return [
      `arms: grouping by both ${ARM} and ${arms.dimension} would show every ${arms.dimension} of each arm; group by one of them`,
    ];
  const unknown = [...arms.intervention, ...(arms.comparison ?? [])].filter((v) => !dimension.values.includes(v));
  if (unknown.length > 0)
    return [`arms: ${JSON.stringify(unknown)} not among the catalog's values of ${arms.dimension}`];
  const both = arms.intervention.filter((v) => arms.comparison?.includes(v));
  if (both.length > 0) return [`arms: ${JSON.stringify(both)} in both the intervention and the comparison arm`];
  const { comparison } = armValues(catalog, arms);
  return comparison.length === 0
    ? [`arms: the comparison arm is empty (the intervention arm lists every ${arms.dimension})`]
    : [];
}

/**
 * Why this partner refuses the query's arms (null when it doesn't): drawn from a dimension it does not let queries
 * group by, every arm must hold at least MIN_ARM_VALUES values, so that no arm singles out one value of it.
 */
export function armDisclosureProblem(catalog: Catalog, policy: OrganisationPolicy, spec: QuerySpec): string | null {
  if (!spec.arms || policy.dimensions.includes(spec.arms.dimension)) return null;
  const values = armValues(catalog, spec.arms);
  const small = ARM_VALUES.find((arm) => values[arm].length < MIN_ARM_VALUES);
  if (!small) return null;
  return (
    `${policy.name} does not allow grouping by ${spec.arms.dimension}, so each arm must hold at least ${MIN_ARM_VALUES} values of it; ` +
    `the ${small} arm holds ${values[small].length} (${values[small].join(', ')})`
  );
}

/**
 * Why this partner refuses the query's use of dimensions (null when it doesn't): grouping by one it does not allow,
 * filtering on one (a filter selects part of a dimension as a group does), or arms too small for it.
 */
export function dimensionProblem(catalog: Catalog, policy: OrganisationPolicy, spec: QuerySpec): string | null {
  const grouped = spec.groupBy.find((d) => !policy.dimensions.includes(d));
  if (grouped) return `${policy.name} does not allow grouping by ${grouped}`;
  const dimensions = catalog.datasets[spec.dataset]?.dimensions ?? [];
  const filtered = (spec.filters ?? []).find(
    (f) => dimensions.includes(f.field) && !policy.dimensions.includes(f.field),
  );
  if (filtered)
    return `${policy.name} does not allow filtering on ${filtered.field} (a dimension it does not allow grouping by)`;
  return armDisclosureProblem(catalog, policy, spec);
}
