import { AuditEntry } from './audit-entry';
import { cohortRetentionFindings } from './cohort-retention-check';
import { CrossCheckFinding } from './cross-check';

const DAY_MS = 24 * 60 * 60 * 1000;
/** The coordinator sweeps hourly by default and at every start: a day's slack before a release counts as kept too long. */
const SWEEP_SLACK_MS = DAY_MS;

const finding = (queryId: string | null, problem: string): CrossCheckFinding => ({
  queryId,
  org: 'coordinator',
  problem,
});

/**
 * Retention, read from the coordinator's log alone: every `release.removed` names the hash of the table the log
 * published for that query, and no published release is still there a day after its retention (stated and signed
 * in the query) ran out. When the removal happened within the retention is not judged: the log's time of
 * publication is the one the ethics board can check, and keeping a release shorter harms nobody's privacy. A cohort
 * goes with its before cohort (cohort-retention-check.ts).
 */
export function retentionFindings(coordinator: AuditEntry[], now: Date): CrossCheckFinding[] {
  const findings: CrossCheckFinding[] = [];
  const of = (queryId: string | null, type: AuditEntry['type']) =>
    coordinator.find((e) => e.queryId === queryId && e.type === type);
  for (const removed of coordinator.filter((e) => e.type === 'release.removed')) {
    const published = of(removed.queryId, 'release.published');
    if (!published)
      findings.push(
        finding(
          removed.queryId,
          `the coordinator logged the removal of a release of query ${removed.queryId} that its log never published`,
        ),
      );
    else if (published.details.tableHash !== removed.details.tableHash) {
      findings.push(
        finding(
          removed.queryId,
          `the coordinator removed a release of query ${removed.queryId} with hash ${String(removed.details.tableHash)}, not the ${String(published.details.tableHash)} it published`,
        ),
      );
    }
  }
  for (const published of coordinator.filter((e) => e.type === 'release.published')) {
    const days = of(published.queryId, 'query.submitted')?.details.retentionDays;
    if (typeof days !== 'number' || of(published.queryId, 'release.removed')) continue;
    const due = Date.parse(published.time) + days * DAY_MS;
    if (now.getTime() > due + SWEEP_SLACK_MS) {
      findings.push(
        finding(
          published.queryId,
          `the release of query ${published.queryId} (published ${published.time}, retention ${days} days) was due for removal on ${new Date(due).toISOString().slice(0, 10)} and the log shows no removal`,
        ),
      );
    }
  }
  return [...findings, ...cohortRetentionFindings(coordinator, now)];
}
