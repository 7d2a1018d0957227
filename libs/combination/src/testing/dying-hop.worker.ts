import { serveJobs, Transferred } from '@bfa/workers';
import { HopJob, HopJobResult, resultBuffers, runHopJob } from '../hop-work';

// A worker thread of hop-threads.spec.ts that stops in the middle of a step: at its second job.
let jobs = 0;
serveJobs<HopJob, HopJobResult>((job) => {
  if (++jobs === 2) process.exit(7);
  const result = runHopJob(job);
  return new Transferred(result, resultBuffers(result));
});
