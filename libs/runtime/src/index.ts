export * from './env-config';
export * from './nats-transport';
export * from './reply';
export * from './http-bootstrap';
