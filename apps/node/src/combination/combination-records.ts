import { DataSource } from 'typeorm';
import { PopulationChild } from '@bfa/combination';
import { Catalog, cellGrid, cellKey } from '@bfa/policy';
import { CombinationFactor, QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { identifier, whereClause } from '../execution/local-query';

/** The catalog's childKey of a dataset: the one column a combination reads besides the grid and filters. */
function childColumn(catalog: Catalog, dataset: string): string {
  const key = catalog.datasets[dataset].childKey;
  if (!key) throw new Refusal(`${dataset} has no childKey in the catalog`);
  return identifier(key);
}

/** The children of this node's records that have the factor: one of their records passes every filter. Never leaves the node. */
export async function childrenWithFactor(records: DataSource, catalog: Catalog, factor: CombinationFactor): Promise<Set<string>> {
  const { where, params } = whereClause(factor.filters);
  const sql = `SELECT DISTINCT ${childColumn(catalog, factor.dataset)} AS "child" FROM ${identifier(catalog.datasets[factor.dataset].table)}${where}`;
  const rows: { child: string | number }[] = await records.query(sql, params);
  return new Set(rows.map((row) => String(row.child)));
}

/**
 * The population of a combination: every child of the population dataset passing its filters, with its cell
 * in the fixed grid. A child may be in it once only (filter on one year when the dataset has a record per year).
 */
export async function populationChildren(records: DataSource, catalog: Catalog, spec: QuerySpec, ownFactor: Set<string> | null): Promise<PopulationChild[]> {
  const { where, params } = whereClause(spec.filters);
  const groups = spec.groupBy.map(identifier).join(', ');
  const sql = `SELECT ${childColumn(catalog, spec.dataset)} AS "child", ${groups} FROM ${identifier(catalog.datasets[spec.dataset].table)}${where}`;
  const rows: Record<string, string | number>[] = await records.query(sql, params);
  const cellOf = new Map(cellGrid(catalog, spec.groupBy).map((coordinates, cell) => [cellKey(coordinates, spec.groupBy), cell]));
  const children = rows.flatMap((row) => {
    const cell = cellOf.get(cellKey(row, spec.groupBy));
    const childId = String(row.child);
    return cell === undefined ? [] : [{ childId, cell, ...(ownFactor ? { factor: ownFactor.has(childId) } : {}) }];
  });
  const distinct = new Set(children.map((c) => c.childId)).size;
  if (distinct !== children.length) {
    throw new Refusal(`the population has ${children.length - distinct} children more than once: filter it so that each child has one record (one year, for instance)`);
  }
  return children;
}
