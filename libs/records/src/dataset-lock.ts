import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';

/** An import writes a dataset; a query reads it. Two queries may read at once, an import excludes everything. */
export type DatasetUse = 'import' | 'query';

export interface DatasetLease {
  token: string;
  dataset: string;
  use: DatasetUse;
}

interface LockRow {
  token: string;
  dataset: string;
  use: DatasetUse;
  label: string;
  pid: number;
  host: string;
  started_at: string;
}

/** Why a dataset can't be used now: names what holds it. */
export class DatasetBusy extends Error {}

const POLL_MS = 100;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function describe(row: LockRow): string {
  const what = row.use === 'import' ? `being imported (${row.label})` : `being read by query ${row.label}`;
  return `dataset ${row.dataset} is ${what} since ${row.started_at}`;
}

/**
 * The lock between `bfa data import` and the node's queries on one dataset. The CLI and the node are separate
 * processes sharing the data directory, so the lock is a row in its own small sqlite file (data-locks.sqlite):
 * apart from records.sqlite, so taking it never waits for an import's long write transaction. A row whose
 * process is gone (killed mid-import) is stale and removed by whoever next asks.
 */
export class DatasetLocks {
  private constructor(private readonly db: DataSource) {}

  static async open(dataDir: string): Promise<DatasetLocks> {
    const db = await new DataSource({
      type: 'sqlite',
      database: join(dataDir, 'data-locks.sqlite'),
      busyTimeout: 10_000,
    }).initialize();
    await db.query(
      'CREATE TABLE IF NOT EXISTS data_locks (token TEXT PRIMARY KEY, dataset TEXT NOT NULL, use TEXT NOT NULL, label TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, started_at TEXT NOT NULL)',
    );
    return new DatasetLocks(db);
  }

  /** Takes the dataset for this use, waiting up to `waitMs` for what holds it; then refuses naming it. */
  async acquire(dataset: string, use: DatasetUse, label: string, waitMs: number): Promise<DatasetLease> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const lease = await this.tryAcquire(dataset, use, label);
      if (!('holder' in lease)) return lease;
      if (Date.now() >= deadline)
        throw new DatasetBusy(
          `${describe(lease.holder)}: ${use === 'import' ? 'the import waits for no query; try again when it has finished' : 'try the query again after the import'}`,
        );
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async release(lease: DatasetLease): Promise<void> {
    await this.db.query('DELETE FROM data_locks WHERE token = ?', [lease.token]);
  }

  /** Acquires, runs, releases (also when `work` throws). */
  async holding<T>(
    dataset: string,
    use: DatasetUse,
    label: string,
    waitMs: number,
    work: () => Promise<T>,
  ): Promise<T> {
    const lease = await this.acquire(dataset, use, label, waitMs);
    try {
      return await work();
    } finally {
      await this.release(lease);
    }
  }

  /** What holds the dataset now (stale rows left out). */
  async holders(dataset: string): Promise<LockRow[]> {
    await this.removeStale(dataset);
    return this.db.query('SELECT * FROM data_locks WHERE dataset = ? ORDER BY started_at', [dataset]);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }

  private async tryAcquire(
    dataset: string,
    use: DatasetUse,
    label: string,
  ): Promise<DatasetLease | { holder: LockRow }> {
    await this.removeStale(dataset);
    const token = randomUUID();
    // One statement, so the check and the insert are atomic across processes.
    await this.db.query(
      `INSERT INTO data_locks (token, dataset, use, label, pid, host, started_at)
       SELECT ?, ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM data_locks WHERE dataset = ? AND (use = 'import' OR ? = 'import'))`,
      [token, dataset, use, label, process.pid, hostname(), new Date().toISOString(), dataset, use],
    );
    const [mine] = await this.db.query('SELECT token FROM data_locks WHERE token = ?', [token]);
    if (mine) return { token, dataset, use };
    const [holder] = await this.db.query(
      `SELECT * FROM data_locks WHERE dataset = ? AND (use = 'import' OR ? = 'import') ORDER BY started_at LIMIT 1`,
      [dataset, use],
    );
    return holder ? { holder } : this.tryAcquire(dataset, use, label);
  }

  private async removeStale(dataset: string): Promise<void> {
    const rows: LockRow[] = await this.db.query('SELECT * FROM data_locks WHERE dataset = ?', [dataset]);
    for (const row of rows.filter((r) => r.host === hostname() && !alive(r.pid)))
      await this.db.query('DELETE FROM data_locks WHERE token = ?', [row.token]);
  }
}
