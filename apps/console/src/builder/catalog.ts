import type {
  PublishedCatalog as Published,
  PublishedDataset,
} from '../../../coordinator/src/queries/published-catalog-shape';
import type { FieldSpec } from '../../../../libs/policy/src/catalog';
import { armsOf, cocktailOf, measureOf, offeredDimensions } from './analysis-spec';

export type { FieldSpec };
export type DatasetSpec = PublishedDataset;

/** GET /catalog on the coordinator (apps/coordinator/src/queries/published-catalog-shape.ts), with the role it answered for. */
export type PublishedCatalog = Published & { role: string };

const loaded = new WeakMap<object, Promise<PublishedCatalog>>();

/** GET /catalog once per sign-in, shared by the builder and the release view; a read that failed is tried again next time. */
export function loadCatalog(api: { get<T>(path: string): Promise<T> }): Promise<PublishedCatalog> {
  if (!loaded.has(api))
    loaded.set(
      api,
      api.get<PublishedCatalog>('/catalog').catch((error) => (loaded.delete(api), Promise.reject(error))),
    );
  return loaded.get(api)!;
}

export type Filter = { field: string; op: 'eq'; value: string | number | boolean };
export type MeasureKind = 'count' | 'sum' | 'mean' | 'rate';
export type Analysis = 'atLeast' | 'patterns' | 'outcomeByCount' | 'cohort';
type Factor = { dataset: string; label: string; filters: Filter[] };

/** The body `bfa analyst submit` posts (libs/protocol/src/query-spec.dto.ts QuerySpec). */
export interface QuerySpec {
  dataset: string;
  measure: {
    kind: MeasureKind;
    field?: string;
    per?: number;
    interval?: 'wilson' | 'exact';
    denominator?: { dataset: string; filters: Filter[] };
  };
  groupBy: string[];
  filters?: Filter[];
  purpose: string;
  legalBasis: string;
  dpia: string;
  retentionDays: number;
  combination?: { factors: Factor[]; atLeast?: number; analysis?: Analysis; outcome?: Factor; before?: string };
  arms?: { dimension: string; label: string; intervention: (string | number)[]; comparison?: (string | number)[] };
}

/** A condition the builder offers: a yes/no field that holds, or one category of a field. Its key is "field" or "field=value". */
export interface Condition {
  key: string;
  label: string;
  filter: Filter;
}

/** What the form holds; every choice is one the catalog offered. */
export interface Draft {
  dataset: string;
  measure: MeasureKind;
  /** The summable field a sum or a mean is of. */
  field: string;
  /** A rate's population dataset (its denominator, in the query's year), per how many, and its interval. */
  rate: { denominator: string; per: number; interval: 'wilson' | 'exact' };
  /** Grouping by arm: the dimension its lists draw from, its label, and the values of each arm (as the catalog's, in text). */
  arms: { dimension: string; label: string; intervention: string[]; comparison: string[] };
  groupBy: string[];
  /** "" for every year. */
  year: string;
  /** Per field, the chosen condition's key, "" for none. */
  filters: Record<string, string>;
  combination: boolean;
  /** Per factor dataset, the chosen condition's key, "" for no factor there. */
  factors: Record<string, string>;
  atLeast: number;
  analysis: Analysis;
  /** The outcome of a cocktail analysis: "dataset" (any record) or "dataset|condition key"; "" for none. */
  outcome: string;
  /** The year the outcome is looked for in; "" for the population's. */
  outcomeYear: string;
  /** A cohort follow-up's before cohort: the id of the analyst's released cohort of an earlier year, "" for none. */
  before: string;
  purpose: string;
  /** The legal basis's id, the DPIA's reference, the retention in days as typed; "" until chosen. */
  legalBasis: string;
  dpia: string;
  retentionDays: string;
}

export const emptyDraft = (dataset = ''): Draft => ({
  dataset,
  measure: 'count',
  field: '',
  rate: { denominator: '', per: 1000, interval: 'wilson' },
  arms: { dimension: '', label: '', intervention: [], comparison: [] },
  groupBy: [],
  year: '',
  filters: {},
  combination: false,
  factors: {},
  atLeast: 0,
  analysis: 'atLeast',
  outcome: '',
  outcomeYear: '',
  before: '',
  purpose: '',
  legalBasis: '',
  dpia: '',
  retentionDays: '',
});

/** The conditions a field can be one of in this builder: integer fields are summed or grouped, not filtered here. */
export function conditionsOf(name: string, field: FieldSpec): Condition[] {
  if (field.type === 'boolean')
    return [{ key: name, label: field.label, filter: { field: name, op: 'eq', value: true } }];
  if (field.type === 'category' && field.values) {
    return field.values.map((value) => ({
      key: `${name}=${value}`,
      label: `${field.label}: ${value}`,
      filter: { field: name, op: 'eq', value },
    }));
  }
  return [];
}

export const conditionFor = (dataset: DatasetSpec, key: string): Condition | undefined => {
  const name = key.split('=')[0];
  const field = dataset.fields[name];
  return field && conditionsOf(name, field).find((c) => c.key === key);
};

/** A factor's key for any record of its dataset (a cohort's outcome may be just that), beside the conditions' keys. */
export const ANY_RECORD = '*';

/** The factor a dataset's chosen key names: any record of it, one condition, or none for "". */
function factorOf(catalog: PublishedCatalog, id: string, key: string): Factor[] {
  if (key === ANY_RECORD) return [{ dataset: id, label: catalog.datasets[id].label.slice(0, 80), filters: [] }];
  const condition = key ? conditionFor(catalog.datasets[id], key) : undefined;
  return condition ? [{ dataset: id, label: condition.label.slice(0, 80), filters: [condition.filter] }] : [];
}

/** A combination needs a linkable population with the year; its factors come from other linkable datasets, one per partner. */
export const mayCombine = (catalog: PublishedCatalog, dataset: string) =>
  Boolean(
    catalog.datasets[dataset]?.linkable && catalog.datasets[dataset].dimensions.includes(catalog.combinationYear),
  );

export function factorDatasets(catalog: PublishedCatalog, population: string): string[] {
  const holder = catalog.datasets[population]?.holders[0];
  return Object.keys(catalog.datasets).filter(
    (id) => id !== population && catalog.datasets[id].linkable && catalog.datasets[id].holders[0] !== holder,
  );
}

/** A year as the catalog writes it: 2024 stays a number, so the coordinator's check finds it among the values. */
export const yearValue = (catalog: PublishedCatalog, year: string) =>
  catalog.dimensions[catalog.combinationYear]?.values.find((v) => String(v) === year) ?? year;

export function specOf(catalog: PublishedCatalog, draft: Draft): QuerySpec {
  const dataset = catalog.datasets[draft.dataset];
  const conditions = Object.values(draft.filters).flatMap((key) => (key ? [conditionFor(dataset, key)!.filter] : []));
  const year: Filter[] = draft.year
    ? [{ field: catalog.combinationYear, op: 'eq', value: yearValue(catalog, draft.year) }]
    : [];
  const groupBy = draft.groupBy.filter((d) => offeredDimensions(catalog, draft).includes(d));
  const spec: QuerySpec = {
    dataset: draft.dataset,
    measure: draft.combination ? { kind: 'count' } : measureOf(catalog, draft, year),
    groupBy,
    filters: [...year, ...conditions],
    purpose: draft.purpose.trim(),
    legalBasis: draft.legalBasis,
    dpia: draft.dpia,
    retentionDays: Number(draft.retentionDays),
    ...armsOf(catalog, { ...draft, groupBy }),
  };
  if (!draft.combination) return spec;
  const factors = Object.entries(draft.factors).flatMap(([id, key]) => factorOf(catalog, id, key));
  return { ...spec, combination: cocktailOf(catalog, draft, factors, year) };
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A refusal in the catalog's words: the coordinator names datasets, fields and dimensions by id, the analyst chose them
 * by label. Datasets wherever they are named; fields and dimensions only in quotes, as "year" is also an English word.
 */
export function inCatalogWords(catalog: PublishedCatalog, message: string): string {
  const datasets = new Map(Object.entries(catalog.datasets).map(([id, d]) => [id, d.label]));
  const quoted = new Map<string, string>([
    ...datasets,
    ...Object.entries(catalog.dimensions).map(([id, d]): [string, string] => [id, d.label]),
    ...Object.values(catalog.datasets).flatMap((d) =>
      Object.entries(d.fields).map(([id, f]): [string, string] => [id, f.label]),
    ),
  ]);
  const pattern = (ids: string[]) =>
    ids
      .sort((a, b) => b.length - a.length)
      .map(escaped)
      .join('|');
  return message
    .replace(new RegExp(`"(${pattern([...quoted.keys()])})"`, 'g'), (_, id: string) => `"${quoted.get(id)}"`)
    .replace(new RegExp(`(?<![\\w"-])(${pattern([...datasets.keys()])})(?![\\w-])`, 'g'), (id) => datasets.get(id)!);
}
