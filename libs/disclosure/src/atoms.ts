export type DomainValue = string | number | boolean;

/**
 * What a field can hold: a finite list of values (a dimension, a boolean, a category with its list), integers
 * (within the catalog's min/max when given), or free text (a category without a list).
 */
export type FieldDomain = { values: DomainValue[] } | { integers: { min?: number; max?: number } } | { text: true };

export interface BoxFilter {
  field: string;
  op: 'eq' | 'in' | 'gte' | 'lte';
  value: DomainValue | DomainValue[];
}

/** The records a released cell counts: those passing every filter, with each grid field among the listed values. */
export interface BoxSpec {
  filters: BoxFilter[];
  grid: Record<string, DomainValue[]>;
}

/** A piece of a field's domain that every filter treats alike: one value, or a run of integers between two thresholds. */
interface Piece {
  key: string;
  sample: DomainValue;
}

const OTHER_TEXT = '\u0000other';

const listed = (filter: BoxFilter): DomainValue[] => (Array.isArray(filter.value) ? filter.value : [filter.value]);

/** Filters are evaluated on values, not on their text: `year gte 2024` and `year eq 2024` select the same pieces when the catalog's years end at 2024. */
function passes(filter: BoxFilter, value: DomainValue): boolean {
  switch (filter.op) {
    case 'eq':
    case 'in':
      return listed(filter).some((v) => String(v) === String(value));
    case 'gte':
      return typeof value === 'number' && value >= Number(filter.value);
    case 'lte':
      return typeof value === 'number' && value <= Number(filter.value);
  }
}

/** Integers cut at every threshold a filter uses (eq/in v: before v and after it; gte v: before v; lte v: after v), within the catalog's bounds. */
function integerPieces(bounds: { min?: number; max?: number }, filters: BoxFilter[]): Piece[] {
  const cuts = new Set<number>();
  for (const filter of filters) {
    const values = listed(filter).map(Number).filter(Number.isFinite);
    for (const v of values) {
      if (filter.op !== 'lte') cuts.add(Math.ceil(v));
      if (filter.op !== 'gte') cuts.add(Math.floor(v) + 1);
    }
  }
  const low = bounds.min ?? -Infinity;
  const high = bounds.max === undefined ? Infinity : bounds.max + 1;
  const starts = [low, ...[...cuts].filter((c) => c > low && c < high).sort((a, b) => a - b)];
  return starts.map((start, i) => {
    const end = starts[i + 1] ?? high;
    const sample = Number.isFinite(start) ? start : Number.isFinite(end) ? end - 1 : 0;
    return { key: `[${start},${end})`, sample };
  });
}

function piecesOf(domain: FieldDomain, filters: BoxFilter[]): Piece[] {
  if ('values' in domain) return domain.values.map((v) => ({ key: String(v), sample: v }));
  if ('integers' in domain) return integerPieces(domain.integers, filters);
  const named = new Set(filters.flatMap((f) => listed(f).map(String)));
  return [...[...named].map((v) => ({ key: v, sample: v })), { key: OTHER_TEXT, sample: OTHER_TEXT }];
}

/** The atoms of a set of boxes and, per box, the atoms it is the sum of. */
export interface AtomSystem {
  atomCount: number;
  boxes: number[][];
}

/**
 * The common refinement of the boxes: per field, values that no box tells apart are merged (grouped by which boxes
 * hold them), and an atom is one such group per field. A box is then exactly the union of the atoms inside it, so
 * every released cell, whatever its filters' wording or grid, is a sum of atom counts. Only fields some box
 * restricts take part; atoms lying in no box are never listed.
 */
export function atomSystem(domains: Record<string, FieldDomain>, boxes: BoxSpec[]): AtomSystem {
  const fields = [
    ...new Set(boxes.flatMap((box) => [...box.filters.map((f) => f.field), ...Object.keys(box.grid)])),
  ].sort();
  for (const field of fields) if (!domains[field]) throw new RangeError(`field "${field}" has no domain`);
  // allowed[f][b]: the pieces of field f that box b admits (undefined: all of them).
  const pieces = fields.map((field) =>
    piecesOf(
      domains[field],
      boxes.flatMap((box) => box.filters.filter((f) => f.field === field)),
    ),
  );
  const allowed = fields.map((field, f) => boxes.map((box) => admitted(pieces[f], field, box)));
  const classes = fields.map((_, f) => classesOf(pieces[f].length, allowed[f]));
  const atoms = new Map<string, number>();
  const boxAtoms = boxes.map((_, b) => {
    const within = fields.map((_, f) =>
      classes[f].flatMap((members, c) => (allowed[f][b] === undefined || allowed[f][b]!.has(members[0]) ? [c] : [])),
    );
    return product(within).map((tuple) => {
      const key = tuple.join(',');
      if (!atoms.has(key)) atoms.set(key, atoms.size);
      return atoms.get(key)!;
    });
  });
  return { atomCount: atoms.size, boxes: boxAtoms };
}

function admitted(pieces: Piece[], field: string, box: BoxSpec): Set<number> | undefined {
  const filters = box.filters.filter((f) => f.field === field);
  const grid = box.grid[field];
  if (filters.length === 0 && grid === undefined) return undefined;
  const gridKeys = grid && new Set(grid.map(String));
  return new Set(
    pieces.flatMap((piece, p) =>
      filters.every((f) => passes(f, piece.sample)) && (!gridKeys || gridKeys.has(piece.key)) ? [p] : [],
    ),
  );
}

/** Pieces grouped by their membership in every box that restricts the field: each group is one class of the refinement. */
function classesOf(count: number, allowed: (Set<number> | undefined)[]): number[][] {
  const restricting = allowed.filter((set): set is Set<number> => set !== undefined);
  const groups = new Map<string, number[]>();
  for (let p = 0; p < count; p++) {
    const signature = restricting.map((set) => (set.has(p) ? '1' : '0')).join('');
    groups.set(signature, [...(groups.get(signature) ?? []), p]);
  }
  return [...groups.values()];
}

function product(lists: number[][]): number[][] {
  return lists.reduce<number[][]>((tuples, list) => tuples.flatMap((tuple) => list.map((c) => [...tuple, c])), [[]]);
}
