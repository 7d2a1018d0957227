export * from './query-spec.dto';
export * from './query-envelope';
export * from './decision';
export * from './messages.dto';
export * from './contribution';
export * from './subjects';
export * from './validate-message';
export * from './registry';
