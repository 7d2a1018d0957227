/**
 * The partners bench's disclosure control, in a process of its own so the bench can stop it at a time limit: the
 * exact LPs grow faster than the table, and a limit reached is itself the figure. Prints one JSON line.
 * Run by bench/partners.bench.ts: partners-disclosure.ts <cells>
 */
import 'reflect-metadata';
import {
  AggregateCell,
  applyPrimarySuppression,
  crossTable,
  flatDimension,
  protectionRequirements,
  suppressSecondary,
} from '@bfa/disclosure';
import { regionTotals } from './partners-tables';

const AGES = 4;
const MIN_CELL_SIZE = 10;

export interface DisclosureFigure {
  seconds: number;
  /** This process's CPU over the same span: what a quiet core would take, whatever the machine's load. */
  cpuSeconds: number;
  primary: number;
  secondary: number;
  cellsWithTotals: number;
}

/**
 * Wijken × 4 age bands with all totals, frequency rule k = 10, complementary suppression by value (HiGHS; block by
 * block beyond 1,000 cells), audited by the attacker's LPs on the whole table.
 */
async function disclosure(cells: number): Promise<DisclosureFigure> {
  const wijk = (w: number) => `WK${String(w).padStart(5, '0')}`;
  const leaves: AggregateCell[] = regionTotals(cells).map((value, i) => ({
    coordinates: { wijk: wijk(Math.floor(i / AGES)), age: `A${i % AGES}` },
    value,
    contributors: value,
  }));
  const table = crossTable(
    [
      flatDimension(
        'wijk',
        Array.from({ length: cells / AGES }, (_, w) => wijk(w)),
        'regio',
      ),
      flatDimension(
        'age',
        Array.from({ length: AGES }, (_, a) => `A${a}`),
      ),
    ],
    leaves,
  );
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const released = applyPrimarySuppression(table.cells, { minCellSize: MIN_CELL_SIZE });
  const primary = released.cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));
  const { secondary } = await suppressSecondary(
    table,
    protectionRequirements(table, primary, { upper: { absolute: MIN_CELL_SIZE }, lower: { fraction: 1 } }),
    { cost: 'value' },
  );
  const used = process.cpuUsage(cpu);
  return {
    seconds: Number(process.hrtime.bigint() - start) / 1e9,
    cpuSeconds: (used.user + used.system) / 1e6,
    primary: primary.length,
    secondary: secondary.length,
    cellsWithTotals: table.cells.length,
  };
}

disclosure(Number(process.argv[2])).then(
  (figure) => console.log(JSON.stringify(figure)),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
