import { Catalog } from '@bfa/policy';
import { DataEdition, readCurrentEditions } from './current-editions';

/** How one field of a node's own data is filled: for the node's steward only, never sent over NATS. */
export interface FieldProfile {
  field: string;
  kind: 'key' | 'dimension' | 'boolean' | 'category' | 'integer';
  records: number;
  missing: number;
  /** Per value its count (dimensions, booleans, categories; each year apart for `year`). */
  values?: { value: string; count: number }[];
  /** Integers: the range and ten equal-width bins over it. */
  range?: { min: number; max: number; bins: { from: number; to: number; count: number }[] };
  /** The child key: how many distinct children, never a key itself. */
  distinct?: number;
}

export interface DatasetProfile {
  dataset: string;
  label: string;
  records: number;
  editions: DataEdition[];
  fields: FieldProfile[];
}

interface Sql {
  query(sql: string, parameters?: unknown[]): Promise<any>;
}

const BINS = 10;
const quoted = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Missing: NULL, or the empty text the import writes for an optional field it had no column for. */
const missing = (column: string) => `${column} IS NULL OR ${column} = ''`;

async function valueCounts(sql: Sql, table: string, column: string): Promise<{ value: string; count: number }[]> {
  const rows: { value: string | number; count: number }[] = await sql.query(
    `SELECT ${column} AS value, COUNT(*) AS count FROM ${table} WHERE NOT (${missing(column)}) GROUP BY ${column} ORDER BY ${column}`,
  );
  return rows.map((r) => ({ value: String(r.value), count: Number(r.count) }));
}

async function integerRange(sql: Sql, table: string, column: string): Promise<FieldProfile['range']> {
  const [{ min, max }] = await sql.query(
    `SELECT MIN(${column}) AS min, MAX(${column}) AS max FROM ${table} WHERE NOT (${missing(column)})`,
  );
  if (min === null) return undefined;
  const width = Math.max(1, Math.ceil((max - min + 1) / BINS));
  const rows: { bin: number; count: number }[] = await sql.query(
    `SELECT (${column} - ?) / ? AS bin, COUNT(*) AS count FROM ${table} WHERE NOT (${missing(column)}) GROUP BY bin ORDER BY bin`,
    [min, width],
  );
  const bins = rows.map((r) => ({
    from: min + r.bin * width,
    to: Math.min(max, min + (r.bin + 1) * width - 1),
    count: Number(r.count),
  }));
  return { min, max, bins };
}

async function fieldProfile(sql: Sql, table: string, field: string, kind: FieldProfile['kind']): Promise<FieldProfile> {
  const column = quoted(field);
  const [{ records, empty, distinct }] = await sql.query(
    `SELECT COUNT(*) AS records, SUM(CASE WHEN ${missing(column)} THEN 1 ELSE 0 END) AS empty, COUNT(DISTINCT ${column}) AS "distinct" FROM ${table}`,
  );
  const base = { field, kind, records: Number(records), missing: Number(empty ?? 0) };
  if (kind === 'key') return { ...base, distinct: Number(distinct) };
  if (kind === 'integer') return { ...base, range: await integerRange(sql, table, column) };
  const values = await valueCounts(sql, table, column);
  return {
    ...base,
    values: kind === 'boolean' ? values.map((v) => ({ ...v, value: v.value === '1' ? 'true' : 'false' })) : values,
  };
}

/**
 * The shape of the node's own data per dataset it holds: records, missing values and the distribution of
 * each field; for the child key only how many distinct children, never a key.
 */
export async function profileDataset(
  sql: Sql,
  catalog: Catalog,
  org: string,
  dataset: string,
): Promise<DatasetProfile> {
  const spec = catalog.datasets[dataset];
  const table = quoted(spec.table);
  const exists = await sql.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`, [spec.table]);
  const editions = await readCurrentEditions(sql, org, dataset);
  if (exists.length === 0) return { dataset, label: spec.label, records: 0, editions, fields: [] };
  const fields: [string, FieldProfile['kind']][] = [
    ...(spec.childKey ? [[spec.childKey, 'key'] as [string, FieldProfile['kind']]] : []),
    ...spec.dimensions.map((d): [string, FieldProfile['kind']] => [d, 'dimension']),
    ...Object.entries(spec.fields).map(([name, f]): [string, FieldProfile['kind']] => [name, f.type]),
  ];
  const profiles = [];
  for (const [field, kind] of fields) profiles.push(await fieldProfile(sql, table, field, kind));
  const [{ n }] = await sql.query(`SELECT COUNT(*) AS n FROM ${table}`);
  return { dataset, label: spec.label, records: Number(n), editions, fields: profiles };
}

/** Every dataset the catalog says this organisation holds. */
export async function profileHeldData(sql: Sql, catalog: Catalog, org: string): Promise<DatasetProfile[]> {
  const held = Object.keys(catalog.datasets)
    .filter((name) => catalog.datasets[name].holders.includes(org))
    .sort();
  const profiles = [];
  for (const dataset of held) profiles.push(await profileDataset(sql, catalog, org, dataset));
  return profiles;
}
