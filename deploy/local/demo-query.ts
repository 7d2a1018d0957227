import { DEMO_GROUNDS } from './grounds';

/** The demo's first query; the multi-host test runs the same one. */
export const DEMO_QUERY = {
  ...DEMO_GROUNDS,
  dataset: 'youth_care_trajectories',
  measure: { kind: 'count' as const },
  groupBy: ['wijk', 'age_band'],
  filters: [{ field: 'year', op: 'eq' as const, value: 2024 }],
  purpose:
    'Smart Start: children in youth care per wijk and age band in 2024, to plan preventive support in the wijken',
};
