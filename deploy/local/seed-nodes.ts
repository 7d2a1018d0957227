// Its DTOs' decorators (class-transformer, through @bfa/policy) need the metadata API before they load.
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { loadPolicies } from '@bfa/policy';
import { holderProblem, importData, ImportReport, loadImportMapping, reportSummary } from '@bfa/records';
import { SeedFile, writeSeedExports } from '../../seeds/seed-exports';

const ROOT = resolve(__dirname, '..', '..');
const BFA = join(ROOT, 'dist', 'apps', 'cli', 'apps', 'cli', 'src', 'main.js');

export interface SeedNodesOptions {
  /** The cluster's nodes/ directory: each partner's data directory is nodes/<org>. */
  nodesDir: string;
  orgs: string[];
  policiesDir: string;
  scale: number;
  seed?: number;
  /** Where the partners' exports are written; default: exports/ beside nodes/. */
  exportsDir?: string;
  /** Reuse exports written before from the same seed (seeds/seed-exports.ts); the import itself always runs. */
  cacheDir?: string;
  /**
   * `cli`: each export through the built `bfa data import`, as a partner's staff would run it (the demo);
   * `function`: the command's own steps in this process (loadPolicies, holderProblem, loadImportMapping, importData), to spare
   * the end-to-end suites a process start per file.
   */
  through: 'cli' | 'function';
}

async function importThroughCli(policiesDir: string, dataDir: string, file: SeedFile): Promise<ImportReport> {
  const args = [
    BFA,
    'data',
    'import',
    '--data-dir',
    dataDir,
    '--org',
    file.org,
    '--dataset',
    file.dataset,
    '--mapping',
    file.mapping,
    '--policies',
    policiesDir,
    '--json',
    file.file,
  ];
  const { stdout } = await promisify(execFile)('node', args, { maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (error.stdout) return { stdout: error.stdout };
      throw new Error(`bfa data import ${file.file} failed: ${error.stderr ?? error}`);
    },
  );
  return JSON.parse(stdout) as ImportReport;
}

/** The command's own steps, with the policies read once for all files rather than once per file as each `bfa` process does. */
function importThroughFunction(policiesDir: string): (dataDir: string, file: SeedFile) => Promise<ImportReport> {
  const { catalog } = loadPolicies(policiesDir);
  return async (dataDir, file) => {
    const notHolder = holderProblem(catalog, file.org, file.dataset);
    if (notHolder) throw new Error(`bfa data import ${file.file}: ${notHolder}`);
    return importData({
      dataDir,
      catalog,
      policiesDir: resolve(policiesDir),
      dataset: file.dataset,
      mapping: loadImportMapping(file.mapping, catalog, file.dataset),
      file: file.file,
    });
  };
}

/**
 * Seeds every node the way a partner loads its data: the seeds write each partner's exports (CSV and .xlsx, in
 * its own columns and codes) and each is loaded into nodes/<org>/records.sqlite by `bfa data import` with the
 * mapping files in deploy/mappings. Partners load side by side, each partner's files one after another.
 * Throws naming the file when anything is refused: a seed the import refuses is a bug in the seeds or the import.
 */
export async function seedNodes(options: SeedNodesOptions): Promise<ImportReport[]> {
  const files = await writeSeedExports({
    outDir: options.exportsDir ?? join(dirname(options.nodesDir), 'exports'),
    orgs: options.orgs,
    scale: options.scale,
    seed: options.seed,
    cacheDir: options.cacheDir,
  });
  const load =
    options.through === 'cli'
      ? (dataDir: string, file: SeedFile) => importThroughCli(options.policiesDir, dataDir, file)
      : importThroughFunction(options.policiesDir);
  const perOrg = await Promise.all(
    options.orgs.map(async (org) => {
      const reports: ImportReport[] = [];
      for (const file of files.filter((f) => f.org === org))
        reports.push(await load(join(options.nodesDir, org), file));
      return reports;
    }),
  );
  const reports = perOrg.flat();
  const failed = reports.filter((r) => r.outcome !== 'imported');
  if (failed.length > 0)
    throw new Error(
      `seeding failed:\n${failed
        .map(
          (r) =>
            `  ${reportSummary(r)}${r.problems
              .slice(0, 3)
              .map((p) => `\n    row ${p.row}, ${p.column}: ${p.problem}`)
              .join('')}`,
        )
        .join('\n')}`,
    );
  return reports;
}
