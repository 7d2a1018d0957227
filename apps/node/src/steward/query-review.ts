import { combinationMeasure } from '@bfa/combination';
import {
  armValues,
  Catalog,
  isCocktail,
  isCohort,
  OrganisationPolicy,
  PlatformPolicy,
  recordsOverlap,
} from '@bfa/policy';
import { Combination, CombinationFactor, EarlierRelease, QueryArms, QueryReview, QuerySpec } from '@bfa/protocol';
import { Proposal } from '../proposals/proposal-store.service';
import { groundsReview } from './grounds-review';

type Filter = NonNullable<QuerySpec['filters']>[number];

const labelOf = (catalog: Catalog, dataset: string, name: string) =>
  catalog.datasets[dataset]?.fields[name]?.label ?? catalog.dimensions[name]?.label ?? name;

function describeFilter(catalog: Catalog, dataset: string, filter: Filter): string {
  const op = { eq: '=', in: 'in', gte: '≥', lte: '≤' }[filter.op];
  return `${labelOf(catalog, dataset, filter.field)} ${op} ${Array.isArray(filter.value) ? filter.value.join(', ') : String(filter.value)}`;
}

/** Both parts of a rate, each with its dataset, holder and filters: every steward signs the whole query. */
function describeRate(catalog: Catalog, spec: QuerySpec): string {
  const { per, interval, denominator } = spec.measure;
  const part = (dataset: string, filters: Filter[] = []) => {
    const where = filters.length
      ? `, where ${filters.map((f) => describeFilter(catalog, dataset, f)).join(' and ')}`
      : '';
    return `${catalog.datasets[dataset]?.label ?? dataset} at ${catalog.datasets[dataset]?.holders.join(', ') ?? '?'}${where}`;
  };
  const method = interval === 'exact' ? 'exact (Clopper–Pearson)' : 'Wilson';
  return `rate per ${per}: records of ${part(spec.dataset, spec.filters)}, per ${per} records of ${part(denominator!.dataset, denominator!.filters)} (both counts released, 95% ${method} interval)`;
}

function describeMeasure(catalog: Catalog, spec: QuerySpec): string {
  if (spec.measure.kind === 'rate') return describeRate(catalog, spec);
  if (spec.measure.kind === 'mean')
    return `mean of ${labelOf(catalog, spec.dataset, spec.measure.field!)} (with the number of records, standard deviation and 95% interval)`;
  return spec.measure.kind === 'sum'
    ? `sum of ${labelOf(catalog, spec.dataset, spec.measure.field!)}`
    : 'number of records';
}

function describeCombination(catalog: Catalog, spec: QuerySpec): QueryReview['combination'] {
  if (!spec.combination) return undefined;
  const { factors, outcome } = spec.combination;
  const measure = combinationMeasure(spec.combination);
  const describe = (f: CombinationFactor, label = f.label) => ({
    label,
    dataset: f.dataset,
    holder: catalog.datasets[f.dataset]?.holders[0] ?? '?',
    filters: (f.filters ?? []).map((x) => describeFilter(catalog, f.dataset, x)),
  });
  return {
    factors: [...factors.map((f) => describe(f)), ...(outcome ? [describe(outcome, `outcome: ${outcome.label}`)] : [])],
    counts: isCohort(spec.combination)
      ? describeCohort(spec.combination)
      : isCocktail(spec.combination)
        ? describeCocktail(spec.combination)
        : measure.kind === 'atLeast'
          ? `children with at least ${measure.m} of the ${factors.length} factors`
          : `children with all ${factors.length} factors`,
  };
}

function describeArms(catalog: Catalog, spec: QuerySpec): QueryArms | undefined {
  if (!spec.arms) return undefined;
  const { intervention, comparison } = armValues(catalog, spec.arms);
  const name = spec.arms.dimension;
  return {
    label: spec.arms.label,
    dimension: { name, label: catalog.dimensions[name]?.label ?? name },
    intervention: intervention.map(String),
    comparison: comparison.map(String),
    comparisonIsRest: spec.arms.comparison === undefined,
  };
}

/** What a steward approves for a cocktail analysis: the table released, and what the coordinator derives from it. */
function describeCocktail({ analysis, factors, outcome }: Combination): string {
  const f = factors.length;
  const withOutcome = outcome ? `, with and without the outcome "${outcome.label}"` : '';
  if (analysis === 'outcomeByCount')
    return `children with 0 to ${f} of the ${f} factors${withOutcome}, and the relative risk of the outcome against children with none`;
  const fit = outcome
    ? '; the coordinator fits a logistic regression of the outcome on the factors from the released counts'
    : '';
  return `children per combination of the ${f} factors (${2 ** f} patterns)${withOutcome}${fit}`;
}

/** What a steward approves for a cohort follow-up: per arm the cohort's children and those with an outcome, and what is derived. */
function describeCohort({ factors, before }: Combination): string {
  const outcomes = factors.length === 1 ? `the outcome "${factors[0].label}"` : `any of the ${factors.length} outcomes`;
  const did = before
    ? `; the coordinator estimates the difference in differences against the released before cohort ${before}`
    : '';
  return `per arm, the cohort's children, with and without ${outcomes}, and the risk per arm${did}`;
}

/** `policies`: the platform's legal bases and this partner's DPIAs, to show the query's grounds in their words. */
export function reviewOf(
  proposal: Proposal,
  catalog: Catalog,
  executed: Proposal[],
  policies?: { platform: PlatformPolicy; own?: OrganisationPolicy },
): QueryReview {
  const { envelope } = proposal;
  const { spec } = envelope;
  const grounds = policies && groundsReview(spec, policies.platform, policies.own);
  const dataset = catalog.datasets[spec.dataset];
  const combination = describeCombination(catalog, spec);
  const dimensions = spec.groupBy.map((name) => ({
    name,
    label: catalog.dimensions[name]?.label ?? name,
    values: catalog.dimensions[name]?.values.length ?? 0,
  }));
  const measureField =
    spec.measure.field !== undefined
      ? [
          {
            name: spec.measure.field!,
            label: labelOf(catalog, spec.dataset, spec.measure.field!),
            use: 'measure' as const,
          },
        ]
      : [];
  const filterFields = (spec.filters ?? []).map((f) => ({
    name: f.field,
    label: labelOf(catalog, spec.dataset, f.field),
    use: 'filter' as const,
  }));
  const denominator = spec.measure.denominator;
  const denominatorFields = (denominator?.filters ?? []).map((f) => ({
    name: f.field,
    label: labelOf(catalog, denominator!.dataset, f.field),
    use: 'filter' as const,
  }));
  return {
    dataset: { id: spec.dataset, label: dataset?.label ?? spec.dataset, holders: dataset?.holders ?? [] },
    measure: combination?.counts ?? describeMeasure(catalog, spec),
    fields: [...measureField, ...filterFields, ...denominatorFields],
    filters: (spec.filters ?? []).map((f) => describeFilter(catalog, spec.dataset, f)),
    grid: { dimensions, cells: dimensions.reduce((n, d) => n * d.values, 1) },
    purpose: spec.purpose,
    ...(grounds ? { grounds } : {}),
    requester: envelope.requester,
    submittedAt: envelope.submittedAt,
    minCellSize: envelope.minCellSize,
    dataHolders: envelope.dataHolders,
    keyHolders: envelope.keyHolders,
    policy: proposal.policyEvaluation,
    ...(combination ? { combination } : {}),
    ...(spec.arms ? { arms: describeArms(catalog, spec) } : {}),
    earlierReleases: executed
      .filter((p) => p.queryId !== proposal.queryId && p.envelope.spec.dataset === spec.dataset)
      .map((p) => ({
        queryId: p.queryId,
        requester: p.envelope.requester,
        purpose: p.envelope.spec.purpose,
        groupBy: p.envelope.spec.groupBy,
        filters: (p.envelope.spec.filters ?? []).map((f) => describeFilter(catalog, spec.dataset, f)),
        executedAt: p.updatedAt,
        sharedDimensions: p.envelope.spec.groupBy.filter((d) => spec.groupBy.includes(d)),
        overlaps: recordsOverlap(catalog, spec, p.envelope.spec),
      })),
  };
}
