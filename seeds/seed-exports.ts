import { createHash } from 'node:crypto';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { childDetails } from './exports/child-details';
import { writeCsv, writeXlsx } from './exports/export-files';
import { PARTNER_EXPORTS, PartnerExport } from './exports/partner-exports';
import { DEFAULT_SEED, generateRegionWithChildren, PARTNER_IDS } from './region-data';

export interface SeedOptions {
  outDir: string;
  seed?: number;
  scale?: number;
  orgs?: string[];
  /**
   * Keep the written exports here, by seed, scale, partners and the seeds' own source, and copy them from it
   * next time: the end-to-end suites start many clusters from the same seed.
   */
  cacheDir?: string;
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
  if (!options.cacheDir) return writeExports(options);
  const cached = join(options.cacheDir, cacheKey(options));
  if (!existsSync(join(cached, 'files.json'))) await fillCache(cached, options);
  const files: SeedFile[] = JSON.parse(readFileSync(join(cached, 'files.json'), 'utf8'));
  cpSync(cached, options.outDir, { recursive: true, filter: (source) => !source.endsWith('files.json') });
  return files.map((f) => ({ ...f, file: join(options.outDir, f.file), mapping: join(ROOT, f.mapping) }));
}

async function writeExports(options: SeedOptions): Promise<SeedFile[]> {
  const seed = options.seed ?? DEFAULT_SEED;
  const { children, partners } = generateRegionWithChildren(seed, options.scale ?? 1, options.orgs ?? PARTNER_IDS);
  const details = childDetails(children, seed);
  const written: SeedFile[] = [];
  for (const [org, data] of Object.entries(partners)) {
    const dir = join(options.outDir, org);
    mkdirSync(dir, { recursive: true });
    for (const spec of PARTNER_EXPORTS[org]) {
      const rows = data[spec.dataset].map((row) =>
        Object.values(spec.columns).map((cell) => cell(row, details.get(row.child_ref as string)!)),
      );
      const file = join(dir, spec.file);
      await writeExport(file, spec, rows);
      written.push({ org, dataset: spec.dataset, file, mapping: join(ROOT, spec.mapping), rows: rows.length });
    }
  }
  return written;
}

function writeExport(file: string, spec: PartnerExport, rows: Parameters<typeof writeCsv>[2]): Promise<void> | void {
  const header = Object.keys(spec.columns);
  return spec.format === 'xlsx'
    ? writeXlsx(file, spec.dataset, header, rows)
    : writeCsv(file, header, rows, spec.format);
}

/** Every source file of the seeds (their code and the region's reference data), so a change to any of them writes afresh. */
function seedSources(dir = __dirname): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return seedSources(path);
      return /\.(ts|json)$/.test(name) && !name.endsWith('.spec.ts') ? [path] : [];
    });
}

function cacheKey(options: SeedOptions): string {
  const hash = createHash('sha256').update(
    JSON.stringify([options.seed ?? DEFAULT_SEED, options.scale ?? 1, [...(options.orgs ?? PARTNER_IDS)].sort()]),
  );
  for (const file of seedSources()) hash.update(relative(__dirname, file)).update(readFileSync(file));
  return hash.digest('hex').slice(0, 32);
}

/** Written beside the cache entry and renamed into place, so a suite running at the same time never reads a half-written one. */
async function fillCache(cached: string, options: SeedOptions): Promise<void> {
  const scratch = `${cached}.${process.pid}.${Date.now()}`;
  const files = await writeExports({ ...options, outDir: scratch });
  const portable = files.map((f) => ({ ...f, file: relative(scratch, f.file), mapping: relative(ROOT, f.mapping) }));
  writeFileSync(join(scratch, 'files.json'), JSON.stringify(portable, null, 2));
  try {
    renameSync(scratch, cached);
  } catch {
    rmSync(scratch, { recursive: true, force: true }); // another suite got there first: its entry is the same
  }
}
