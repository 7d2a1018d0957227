import { serveJobs, Transferred } from './serve-jobs';

// A worker thread of worker-pool.spec.ts: squares, throws by request, moves a buffer back, or dies.
type Job = { square?: number; refuse?: string; buffer?: number; die?: boolean };
class Refused extends Error {}

serveJobs<Job, unknown>((job: Job) => {
  if (job.die) process.exit(3);
  if (job.refuse) throw new Refused(job.refuse);
  if (job.buffer !== undefined) {
    const bytes = new Uint8Array(job.buffer).fill(7);
    return new Transferred(bytes, [bytes.buffer]);
  }
  return job.square! * job.square!;
});
