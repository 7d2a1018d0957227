export * from './catalog';
export * from './organisation-policy';
export * from './policy-error';
export * from './policy-loader';
export * from './policy-schema';
export * from './query-check';
export * from './cell-grid';
export * from './proposal-evaluation';
