import { AuditEntry } from './audit-entry';
import { CrossCheckFinding } from './cross-check';

/** A removal and the one it goes with are logged in the same sweep; a crash between them is finished at the next. */
const SWEEP_SLACK_MS = 24 * 60 * 60 * 1000;

const finding = (queryId: string | null, problem: string): CrossCheckFinding => ({
  queryId,
  org: 'coordinator',
  problem,
});

/**
 * A cohort naming a `before` cohort republishes that release's counts per arm, so it goes when the before cohort
 * goes (apps/coordinator/src/retention/republished-retention.ts). Read from the coordinator's log: no after cohort's
 * release outlives its before cohort's removal by more than a sweep, and no release removed "with" another
 * (`withRelease`: a carried retention) names one the log shows no removal of. The link is the `before` that
 * `query.submitted` names; a query submitted before it was logged can't be checked this way.
 */
export function cohortRetentionFindings(coordinator: AuditEntry[], now: Date): CrossCheckFinding[] {
  const removals = new Map(coordinator.filter((e) => e.type === 'release.removed').map((e) => [e.queryId, e] as const));
  const published = new Set(coordinator.filter((e) => e.type === 'release.published').map((e) => e.queryId));
  const settled = (entry: AuditEntry) => now.getTime() > Date.parse(entry.time) + SWEEP_SLACK_MS;
  const findings: CrossCheckFinding[] = [];
  for (const submitted of coordinator.filter((e) => e.type === 'query.submitted')) {
    const before = submitted.details.before;
    const gone = typeof before === 'string' ? removals.get(before) : undefined;
    const after = submitted.queryId;
    if (!gone || !published.has(after) || removals.has(after) || !settled(gone)) continue;
    findings.push(
      finding(
        after,
        `the release of cohort query ${after} survives the removal of its before cohort ${String(before)} (removed ${gone.time}): it republishes that release's counts per arm, and the log shows no removal of it`,
      ),
    );
  }
  for (const removed of removals.values()) {
    const carrier = removed.details.withRelease;
    if (typeof carrier !== 'string' || removals.has(carrier) || !settled(removed)) continue;
    findings.push(
      finding(
        removed.queryId,
        `the release of query ${removed.queryId} was removed with the retention of release ${carrier}, whose removal the log does not show`,
      ),
    );
  }
  return findings;
}
