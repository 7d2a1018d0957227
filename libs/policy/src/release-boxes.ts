import { canonicalJson } from '@bfa/crypto';
import { atomSystem, BoxFilter, BoxSpec, FieldDomain } from '@bfa/disclosure';
import { CombinationFactor, QuerySpec } from '@bfa/protocol';
import { ARM, armValues } from './arms';
import { Catalog } from './catalog';
import { combinationLinks } from './combination-check';
import { cellBoxes } from './combination-boxes';

const TOTAL = 'Totaal';
/** Which holder's store a record is in: a release that went ahead without an offline holder counts fewer records. Not a field name a query can use. */
const HOLDER = ':holder';
const GEMEENTE = /^GM(\d{4})$/;

/** Releases of one measure are equations over the same unknowns: counts with counts, sums of a field with sums of that field (a mean's sums too). */
export function measureOf(spec: QuerySpec): string {
  // A rate is remembered as its numerator's counts (the denominator's are protected with them, not remembered).
  return spec.measure.kind === 'count' || spec.measure.kind === 'rate' ? 'count' : `sum:${spec.measure.field}`;
}

/**
 * Every field a dataset's cells can be cut by, with its values from the catalog: dimensions and listed categories
 * by their values, booleans as true/false, integers within their min/max, categories without a list as free text.
 * A combination adds a boolean field per factor (and outcome): whether a record's child has it (linkField).
 */
export function ledgerDomains(catalog: Catalog, datasetId: string, specs: QuerySpec[]): Record<string, FieldDomain> {
  const dataset = catalog.datasets[datasetId];
  const domains: Record<string, FieldDomain> = {};
  domains[HOLDER] = { values: dataset.holders };
  for (const dimension of dataset.dimensions.filter((d) => d !== ARM))
    domains[dimension] = { values: catalog.dimensions[dimension].values };
  for (const [name, field] of Object.entries(dataset.fields)) {
    if (field.type === 'boolean') domains[name] = { values: [true, false] };
    else if (field.type === 'integer') domains[name] = { integers: { min: field.min, max: field.max } };
    else domains[name] = field.values ? { values: field.values } : { text: true };
  }
  for (const { combination } of specs) {
    for (const link of combination ? combinationLinks(combination) : [])
      domains[linkField(catalog, link)] = { values: [true, false] };
  }
  return domains;
}

/**
 * A field per factor (the outcome too): whether the child has it. Factors that select the same records are one field
 * whatever the list they are in, its order, their labels or the wording of filters over listed values (those are
 * evaluated to the values they select); integer filters are compared as written.
 */
export function linkField(catalog: Catalog, { dataset, filters }: CombinationFactor): string {
  return `factor:${canonicalJson({ dataset, filters: (filters ?? []).map((f) => normalised(catalog, dataset, f)).sort(byJson) })}`;
}

const byJson = (a: unknown, b: unknown) => canonicalJson(a).localeCompare(canonicalJson(b));

function normalised(catalog: Catalog, datasetId: string, filter: BoxFilter): BoxFilter {
  const domain = ledgerDomains(catalog, datasetId, [])[filter.field];
  if (!domain || !('values' in domain)) return filter;
  const listed = (Array.isArray(filter.value) ? filter.value : [filter.value]).map(String);
  const passes = (v: string | number | boolean) =>
    filter.op === 'gte'
      ? Number(v) >= Number(filter.value)
      : filter.op === 'lte'
        ? Number(v) <= Number(filter.value)
        : listed.includes(String(v));
  return { field: filter.field, op: 'in', value: domain.values.filter(passes).map(String) };
}

/** The records a cell counts: the query's filters, the holders that contributed, and its grid coordinates; a total spans all values, a gemeente its wijken. A combination's factors: cellBoxes. */
export function cellBox(
  catalog: Catalog,
  spec: QuerySpec,
  coordinates: Record<string, string | number>,
  contributedBy?: string[],
): BoxSpec {
  const filters: BoxFilter[] = [...(spec.filters ?? [])];
  const holders = catalog.datasets[spec.dataset]?.holders ?? [];
  const some = contributedBy && holders.filter((h) => contributedBy.includes(h));
  if (some && some.length < holders.length) filters.push({ field: HOLDER, op: 'in', value: some });
  const grid: BoxSpec['grid'] = {};
  for (const dimension of spec.groupBy) {
    const code = String(coordinates[dimension]);
    // An arm counts the records of its values of the dimension it is drawn from: the ledger sees two arm lists as overlapping sets of schools.
    if (dimension === ARM && spec.arms) {
      const arms = armValues(catalog, spec.arms);
      grid[spec.arms.dimension] =
        code === TOTAL ? [...arms.intervention, ...arms.comparison] : arms[code as keyof typeof arms];
      continue;
    }
    if (code === TOTAL) continue;
    const gemeente = GEMEENTE.exec(code);
    grid[dimension] = gemeente
      ? catalog.dimensions[dimension].values.filter((v) => String(v).startsWith(`WK${gemeente[1]}`))
      : [code];
  }
  return { filters, grid };
}

/**
 * Whether two queries count some of the same records (same dataset, filters that some record passes in both,
 * evaluated on the catalog's values): what a steward is shown of earlier releases the new one overlaps.
 */
export function recordsOverlap(catalog: Catalog, a: QuerySpec, b: QuerySpec): boolean {
  if (a.dataset !== b.dataset || !catalog.datasets[a.dataset]) return false;
  const whole = (spec: QuerySpec) => cellBoxes(catalog, spec, Object.fromEntries(spec.groupBy.map((d) => [d, TOTAL])));
  const [first, second] = [whole(a), whole(b)];
  const { boxes } = atomSystem(ledgerDomains(catalog, a.dataset, [a, b]), [...first, ...second]);
  const atomsOf = new Set(boxes.slice(0, first.length).flat());
  return boxes.slice(first.length).some((atoms) => atoms.some((atom) => atomsOf.has(atom)));
}
