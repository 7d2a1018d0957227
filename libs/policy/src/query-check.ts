import { QuerySpec } from '@bfa/protocol';
import { Catalog, DatasetSpec, DimensionSpec, FieldSpec } from './catalog';
import { armProblems } from './arms';
import { gridProblems } from './cell-grid';
import { combinationProblems, isCombination } from './combination-check';
import { yearSeriesProblems } from './year-series-check';
import { isRate, rateProblems } from './rate-check';

type Filter = NonNullable<QuerySpec['filters']>[number];

/** Everything wrong with a query against the catalog, in words an analyst can act on; empty when valid. */
export function queryProblems(catalog: Catalog, spec: QuerySpec): string[] {
  const dataset = catalog.datasets[spec.dataset];
  if (!dataset) return [`dataset "${spec.dataset}" is not in the catalog`];
  return [
    ...measureProblems(spec, dataset),
    ...spec.groupBy
      .filter((d) => !dataset.dimensions.includes(d))
      .map((d) => `groupBy "${d}" is not a dimension of ${spec.dataset}`),
    ...(spec.filters ?? []).flatMap((filter) => filterProblems(catalog, dataset, spec.dataset, filter)),
    ...(isCombination(spec) ? combinationProblems(catalog, spec) : []),
    ...yearSeriesProblems(catalog, spec),
    ...armProblems(catalog, spec),
    ...gridProblems(catalog, spec.groupBy),
    ...(isRate(spec) ? rateProblems(catalog, spec) : []),
  ];
}

function measureProblems(spec: QuerySpec, dataset: DatasetSpec): string[] {
  const { kind, field, per, interval, denominator } = spec.measure;
  if (kind !== 'rate' && [per, interval, denominator].some((v) => v !== undefined))
    return ['only a rate takes measure.per, measure.interval and measure.denominator'];
  if (kind === 'count') return field === undefined ? [] : ['a count measure takes no field'];
  if (kind === 'rate') return [];
  const spec_ = field === undefined ? undefined : dataset.fields[field];
  if (!spec_) return [`measure field "${field}" is not a field of ${spec.dataset}`];
  return spec_.summable ? [] : [`field "${field}" may not be summed`];
}

export function filterProblems(catalog: Catalog, dataset: DatasetSpec, datasetId: string, filter: Filter): string[] {
  const where = `filter on "${filter.field}"`;
  if (dataset.dimensions.includes(filter.field))
    return dimensionFilterProblems(where, catalog.dimensions[filter.field], filter);
  const field = dataset.fields[filter.field];
  if (!field) return [`${where}: "${filter.field}" is not a field of ${datasetId}`];
  return fieldFilterProblems(where, field, filter);
}

function valuesOf(filter: Filter): unknown[] {
  return filter.op === 'in' ? (Array.isArray(filter.value) ? filter.value : [undefined]) : [filter.value];
}

function dimensionFilterProblems(where: string, dimension: DimensionSpec, filter: Filter): string[] {
  const numeric = dimension.values.every((v) => typeof v === 'number');
  if ((filter.op === 'gte' || filter.op === 'lte') && !numeric)
    return [`${where}: ${filter.op} needs a numeric dimension`];
  if (filter.op === 'gte' || filter.op === 'lte')
    return typeof filter.value === 'number' ? [] : [`${where}: value must be a number`];
  const unknown = valuesOf(filter).filter((v) => !dimension.values.includes(v as string | number));
  return unknown.length === 0 ? [] : [`${where}: ${JSON.stringify(unknown)} not among the dimension's values`];
}

function fieldFilterProblems(where: string, field: FieldSpec, filter: Filter): string[] {
  const values = valuesOf(filter);
  switch (field.type) {
    case 'boolean':
      return filter.op === 'eq' && typeof filter.value === 'boolean'
        ? []
        : [`${where}: a boolean field takes eq true or false`];
    case 'integer':
      return values.every((v) => Number.isSafeInteger(v)) ? [] : [`${where}: value must be an integer`];
    case 'category':
      if (filter.op === 'gte' || filter.op === 'lte') return [`${where}: a category takes eq or in`];
      return values.every((v) => typeof v === 'string' && (!field.values || field.values.includes(v)))
        ? []
        : [`${where}: value not among the field's categories`];
  }
}
