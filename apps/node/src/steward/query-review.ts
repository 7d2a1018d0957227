import { combinationMeasure } from '@bfa/combination';
import { Catalog, OrganisationPolicy, PlatformPolicy, recordsOverlap } from '@bfa/policy';
import { EarlierRelease, QueryReview, QuerySpec } from '@bfa/protocol';
import { Proposal } from '../proposals/proposal-store.service';
import { groundsReview } from './grounds-review';

type Filter = NonNullable<QuerySpec['filters']>[number];

const labelOf = (catalog: Catalog, dataset: string, name: string) =>
  catalog.datasets[dataset]?.fields[name]?.label ?? catalog.dimensions[name]?.label ?? name;

function describeFilter(catalog: Catalog, dataset: string, filter: Filter): string {
  const op = { eq: '=', in: 'in', gte: '≥', lte: '≤' }[filter.op];
  return `${labelOf(catalog, dataset, filter.field)} ${op} ${Array.isArray(filter.value) ? filter.value.join(', ') : String(filter.value)}`;
}

function describeMeasure(catalog: Catalog, spec: QuerySpec): string {
  return spec.measure.kind === 'sum' ? `sum of ${labelOf(catalog, spec.dataset, spec.measure.field!)}` : 'number of records';
}

function describeCombination(catalog: Catalog, spec: QuerySpec): QueryReview['combination'] {
  if (!spec.combination) return undefined;
  const { factors } = spec.combination;
  const measure = combinationMeasure(spec.combination);
  return {
    factors: factors.map((f) => ({ label: f.label, dataset: f.dataset, holder: catalog.datasets[f.dataset]?.holders[0] ?? '?', filters: (f.filters ?? []).map((x) => describeFilter(catalog, f.dataset, x)) })),
    counts: measure.kind === 'atLeast' ? `children with at least ${measure.m} of the ${factors.length} factors` : `children with all ${factors.length} factors`,
  };
}

/** `policies`: the platform's legal bases and this partner's DPIAs, to show the query's grounds in their words. */
export function reviewOf(proposal: Proposal, catalog: Catalog, executed: Proposal[], policies?: { platform: PlatformPolicy; own?: OrganisationPolicy }): QueryReview {
  const { envelope } = proposal;
  const { spec } = envelope;
  const grounds = policies && groundsReview(spec, policies.platform, policies.own);
  const dataset = catalog.datasets[spec.dataset];
  const combination = describeCombination(catalog, spec);
  const dimensions = spec.groupBy.map((name) => ({ name, label: catalog.dimensions[name]?.label ?? name, values: catalog.dimensions[name]?.values.length ?? 0 }));
  const measureField = spec.measure.kind === 'sum' ? [{ name: spec.measure.field!, label: labelOf(catalog, spec.dataset, spec.measure.field!), use: 'measure' as const }] : [];
  const filterFields = (spec.filters ?? []).map((f) => ({ name: f.field, label: labelOf(catalog, spec.dataset, f.field), use: 'filter' as const }));
  return {
    dataset: { id: spec.dataset, label: dataset?.label ?? spec.dataset, holders: dataset?.holders ?? [] },
    measure: combination?.counts ?? describeMeasure(catalog, spec),
    fields: [...measureField, ...filterFields],
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
