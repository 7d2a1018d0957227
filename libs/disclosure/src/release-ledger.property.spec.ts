import { attackerIntervals } from './attacker-intervals';
import { BoxFilter, BoxSpec, DomainValue, FieldDomain } from './atoms';
import { LinkedTable } from './linked-table';
import { auditLedger, LedgerRelease } from './release-ledger';

const K = 5;
const domains: Record<string, FieldDomain> = {
  year: { values: [2023, 2024] },
  wijk: { values: ['W1', 'W2', 'W3'] },
  placed: { values: [true, false] },
  days: { integers: { min: 0, max: 9 } },
};
type Record_ = { year: number; wijk: string; placed: boolean; days: number };

/** A small deterministic generator, so a failing seed can be replayed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

function passes(record: Record_, filter: BoxFilter): boolean {
  const value = record[filter.field as keyof Record_] as DomainValue;
  const listed = Array.isArray(filter.value) ? filter.value : [filter.value];
  if (filter.op === 'gte') return Number(value) >= Number(filter.value);
  if (filter.op === 'lte') return Number(value) <= Number(filter.value);
  return listed.some((v) => String(v) === String(value));
}

const inBox = (record: Record_, box: BoxSpec) =>
  box.filters.every((f) => passes(record, f)) &&
  Object.entries(box.grid).every(([field, values]) =>
    values.map(String).includes(String(record[field as keyof Record_])),
  );

/** Filters drawn from the ways an analyst can write the same or nested populations. */
function randomFilters(random: () => number): BoxFilter[] {
  const options: BoxFilter[][] = [
    [],
    [{ field: 'year', op: 'eq', value: 2024 }],
    [{ field: 'year', op: 'gte', value: 2024 }],
    [{ field: 'year', op: 'lte', value: 2023 }],
    [{ field: 'placed', op: 'eq', value: false }],
    [{ field: 'days', op: 'gte', value: 5 }],
    [{ field: 'days', op: 'lte', value: 4 }],
    [{ field: 'wijk', op: 'in', value: ['W1', 'W2'] }],
  ];
  const pick = () => options[Math.floor(random() * options.length)];
  return [...pick(), ...pick()];
}

/** A release by wijk with its total: frequency rule, then the ledger hides what it names until it passes (or the release is dropped). */
async function release(
  id: string,
  records: Record_[],
  filters: BoxFilter[],
  earlier: LedgerRelease[],
): Promise<LedgerRelease | null> {
  const boxes: BoxSpec[] = [
    ...['W1', 'W2', 'W3'].map((w) => ({ filters, grid: { wijk: [w] } })),
    { filters, grid: {} },
  ];
  const counts = boxes.map((box) => records.filter((r) => inBox(r, box)).length);
  let published = counts.map((n) => n >= K);
  for (;;) {
    const candidate: LedgerRelease = {
      id,
      measure: 'count',
      cells: boxes.map((box, i) => ({ box, contributors: counts[i], value: counts[i], published: published[i] })),
    };
    const { failures } = await auditLedger(domains, earlier, candidate, { minCellSize: K, intervalPercent: 20 });
    if (failures.length === 0) return candidate;
    const hide = new Set(failures.flatMap((f) => f.cells));
    if (hide.size === 0) return null;
    published = published.map((p, i) => p && !hide.has(i));
  }
}

describe('the release ledger, property', () => {
  it('never lets the published cells of random overlapping releases show a group of the finest records to hold fewer than k', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const random = generator(seed);
      const records: Record_[] = Array.from({ length: 40 }, () => ({
        year: random() < 0.5 ? 2023 : 2024,
        wijk: ['W1', 'W2', 'W3'][Math.floor(random() * 3)],
        placed: random() < 0.3,
        days: Math.floor(random() * 10),
      }));
      const releases: LedgerRelease[] = [];
      for (let r = 0; r < 4; r++) {
        const accepted = await release(`r${r}`, records, randomFilters(random), releases);
        if (accepted) releases.push(accepted);
      }
      // An outside attacker: one unknown per combination of field values, one equation per published cell.
      const classes = records.reduce(
        (map, r) => map.set(JSON.stringify(r), (map.get(JSON.stringify(r)) ?? 0) + 1),
        new Map<string, number>(),
      );
      const keys = [...classes.keys()];
      const published = releases.flatMap((r) => r.cells.filter((c) => c.published));
      const table: LinkedTable = {
        cells: [
          ...keys.map((k) => ({ coordinates: { k }, value: classes.get(k)!, contributors: classes.get(k)! })),
          ...published.map((c, i) => ({ coordinates: { c: i }, value: c.value, contributors: c.value })),
        ],
        constraints: published
          .map((c, i) => ({
            total: keys.length + i,
            parts: keys.flatMap((k, j) => (inBox(JSON.parse(k), c.box) ? [j] : [])),
          }))
          .filter((c) => c.parts.length > 0),
      };
      const small = keys.flatMap((k, j) => (classes.get(k)! < K ? [j] : []));
      const intervals = await attackerIntervals(
        table,
        keys.map((_, j) => j),
        small,
      );
      const shown = intervals
        .filter((i) => i.upper < K - 1e-6)
        .map((i) => ({ seed, record: keys[i.cell], upper: i.upper }));
      expect(shown).toEqual([]);
    }
  }, 120_000);
});
