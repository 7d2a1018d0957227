import { WorkerJobError, WorkerPool, workerScript } from './worker-pool';

type Job = { square?: number; refuse?: string; buffer?: number; die?: boolean };
const script = workerScript(__filename, 'test-job.worker');
const pool = (threads: number, onThreadDeath?: 'requeue' | 'fail-queued') =>
  new WorkerPool<Job, unknown>({ threads, script, onThreadDeath });

describe('WorkerPool: jobs on worker threads', () => {
  it('answers every job with its own result, on no more threads than asked', async () => {
    const workers = pool(2);
    const squares = await Promise.all(Array.from({ length: 20 }, (_, i) => workers.run({ square: i })));
    expect(squares).toEqual(Array.from({ length: 20 }, (_, i) => i * i));
    expect(workers.threads).toBe(2);
    await workers.close();
  }, 60_000);

  it('rejects a job with what it threw and the class that threw it, and goes on with the next', async () => {
    const workers = pool(1);
    const refused = await workers.run({ refuse: 'no table' }).catch((error) => error);
    expect(refused).toBeInstanceOf(WorkerJobError);
    expect(refused).toMatchObject({ message: 'no table', thrownBy: 'Refused', threadDied: false });
    await expect(workers.run({ square: 3 })).resolves.toBe(9);
    await workers.close();
  }, 60_000);

  it('moves a transferred buffer back whole', async () => {
    const workers = pool(1);
    const bytes = (await workers.run({ buffer: 1024 })) as Uint8Array;
    expect(bytes.length).toBe(1024);
    expect(bytes.every((b) => b === 7)).toBe(true);
    await workers.close();
  }, 60_000);

  it('requeue: a dying thread fails its own job only; the queued jobs run on a new thread', async () => {
    const workers = pool(1, 'requeue');
    const died = workers.run({ die: true }).catch((error) => error);
    const after = workers.run({ square: 5 });
    expect(await died).toMatchObject({ threadDied: true });
    await expect(after).resolves.toBe(25);
    await workers.close();
  }, 60_000);

  it('fail-queued: a dying thread fails the queued jobs too, and a later job starts afresh', async () => {
    const workers = pool(1, 'fail-queued');
    const died = workers.run({ die: true }).catch((error) => error);
    const queued = workers.run({ square: 5 }).catch((error) => error);
    expect(await died).toMatchObject({ threadDied: true });
    expect(await queued).toMatchObject({ threadDied: true });
    await expect(workers.run({ square: 6 })).resolves.toBe(36);
    await workers.close();
  }, 60_000);

  it('close fails what is still queued with the reason given', async () => {
    const workers = pool(1);
    const jobs = [workers.run({ square: 1 }), workers.run({ square: 2 })].map((job) => job.catch((error) => error));
    await workers.close(new Error('shutting down'));
    for (const outcome of await Promise.all(jobs)) expect(outcome).toMatchObject({ message: 'shutting down' });
  }, 60_000);

  it('refuses a pool without threads', () => {
    expect(() => pool(0)).toThrow('at least one worker thread');
  });
});
