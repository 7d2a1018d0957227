export * from './difference-in-differences';
export * from './cohort-table';
export * from './cohort-effect-types';
export * from './cohort-effect';
export * from './cohort-csv';
export * from './pre-trend';
export * from './cohort-pre-trend';
