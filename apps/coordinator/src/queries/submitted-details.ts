import { Catalog, processingRecord } from '@bfa/policy';
import { QueryEnvelope, queryHash } from '@bfa/protocol';

/**
 * What `query.submitted` logs: metadata only. A cohort's `before` too: the ethics board checks from the log alone
 * that its release goes with the before cohort's whose counts it carries (libs/audit/src/cohort-retention-check.ts).
 */
export function submittedDetails(catalog: Catalog, envelope: QueryEnvelope): Record<string, unknown> {
  const { spec } = envelope;
  return {
    queryHash: queryHash(envelope),
    dataset: spec.dataset,
    purpose: spec.purpose,
    ...processingRecord(catalog, spec),
    ...(spec.combination?.before ? { before: spec.combination.before } : {}),
  };
}
