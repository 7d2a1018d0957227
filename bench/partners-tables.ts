/** Seeded, so every run and every size protects comparable tables. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t ^= t + Math.imul(t ^ (t >>> 7), 61 | t);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Region-like children per cell: log-normal wijken, as bench/disclosure.bench.ts draws them. */
export function regionTotals(cells: number): number[] {
  const next = random(cells);
  const normal = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Array.from({ length: cells }, () => Math.max(0, Math.round(Math.exp(Math.log(40) + 1.05 * normal()))));
}

/** The same totals, each child at one of the partners (seeded): what each partner's node holds per cell. */
export function partnerTables(partners: number, cells: number): bigint[][] {
  const next = random(cells * 7919 + partners);
  const tables = Array.from({ length: partners }, () => new Array<bigint>(cells).fill(0n));
  regionTotals(cells).forEach((total, cell) => {
    for (let child = 0; child < total; child++) tables[Math.floor(next() * partners)][cell]++;
  });
  return tables;
}
