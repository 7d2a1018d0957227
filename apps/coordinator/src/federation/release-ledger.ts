import { canonicalJson } from '@bfa/crypto';
import { BoxFilter, BoxSpec, FieldDomain, LedgerCell, LedgerRelease, RememberedCell } from '@bfa/disclosure';
import { Catalog } from '@bfa/policy';
import { Combination, QuerySpec } from '@bfa/protocol';

/** What the coordinator keeps of every release for the ledger: the query and each cell's true amounts. Never returned by any API. */
export interface LedgerBasis {
  id: string;
  spec: QuerySpec;
  cells: RememberedCell[];
  /** The release's published values were rounded to this base. */
  roundingBase?: number;
}

const TOTAL = 'Totaal';
const GEMEENTE = /^GM(\d{4})$/;

/** Releases of one measure are equations over the same unknowns: counts with counts, sums of a field with sums of that field. */
export function measureOf(spec: QuerySpec): string {
  return spec.measure.kind === 'sum' ? `sum:${spec.measure.field}` : 'count';
}

/**
 * Every field a dataset's cells can be cut by, with its values from the catalog: dimensions and listed categories
 * by their values, booleans as true/false, integers within their min/max, categories without a list as free text.
 * A combination adds a field per factor list: how many of those factors a record's child has (0..F).
 */
export function ledgerDomains(catalog: Catalog, datasetId: string, specs: QuerySpec[]): Record<string, FieldDomain> {
  const dataset = catalog.datasets[datasetId];
  const domains: Record<string, FieldDomain> = {};
  for (const dimension of dataset.dimensions) domains[dimension] = { values: catalog.dimensions[dimension].values };
  for (const [name, field] of Object.entries(dataset.fields)) {
    if (field.type === 'boolean') domains[name] = { values: [true, false] };
    else if (field.type === 'integer') domains[name] = { integers: { min: field.min, max: field.max } };
    else domains[name] = field.values ? { values: field.values } : { text: true };
  }
  for (const { combination } of specs) {
    if (combination) domains[factorField(catalog, combination)] = { values: Array.from({ length: combination.factors.length + 1 }, (_, n) => n) };
  }
  return domains;
}

/**
 * Factor lists that select the same records are one field whatever their order, labels or wording of filters over
 * listed values (those are evaluated to the values they select); integer filters are compared as written.
 */
function factorField(catalog: Catalog, combination: Combination): string {
  const factors = combination.factors.map(({ dataset, filters }) => ({ dataset, filters: (filters ?? []).map((f) => normalised(catalog, dataset, f)).sort(byJson) }));
  return `factors:${canonicalJson(factors.sort(byJson))}`;
}

const byJson = (a: unknown, b: unknown) => canonicalJson(a).localeCompare(canonicalJson(b));

function normalised(catalog: Catalog, datasetId: string, filter: BoxFilter): BoxFilter {
  const domain = ledgerDomains(catalog, datasetId, [])[filter.field];
  if (!domain || !('values' in domain)) return filter;
  const listed = (Array.isArray(filter.value) ? filter.value : [filter.value]).map(String);
  const passes = (v: string | number | boolean) =>
    filter.op === 'gte' ? Number(v) >= Number(filter.value) : filter.op === 'lte' ? Number(v) <= Number(filter.value) : listed.includes(String(v));
  return { field: filter.field, op: 'in', value: domain.values.filter(passes).map(String) };
}

/** The records a cell counts: the query's filters (and a combination's "at least m of F"), and its grid coordinates; a total spans all values, a gemeente its wijken. */
export function cellBox(catalog: Catalog, spec: QuerySpec, coordinates: Record<string, string | number>): BoxSpec {
  const filters: BoxFilter[] = [...(spec.filters ?? [])];
  if (spec.combination) {
    const { factors, atLeast } = spec.combination;
    filters.push({ field: factorField(catalog, spec.combination), op: 'gte', value: atLeast ?? factors.length });
  }
  const grid: BoxSpec['grid'] = {};
  for (const dimension of spec.groupBy) {
    const code = String(coordinates[dimension]);
    if (code === TOTAL) continue;
    const gemeente = GEMEENTE.exec(code);
    grid[dimension] = gemeente ? catalog.dimensions[dimension].values.filter((v) => String(v).startsWith(`WK${gemeente[1]}`)) : [code];
  }
  return { filters, grid };
}

/** A remembered release as the ledger's equations. A sum remembered before sums were kept constrains nothing. */
export function ledgerRelease(catalog: Catalog, basis: LedgerBasis): LedgerRelease {
  const known = basis.spec.measure.kind === 'count' || basis.cells.every((c) => c.value !== undefined);
  const cells = basis.cells.map(
    (cell): LedgerCell => ({
      box: cellBox(catalog, basis.spec, Object.fromEntries(JSON.parse(cell.key) as [string, string][])),
      contributors: cell.contributors,
      value: cell.value ?? cell.contributors,
      published: cell.released,
      ...(cell.shown !== undefined ? { shown: cell.shown } : {}),
    }),
  );
  return { id: basis.id, measure: known ? measureOf(basis.spec) : `${measureOf(basis.spec)} (unrecorded)`, cells, roundingBase: basis.roundingBase };
}
