import { QueryEnvelope } from '@bfa/protocol';
import { retentionDaysOf, retentionEnd } from './retention-period';

/** What the sweep knows of one stored release: when it was released and the query that states its retention. */
export interface StoredRelease {
  releasedAt: Date;
  envelope: QueryEnvelope | undefined;
}

/** When a release's retention runs out, and why: its own retention, or that of a release whose counts it carries. */
export interface RetentionDue {
  at: Date;
  /** The earlier release whose retention ends first (a cohort's before cohort), when that is why. */
  with?: string;
}

/**
 * A cohort naming a `before` cohort republishes that release's counts per arm in its `release.effect`, so it may not
 * keep them longer than the before cohort's own retention: an analyst could otherwise keep a 30-day release's
 * counts for ten years by naming it from a cohort with a longer retention. Its retention ends at the earlier of its
 * own and its before cohort's (and so on down a chain). Null: kept (no retention stated anywhere along it).
 */
export function retentionDue(
  id: string,
  releases: Map<string, StoredRelease>,
  seen = new Set<string>(),
): RetentionDue | null {
  const release = releases.get(id);
  if (!release?.envelope || seen.has(id)) return null;
  const days = retentionDaysOf(release.envelope);
  const own = days === null ? null : { at: retentionEnd(release.releasedAt, days) };
  const before = release.envelope.spec.combination?.before;
  const carried = before ? retentionDue(before, releases, new Set([...seen, id])) : null;
  if (!carried) return own;
  const earlier = { at: carried.at, with: carried.with ?? before };
  return !own || earlier.at < own.at ? earlier : own;
}
