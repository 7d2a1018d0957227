import { QueryFilter, QuerySpec } from '@bfa/protocol';
import { DEMO_GROUNDS } from './grounds';

/** Smart Start's four risk factors of 2024, one per partner, as the demo, the tests and the bench ask for them. */
const YEAR = { field: 'year', op: 'eq' as const, value: 2024 };

export const RISK_FACTORS = [
  {
    dataset: 'children_households',
    label: 'low household income',
    filters: [YEAR, { field: 'low_income', op: 'eq' as const, value: true }],
  },
  { dataset: 'youth_care_trajectories', label: 'a youth-care trajectory', filters: [YEAR] },
  {
    dataset: 'health_monitor',
    label: 'a parent in mental-health care',
    filters: [YEAR, { field: 'parent_mental_health_care', op: 'eq' as const, value: true }],
  },
  {
    dataset: 'pupils',
    label: 'a school-disadvantage weight',
    filters: [YEAR, { field: 'pupil_weight', op: 'gte' as const, value: 30 }],
  },
];

/**
 * Per wijk and age band, the children of 2024 (in `wijken`, or the whole region; passing `population` filters
 * too, if given) with at least `atLeast` of the four factors (all four when omitted).
 */
export function riskFactorCombination(options: {
  wijken?: string[];
  population?: QueryFilter[];
  atLeast?: number;
  purpose: string;
}): QuerySpec {
  const filters: QueryFilter[] = [
    YEAR,
    ...(options.wijken ? [{ field: 'wijk', op: 'in' as const, value: options.wijken }] : []),
    ...(options.population ?? []),
  ];
  return {
    ...DEMO_GROUNDS,
    dataset: 'children_households',
    measure: { kind: 'count' },
    groupBy: ['wijk', 'age_band'],
    filters,
    combination: { factors: RISK_FACTORS, ...(options.atLeast === undefined ? {} : { atLeast: options.atLeast }) },
    purpose: options.purpose,
  };
}
