import { AdditivityConstraint, LinkedTable } from './linked-table';
import { AggregateCell } from './protected-table';

/** A classification level: a leaf, or a total that is the sum of its children (gemeente -> wijk -> buurt). */
export interface HierarchyNode {
  code: string;
  children?: HierarchyNode[];
}

export interface Dimension {
  name: string;
  root: HierarchyNode;
}

interface FlatNode {
  code: string;
  children: number[];
  /** The node itself and every ancestor, as indices into the flattened list. */
  lineage: number[];
}

/** A dimension with one level under a total, e.g. age bands and "Totaal". */
export function flatDimension(name: string, codes: string[], totalCode = 'Totaal'): Dimension {
  return { name, root: { code: totalCode, children: codes.map((code) => ({ code })) } };
}

/** A hierarchy from child -> parent codes (buurt -> wijk, wijk -> gemeente); `rootCode` is the only code without a parent. */
export function hierarchyDimension(name: string, rootCode: string, parentOf: Record<string, string>): Dimension {
  const children = new Map<string, string[]>();
  for (const [child, parent] of Object.entries(parentOf))
    children.set(parent, [...(children.get(parent) ?? []), child]);
  const node = (code: string, depth: number): HierarchyNode => {
    if (depth > Object.keys(parentOf).length) throw new RangeError(`dimension ${name}: the hierarchy has a cycle`);
    const below = children.get(code);
    return below ? { code, children: below.map((child) => node(child, depth + 1)) } : { code };
  };
  const root = node(rootCode, 0);
  const reached = flatten({ name, root }).length - 1;
  if (reached !== Object.keys(parentOf).length)
    throw new RangeError(`dimension ${name}: some codes do not lead to ${rootCode}`);
  return { name, root };
}

/**
 * The full cross-classification of the dimensions: every combination of levels is a cell, every total the sum
 * of its children along each dimension. Leaf combinations missing from `leaves` are empty (zero) cells.
 * Contributors add up too, which holds because each record falls in exactly one leaf.
 */
export function crossTable(dimensions: Dimension[], leaves: AggregateCell[]): LinkedTable {
  const flat = dimensions.map(flatten);
  const sizes = flat.map((nodes) => nodes.length);
  const index = (tuple: number[]) => tuple.reduce((acc, node, d) => acc * sizes[d] + node, 0);
  const cells = tuples(sizes).map((tuple): AggregateCell => ({
    coordinates: Object.fromEntries(tuple.map((node, d) => [dimensions[d].name, flat[d][node].code])),
    value: 0,
    contributors: 0,
  }));
  const codes = flat.map((nodes) => new Map(nodes.map((node, n) => [node.code, n])));
  const seen = new Set<number>();
  leaves.forEach((leaf, i) => {
    const tuple = dimensions.map((dimension, d) =>
      leafNode(flat[d], codes[d], leaf.coordinates[dimension.name], `leaf ${i}`),
    );
    if (seen.has(index(tuple))) throw new RangeError(`leaf ${i}: duplicate coordinates`);
    seen.add(index(tuple));
    for (const target of tuples(tuple.map((node, d) => flat[d][node].lineage.length))) {
      const cell = cells[index(target.map((k, d) => flat[d][tuple[d]].lineage[k]))];
      cell.value += leaf.value;
      cell.contributors += leaf.contributors;
    }
  });
  return { cells, constraints: constraints(flat, sizes, index) };
}

/** A 1-D table: the leaves along one dimension and their grand total. */
export function oneWayTable(name: string, leaves: AggregateCell[], totalCode = 'Totaal'): LinkedTable {
  return crossTable([flatDimension(name, codesOf(leaves, name), totalCode)], leaves);
}

/** A 2-D table with row totals, column totals and the grand total. */
export function twoWayTable(rows: string, columns: string, leaves: AggregateCell[], totalCode = 'Totaal'): LinkedTable {
  return crossTable(
    [
      flatDimension(rows, codesOf(leaves, rows), totalCode),
      flatDimension(columns, codesOf(leaves, columns), totalCode),
    ],
    leaves,
  );
}

function flatten(dimension: Dimension): FlatNode[] {
  const nodes: FlatNode[] = [];
  const visit = (node: HierarchyNode, ancestors: number[]): number => {
    const at = nodes.push({ code: node.code, children: [], lineage: [nodes.length, ...ancestors] }) - 1;
    if (node.children?.length === 0)
      throw new RangeError(`dimension ${dimension.name}: ${node.code} has an empty list of children`);
    nodes[at].children = (node.children ?? []).map((child) => visit(child, nodes[at].lineage));
    return at;
  };
  visit(dimension.root, []);
  if (new Set(nodes.map((n) => n.code)).size !== nodes.length)
    throw new RangeError(`dimension ${dimension.name}: codes must be unique`);
  return nodes;
}

function leafNode(
  nodes: FlatNode[],
  codes: Map<string, number>,
  code: string | number | undefined,
  where: string,
): number {
  const node = codes.get(String(code)) ?? -1;
  if (node < 0 || nodes[node].children.length > 0) throw new RangeError(`${where}: ${String(code)} is not a leaf code`);
  return node;
}

/** One constraint per total along each dimension, for every combination of levels in the other dimensions. */
function constraints(flat: FlatNode[][], sizes: number[], index: (tuple: number[]) => number): AdditivityConstraint[] {
  return flat.flatMap((nodes, d) =>
    nodes.flatMap((node, n) =>
      node.children.length === 0
        ? []
        : tuples(sizes.map((size, e) => (e === d ? 1 : size))).map((tuple) => {
            const at = (m: number) => index(tuple.map((t, e) => (e === d ? m : t)));
            return { total: at(n), parts: node.children.map(at) };
          }),
    ),
  );
}

/** Every tuple with 0 <= tuple[d] < sizes[d], last position fastest. */
function tuples(sizes: number[]): number[][] {
  return sizes.reduce<number[][]>(
    (acc, size) => acc.flatMap((prefix) => Array.from({ length: size }, (_, i) => [...prefix, i])),
    [[]],
  );
}

function codesOf(leaves: AggregateCell[], name: string): string[] {
  return [...new Set(leaves.map((leaf) => String(leaf.coordinates[name])))];
}

/** The coordinates of every cell of crossTable(dimensions, …) that a leaf counts in: itself and each total above it. */
export function cellsOfLeaf(dimensions: Dimension[], leaf: Record<string, string | number>): Record<string, string>[] {
  const flat = dimensions.map(flatten);
  const lineages = dimensions.map((dimension, d) => {
    const node = flat[d].findIndex((n) => n.code === String(leaf[dimension.name]));
    if (node < 0 || flat[d][node].children.length > 0)
      throw new RangeError(`${String(leaf[dimension.name])} is not a leaf of ${dimension.name}`);
    return flat[d][node].lineage.map((i) => flat[d][i].code);
  });
  return tuples(lineages.map((l) => l.length)).map((tuple) =>
    Object.fromEntries(tuple.map((k, d) => [dimensions[d].name, lineages[d][k]])),
  );
}
