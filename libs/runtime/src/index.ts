export * from './settings';
export * from './process-settings';
export * from './nats-transport';
export * from './reply';
export * from './http-bootstrap';
export * from './health.controller';
export * from './safe-nats-deserializer';
export * from './console-static';
