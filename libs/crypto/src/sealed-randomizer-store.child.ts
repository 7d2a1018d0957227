import { openSync, writeSync } from 'node:fs';
import { PaillierEncryptor } from './paillier-cipher';
import { RandomizerPool } from './randomizer-pool';
import { SealedRandomizerStore } from './sealed-randomizer-store';

// A node's pool in a process of its own, for sealed-randomizer-store.spec.ts to kill -9: it restores the pool, then
// forever tops it up and "uses" values one by one (each used value's hex appended, in one write, to a log).
const [root, keyJson, boxSecretKey, usedLog] = process.argv.slice(2);
const publicKey = JSON.parse(keyJson);
const encryptor = new PaillierEncryptor(publicKey);
const pool = new RandomizerPool(encryptor, {
  store: new SealedRandomizerStore(root, publicKey.keyId, encryptor.n, boxSecretKey),
});
const { restored } = pool.restore();
const used = openSync(usedLog, 'a');
process.stdout.write(`restored ${restored}\n`);

function step(): void {
  if (pool.size < 250) pool.fill(100);
  for (let i = 0; i < 5; i++) writeSync(used, `${pool.take().toString(16)}\n`);
  setImmediate(step);
}
step();
