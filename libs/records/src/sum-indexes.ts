/**
 * A covering index per summable field: a sum (with a cell's two largest values) then reads the index alone, in the
 * order its window needs, instead of every row of the table (3× at a million records, bench/node-side.bench.ts).
 * Declared on the entities, so an import's synchronize makes them on a new table and keeps them on an old one.
 */
export const SUM_INDEXES = [
  { table: 'children_households', field: 'child_budget_eur', name: 'sum_children_households_child_budget_eur' },
  { table: 'youth_care_trajectories', field: 'duration_days', name: 'sum_youth_care_trajectories_duration_days' },
  { table: 'pupils', field: 'pupil_weight', name: 'sum_pupils_pupil_weight' },
  { table: 'pupils', field: 'absence_hours', name: 'sum_pupils_absence_hours' },
  { table: 'risk_signals', field: 'severity', name: 'sum_risk_signals_severity' },
] as const;

/** The columns of a sum's covering index: the usual filter and grouping (year, wijk, age band), then the summed field. */
export const sumIndexColumns = (field: string) => ['year', 'wijk', 'age_band', field];
