import { AuditEntry } from './audit-entry';

/** One thing the coordinator's log and a node's log disagree on. */
export interface CrossCheckFinding {
  queryId: string | null;
  org: string;
  problem: string;
}

type Contribution = { org: string; hash: string };

const uniqueBy = (contributions: Contribution[]) => [
  ...new Map(contributions.map((c) => [`${c.org} ${c.hash}`, c])).values(),
];

const ofType = (entries: AuditEntry[], type: AuditEntry['type']) => entries.filter((e) => e.type === type);

function countBy(entries: AuditEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const e of entries) counts.set(e.queryId ?? '', (counts.get(e.queryId ?? '') ?? 0) + 1);
  return counts;
}

/**
 * Cross-checks the coordinator's log against every node's: each execution a node performed must be one
 * the coordinator logged as received (same contribution hash, whether the query then completed or was
 * stopped) and vice versa; a node can't have decrypted more often than the coordinator asked, nor less
 * often than the coordinator received its partial decryption; and every decryption must end in a logged
 * release or failure. A hidden execution, a deleted entry on either side or a fabricated contribution
 * shows up here even when each chain on its own is intact.
 */
export function crossCheckLogs(coordinator: AuditEntry[], nodes: Record<string, AuditEntry[]>): CrossCheckFinding[] {
  const findings: CrossCheckFinding[] = [];
  const logged = new Map<string, Contribution[]>();
  for (const e of [...ofType(coordinator, 'execution.completed'), ...ofType(coordinator, 'execution.refused')]) {
    logged.set(e.queryId ?? '', [
      ...(logged.get(e.queryId ?? '') ?? []),
      ...((e.details.contributions as Contribution[] | undefined) ?? []),
    ]);
  }
  const requested = countBy(ofType(coordinator, 'decryption.requested'));
  const received = ofType(coordinator, 'decryption.received');
  const concluded = new Set(
    [...ofType(coordinator, 'release.published'), ...ofType(coordinator, 'query.failed')].map((e) => e.queryId),
  );

  for (const [org, entries] of Object.entries(nodes)) {
    const performed = ofType(entries, 'execution.performed');
    for (const e of performed) {
      const match = logged.get(e.queryId ?? '')?.some((c) => c.org === org && c.hash === e.details.contributionHash);
      if (!match)
        findings.push({
          queryId: e.queryId,
          org,
          problem: `${org} executed query ${e.queryId} (node seq ${e.seq}) but the coordinator's log has no such contribution`,
        });
    }
    for (const [queryId, contributions] of logged) {
      for (const c of uniqueBy(contributions.filter((c) => c.org === org))) {
        if (!performed.some((e) => e.queryId === queryId && e.details.contributionHash === c.hash)) {
          findings.push({
            queryId,
            org,
            problem: `the coordinator logged a contribution of ${org} to query ${queryId} that ${org}'s log does not show`,
          });
        }
      }
    }
    const decrypted = countBy(ofType(entries, 'decryption.performed'));
    for (const [queryId, count] of countBy(
      received.filter((e) => (e.details.from as string[] | undefined)?.includes(org)),
    )) {
      if ((decrypted.get(queryId) ?? 0) < count) {
        findings.push({
          queryId,
          org,
          problem: `the coordinator received ${count} partial decryption(s) of query ${queryId} from ${org}; ${org}'s log shows ${decrypted.get(queryId) ?? 0}`,
        });
      }
    }
    for (const [queryId, count] of decrypted) {
      if (count > (requested.get(queryId) ?? 0)) {
        findings.push({
          queryId,
          org,
          problem: `${org} decrypted for query ${queryId} ${count} time(s); the coordinator's log asked ${requested.get(queryId) ?? 0} time(s)`,
        });
      }
      if (!concluded.has(queryId))
        findings.push({
          queryId,
          org,
          problem: `${org} decrypted for query ${queryId} but the coordinator's log has neither a release nor a failure for it`,
        });
    }
  }
  return findings;
}
