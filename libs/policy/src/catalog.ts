export type DimensionValue = string | number;

export interface DimensionSpec {
  label: string;
  values: DimensionValue[];
}

export type FieldType = 'boolean' | 'integer' | 'category';

export interface FieldSpec {
  type: FieldType;
  label: string;
  summable?: boolean;
  min?: number;
  max?: number;
  values?: string[];
}

export interface DatasetSpec {
  label: string;
  holders: string[];
  /** The most records one holder may have: bounds every count and sum, so packed slots can't overflow. */
  maxRecordsPerHolder: number;
  /** How many holders must contribute for a release; fewer than all lets a query proceed without an offline holder. Default: all. */
  quorum?: number;
  table: string;
  /** The column naming the child a record is about. Read on the node only, to derive a combination's per-query pseudonyms; never filtered, grouped or sent. */
  childKey?: string;
  dimensions: string[];
  fields: Record<string, FieldSpec>;
  /** A population dataset (one record per person): what a rate's denominator may count. */
  population?: boolean;
}

/** policies/catalog.yaml (or .yml, .json): which partner holds which dataset, its fields, and the fixed cell grid. */
export interface Catalog {
  version: number;
  region: string;
  dimensions: Record<string, DimensionSpec>;
  datasets: Record<string, DatasetSpec>;
}
