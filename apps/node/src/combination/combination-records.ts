import { DataSource } from 'typeorm';
import { PopulationChild } from '@bfa/combination';
import { Catalog, cellGrid, cellKey, COMBINATION_YEAR, combinationYear } from '@bfa/policy';
import { CombinationFactor, QuerySpec } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { filterCondition, identifier, whereClause } from '../execution/local-query';
import { recordSource } from '../execution/record-source';

/** The catalog's childKey of a dataset: the one column a combination reads besides the grid and filters. */
function childColumn(catalog: Catalog, dataset: string): string {
  const key = catalog.datasets[dataset].childKey;
  if (!key) throw new Refusal(`${dataset} has no childKey in the catalog`);
  return identifier(key);
}

/** The children of this node's records that have the factor: one of their records passes every filter. Never leaves the node. */
export async function childrenWithFactor(
  records: DataSource,
  catalog: Catalog,
  factor: CombinationFactor,
): Promise<Set<string>> {
  const { where, params } = whereClause(factor.filters);
  const sql = `SELECT DISTINCT ${childColumn(catalog, factor.dataset)} AS "child" FROM ${identifier(catalog.datasets[factor.dataset].table)}${where}`;
  const rows: { child: string | number }[] = await records.query(sql, params);
  return new Set(rows.map((row) => String(row.child)));
}

type YearRow = Record<string, string | number> & { child: string | number; inPopulation: number };

/** One entry per child of the year: its cell if one of its records passes the population's filters and lies on the grid, else null. */
function childrenOfYear(
  rows: YearRow[],
  cellOf: (row: YearRow) => number | undefined,
  ownFactor: Set<string> | null,
): PopulationChild[] {
  const children = new Map<string, PopulationChild>();
  let twice = 0;
  for (const row of rows) {
    const childId = String(row.child);
    const cell = Number(row.inPopulation) === 1 ? (cellOf(row) ?? null) : null;
    const known = children.get(childId);
    if (known && known.cell !== null && cell !== null) twice++;
    else if (!known || cell !== null)
      children.set(childId, { childId, cell, ...(ownFactor ? { factor: ownFactor.has(childId) } : {}) });
  }
  if (twice > 0)
    throw new Refusal(
      `the population has ${twice} children more than once: filter it so that each child has one record`,
    );
  return [...children.values()];
}

/**
 * Every child of the population dataset in the query's one year, with its cell in the fixed grid when it is in
 * the population (passes its filters), null when not. All of them are sent along the chain, so that a factor
 * holder, who can compute any child's pseudonym, sees the same children whatever the population's filters.
 */
export async function populationChildren(
  records: DataSource,
  catalog: Catalog,
  spec: QuerySpec,
  ownFactor: Set<string> | null,
): Promise<PopulationChild[]> {
  const year = combinationYear(catalog, spec);
  if (year === null)
    throw new Refusal(`a combination covers exactly one ${COMBINATION_YEAR}: filter the population on it`);
  const passes = filterCondition(spec.filters);
  const groups = spec.groupBy.map(identifier).join(', ');
  const source = recordSource(catalog, spec);
  const sql = `SELECT ${childColumn(catalog, spec.dataset)} AS "child", ${groups}, CASE WHEN ${passes.sql} THEN 1 ELSE 0 END AS "inPopulation" FROM ${source.sql} WHERE ${identifier(COMBINATION_YEAR)} = ?`;
  const rows: YearRow[] = await records.query(sql, [...passes.params, ...source.params, year]);
  const cellOf = new Map(
    cellGrid(catalog, spec.groupBy).map((coordinates, cell) => [cellKey(coordinates, spec.groupBy), cell]),
  );
  return childrenOfYear(rows, (row) => cellOf.get(cellKey(row, spec.groupBy)), ownFactor);
}
