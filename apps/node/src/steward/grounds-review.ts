import { acceptedDpia, OrganisationPolicy, PlatformPolicy } from '@bfa/policy';
import { GroundsReview, QuerySpec } from '@bfa/protocol';

/** The query's legal basis, DPIA and retention in the policies' words, for the steward who signs them. */
export function groundsReview(
  spec: QuerySpec,
  platform: PlatformPolicy,
  policy: OrganisationPolicy | undefined,
): GroundsReview | undefined {
  if (spec.legalBasis === undefined) return undefined;
  const basis = Object.prototype.hasOwnProperty.call(platform.legalBases ?? {}, spec.legalBasis)
    ? platform.legalBases[spec.legalBasis]
    : undefined;
  const dpia = policy && acceptedDpia(policy, spec.dpia);
  return {
    legalBasis: { id: spec.legalBasis, ...(basis ?? {}) },
    dpia: {
      reference: spec.dpia,
      ...(dpia?.title ? { title: dpia.title } : {}),
      ...(dpia ? { reviewDate: dpia.reviewDate } : {}),
    },
    retentionDays: spec.retentionDays,
  };
}
