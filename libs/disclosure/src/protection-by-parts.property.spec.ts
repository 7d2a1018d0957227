import fc from 'fast-check';
import { attackerIntervals } from './attacker-intervals';
import { LinkedTable } from './linked-table';
import { createModel, lpSolver, optimise } from './lp-solver';
import { PerturbationModel } from './perturbation-model';
import { applyPrimarySuppression } from './primary-suppression';
import { protectionBlocks } from './protection-blocks';
import { protectionRequirements } from './protection-levels';
import { suppressSecondary } from './secondary-suppression';
import { crossTable, flatDimension, hierarchyDimension } from './table-builders';

const K = 5;
const POLICY = { upper: { absolute: K }, lower: { fraction: 1 } };

/** Wijken (flat, or in gemeenten) × age bands with every total, values drawn small so many cells fall under k. */
const tables = fc
  .record({
    wijken: fc.integer({ min: 2, max: 12 }),
    ages: fc.integer({ min: 2, max: 4 }),
    gemeenten: fc.integer({ min: 0, max: 3 }),
    values: fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 48, maxLength: 48 }),
  })
  .map(({ wijken, ages, gemeenten, values }): LinkedTable => {
    const codes = Array.from({ length: wijken }, (_, w) => `W${w}`);
    const wijk =
      gemeenten < 2
        ? flatDimension('wijk', codes, 'regio')
        : hierarchyDimension(
            'wijk',
            'regio',
            Object.fromEntries([
              ...Array.from({ length: gemeenten }, (_, g) => [`G${g}`, 'regio']),
              ...codes.map((code, w) => [code, `G${w % gemeenten}`]),
            ]),
          );
    const age = flatDimension(
      'age',
      Array.from({ length: ages }, (_, a) => `A${a}`),
    );
    const leaves = codes.flatMap((code, w) =>
      Array.from({ length: ages }, (_, a) => {
        const value = values[(w * ages + a) % values.length];
        return { coordinates: { wijk: code, age: `A${a}` }, value, contributors: value };
      }),
    );
    return crossTable([wijk, age], leaves);
  });

const primaryOf = (table: LinkedTable) =>
  applyPrimarySuppression(table.cells, { minCellSize: K }).cells.flatMap((cell, i) => (cell.suppressed ? [i] : []));

/** The textbook attacker: min and max of each target over its own LP on every suppressed cell, nothing skipped. */
async function naiveIntervals(table: LinkedTable, hidden: number[], targets: number[]) {
  const solver = await lpSolver();
  const column = new Map(hidden.map((cell, k) => [cell, k]));
  const rows = table.constraints.map(({ total, parts }) => {
    const terms = [...parts.map((cell) => [cell, 1]), [total, -1]];
    const known = terms.filter(([cell]) => !column.has(cell));
    const rhs = -known.reduce((sum, [cell, sign]) => sum + sign * table.cells[cell].value, 0);
    const unknown = terms.filter(([cell]) => column.has(cell));
    return {
      indices: unknown.map(([cell]) => column.get(cell)!),
      values: unknown.map(([, s]) => s),
      lower: rhs,
      upper: rhs,
    };
  });
  const bound = (cell: number, sense: 'minimize' | 'maximize') => {
    const model = createModel(solver, {
      colLower: hidden.map(() => 0),
      colUpper: hidden.map(() => Infinity),
      rows: rows.filter((row) => row.indices.length > 0),
    });
    try {
      model.changeColCost(column.get(cell)!, 1);
      return optimise(solver, model, sense);
    } finally {
      model.dispose();
    }
  };
  return targets.map((cell) => ({ cell, lower: Math.max(0, bound(cell, 'minimize')), upper: bound(cell, 'maximize') }));
}

describe('protection by parts (issue 16: 10,000-cell tables)', () => {
  it('blocks partition the table and never cut a small constraint (a wijk and its age bands stay together)', () => {
    fc.assert(
      fc.property(tables, fc.integer({ min: 3, max: 40 }), (table, size) => {
        const blocks = protectionBlocks(table, size);
        const all = blocks.flat().sort((a, b) => a - b);
        expect(all).toEqual(table.cells.map((_, i) => i));
        const blockOf = new Map(blocks.flatMap((block, b) => block.map((cell) => [cell, b])));
        for (const { total, parts } of table.constraints.filter((c) => c.parts.length + 1 <= 16))
          expect(new Set([total, ...parts].map((cell) => blockOf.get(cell))).size).toBe(1);
      }),
      { numRuns: 50 },
    );
  });

  it('a perturbation found within a block is one of the whole table: every constraint holds, no cell negative', async () => {
    const solver = await lpSolver();
    let found = 0;
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: 6, max: 30 }), fc.nat(), async (table, size, pick) => {
        const primary = primaryOf(table);
        fc.pre(primary.length > 0);
        const cell = primary[pick % primary.length];
        const block = protectionBlocks(table, size).find((b) => b.includes(cell))!;
        const model = new PerturbationModel(solver, table, block);
        try {
          const costs = { up: () => 1, down: () => 1 };
          const flow = model.cheapest({ cell, direction: 'up', amount: K }, costs);
          if (!flow) return;
          found++;
          const perturbed = table.cells.map(
            ({ value }, c) => value + (flow.get(c)?.up ?? 0) - (flow.get(c)?.down ?? 0),
          );
          expect(perturbed[cell]).toBeCloseTo(table.cells[cell].value + K, 6);
          [...flow.keys()].forEach((c) => expect(block).toContain(c));
          perturbed.forEach((value) => expect(value).toBeGreaterThanOrEqual(-1e-9));
          for (const { total, parts } of table.constraints)
            expect(parts.reduce((sum, c) => sum + perturbed[c], 0)).toBeCloseTo(perturbed[total], 6);
        } finally {
          model.dispose();
        }
      }),
      { numRuns: 40 },
    );
    expect(found).toBeGreaterThan(10);
  });

  it('attacker intervals (components, min LPs skipped at zero) equal the textbook LPs per cell', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (table) => {
        const primary = primaryOf(table);
        fc.pre(primary.length > 0);
        const { secondary } = await suppressSecondary(table, protectionRequirements(table, primary, POLICY));
        const hidden = [...primary, ...secondary].sort((a, b) => a - b);
        const fast = await attackerIntervals(table, hidden);
        const naive = await naiveIntervals(table, hidden, hidden);
        fast.forEach((interval, i) => {
          expect(interval.cell).toBe(naive[i].cell);
          expect(interval.lower).toBeCloseTo(naive[i].lower, 6);
          if (Number.isFinite(naive[i].upper)) expect(interval.upper).toBeCloseTo(naive[i].upper, 6);
          else expect(interval.upper).toBe(Infinity);
        });
      }),
      { numRuns: 30 },
    );
  });

  it('protected block by block, the pattern passes the whole-table attacker audit', async () => {
    await fc.assert(
      fc.asyncProperty(tables, fc.integer({ min: 6, max: 30 }), async (table, blockCells) => {
        const primary = primaryOf(table);
        fc.pre(primary.length > 0);
        const requirements = protectionRequirements(table, primary, POLICY);
        const { secondary } = await suppressSecondary(table, requirements, { blockCells });
        const intervals = await naiveIntervals(table, [...primary, ...secondary], primary);
        requirements.forEach((r, i) => {
          const value = table.cells[r.cell].value;
          expect(intervals[i].upper).toBeGreaterThanOrEqual(value + r.upper - 1e-6);
          expect(intervals[i].lower).toBeLessThanOrEqual(Math.max(0, value - r.lower) + 1e-6);
        });
      }),
      { numRuns: 40 },
    );
  });
});

describe('protection by parts: moves with no perturbation inside their block', () => {
  it('go to one LP over the whole table: blocks of one wijk row each give the whole-table pattern exactly', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async (table) => {
        const primary = primaryOf(table);
        fc.pre(primary.length > 0);
        const requirements = protectionRequirements(table, primary, POLICY);
        // One group per block: a wijk row alone cannot balance its columns, so its moves fall to the whole table.
        const rows = await suppressSecondary(table, requirements, { blockCells: 1, cost: 'cells' });
        const whole = await suppressSecondary(table, requirements, { blockCells: Infinity, cost: 'cells' });
        expect(rows.secondary).toEqual(whole.secondary);
      }),
      { numRuns: 25 },
    );
  });
});

describe('protection by parts on a region-sized table (known answer)', () => {
  it('300 wijken × 4 ages (1,505 cells, blocks of 1,000): audited protected, complements at most a tenth dearer than with one LP over the whole table', async () => {
    let seed = 2024;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const codes = Array.from({ length: 300 }, (_, w) => `W${w}`);
    const leaves = codes.flatMap((code) =>
      ['A0', 'A1', 'A2', 'A3'].map((age) => {
        const value = Math.round(Math.exp(Math.log(25) + 1.05 * (next() + next() + next() - 1.5) * 2));
        return { coordinates: { wijk: code, age }, value, contributors: value };
      }),
    );
    const table = crossTable(
      [flatDimension('wijk', codes, 'regio'), flatDimension('age', ['A0', 'A1', 'A2', 'A3'])],
      leaves,
    );
    const primary = primaryOf(table);
    const requirements = protectionRequirements(table, primary, POLICY);
    const byParts = await suppressSecondary(table, requirements);
    const whole = await suppressSecondary(table, requirements, { blockCells: Infinity });
    expect(protectionBlocks(table, 1000).length).toBe(2);
    expect(primary.length).toBeGreaterThan(50);
    const intervals = await attackerIntervals(table, [...primary, ...byParts.secondary], primary);
    requirements.forEach((r, i) => {
      expect(intervals[i].upper).toBeGreaterThanOrEqual(table.cells[r.cell].value + r.upper - 1e-6);
      expect(intervals[i].lower).toBeLessThanOrEqual(1e-6);
    });
    const value = (cells: number[]) => cells.reduce((sum, c) => sum + table.cells[c].value, 0);
    expect(value(byParts.secondary)).toBeLessThanOrEqual(1.1 * value(whole.secondary));
  });
});
