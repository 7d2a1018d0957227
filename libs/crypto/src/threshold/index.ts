export * from './safe-prime';
export * from './threshold-keys';
export * from './threshold-decryption';
export * from './key-ceremony';
export * from './partial-proof';
