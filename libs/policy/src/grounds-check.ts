import { ProcessingGrounds } from '@bfa/protocol';
import { AcceptedDpia, OrganisationPolicy, PlatformPolicy } from './organisation-policy';

const listOf = (items: string[]): string => items.map((item) => `'${item}'`).join(', ') || 'none';

/** The day (UTC, YYYY-MM-DD) `now` falls on: a DPIA covers queries up to and including its review date. */
export const dayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** The DPIA of this reference a partner accepts, if any. */
export function acceptedDpia(policy: OrganisationPolicy, reference: string): AcceptedDpia | undefined {
  return policy.dpias.find((dpia) => dpia.reference === reference);
}

/**
 * Why this partner refuses the query's legal basis or DPIA (null when it accepts both): a basis the platform does
 * not list or the partner does not take part on, a DPIA the partner does not know, or one past its review date.
 */
export function groundsProblem(
  platform: PlatformPolicy,
  policy: OrganisationPolicy,
  grounds: ProcessingGrounds,
  now: Date,
): string | null {
  const { legalBasis, dpia } = grounds;
  const bases = platform.legalBases ?? {};
  if (!Object.prototype.hasOwnProperty.call(bases, legalBasis))
    return `legal basis '${legalBasis}' is not one the platform policy lists (${listOf(Object.keys(bases))})`;
  if (!policy.legalBases.includes(legalBasis))
    return `${policy.name} does not take part on legal basis '${legalBasis}' (${bases[legalBasis].label}); it accepts ${listOf(policy.legalBases)}`;
  const accepted = acceptedDpia(policy, dpia);
  if (!accepted)
    return `DPIA '${dpia}' is unknown to ${policy.name}: it accepts ${listOf(policy.dpias.map((d) => d.reference))}`;
  if (accepted.reviewDate < dayOf(now))
    return `DPIA '${dpia}' was due for review on ${accepted.reviewDate}: ${policy.name} no longer accepts it until it is reviewed and its policy gives a new review date`;
  return null;
}

/** What the allow rule says of the grounds: which basis and DPIA were accepted, and until when. */
export function acceptedGroundsText(policy: OrganisationPolicy, grounds: ProcessingGrounds): string {
  const reviewDate = acceptedDpia(policy, grounds.dpia)?.reviewDate;
  return `legal basis '${grounds.legalBasis}', DPIA '${grounds.dpia}'${reviewDate ? ` (until ${reviewDate})` : ''}`;
}
