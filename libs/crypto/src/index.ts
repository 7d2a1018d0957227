export * from './canonical-json';
export * from './hash';
export * from './encoding';
export * from './signing';
export * from './paillier-keys';
export * from './paillier-cipher';
export * from './threshold';
