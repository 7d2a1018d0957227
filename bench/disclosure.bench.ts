import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import {
  AggregateCell,
  applyPrimarySuppression,
  attackerIntervals,
  crossTable,
  Dimension,
  flatDimension,
  hierarchyDimension,
  LinkedTable,
  protectionRequirements,
  SuppressionCost,
  suppressSecondary,
} from '@bfa/disclosure';

/** The bar's table: 300 wijken x 4 age bands, with row, column and grand totals; and issue 16's, 2,500 wijken. */
const SIZES = [
  { wijken: 300, gemeenten: 20 },
  { wijken: 2500, gemeenten: 250 },
];
const AGE_BANDS = ['0-3', '4-11', '12-17', '18-23'];
const AGE_SHARES = [0.22, 0.4, 0.28, 0.1];
const MIN_CELL_SIZE = 10;
const PROTECTION = { upper: { absolute: MIN_CELL_SIZE }, lower: { fraction: 1 } };

interface Scenario {
  table: string;
  cost: SuppressionCost;
  cells: number;
  constraints: number;
  primaryCells: number;
  primaryShareOfInterior: number;
  secondaryCells: number;
  /** Of the cells that are not primary, the share of their total value hidden as complements. */
  secondaryValueShare: number;
  /** Secondary suppression, including the attacker-LP check it runs on its own result. */
  seconds: number;
  cellsPerSecond: number;
  /** The independent audit: min and max LPs for every suppressed cell (primary and secondary). */
  auditedCells: number;
  auditSeconds: number;
  protected: boolean;
}

/** Seeded, so every run protects the same tables. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Children per wijk are roughly log-normal (a few large new-build wijken, many small old ones); bands split binomially. */
function leaves(seed: number, wijken: number): AggregateCell[] {
  const next = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: wijken }, (_, w) => {
    const children = Math.round(Math.exp(Math.log(160) + 1.05 * normal()));
    return AGE_BANDS.map((age, a) => {
      const mean = children * AGE_SHARES[a];
      const count = Math.max(0, Math.round(mean + Math.sqrt(mean * (1 - AGE_SHARES[a])) * normal()));
      return { coordinates: { wijk: wijk(w), age }, value: count, contributors: count };
    });
  }).flat();
}

const wijk = (w: number) => `WK${String(w).padStart(4, '0')}`;

function tables(): { name: string; table: LinkedTable; costs: SuppressionCost[] }[] {
  return SIZES.flatMap(({ wijken, gemeenten }) => {
    const age = flatDimension('age', AGE_BANDS);
    const codes = Array.from({ length: wijken }, (_, w) => wijk(w));
    const flat: Dimension = flatDimension('wijk', codes, 'regio');
    const parents = Object.fromEntries([
      ...Array.from({ length: gemeenten }, (_, g) => [`GM${g}`, 'regio']),
      ...codes.map((code, w) => [code, `GM${w % gemeenten}`]),
    ]);
    const hierarchy = hierarchyDimension('wijk', 'regio', parents);
    // Cost by number of cells only for the bar's size: by value is what the platform uses.
    const costs: SuppressionCost[] = wijken <= 300 ? ['value', 'cells'] : ['value'];
    return [
      {
        name: `${wijken} wijken x ${AGE_BANDS.length} ages + totals`,
        table: crossTable([flat, age], leaves(2024, wijken)),
        costs,
      },
      {
        name: `${wijken} wijken in ${gemeenten} gemeenten x ${AGE_BANDS.length} ages + totals`,
        table: crossTable([hierarchy, age], leaves(2024, wijken)),
        costs,
      },
    ];
  });
}

async function scenario(name: string, table: LinkedTable, cost: SuppressionCost): Promise<Scenario> {
  const released = applyPrimarySuppression(table.cells, { minCellSize: MIN_CELL_SIZE });
  const primary = released.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
  const requirements = protectionRequirements(table, primary, PROTECTION);
  let started = process.hrtime.bigint();
  const { secondary } = await suppressSecondary(table, requirements, { cost });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  started = process.hrtime.bigint();
  const suppressed = [...primary, ...secondary];
  const intervals = await attackerIntervals(table, suppressed);
  const auditSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const byCell = new Map(intervals.map((interval) => [interval.cell, interval]));
  const isProtected = requirements.every((r) => {
    const { lower, upper } = byCell.get(r.cell)!;
    const value = table.cells[r.cell].value;
    return upper >= value + r.upper - 1e-6 && lower <= Math.max(0, value - r.lower) + 1e-6;
  });
  const sum = (cells: number[]) => cells.reduce((s, i) => s + table.cells[i].value, 0);
  const interior = table.cells.filter((cell) =>
    Object.values(cell.coordinates).every(
      (code) => !['regio', 'Totaal'].includes(String(code)) && !String(code).startsWith('GM'),
    ),
  ).length;
  const nonPrimary = table.cells.map((_, i) => i).filter((i) => !released.cells[i].suppressed);
  return {
    table: name,
    cost,
    cells: table.cells.length,
    constraints: table.constraints.length,
    primaryCells: primary.length,
    primaryShareOfInterior: primary.length / interior,
    secondaryCells: secondary.length,
    secondaryValueShare: sum(secondary) / sum(nonPrimary),
    seconds,
    cellsPerSecond: table.cells.length / seconds,
    auditedCells: suppressed.length,
    auditSeconds,
    protected: isProtected,
  };
}

async function main(): Promise<void> {
  const scenarios: Scenario[] = [];
  for (const { name, table, costs } of tables()) {
    for (const cost of costs) scenarios.push(await scenario(name, table, cost));
  }
  const machine = {
    cpu: cpus()[0]?.model,
    cores: cpus().length,
    node: process.version,
    date: new Date().toISOString(),
  };
  const method =
    'Fischetti-Salazar protection LPs per primary cell and direction (HiGHS), over the whole table up to 1,000 cells and block by block beyond (a wijk row, or a gemeente with its wijken, never cut; each perturbation within its block, so it is one of the whole table too); then min/max attacker LPs on the whole table for every primary cell (the audit, as part of the seconds) and, separately, for every suppressed cell (audit s); no sampling';
  const out = join(__dirname, 'results', 'disclosure.json');
  mkdirSync(join(__dirname, 'results'), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify({ machine, method, minCellSize: MIN_CELL_SIZE, protection: PROTECTION, scenarios }, null, 2),
  );
  console.log(`method: ${method}`);
  console.log(`protection: frequency rule k=${MIN_CELL_SIZE}; upper >= value + ${MIN_CELL_SIZE}, lower <= 0\n`);
  console.log(
    `${'table'.padEnd(50)} ${'cost'.padEnd(5)} ${'cells'.padStart(6)} ${'primary'.padStart(8)} ${'secondary'.padStart(10)} ${'sec. value'.padStart(10)} ${'s'.padStart(7)} ${'cells/s'.padStart(8)} ${'audited'.padStart(8)} ${'audit s'.padStart(8)}  protected`,
  );
  for (const s of scenarios) {
    console.log(
      `${s.table.padEnd(50)} ${s.cost.padEnd(5)} ${String(s.cells).padStart(6)} ${`${s.primaryCells} (${(100 * s.primaryShareOfInterior).toFixed(0)}%)`.padStart(8)} ${String(s.secondaryCells).padStart(10)} ${`${(100 * s.secondaryValueShare).toFixed(1)}%`.padStart(10)} ${s.seconds.toFixed(2).padStart(7)} ${s.cellsPerSecond.toFixed(0).padStart(8)} ${String(s.auditedCells).padStart(8)} ${s.auditSeconds.toFixed(2).padStart(8)}  ${s.protected}`,
    );
  }
  console.log(`\nwritten to ${out} (${machine.cores} x ${machine.cpu}, node ${machine.node})`);
  if (!scenarios.every((s) => s.protected)) process.exitCode = 1;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
