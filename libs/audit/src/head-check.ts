import { AuditEntry } from './audit-entry';
import { CrossCheckFinding } from './cross-check';
import { headContradiction, HeadKeys, SignedHead, signedHeadProblem } from './signed-head';

/** The heads one party keeps of the others' logs: served by its `GET /audit/heads`, and logged in its own chain when witnessed. */
function headsOf(holder: string, entries: AuditEntry[], held: SignedHead[]): { holder: string; head: SignedHead }[] {
  const logged = entries.filter((e) => e.type === 'head.witnessed').map((e) => e.details.head as SignedHead);
  return [...held, ...logged].map((head) => ({ holder, head }));
}

/**
 * Every head a party holds of another's log, checked against that log as the board fetched it: each must be
 * signed by its writer (registry key) and the log must still have an entry with seq = count and that hash.
 * A log cut short, emptied or rewritten below a head someone else holds shows up here.
 */
export function headFindings(
  logs: Record<string, AuditEntry[]>,
  held: Record<string, SignedHead[]>,
  keys: HeadKeys,
): CrossCheckFinding[] {
  const findings = new Map<string, CrossCheckFinding>();
  for (const { holder, head } of Object.entries(logs).flatMap(([holder, entries]) =>
    headsOf(holder, entries, held[holder] ?? []),
  )) {
    const forged = signedHeadProblem(head, keys(head?.writer));
    if (forged) {
      findings.set(`${holder} ${forged}`, {
        queryId: null,
        org: holder,
        problem: `${holder} holds a head that does not verify: ${forged}`,
      });
      continue;
    }
    const writerLog = logs[head.writer];
    const contradiction = writerLog && headContradiction(head, writerLog);
    const key = `${head.writer} ${head.count} ${head.hash}`;
    if (contradiction && !findings.has(key))
      findings.set(key, { queryId: null, org: head.writer, problem: `${contradiction} (a head held by ${holder})` });
  }
  return [...findings.values()];
}
