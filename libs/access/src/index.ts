export * from './principal';
export * from './request-signature';
export * from './nonce-ledger';
export * from './access.decorators';
export * from './access.guard';
export * from './access.providers';
export * from './access-refusal.filter';
export * from './signed-http';
