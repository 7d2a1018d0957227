/**
 * Issue 16, the node side: the demo's region query (every wijk × 4 age bands, 2024; a count, and a sum with the two
 * largest values per cell) over 100,000 and 1,000,000 youth-care records in a node's records.sqlite (the entity's
 * own (year, wijk, age_band) index, and once more after the node's start added the covering index for the summed
 * field, RECORD_MIGRATIONS), then the encryption
 * of its grid, packed, under a 2048-bit key: with the node's precomputed rⁿ and with rⁿ computed on the spot.
 * Time, CPU and memory (process.memoryUsage, process.resourceUsage) per step, all in this one process.
 * Run: npm run bench:node
 * Env: BENCH_RECORDS (100000,1000000), BENCH_BITS (2048).
 */
import 'reflect-metadata';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { generateThresholdKey, PaillierEncryptor, packCells } from '@bfa/crypto';
import { Catalog, contributionLayouts, loadPolicies, magnitudeVector } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { SumCoveringIndexes1764547200000, YouthCareTrajectoryRecord } from '@bfa/records';
import { runLocalQuery } from '../apps/node/src/execution/local-query';
import { DEMO_QUERY } from '../deploy/local/demo-query';

const SIZES = (process.env.BENCH_RECORDS ?? '100000,1000000').split(',').map(Number);
const BITS = Number(process.env.BENCH_BITS ?? 2048);
const POLICIES = join(__dirname, '..', 'policies');
const BANDS = ['0-3', '4-11', '12-15', '16-17'];

const COUNT: QuerySpec = DEMO_QUERY;
const SUM: QuerySpec = { ...DEMO_QUERY, measure: { kind: 'sum', field: 'duration_days' } };

interface Measured {
  seconds: number;
  cpuSeconds: number;
  /** Resident memory of the process right after the step, and the peak so far (maxRSS), MB. */
  rssMB: number;
  peakRssMB: number;
  heapUsedMB: number;
}

async function measured<T>(run: () => Promise<T> | T): Promise<{ value: T; figure: Measured }> {
  const before = process.resourceUsage();
  const start = process.hrtime.bigint();
  const value = await run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const after = process.resourceUsage();
  const memory = process.memoryUsage();
  const cpuSeconds = (after.userCPUTime + after.systemCPUTime - before.userCPUTime - before.systemCPUTime) / 1e6;
  return {
    value,
    figure: {
      seconds,
      cpuSeconds,
      rssMB: Math.round(memory.rss / 2 ** 20),
      peakRssMB: Math.round(after.maxRSS / 1024),
      heapUsedMB: Math.round(memory.heapUsed / 2 ** 20),
    },
  };
}

/** Records spread over every wijk, age band and two years, as a partner's import leaves them (ids, child refs, buurt). */
async function fill(records: DataSource, count: number, wijken: string[]): Promise<void> {
  const forms = ['ambulant', 'residential', 'foster_care'];
  const perInsert = 500;
  let seed = 12345;
  const next = (n: number) => (seed = (seed * 48271) % 2147483647) % n;
  await records.query('BEGIN');
  for (let done = 0; done < count; done += perInsert) {
    const rows = Math.min(perInsert, count - done);
    const values: unknown[] = [];
    for (let i = 0; i < rows; i++) {
      const wijk = wijken[next(wijken.length)];
      values.push(
        `${100_000_000 + done + i}`,
        wijk,
        `BU${wijk.slice(2)}${next(9)}`,
        BANDS[next(4)],
        2023 + next(2),
        forms[next(3)],
        next(10) === 0 ? 1 : 0,
        next(367),
      );
    }
    await records.query(
      `INSERT INTO youth_care_trajectories (child_ref, wijk, buurt, age_band, year, care_form, out_of_home, duration_days) VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`,
      values,
    );
  }
  await records.query('COMMIT');
}

/** The grid of one query packed and encrypted as the node does it, rⁿ either precomputed (the pool) or on the spot. */
function encryptGrid(
  encryptor: PaillierEncryptor,
  catalog: Catalog,
  spec: QuerySpec,
  cells: Awaited<ReturnType<typeof runLocalQuery>>,
  randomizers: bigint[] | undefined,
): number {
  const layouts = contributionLayouts(catalog, spec, BITS);
  const packed = [
    ...packCells(cells.contributors, layouts.contributors),
    ...(cells.magnitudes ? packCells(magnitudeVector(cells.magnitudes), layouts.magnitudes!) : []),
  ];
  const source = randomizers ? { take: () => randomizers.pop()! } : undefined;
  return encryptor.encryptVector(packed, source).length;
}

async function benchSize(count: number, encryptor: PaillierEncryptor, policiesCatalog: Catalog, dir: string) {
  // A holder of a million records declares it: the catalog's bound sets the packing's slot width.
  const dataset = policiesCatalog.datasets.youth_care_trajectories;
  const catalog = {
    ...policiesCatalog,
    datasets: {
      ...policiesCatalog.datasets,
      youth_care_trajectories: { ...dataset, maxRecordsPerHolder: Math.max(dataset.maxRecordsPerHolder, count) },
    },
  } as Catalog;
  const file = join(dir, `records-${count}.sqlite`);
  const records = await new DataSource({
    type: 'sqlite',
    database: file,
    entities: [YouthCareTrajectoryRecord],
    synchronize: true,
  }).initialize();
  try {
    const loaded = await measured(() => fill(records, count, catalog.dimensions.wijk.values.map(String)));
    // First as a store imported before the covering indexes were declared, then after the node's start added them.
    await new SumCoveringIndexes1764547200000().down(records.createQueryRunner());
    const plan = await records.query(
      `EXPLAIN QUERY PLAN SELECT wijk, age_band, COUNT(*) FROM youth_care_trajectories WHERE year = 2024 GROUP BY wijk, age_band`,
    );
    const count_ = await measured(() => runLocalQuery(records, catalog, COUNT));
    const sum = await measured(() => runLocalQuery(records, catalog, SUM));
    const migration = await measured(() => new SumCoveringIndexes1764547200000().up(records.createQueryRunner()));
    const sumCovered = await measured(() => runLocalQuery(records, catalog, SUM));
    if (
      JSON.stringify(sumCovered.value, (_, v) => (typeof v === 'bigint' ? v.toString() : v)) !==
      JSON.stringify(sum.value, (_, v) => (typeof v === 'bigint' ? v.toString() : v))
    )
      throw new Error('the covering index changed the answer');
    const layouts = contributionLayouts(catalog, SUM, BITS);
    const blocks = (l: { cells: number; slotsPerPlaintext: number }) => Math.ceil(l.cells / l.slotsPerPlaintext);
    const ciphertexts = blocks(layouts.contributors) + blocks(layouts.magnitudes!);
    const pool = await measured(() => Array.from({ length: ciphertexts }, () => encryptor.randomizer()));
    const pooled = await measured(() => encryptGrid(encryptor, catalog, SUM, sum.value, pool.value));
    const onTheSpot = await measured(() => encryptGrid(encryptor, catalog, SUM, sum.value, undefined));
    const cells = count_.value.contributors.length;
    return {
      records: count,
      storeMB: Math.round(statSync(file).size / 2 ** 20),
      cells,
      plan: plan.map((p: { detail: string }) => p.detail),
      load: loaded.figure,
      countQuery: count_.figure,
      sumQuery: sum.figure,
      sumIndexMigration: migration.figure,
      sumQueryCoveringIndex: sumCovered.figure,
      ciphertexts: {
        contributors: blocks(layouts.contributors),
        magnitudes: blocks(layouts.magnitudes!),
        cellsPerCiphertext: layouts.contributors.slotsPerPlaintext,
      },
      precomputeRn: pool.figure,
      encryptPooled: pooled.figure,
      encryptOnTheSpot: onTheSpot.figure,
    };
  } finally {
    await records.destroy();
  }
}

async function main(): Promise<void> {
  const { catalog } = loadPolicies(POLICIES);
  const encryptor = new PaillierEncryptor(
    (await generateThresholdKey(BITS, ['gemeente', 'ggd', 'schoolbestuur', 'sterkhuis'], 3)).publicKey,
  );
  const dir = mkdtempSync(join(tmpdir(), 'bfa-node-bench-'));
  const results = [];
  try {
    for (const size of SIZES) {
      const r = await benchSize(size, encryptor, catalog, dir);
      results.push(r);
      const f = (m: Measured) =>
        `${m.seconds.toFixed(3).padStart(8)} s (CPU ${m.cpuSeconds.toFixed(3)} s, RSS ${m.rssMB} MB, peak ${m.peakRssMB} MB)`;
      console.log(
        `\n${size.toLocaleString('en')} records (${r.storeMB} MB sqlite), ${r.cells} cells, plan: ${r.plan.join('; ')}`,
      );
      console.log(`  load                                   ${f(r.load)}`);
      console.log(`  count per wijk × age band, 2024        ${f(r.countQuery)}`);
      console.log(`  sum + two largest per cell             ${f(r.sumQuery)}`);
      console.log(`  node start: the covering indexes added ${f(r.sumIndexMigration)}`);
      console.log(`  the same with a covering index         ${f(r.sumQueryCoveringIndex)}`);
      console.log(
        `  ${r.ciphertexts.contributors} + ${r.ciphertexts.magnitudes} ciphertexts: rⁿ ahead (pool)     ${f(r.precomputeRn)}`,
      );
      console.log(`  encrypt with pooled rⁿ                 ${f(r.encryptPooled)}`);
      console.log(`  encrypt, rⁿ on the spot                ${f(r.encryptOnTheSpot)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    openssl: process.versions.openssl,
    date: new Date().toISOString(),
    loadAverage: loadavg().map((l) => Number(l.toFixed(1))),
  };
  const out = join(__dirname, 'results', 'node-side.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      { machine, bits: BITS, query: 'youth_care_trajectories, 2024, per wijk × age band', sizes: results },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${out} (${machine.cores} × ${machine.cpu}, load average ${machine.loadAverage.join(' ')})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
