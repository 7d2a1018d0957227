import { QuerySpec } from '@bfa/protocol';
import { Catalog } from './catalog';
import { admits, COMBINATION_YEAR, datasetsAt } from './combination-check';

/** What the audit logs keep of a query for the processing register and the privacy desk: never a record, only what was asked. */
export interface ProcessingRecord {
  legalBasis: string;
  dpia: string;
  retentionDays: number;
  /** The datasets whose records the query reads (at one partner, when logged by that partner's node). */
  datasets: string[];
  /** The years of records it reads, as the catalog's year values its filters let through; 'all' when it reads every year. */
  period: string;
}

/** The years of the catalog a query's filters on year let through, written as a list; 'all' without such a filter or dimension. */
export function processingPeriod(catalog: Catalog, spec: QuerySpec): string {
  const filters = (spec.filters ?? []).filter((f) => f.field === COMBINATION_YEAR);
  const years = catalog.dimensions[COMBINATION_YEAR]?.values ?? [];
  if (filters.length === 0 || !catalog.datasets[spec.dataset]?.dimensions.includes(COMBINATION_YEAR)) return 'all';
  const admitted = years.filter((year) => filters.every((f) => admits(f, year)));
  return admitted.length === years.length ? 'all' : admitted.join(', ') || 'none';
}

/** The register's facts of a query: its grounds, datasets (all, or those `org` holds) and period. */
export function processingRecord(catalog: Catalog, spec: QuerySpec, org?: string): ProcessingRecord {
  const datasets = org
    ? datasetsAt(catalog, spec, org)
    : [...new Set([spec.dataset, ...(spec.combination?.factors.map((f) => f.dataset) ?? [])])];
  return {
    legalBasis: spec.legalBasis,
    dpia: spec.dpia,
    retentionDays: spec.retentionDays,
    datasets,
    period: processingPeriod(catalog, spec),
  };
}
