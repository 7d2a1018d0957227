export * from './env-config';
export * from './nats-transport';
export * from './reply';
export * from './http-bootstrap';
export * from './health.controller';
export * from './safe-nats-deserializer';
export * from './console-static';
export * from './audit-cors';
