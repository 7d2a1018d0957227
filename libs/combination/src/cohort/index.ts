export * from './difference-in-differences';
export * from './cohort-table';
export * from './cohort-effect';
