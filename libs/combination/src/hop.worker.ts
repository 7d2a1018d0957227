import { serveJobs, Transferred } from '@bfa/workers';
import { HopJob, HopJobResult, resultBuffers, runHopJob } from './hop-work';

// A worker thread of HopWorkers: never imported, started by path.
serveJobs<HopJob, HopJobResult>((job) => {
  const result = runHopJob(job);
  return new Transferred(result, resultBuffers(result));
});
