import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { Catalog, loadPolicies } from '@bfa/policy';
import { DataEditionRecord } from '../../data-edition.entity';
import { importData, DataImportOptions } from '../data-import';
import { ImportMapping } from '../import-mapping';

/** Helpers for the import specs: the real catalog, a scratch node data directory, and reading a store back. */
export const POLICIES_DIR = join(__dirname, '..', '..', '..', '..', '..', 'policies');
export const catalog: Catalog = loadPolicies(POLICIES_DIR).catalog;

/** The municipality's export: its own column names, J/N codes for two of the booleans, none for debt support. */
export const gemeenteMapping: ImportMapping = {
  columns: {
    BSN: 'child_ref',
    Jaar: 'year',
    Wijk: 'wijk',
    Leeftijdsklasse: 'age_band',
    'Laag inkomen': 'low_income',
    Bijstand: 'social_assistance',
    Schuldhulp: 'debt_support',
    'Kindgebonden budget': 'child_budget_eur',
  },
  values: { low_income: { J: true, N: false }, social_assistance: { J: true, N: false } },
};

export const GEMEENTE_HEADER = 'BSN;Jaar;Wijk;Leeftijdsklasse;Laag inkomen;Bijstand;Schuldhulp;Kindgebonden budget';

export function scratch(): {
  dir: string;
  dataDir: string;
  write: (name: string, content: string | Uint8Array) => string;
} {
  const dir = mkdtempSync(join(tmpdir(), 'bfa-import-'));
  const dataDir = join(dir, 'node');
  mkdirSync(dataDir);
  return {
    dir,
    dataDir,
    write: (name, content) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
  };
}

export function csv(lines: string[]): string {
  return lines.join('\r\n') + '\r\n';
}

export function importInto(dataDir: string, file: string, options: Partial<DataImportOptions> = {}) {
  return importData({
    dataDir,
    catalog,
    policiesDir: POLICIES_DIR,
    dataset: 'children_households',
    mapping: gemeenteMapping,
    file,
    ...options,
  });
}

/** Every record of `table` without its generated id, booleans as booleans, in a stable order. */
export async function storedRecords(dataDir: string, table: string): Promise<Record<string, unknown>[]> {
  const store = await new DataSource({ type: 'sqlite', database: join(dataDir, 'records.sqlite') }).initialize();
  try {
    const exists = await store.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [table]);
    if (exists.length === 0) return [];
    const rows: Record<string, unknown>[] = await store.query(`SELECT * FROM "${table}" ORDER BY year, child_ref, id`);
    const booleans = Object.entries(catalog.datasets[table]?.fields ?? {})
      .filter(([, f]) => f.type === 'boolean')
      .map(([name]) => name);
    return rows.map(({ id, ...row }) =>
      Object.fromEntries(Object.entries(row).map(([k, v]) => [k, booleans.includes(k) ? v === 1 : v])),
    );
  } finally {
    await store.destroy();
  }
}

export async function editions(dataDir: string): Promise<DataEditionRecord[]> {
  const store = await new DataSource({
    type: 'sqlite',
    database: join(dataDir, 'records.sqlite'),
    entities: [DataEditionRecord],
  }).initialize();
  try {
    return await store.getRepository(DataEditionRecord).find({ order: { seq: 'ASC' } });
  } finally {
    await store.destroy();
  }
}
