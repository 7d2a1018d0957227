import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { DatasetBusy, DatasetLocks } from './dataset-lock';
import { csv, GEMEENTE_HEADER, importInto, scratch, storedRecords } from './import/testing/import-fixtures';

/** A lock row as another process (the node, or a second `bfa data import`) leaves it in data-locks.sqlite. */
async function heldBy(dataDir: string, pid: number, use: 'import' | 'query', label: string): Promise<void> {
  const db = await new DataSource({ type: 'sqlite', database: join(dataDir, 'data-locks.sqlite') }).initialize();
  try {
    await db.query(
      'INSERT INTO data_locks (token, dataset, use, label, pid, host, started_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [`t-${pid}-${label}`, 'children_households', use, label, pid, hostname(), '2026-11-30T10:00:00.000Z'],
    );
  } finally {
    await db.destroy();
  }
}

describe('the lock between an import and the queries on one dataset', () => {
  let space: ReturnType<typeof scratch>;
  let locks: DatasetLocks;
  let other: ChildProcess;
  const file = () => space.write('gemeente.csv', csv([GEMEENTE_HEADER, '100000001;2024;WK085501;4-11;J;N;0;10']));
  beforeEach(async () => {
    space = scratch();
    locks = await DatasetLocks.open(space.dataDir);
    other = spawn('sleep', ['30']);
  });
  afterEach(async () => {
    other.kill();
    await locks.close();
    rmSync(space.dir, { recursive: true, force: true });
  });

  it('lets queries read side by side, and keeps a query out while an import holds the dataset, naming the import', async () => {
    const a = await locks.acquire('children_households', 'query', 'q-1', 0);
    const b = await locks.acquire('children_households', 'query', 'q-2', 0);
    await expect(locks.acquire('children_households', 'import', 'gemeente.csv', 150)).rejects.toThrow(
      /children_households is being read by query q-1/,
    );
    await locks.release(a);
    await locks.release(b);
    const imp = await locks.acquire('children_households', 'import', 'gemeente.csv', 0);
    await expect(locks.acquire('children_households', 'query', 'q-3', 150)).rejects.toBeInstanceOf(DatasetBusy);
    await expect(locks.acquire('children_households', 'query', 'q-3', 0)).rejects.toThrow(
      /being imported \(gemeente\.csv\).*try the query again after the import/,
    );
    expect(await locks.acquire('health_monitor', 'query', 'q-4', 0)).toMatchObject({ dataset: 'health_monitor' });
    await locks.release(imp);
    expect(await locks.acquire('children_households', 'query', 'q-3', 0)).toMatchObject({ use: 'query' });
  });

  it('an import waits for a running query and then writes', async () => {
    const query = await locks.acquire('children_households', 'query', 'q-1', 0);
    setTimeout(() => void locks.release(query), 300);
    const started = Date.now();
    expect(await importInto(space.dataDir, file(), { lockWaitMs: 5_000 })).toMatchObject({ outcome: 'imported' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("an import refuses, writing nothing, while another process's query still reads the dataset after the wait", async () => {
    await heldBy(space.dataDir, other.pid!, 'query', '5b2c0c3e-0000-4000-8000-000000000001');
    const report = await importInto(space.dataDir, file(), { lockWaitMs: 200 });
    expect(report).toMatchObject({
      outcome: 'refused',
      rowsAccepted: 0,
      reason: expect.stringMatching(/being read by query 5b2c0c3e-0000-4000-8000-000000000001/),
    });
    expect(await storedRecords(space.dataDir, 'children_households')).toEqual([]);
  });

  it('removes a stale lock of a killed process (an import killed mid-way), so neither side waits for it', async () => {
    const gone = spawnSync('true').pid!;
    await heldBy(space.dataDir, gone, 'import', 'killed.csv');
    expect(await locks.acquire('children_households', 'query', 'q-1', 0)).toMatchObject({ use: 'query' });
    expect(await locks.holders('children_households')).toEqual([expect.objectContaining({ label: 'q-1' })]);
  });
});
