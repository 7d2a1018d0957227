export * from './worker-pool';
export * from './serve-jobs';
