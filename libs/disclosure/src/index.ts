export * from './protected-table';
export * from './minimum-cell-size';
export * from './primary-suppression';
