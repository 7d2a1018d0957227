import { ARM, armValues, Catalog } from '@bfa/policy';
import { QuerySpec } from '@bfa/protocol';

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;

function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not an identifier: ${name}`);
  return `"${name}"`;
}

const placeholders = (values: unknown[]) => values.map(() => '?').join(', ');

/**
 * What a query reads from: the dataset's table, or with arms the table with the derived column `arm` added
 * ('intervention' or 'comparison' from the signed lists, NULL for a value in neither, so it lands in no cell).
 */
export function recordSource(catalog: Catalog, spec: QuerySpec): { sql: string; params: unknown[] } {
  const table = quoted(catalog.datasets[spec.dataset].table);
  if (!spec.arms) return { sql: table, params: [] };
  const { intervention, comparison } = armValues(catalog, spec.arms);
  const column = quoted(spec.arms.dimension);
  const arm = `CASE WHEN ${column} IN (${placeholders(intervention)}) THEN 'intervention' WHEN ${column} IN (${placeholders(comparison)}) THEN 'comparison' END`;
  return { sql: `(SELECT *, ${arm} AS ${quoted(ARM)} FROM ${table})`, params: [...intervention, ...comparison] };
}
