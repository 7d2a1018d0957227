import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { childDetails } from './exports/child-details';
import { writeCsv, writeXlsx } from './exports/export-files';
import { PARTNER_EXPORTS, PartnerExport } from './exports/partner-exports';
import { DEFAULT_SEED, generateRegionWithChildren, PARTNER_IDS } from './region-data';

export interface SeedOptions {
  outDir: string;
  seed?: number;
  scale?: number;
  orgs?: string[];
}

/** One partner's export as written: what `bfa data import` needs to load it. */
export interface SeedFile {
  org: string;
  dataset: string;
  file: string;
  /** Absolute path of the mapping file under deploy/mappings. */
  mapping: string;
  rows: number;
}

const ROOT = resolve(__dirname, '..');

/**
 * Writes each partner's seeded records as the exports its own systems would give (`<outDir>/<org>/…csv|xlsx`,
 * in its column names and codes: date of birth and address where it has them, J/N, decimal commas), to be
 * loaded through `bfa data import` with the mapping files in deploy/mappings.
 */
export async function writeSeedExports(options: SeedOptions): Promise<SeedFile[]> {
  const seed = options.seed ?? DEFAULT_SEED;
  const { children, partners } = generateRegionWithChildren(seed, options.scale ?? 1, options.orgs ?? PARTNER_IDS);
  const details = childDetails(children, seed);
  const written: SeedFile[] = [];
  for (const [org, data] of Object.entries(partners)) {
    const dir = join(options.outDir, org);
    mkdirSync(dir, { recursive: true });
    for (const spec of PARTNER_EXPORTS[org]) {
      const rows = data[spec.dataset].map((row) => Object.values(spec.columns).map((cell) => cell(row, details.get(row.child_ref as string)!)));
      const file = join(dir, spec.file);
      await writeExport(file, spec, rows);
      written.push({ org, dataset: spec.dataset, file, mapping: join(ROOT, spec.mapping), rows: rows.length });
    }
  }
  return written;
}

function writeExport(file: string, spec: PartnerExport, rows: Parameters<typeof writeCsv>[2]): Promise<void> | void {
  const header = Object.keys(spec.columns);
  return spec.format === 'xlsx' ? writeXlsx(file, spec.dataset, header, rows) : writeCsv(file, header, rows, spec.format);
}
