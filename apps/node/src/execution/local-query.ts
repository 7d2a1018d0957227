import { DataSource } from 'typeorm';
import { Catalog, cellGrid, cellKey } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';

/** This node's answer laid on the fixed grid: one entry per cell, zeros included. Never leaves the node in the clear. */
export interface LocalCells {
  contributors: bigint[];
  sums?: bigint[];
}

type Filter = NonNullable<QuerySpec['filters']>[number];

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

function identifier(name: string): string {
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

/**
 * Builds the aggregate SQL from a catalog-checked query: table and column names come from the catalog
 * (and are checked to be plain identifiers), values are bound parameters.
 */
export function aggregateSql(catalog: Catalog, spec: QuerySpec): { sql: string; params: unknown[] } {
  const table = identifier(catalog.datasets[spec.dataset].table);
  const groups = spec.groupBy.map(identifier);
  const sum = spec.measure.kind === 'sum' ? `, COALESCE(SUM(${identifier(spec.measure.field!)}), 0) AS "total"` : '';
  const conditions = (spec.filters ?? []).map(condition);
  const where = conditions.length ? ` WHERE ${conditions.map((c) => c.sql).join(' AND ')}` : '';
  const sql = `SELECT ${groups.join(', ')}, COUNT(*) AS "contributors"${sum} FROM ${table}${where} GROUP BY ${groups.join(', ')}`;
  return { sql, params: conditions.flatMap((c) => c.params) };
}

export async function runLocalQuery(records: DataSource, catalog: Catalog, spec: QuerySpec): Promise<LocalCells> {
  const { sql, params } = aggregateSql(catalog, spec);
  const rows: Record<string, string | number>[] = await records.query(sql, params);
  const byCell = new Map(rows.map((row) => [cellKey(row, spec.groupBy), row]));
  const grid = cellGrid(catalog, spec.groupBy);
  const cells = grid.map((coordinates) => byCell.get(cellKey(coordinates, spec.groupBy)));
  const contributors = cells.map((row) => BigInt(row?.contributors ?? 0));
  if (spec.measure.kind === 'count') return { contributors };
  return { contributors, sums: cells.map((row) => BigInt(row?.total ?? 0)) };
}
