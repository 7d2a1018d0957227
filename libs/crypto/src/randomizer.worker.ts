import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { bigintToHex } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import type { RandomizerBatch, RandomizerJob, RandomizerWorkerData } from './randomizer-workers';

// A worker thread of RandomizerWorkers: never imported, started by path.
const { publicKey, nice } = workerData as RandomizerWorkerData;
if (nice > 0) {
  try {
    setPriority(nice); // Linux: this thread only
  } catch {
    // Not permitted here: the thread runs at normal priority.
  }
}
const encryptor = new PaillierEncryptor(publicKey);

parentPort!.on('message', ({ id, count }: RandomizerJob) => {
  let batch: RandomizerBatch;
  try {
    batch = { id, values: Array.from({ length: count }, () => bigintToHex(encryptor.randomizer())) };
  } catch (error) {
    batch = { id, error: (error as Error).message };
  }
  parentPort!.postMessage(batch);
});
