import { Catalog } from './catalog';

type Json = Record<string, unknown>;

const IDENTIFIER = /^[a-z][a-z0-9_]{0,62}$/;
const ORG_ID = /^[a-z][a-z0-9-]{1,40}$/;
const FIELD_TYPES = ['boolean', 'integer', 'category'];

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function fieldProblems(path: string, field: unknown): string[] {
  if (!isObject(field)) return [`${path}: must be an object`];
  const problems: string[] = [];
  if (!FIELD_TYPES.includes(field.type as string)) problems.push(`${path}.type: must be one of ${FIELD_TYPES.join(', ')}`);
  if (field.summable === true) {
    if (field.type !== 'integer') problems.push(`${path}.summable: only integer fields can be summed`);
    if (typeof field.min !== 'number' || field.min < 0) problems.push(`${path}.min: a summable field needs min >= 0`);
    if (typeof field.max !== 'number' || !Number.isSafeInteger(field.max)) problems.push(`${path}.max: a summable field needs an integer max`);
  }
  if (field.values !== undefined && !isStringArray(field.values)) problems.push(`${path}.values: must be a list of strings`);
  return problems;
}

function datasetProblems(path: string, ds: unknown, dimensions: Json): string[] {
  if (!isObject(ds)) return [`${path}: must be an object`];
  const problems: string[] = [];
  if (typeof ds.table !== 'string' || !IDENTIFIER.test(ds.table)) problems.push(`${path}.table: must be a table name`);
  if (!isStringArray(ds.holders) || ds.holders.length === 0 || !ds.holders.every((h) => ORG_ID.test(h)))
    problems.push(`${path}.holders: must list at least one organisation id`);
  if (!Number.isSafeInteger(ds.maxRecordsPerHolder) || (ds.maxRecordsPerHolder as number) < 1)
    problems.push(`${path}.maxRecordsPerHolder: must be a positive integer`);
  const holders = Array.isArray(ds.holders) ? ds.holders.length : 0;
  if (ds.quorum !== undefined && (!Number.isInteger(ds.quorum) || (ds.quorum as number) < 1 || (ds.quorum as number) > holders))
    problems.push(`${path}.quorum: must be an integer from 1 to the number of holders (${holders})`);
  if (!isStringArray(ds.dimensions) || ds.dimensions.some((d) => !(d in dimensions)))
    problems.push(`${path}.dimensions: must list catalog dimensions`);
  if (!isObject(ds.fields)) return [...problems, `${path}.fields: must be an object`];
  for (const [name, field] of Object.entries(ds.fields)) {
    if (!IDENTIFIER.test(name) || name in dimensions) problems.push(`${path}.fields.${name}: invalid field name`);
    problems.push(...fieldProblems(`${path}.fields.${name}`, field));
  }
  return problems;
}

export function catalogProblems(value: unknown): string[] {
  if (!isObject(value)) return ['must be a JSON object'];
  if (!isObject(value.dimensions)) return ['dimensions: must be an object'];
  if (!isObject(value.datasets)) return ['datasets: must be an object'];
  const problems: string[] = [];
  for (const [name, dim] of Object.entries(value.dimensions)) {
    if (!IDENTIFIER.test(name)) problems.push(`dimensions.${name}: invalid dimension name`);
    if (!isObject(dim) || !Array.isArray(dim.values) || dim.values.length === 0)
      problems.push(`dimensions.${name}.values: must be a non-empty list`);
  }
  for (const [id, ds] of Object.entries(value.datasets)) {
    if (!IDENTIFIER.test(id)) problems.push(`datasets.${id}: invalid dataset id`);
    problems.push(...datasetProblems(`datasets.${id}`, ds, value.dimensions));
  }
  return problems;
}

const MINIMUM_CELL_SIZE = 10;

function minCellSizeProblems(value: Json): string[] {
  const k = value.minCellSize;
  return Number.isInteger(k) && (k as number) >= MINIMUM_CELL_SIZE
    ? []
    : [`minCellSize: must be an integer >= ${MINIMUM_CELL_SIZE} (Statistics Netherlands' minimum)`];
}

export function platformPolicyProblems(value: unknown): string[] {
  return isObject(value) ? minCellSizeProblems(value) : ['must be a JSON object'];
}

export function organisationPolicyProblems(value: unknown, catalog: Catalog): string[] {
  if (!isObject(value)) return ['must be a JSON object'];
  const problems = minCellSizeProblems(value);
  if (typeof value.id !== 'string' || !ORG_ID.test(value.id)) problems.push('id: must be an organisation id');
  if (typeof value.name !== 'string' || value.name.length === 0) problems.push('name: must be a non-empty string');
  if (typeof value.keyHolder !== 'boolean') problems.push('keyHolder: must be true or false');
  if (!isStringArray(value.datasets) || value.datasets.some((d) => !(d in catalog.datasets)))
    problems.push('datasets: must list catalog datasets');
  if (!isStringArray(value.dimensions) || value.dimensions.some((d) => !(d in catalog.dimensions)))
    problems.push('dimensions: must list catalog dimensions');
  return problems;
}
