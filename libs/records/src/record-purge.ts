import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Catalog, OrganisationPolicy } from '@bfa/policy';
import { DatasetLease, DatasetLocks } from './dataset-lock';

/** Why nothing was purged: no limit in the policy, or a dataset in use. Told to the operator as is. */
export class PurgeRefused extends Error {}

/** One purge of a node's records: when, the policy's limit, the last year purged and per dataset how many records went. Counts only. */
export interface RecordPurge {
  seq: number;
  purgedAt: string;
  retentionYears: number;
  throughYear: number;
  deleted: Record<string, number>;
}

/** A year's records stay `years` full years after the year ended: with 7, in 2026 the years up to 2018 go. */
export function lastPurgedYear(today: Date, years: number): number {
  return today.getUTCFullYear() - years - 1;
}

const CREATE_PURGES = `CREATE TABLE IF NOT EXISTS data_purges (seq INTEGER PRIMARY KEY AUTOINCREMENT, purged_at TEXT NOT NULL, retention_years INTEGER NOT NULL, through_year INTEGER NOT NULL, deleted TEXT NOT NULL)`;

/** Anything that runs SQL on records.sqlite: a TypeORM DataSource or EntityManager. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

async function tableExists(sql: Sql, table: string): Promise<boolean> {
  return (await sql.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [table])).length > 0;
}

/** The purges kept in records.sqlite after `seq`, oldest first (none when no purge ever ran). */
export async function purgesAfter(sql: Sql, seq: number): Promise<RecordPurge[]> {
  if (!(await tableExists(sql, 'data_purges'))) return [];
  const rows = await sql.query('SELECT * FROM data_purges WHERE seq > ? ORDER BY seq', [seq]);
  return rows.map((r: any) => ({
    seq: r.seq,
    purgedAt: r.purged_at,
    retentionYears: r.retention_years,
    throughYear: r.through_year,
    deleted: JSON.parse(r.deleted),
  }));
}

export interface PurgeOptions {
  dataDir: string;
  catalog: Catalog;
  policy: OrganisationPolicy;
  now: Date;
  /** How long to wait for a query reading a dataset on this node before refusing. */
  lockWaitMs: number;
}

/**
 * Deletes the records of every year past the policy's `recordRetentionYears` from each dataset the organisation holds,
 * in one sqlite transaction with the purge's own row (a crash leaves the store as it was), while no query reads them.
 */
export async function purgeRecords({ dataDir, catalog, policy, now, lockWaitMs }: PurgeOptions): Promise<RecordPurge> {
  const years = policy.recordRetentionYears;
  if (!years)
    throw new PurgeRefused(
      `the policy of ${policy.id} (organisations/${policy.id}.yaml) sets no recordRetentionYears: nothing purged`,
    );
  const held = Object.entries(catalog.datasets).filter(
    ([, spec]) => spec.holders.includes(policy.id) && spec.dimensions.includes('year'),
  );
  const throughYear = lastPurgedYear(now, years);
  const locks = await DatasetLocks.open(dataDir);
  const leases: DatasetLease[] = [];
  const store = await new DataSource({
    type: 'sqlite',
    database: join(dataDir, 'records.sqlite'),
    busyTimeout: 60_000,
  }).initialize();
  try {
    for (const [dataset] of held)
      leases.push(await locks.acquire(dataset, 'import', `purge through ${throughYear}`, lockWaitMs));
    // A DELETE only marks sqlite's pages free: the purged records would stay in the file, byte for byte, for anyone
    // who reads the node's disk. secure_delete overwrites them with zeros as they go, inside the same transaction.
    await store.query('PRAGMA secure_delete = ON');
    return await store.transaction(async (manager) => {
      const deleted: Record<string, number> = {};
      for (const [dataset, spec] of held) {
        if (!(await tableExists(manager, spec.table))) continue;
        const [{ n }] = await manager.query(`SELECT COUNT(*) AS n FROM "${spec.table}" WHERE year <= ?`, [throughYear]);
        await manager.query(`DELETE FROM "${spec.table}" WHERE year <= ?`, [throughYear]);
        deleted[dataset] = Number(n);
      }
      await manager.query(CREATE_PURGES);
      await manager.query(
        'INSERT INTO data_purges (purged_at, retention_years, through_year, deleted) VALUES (?, ?, ?, ?)',
        [now.toISOString(), years, throughYear, JSON.stringify(deleted)],
      );
      const [{ seq }] = await manager.query('SELECT MAX(seq) AS seq FROM data_purges');
      return { seq, purgedAt: now.toISOString(), retentionYears: years, throughYear, deleted };
    });
  } finally {
    for (const lease of leases) await locks.release(lease);
    await locks.close();
    await store.destroy();
  }
}
