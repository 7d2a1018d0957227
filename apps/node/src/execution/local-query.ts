import { DataSource } from 'typeorm';
import { Catalog, cellGrid, cellKey, MagnitudeCells } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';
import { recordSource } from './record-source';

/** This node's answer laid on the fixed grid: one entry per cell, zeros included. Never leaves the node in the clear. */
export interface LocalCells {
  contributors: bigint[];
  /** Sum queries only. */
  magnitudes?: MagnitudeCells;
}

type Filter = NonNullable<QuerySpec['filters']>[number];

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}

function condition(filter: Filter): { sql: string; params: unknown[] } {
  const column = identifier(filter.field);
  const value = (v: unknown) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);
  switch (filter.op) {
    case 'eq':
      return { sql: `${column} = ?`, params: [value(filter.value)] };
    case 'gte':
      return { sql: `${column} >= ?`, params: [filter.value] };
    case 'lte':
      return { sql: `${column} <= ?`, params: [filter.value] };
    case 'in': {
      const values = filter.value as unknown[];
      return { sql: `${column} IN (${values.map(() => '?').join(', ')})`, params: values.map(value) };
    }
  }
}

/** Catalog-checked filters as one SQL condition (`1` without any), values as bound parameters. */
export function filterCondition(filters: Filter[] = []): { sql: string; params: unknown[] } {
  const conditions = filters.map(condition);
  return {
    sql: conditions.length ? conditions.map((c) => c.sql).join(' AND ') : '1',
    params: conditions.flatMap((c) => c.params),
  };
}

/** ` WHERE …` for catalog-checked filters (empty without any), values as bound parameters. */
export function whereClause(filters: Filter[] = []): { where: string; params: unknown[] } {
  const { sql, params } = filterCondition(filters);
  return { where: filters.length ? ` WHERE ${sql}` : '', params };
}

/**
 * Builds the aggregate SQL from a catalog-checked query: table and column names come from the catalog
 * (and are checked to be plain identifiers), values are bound parameters.
 */
export function aggregateSql(catalog: Catalog, spec: QuerySpec): { sql: string; params: unknown[] } {
  const source = recordSource(catalog, spec);
  const table = source.sql;
  const groups = spec.groupBy.map(identifier).join(', ');
  const filtered = whereClause(spec.filters);
  const { where } = filtered;
  const params = [...source.params, ...filtered.params];
  if (spec.measure.kind === 'count')
    return { sql: `SELECT ${groups}, COUNT(*) AS "contributors" FROM ${table}${where} GROUP BY ${groups}`, params };
  // The two largest values per cell come from a window over the filtered records: the dominance and p% rules need them.
  const field = identifier(spec.measure.field!);
  const ranked = `SELECT ${groups}, ${field} AS "v", ROW_NUMBER() OVER (PARTITION BY ${groups} ORDER BY ${field} DESC) AS "rank" FROM ${table}${where}`;
  const squares = spec.measure.kind === 'mean' ? meanColumns(catalog, spec) : '';
  const magnitudes = `COALESCE(SUM("v"), 0) AS "total", COALESCE(MAX(CASE WHEN "rank" = 1 THEN "v" END), 0) AS "largest", COALESCE(MAX(CASE WHEN "rank" = 2 THEN "v" END), 0) AS "second"${squares}`;
  return {
    sql: `SELECT ${groups}, COUNT(*) AS "contributors", ${magnitudes} FROM (${ranked}) GROUP BY ${groups}`,
    params,
  };
}

/**
 * A mean's sum of squares, and its shortfall: the field's max (a summable field's integer, from the catalog) minus
 * the smallest value. The SD bounds the smallest value as it does the largest; the coordinator needs it to check.
 */
function meanColumns(catalog: Catalog, spec: QuerySpec): string {
  const max = catalog.datasets[spec.dataset].fields[spec.measure.field!].max;
  if (max === undefined || !Number.isSafeInteger(max)) throw new RangeError(`${spec.measure.field} has no integer max`);
  return `, COALESCE(SUM("v" * "v"), 0) AS "squares", COALESCE(${max} - MIN("v"), 0) AS "shortfall"`;
}

export async function runLocalQuery(records: DataSource, catalog: Catalog, spec: QuerySpec): Promise<LocalCells> {
  const { sql, params } = aggregateSql(catalog, spec);
  const rows: Record<string, string | number>[] = await records.query(sql, params);
  const byCell = new Map(rows.map((row) => [cellKey(row, spec.groupBy), row]));
  const grid = cellGrid(catalog, spec.groupBy);
  const cells = grid.map((coordinates) => byCell.get(cellKey(coordinates, spec.groupBy)));
  const contributors = cells.map((row) => BigInt(row?.contributors ?? 0));
  if (spec.measure.kind === 'count') return { contributors };
  const column = (name: string) => cells.map((row) => BigInt(row?.[name] ?? 0));
  const magnitudes = { sums: column('total'), largest: column('largest'), secondLargest: column('second') };
  return {
    contributors,
    magnitudes:
      spec.measure.kind === 'mean'
        ? { ...magnitudes, squares: column('squares'), shortfall: column('shortfall') }
        : magnitudes,
  };
}
