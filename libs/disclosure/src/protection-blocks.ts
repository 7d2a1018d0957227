import { LinkedTable } from './linked-table';

/**
 * Blocks of a large table for protection by parts. Cells that share a small constraint stay together (a wijk's
 * age bands and its total; a gemeente's wijken, when the gemeente is small); such groups fill a block, in table
 * order, up to `size` cells. The large constraints (an age band over every wijk) are where blocks are cut: a
 * perturbation found within a block leaves their totals as they are, so it is one of the whole table too.
 */
export function protectionBlocks(table: LinkedTable, size: number): number[][] {
  const n = table.cells.length;
  const small = Math.max(16, Math.ceil(Math.sqrt(n)));
  const parent = Array.from({ length: n }, (_, cell) => cell);
  const find = (cell: number): number => {
    while (parent[cell] !== cell) cell = parent[cell] = parent[parent[cell]];
    return cell;
  };
  for (const { total, parts } of table.constraints) {
    if (parts.length + 1 > small) continue;
    for (const cell of parts) parent[find(cell)] = find(total);
  }
  const groups = new Map<number, number[]>();
  for (let cell = 0; cell < n; cell++) {
    const root = find(cell);
    if (!groups.has(root)) groups.set(root, []);
    groups.get(root)!.push(cell);
  }
  const blocks: number[][] = [];
  let block: number[] = [];
  for (const group of groups.values()) {
    if (block.length > 0 && block.length + group.length > size) {
      blocks.push(block);
      block = [];
    }
    block.push(...group);
  }
  if (block.length > 0) blocks.push(block);
  return blocks;
}
