import { purgesAfter } from './record-purge';

/** The edition of one dataset a node's records came from, as a contribution and a release name it. */
export interface DataEdition {
  org: string;
  dataset: string;
  /** The edition id: sha256 of the dataset, the records' hash, the import's time and row counts (`data_editions`). */
  edition: string;
  /** The years of the dataset whose records this edition holds now. */
  years: number[];
  importedAt: string;
}

interface EditionRow {
  seq: number;
  edition_id: string;
  dataset: string;
  years: string;
  imported_at: string;
}

/** Anything that runs SQL on records.sqlite: a TypeORM DataSource or EntityManager. */
interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

/**
 * The editions a dataset's records are from now: per year the latest import that replaced it. Records
 * written before any import (a store seeded directly) have no edition and are named by none.
 */
export function currentEditions(org: string, rows: EditionRow[]): DataEdition[] {
  const byYear = new Map<number, EditionRow>();
  for (const row of [...rows].sort((a, b) => a.seq - b.seq))
    for (const year of JSON.parse(row.years) as number[]) byYear.set(year, row);
  const editions = new Map<string, DataEdition>();
  for (const [year, row] of [...byYear].sort(([a], [b]) => a - b)) {
    const edition = editions.get(row.edition_id) ?? {
      org,
      dataset: row.dataset,
      edition: row.edition_id,
      years: [],
      importedAt: row.imported_at,
    };
    edition.years.push(year);
    editions.set(row.edition_id, edition);
  }
  return [...editions.values()].sort((a, b) => a.edition.localeCompare(b.edition));
}

/** A purge after an edition's import took its years up to `throughYear` out of it: the edition no longer holds them. */
export function withoutPurged(
  editions: DataEdition[],
  purges: { purgedAt: string; throughYear: number }[],
): DataEdition[] {
  return editions
    .map((e) => ({
      ...e,
      years: e.years.filter((year) => !purges.some((p) => p.purgedAt > e.importedAt && year <= p.throughYear)),
    }))
    .filter((e) => e.years.length > 0);
}

export async function readCurrentEditions(records: Sql, org: string, dataset: string): Promise<DataEdition[]> {
  const table = await records.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'data_editions'`);
  if (table.length === 0) return [];
  const editions = currentEditions(
    org,
    await records.query('SELECT seq, edition_id, dataset, years, imported_at FROM data_editions WHERE dataset = ?', [
      dataset,
    ]),
  );
  return withoutPurged(editions, await purgesAfter(records, 0));
}
