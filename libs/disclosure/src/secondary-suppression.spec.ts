import { attackerIntervals } from './attacker-intervals';
import { LinkedTable } from './linked-table';
import { ProtectionRequirement, protectionRequirements } from './protection-levels';
import { suppressSecondary } from './secondary-suppression';
import { crossTable, flatDimension, hierarchyDimension, oneWayTable, twoWayTable } from './table-builders';

const grid = (values: number[][]): LinkedTable =>
  twoWayTable(
    'r',
    'c',
    values.flatMap((row, r) =>
      row.map((value, c) => ({ coordinates: { r: `r${r}`, c: `c${c}` }, value, contributors: value })),
    ),
  );
const cell = (table: LinkedTable, r: number, c: number) =>
  table.cells.findIndex((x) => x.coordinates.r === `r${r}` && x.coordinates.c === `c${c}`);
const position = (table: LinkedTable, i: number) =>
  [table.cells[i].coordinates.r, table.cells[i].coordinates.c].map((code) =>
    code === 'Totaal' ? -1 : Number(String(code).slice(1)),
  );
const policy = (k: number) => ({ upper: { absolute: k }, lower: { fraction: 1 } });

/** Seeded, so a failing random table can be replayed. */
function random(seed: number): (below: number) => number {
  let state = seed >>> 0;
  return (below) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * below);
  };
}

/** The property, checked with the attacker's LPs independently of how the pattern was chosen. */
async function expectProtected(
  table: LinkedTable,
  suppressed: number[],
  requirements: ProtectionRequirement[],
): Promise<void> {
  const intervals = await attackerIntervals(
    table,
    suppressed,
    requirements.map((r) => r.cell),
  );
  requirements.forEach((r, i) => {
    const value = table.cells[r.cell].value;
    expect(intervals[i].upper).toBeGreaterThanOrEqual(value + r.upper - 1e-6);
    expect(intervals[i].lower).toBeLessThanOrEqual(Math.max(0, value - r.lower) + 1e-6);
  });
}

describe('secondary (complementary) suppression', () => {
  it('3x3 with totals, one interior cell of 3 (k = 10): hides a rectangle of interior cells and publishes every total', async () => {
    const table = grid([
      [3, 20, 30],
      [25, 40, 15],
      [35, 12, 50],
    ]);
    const p = cell(table, 0, 0);
    const requirements = protectionRequirements(table, [p], policy(10));
    const { secondary, intervals } = await suppressSecondary(table, requirements);
    const hidden = [p, ...secondary].map((i) => position(table, i));
    expect(hidden.every(([r, c]) => r >= 0 && c >= 0)).toBe(true);
    expect(hidden.length).toBeGreaterThanOrEqual(4);
    const has = (r: number, c: number) => hidden.some(([hr, hc]) => hr === r && hc === c);
    const rectangle = [1, 2].some((r) => [1, 2].some((c) => has(0, c) && has(r, 0) && has(r, c)));
    expect(rectangle).toBe(true);
    expect(intervals[0].upper).toBeGreaterThanOrEqual(13);
    expect(intervals[0].lower).toBeLessThanOrEqual(0);
    await expectProtected(table, [p, ...secondary], requirements);
  });

  it('picks the cheapest rectangle by value', async () => {
    const table = grid([
      [3, 20, 30],
      [25, 40, 15],
      [35, 12, 50],
    ]);
    const { secondary } = await suppressSecondary(
      table,
      protectionRequirements(table, [cell(table, 0, 0)], policy(10)),
    );
    expect(secondary).toEqual([cell(table, 0, 1), cell(table, 2, 0), cell(table, 2, 1)].sort((a, b) => a - b));
  });

  it('1-D with a grand total: a single primary cell gets a complement', async () => {
    const table = oneWayTable(
      'wijk',
      ['A', 'B', 'C', 'D'].map((wijk, i) => ({ coordinates: { wijk }, value: [4, 40, 25, 60][i], contributors: 0 })),
    );
    const p = table.cells.findIndex((c) => c.coordinates.wijk === 'A');
    const requirements = protectionRequirements(table, [p], policy(10));
    const { secondary } = await suppressSecondary(table, requirements);
    expect(secondary).toEqual([table.cells.findIndex((c) => c.coordinates.wijk === 'C')]);
    await expectProtected(table, [p, ...secondary], requirements);
  });

  it('1-D: suppresses as many complements as the protection needs when each has too little room', async () => {
    const table = oneWayTable(
      'wijk',
      ['A', 'B', 'C', 'D'].map((wijk, i) => ({ coordinates: { wijk }, value: [4, 3, 5, 6][i], contributors: 0 })),
    );
    const requirements = protectionRequirements(table, [1], policy(10)); // A goes up 10 only if others go down 10, or the total up
    const { secondary } = await suppressSecondary(table, requirements);
    expect(secondary.map((i) => table.cells[i].coordinates.wijk)).toEqual(['C', 'D']); // 11 of room, cheaper than the total (18)
    await expectProtected(table, [1, ...secondary], requirements);
  });

  it('gives back complements the finished pattern does not need', async () => {
    const table = oneWayTable(
      'wijk',
      ['A', 'B', 'C', 'D'].map((wijk, i) => ({ coordinates: { wijk }, value: [4, 3, 5, 300][i], contributors: 0 })),
    );
    const requirements = protectionRequirements(table, [1], policy(10));
    const pruned = await suppressSecondary(table, requirements);
    const greedy = await suppressSecondary(table, requirements, { prune: false });
    expect(pruned.secondary.map((i) => table.cells[i].coordinates.wijk)).toEqual(['D']);
    expect(greedy.secondary.length).toBeGreaterThan(1);
    await expectProtected(table, [1, ...pruned.secondary], requirements);
  });

  it('hierarchy: complements a buurt inside its own wijk', async () => {
    const gebied = hierarchyDimension('gebied', 'G', {
      W1: 'G',
      W2: 'G',
      B1: 'W1',
      B2: 'W1',
      B3: 'W1',
      B4: 'W2',
      B5: 'W2',
    });
    const values: Record<string, number> = { B1: 2, B2: 30, B3: 45, B4: 20, B5: 25 };
    const table = crossTable(
      [gebied],
      Object.entries(values).map(([code, value]) => ({ coordinates: { gebied: code }, value, contributors: value })),
    );
    const index = (code: string) => table.cells.findIndex((c) => c.coordinates.gebied === code);
    const requirements = protectionRequirements(table, [index('B1')], policy(10));
    const { secondary } = await suppressSecondary(table, requirements);
    expect(secondary).toEqual([index('B2')]);
    await expectProtected(table, [index('B1'), ...secondary], requirements);
  });

  it('hierarchy: a wijk with a single buurt is the buurt, so the wijk goes too, and a second wijk protects it', async () => {
    const gebied = hierarchyDimension('gebied', 'G', {
      W1: 'G',
      W2: 'G',
      W3: 'G',
      B1: 'W1',
      B2: 'W2',
      B3: 'W2',
      B4: 'W3',
    });
    const values: Record<string, number> = { B1: 4, B2: 30, B3: 45, B4: 20 };
    const table = crossTable(
      [gebied],
      Object.entries(values).map(([code, value]) => ({ coordinates: { gebied: code }, value, contributors: value })),
    );
    const index = (code: string) => table.cells.findIndex((c) => c.coordinates.gebied === code);
    const requirements = protectionRequirements(table, [index('B1')], policy(10));
    const { secondary } = await suppressSecondary(table, requirements);
    expect(secondary).toContain(index('W1'));
    expect(secondary).not.toContain(index('G'));
    expect(secondary.some((i) => ['W2', 'W3'].includes(String(table.cells[i].coordinates.gebied)))).toBe(true);
    await expectProtected(table, [index('B1'), ...secondary], requirements);
  });

  it('2-D hierarchical (wijk hierarchy x age band, with totals): protects every primary cell', async () => {
    const gebied = hierarchyDimension('gebied', 'G', {
      W1: 'G',
      W2: 'G',
      B1: 'W1',
      B2: 'W1',
      B3: 'W1',
      B4: 'W2',
      B5: 'W2',
    });
    const age = flatDimension('age', ['0-3', '4-11', '12-17']);
    const next = random(7);
    const leaves = ['B1', 'B2', 'B3', 'B4', 'B5'].flatMap((b) =>
      ['0-3', '4-11', '12-17'].map((a) => ({
        coordinates: { gebied: b, age: a },
        value: 5 + next(60),
        contributors: 0,
      })),
    );
    const table = crossTable([gebied, age], leaves);
    const primary = table.cells.flatMap((c, i) =>
      c.coordinates.gebied.toString().startsWith('B') && c.coordinates.age !== 'Totaal' && c.value < 15 ? [i] : [],
    );
    primary.push(table.cells.findIndex((c) => c.coordinates.gebied === 'B2' && c.coordinates.age === '4-11'));
    const requirements = protectionRequirements(table, [...new Set(primary)], policy(10));
    const { secondary } = await suppressSecondary(table, requirements);
    await expectProtected(table, [...requirements.map((r) => r.cell), ...secondary], requirements);
  });

  it('does not use an empty cell as a complement while a non-empty one will do', async () => {
    const table = grid([
      [3, 20, 30],
      [25, 0, 15],
      [35, 12, 50],
    ]);
    const { secondary } = await suppressSecondary(
      table,
      protectionRequirements(table, [cell(table, 0, 0)], policy(10)),
    );
    expect(secondary.map((i) => table.cells[i].value)).not.toContain(0);
  });

  it('protects an empty primary cell upwards (its lower reach is already 0)', async () => {
    const table = grid([
      [0, 20, 30],
      [25, 40, 15],
    ]);
    const requirements = protectionRequirements(table, [cell(table, 0, 0)], policy(10));
    const { secondary } = await suppressSecondary(table, requirements);
    expect(secondary.length).toBeGreaterThanOrEqual(3);
    await expectProtected(table, [cell(table, 0, 0), ...secondary], requirements);
  });

  it("cost 'cells' minimises the number of complements", async () => {
    const table = oneWayTable(
      'w',
      ['A', 'B', 'C', 'D'].map((w, i) => ({ coordinates: { w }, value: [2, 6, 6, 500][i], contributors: 0 })),
    );
    const requirements = protectionRequirements(table, [1], policy(10));
    expect((await suppressSecondary(table, requirements, { cost: 'value' })).secondary.length).toBe(2);
    expect((await suppressSecondary(table, requirements, { cost: 'cells' })).secondary.length).toBe(1);
  });

  it('needs no LP and hides nothing without primary cells', async () => {
    expect(await suppressSecondary(grid([[1, 2]]), [])).toEqual({ primary: [], secondary: [], intervals: [] });
  });

  it('refuses malformed requirements', async () => {
    const table = grid([[1, 2]]);
    await expect(suppressSecondary(table, [{ cell: 99, upper: 1, lower: 1 }])).rejects.toThrow(/out of range/);
    await expect(suppressSecondary(table, [{ cell: 1, upper: -1, lower: 1 }])).rejects.toThrow(/non-negative/);
    await expect(
      suppressSecondary(table, [
        { cell: 1, upper: 1, lower: 1 },
        { cell: 1, upper: 1, lower: 1 },
      ]),
    ).rejects.toThrow(/twice/);
  });

  it('holds on random 2-D tables up to 6x6: every primary cell reaches its protection (property)', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const next = random(seed);
      const rows = 1 + next(6);
      const columns = 2 + next(5);
      const values = Array.from({ length: rows }, () =>
        Array.from({ length: columns }, () => (next(8) === 0 ? 0 : next(3) === 0 ? 1 + next(12) : 10 + next(200))),
      );
      const table = grid(values);
      const primary = table.cells.flatMap((c, i) => (next(100) < 15 + (c.value < 10 ? 50 : 0) ? [i] : []));
      const requirements = primary.map((i) => ({ cell: i, upper: next(25), lower: next(25) }));
      const { secondary } = await suppressSecondary(table, requirements, { cost: next(2) === 0 ? 'value' : 'cells' });
      expect(secondary.every((i) => !primary.includes(i))).toBe(true);
      await expectProtected(table, [...primary, ...secondary], requirements);
    }
  });
});
