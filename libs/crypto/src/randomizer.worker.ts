import { setPriority } from 'node:os';
import { workerData } from 'node:worker_threads';
import { serveJobs } from '@bfa/workers';
import { bigintToHex } from './encoding';
import { PaillierEncryptor } from './paillier-cipher';
import type { RandomizerJob, RandomizerWorkerData } from './randomizer-workers';

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

serveJobs((count: RandomizerJob) => Array.from({ length: count }, () => bigintToHex(encryptor.randomizer())));
