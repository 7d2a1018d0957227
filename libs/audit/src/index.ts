export * from './audit-entry';
export * from './hash-chain';
export * from './audit-entry.record';
export * from './audit-log.service';
export * from './audit.module';
export * from './audit.controller';
export * from './cross-check';
