import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RECORD_ENTITIES } from '../record-entities';
import { DataEditionRecord } from '../data-edition.entity';
import { ImportRecord } from './row-checker';

const ROWS_PER_INSERT = 500;

export interface EditionSource {
  dataset: string;
  table: string;
  years: number[];
  file: string;
  sha256: string;
  rowsRead: number;
  rowsRefused: number;
}

export interface WriteOutcome {
  edition: DataEditionRecord;
  /** False when the store already held exactly these records for these years: nothing was written. */
  changed: boolean;
}

/** sha256 over the records as canonical JSON lines, sorted, so a re-ordered export of the same data hashes the same. */
export function recordsHash(records: ImportRecord[]): string {
  const lines = records
    .map((r) =>
      JSON.stringify(
        Object.keys(r)
          .sort()
          .map((k) => [k, r[k]]),
      ),
    )
    .sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(line).update('\n');
  return hash.digest('hex');
}

/** How long an import waits for the node's reads (a query running on the store) to finish before it writes. */
const BUSY_TIMEOUT_MS = 60_000;

export async function openRecordStore(file: string, table: string): Promise<DataSource> {
  const entity = RECORD_ENTITIES[table];
  if (!entity) throw new Error(`no record entity for table ${table}`);
  const store = await new DataSource({
    type: 'sqlite',
    database: file,
    entities: [entity, DataEditionRecord],
    synchronize: true,
    busyTimeout: BUSY_TIMEOUT_MS,
  }).initialize();
  // Records an import replaces are overwritten with zeros, not left in sqlite's free pages for whoever reads the disk.
  await store.query('PRAGMA secure_delete = ON');
  return store;
}

async function insertRecords(
  manager: EntityManager,
  table: string,
  records: ImportRecord[],
  afterChunk?: (inserted: number) => void,
): Promise<void> {
  if (records.length === 0) return;
  const columns = Object.keys(records[0]);
  const sqlValue = (v: ImportRecord[string]) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  for (let start = 0; start < records.length; start += ROWS_PER_INSERT) {
    const chunk = records.slice(start, start + ROWS_PER_INSERT);
    const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
    await manager.query(
      `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${placeholders}`,
      chunk.flatMap((r) => columns.map((c) => sqlValue(r[c]))),
    );
    afterChunk?.(start + chunk.length);
  }
}

/**
 * Replaces the dataset's records of `years` with `records` and keeps the edition, in one sqlite transaction:
 * a crash, a full disk or Ctrl-C before the commit leaves the store as it was. The same records for the same
 * years as the latest edition write nothing.
 */
export async function writeEdition(
  store: DataSource,
  source: EditionSource,
  records: ImportRecord[],
  now: Date,
  afterChunk?: (inserted: number) => void,
): Promise<WriteOutcome> {
  const hash = recordsHash(records);
  const years = JSON.stringify([...source.years].sort());
  const latest = await store
    .getRepository(DataEditionRecord)
    .findOne({ where: { dataset: source.dataset }, order: { seq: 'DESC' } });
  if (latest && latest.years === years && latest.records_hash === hash) return { edition: latest, changed: false };
  const importedAt = now.toISOString();
  const counts = { rows_read: source.rowsRead, rows_accepted: records.length, rows_refused: source.rowsRefused };
  const editionId = createHash('sha256')
    .update(JSON.stringify({ dataset: source.dataset, records_hash: hash, imported_at: importedAt, ...counts }))
    .digest('hex');
  const edition = await store.transaction(async (manager) => {
    const placeholders = source.years.map(() => '?').join(', ');
    const [{ n }] = await manager.query(
      `SELECT COUNT(*) AS n FROM "${source.table}" WHERE year IN (${placeholders})`,
      source.years,
    );
    await manager.query(`DELETE FROM "${source.table}" WHERE year IN (${placeholders})`, source.years);
    await insertRecords(manager, source.table, records, afterChunk);
    return manager.save(
      manager.create(DataEditionRecord, {
        edition_id: editionId,
        dataset: source.dataset,
        years,
        records_hash: hash,
        imported_at: importedAt,
        source_file: source.file,
        source_sha256: source.sha256,
        ...counts,
        rows_replaced: Number(n),
      }),
    );
  });
  return { edition, changed: true };
}
