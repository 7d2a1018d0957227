import { QueryEnvelope, requiredApprovers } from '@bfa/protocol';
import { OrganisationPolicy } from './organisation-policy';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A purpose or purpose code as compared: trimmed, single spaces, lower case. */
export function normalisePurpose(text: string): string {
  return text.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The purpose code a stated purpose starts with: the code, then the end or a character that is no letter or digit. */
export function purposeCodeOf(purpose: string, codes: string[]): string | undefined {
  const stated = normalisePurpose(purpose);
  return codes.find((code) => {
    const prefix = normalisePurpose(code);
    return stated.startsWith(prefix) && !/[\p{L}\p{N}]/u.test(stated.charAt(prefix.length));
  });
}

/** Why the organisation refuses this purpose (null when allowed, or when it lists no purposes). */
export function purposeProblem(policy: OrganisationPolicy, purpose: string): string | null {
  if (!policy.purposes || purposeCodeOf(purpose, policy.purposes)) return null;
  const shown = purpose.length > 80 ? `${purpose.slice(0, 77)}...` : purpose;
  return `purpose '${shown}' is not among ${policy.name}'s allowed purposes: it must start with ${policy.purposes.map((p) => `'${p}'`).join(' or ')}`;
}

/** Why the organisation refuses to take part without holding a key share (null when it holds one or may join without). */
export function keyHoldingProblem(policy: OrganisationPolicy, org: string, envelope: QueryEnvelope): string | null {
  if (envelope.keyHolders.includes(org) || policy.mayJoinWithoutKeyHolding === true) return null;
  return `${policy.name} takes part only as a key holder (mayJoinWithoutKeyHolding is not set), and ${org} is not among this query's key holders (${envelope.keyHolders.join(', ') || 'none'})`;
}

/**
 * Why this analyst may not submit another query now (null when allowed, or when there is no limit): at most
 * `count` queries in any `periodDays` days, so a new one needs fewer than `count` in the days before `now`.
 */
export function rateLimitProblem(
  policy: OrganisationPolicy,
  analyst: string,
  earlierSubmissionTimes: Date[],
  now: Date,
): string | null {
  const limit = policy.maxQueriesPerAnalyst;
  if (!limit) return null;
  const period = limit.periodDays * DAY_MS;
  const recent = earlierSubmissionTimes
    .map((t) => t.getTime())
    .filter((t) => t <= now.getTime() && t > now.getTime() - period)
    .sort((a, b) => a - b);
  if (recent.length < limit.count) return null;
  const nextAllowed = new Date(recent[recent.length - limit.count] + period).toISOString();
  return (
    `${analyst} already has ${recent.length} queries in the last ${limit.periodDays} days that ${policy.name} was asked to approve; ` +
    `${policy.name} allows at most ${limit.count} per analyst per ${limit.periodDays} days (the next is possible from ${nextAllowed})`
  );
}

/** When the same analyst submitted the earlier queries this organisation was asked to approve (this query excluded). */
export function earlierSubmissionTimes(earlierQueries: QueryEnvelope[], envelope: QueryEnvelope, org: string): Date[] {
  const seen = new Set<string>([envelope.id]);
  return earlierQueries.flatMap((earlier) => {
    if (seen.has(earlier.id) || earlier.requester !== envelope.requester || !requiredApprovers(earlier).includes(org))
      return [];
    seen.add(earlier.id);
    const time = new Date(earlier.submittedAt);
    return Number.isNaN(time.getTime()) ? [] : [time];
  });
}
