import 'reflect-metadata';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { recordEntitiesFor } from '@bfa/records';
import { DEFAULT_SEED, generateRegion, PARTNER_IDS } from './region-data';
import { Row } from './partners/partner-rows';

export interface SeedOptions {
  outDir: string;
  seed?: number;
  scale?: number;
  orgs?: string[];
}

export interface SeededPartner {
  org: string;
  file: string;
  rows: Record<string, number>;
}

const ROWS_PER_INSERT = 500;

async function insertRows(dataSource: DataSource, table: string, rows: Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]);
  const sqlValue = (v: string | number | boolean) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  await dataSource.transaction(async (manager) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const placeholders = chunk.map(() => `(${columns.map(() => '?').join(', ')})`).join(', ');
      await manager.query(
        `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${placeholders}`,
        chunk.flatMap((row) => columns.map((c) => sqlValue(row[c]))),
      );
    }
  });
}

/** Writes each partner's rows into its own `<outDir>/<org>/records.sqlite`, holding only that partner's tables. */
export async function seedRegion(options: SeedOptions): Promise<SeededPartner[]> {
  const region = generateRegion(options.seed ?? DEFAULT_SEED, options.scale ?? 1, options.orgs ?? PARTNER_IDS);
  const seeded: SeededPartner[] = [];
  for (const [org, data] of Object.entries(region)) {
    const dir = join(options.outDir, org);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'records.sqlite');
    rmSync(file, { force: true });
    const dataSource = await new DataSource({ type: 'sqlite', database: file, entities: recordEntitiesFor(Object.keys(data)), synchronize: true }).initialize();
    try {
      for (const [table, rows] of Object.entries(data)) await insertRows(dataSource, table, rows);
    } finally {
      await dataSource.destroy();
    }
    seeded.push({ org, file, rows: Object.fromEntries(Object.entries(data).map(([table, rows]) => [table, rows.length])) });
  }
  return seeded;
}
