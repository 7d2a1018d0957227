import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadPolicies } from '@bfa/policy';
import { importData, ImportMapping } from '@bfa/records';

/** The catalog's maxRecordsPerHolder: the most one partner may load into one dataset. */
const ROWS = 500_000;
const POLICIES = join(__dirname, '..', 'policies');

const mapping: ImportMapping = {
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
  values: {
    low_income: { J: true, N: false },
    social_assistance: { J: true, N: false },
    debt_support: { J: true, N: false },
  },
};

function exportCsv(wijken: string[]): string {
  const bands = ['0-3', '4-11', '12-15', '16-17'];
  const lines = [Object.keys(mapping.columns).join(';')];
  for (let i = 0; i < ROWS; i++)
    lines.push(
      `${100_000_000 + i};${2023 + (i % 2)};${wijken[i % wijken.length]};${bands[i % 4]};${i % 3 ? 'N' : 'J'};N;${i % 7 ? 'N' : 'J'};${(i % 4000).toLocaleString('nl-NL')},00`,
    );
  return lines.join('\r\n') + '\r\n';
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = process.hrtime.bigint();
  const value = await run();
  return { value, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}

async function main(): Promise<void> {
  const { catalog } = loadPolicies(POLICIES);
  const dir = mkdtempSync(join(tmpdir(), 'bfa-import-bench-'));
  try {
    const dataDir = join(dir, 'node');
    mkdirSync(dataDir);
    const file = join(dir, 'gemeente.csv');
    writeFileSync(file, exportCsv(catalog.dimensions.wijk.values.map(String)));
    const options = { dataDir, catalog, policiesDir: POLICIES, dataset: 'children_households', mapping, file };
    const first = await timed(() => importData(options));
    const again = await timed(() => importData(options));
    const replaced = await timed(() =>
      importData({
        ...options,
        now: new Date(Date.now() + 1000),
        mapping: { ...mapping, values: { ...mapping.values, debt_support: { J: false, N: true } } },
      }),
    );
    const machine = {
      cpu: cpus()[0]?.model,
      cores: cpus().length,
      node: process.version,
      date: new Date().toISOString(),
    };
    const runs = [
      { run: 'first import into an empty store', outcome: first.value.outcome, seconds: first.seconds },
      {
        run: 'the same file again (checked, hashed, nothing written)',
        outcome: again.value.outcome,
        seconds: again.seconds,
      },
      { run: 'a changed export replacing both years', outcome: replaced.value.outcome, seconds: replaced.seconds },
    ].map((r) => ({ ...r, rowsPerSecond: Math.round(ROWS / r.seconds) }));
    const result = {
      machine,
      rows: ROWS,
      fileBytes: statSync(file).size,
      storeBytes: statSync(join(dataDir, 'records.sqlite')).size,
      runs,
    };
    const out = join(__dirname, 'results', 'import.json');
    mkdirSync(join(__dirname, 'results'), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(
      `bfa data import: ${ROWS} rows of children_households from a ${(result.fileBytes / 1e6).toFixed(1)} MB CSV`,
    );
    for (const r of runs)
      console.log(
        `${r.run.padEnd(58)} ${r.outcome.padEnd(10)} ${r.seconds.toFixed(1).padStart(6)} s ${String(r.rowsPerSecond).padStart(8)} rows/s`,
      );
    console.log(`\nwritten to ${out} (${machine.cores} x ${machine.cpu}, node ${machine.node})`);
    if (
      first.value.outcome !== 'imported' ||
      again.value.outcome !== 'unchanged' ||
      replaced.value.outcome !== 'imported'
    )
      process.exitCode = 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
