import { verifyThresholdPartials } from '@bfa/crypto';
import { serveJobs } from '@bfa/workers';
import type { ProofJob } from './proof-workers';

// A worker thread of ProofWorkers: never imported, started by path.
serveJobs(({ key, org, ciphertexts, values, proof }: ProofJob) =>
  verifyThresholdPartials(key, org, ciphertexts, values, proof),
);
