import { Identity } from '@bfa/access';
import {
  AuditEntry,
  AuditRegistry,
  auditFederation as auditFetched,
  FederationAudit,
  FetchedLog,
  fetchLogs,
  jsonLines,
  SignedHead,
  taggedEntries,
} from '@bfa/audit';
import { EthicsBoardClient } from '../role-clients';

export type { FederationAudit, LogReport } from '@bfa/audit';

export interface FederationLogs {
  /** Every log asked for, in the order given: fetched (entries and held heads) or unreachable with the reason. */
  fetched: FetchedLog[];
  coordinator: AuditEntry[];
  nodes: Record<string, AuditEntry[]>;
  /** The heads of the other logs that each process holds, by holder ('coordinator' or the node's organisation). */
  heads: Record<string, SignedHead[]>;
}

/** Every log of the federation, and the heads each process holds of the others, fetched as the ethics board; a URL that does not answer is kept with the reason. */
export async function fetchFederationLogs(
  coordinatorUrl: string,
  nodeUrls: Record<string, string>,
  identity: Identity,
): Promise<FederationLogs> {
  const sources = [
    { log: 'coordinator', url: coordinatorUrl },
    ...Object.entries(nodeUrls).map(([log, url]) => ({ log, url })),
  ];
  // Every party's held heads before any log: a head exchange between the two reads would otherwise show a held head
  // newer than the log fetched, which reads as a cut log (a false alarm, seen in CI). A log only grows after its head.
  const heldFirst = new Map(
    await Promise.all(
      sources.map(
        async ({ url }) => [url, await new EthicsBoardClient(url, identity).heads().catch(() => undefined)] as const,
      ),
    ),
  );
  const fetched = await fetchLogs(sources, async (url) => {
    const client = new EthicsBoardClient(url, identity);
    const heads = heldFirst.get(url) ?? (await client.heads());
    return { entries: await client.audit(), heads };
  });
  const got = fetched.flatMap((f) => ('entries' in f ? [f] : []));
  const { coordinator = [], ...nodes } = Object.fromEntries(got.map((f) => [f.log, f.entries]));
  return { fetched, coordinator, nodes, heads: Object.fromEntries(got.map((f) => [f.log, f.heads])) };
}

/** The shared check (libs/audit/src/federation-audit.ts, also the ethics board's console): chains, signatures, cross-check, held heads, and which logs of the registry were not seen. */
export function auditFederation(logs: FederationLogs, registry: AuditRegistry): FederationAudit {
  return auditFetched(logs.fetched, registry);
}

/** JSON lines, each entry tagged with the log it came from. */
export function exportJsonLines(logs: FederationLogs): string {
  return jsonLines(taggedEntries(logs.fetched));
}

/** What `bfa ethics verify` says in words: which logs it fetched and checked (organisation and URL), which it could not, and only then whether they agree. */
export function verdictLines(audit: FederationAudit): string[] {
  const checked = audit.logs.map((l) => `${l.log} (${l.url})`);
  const lines = [`Fetched and checked ${audit.logs.length} log(s): ${checked.join(', ') || 'none'}.`];
  for (const m of audit.missing) lines.push(`NOT CHECKED: ${m.log}'s log, which the registry names: ${m.reason}.`);
  const broken = audit.logs.filter((l) => !l.valid).length;
  if (audit.ok) lines.push(`All ${audit.logs.length} logs the registry names verify and agree.`);
  else if (audit.missing.length > 0)
    lines.push(
      `INCOMPLETE: ${audit.missing.length} of the ${audit.logs.length + audit.missing.length} logs the registry names were not checked, so nothing can be said about whether all logs agree.`,
    );
  if (broken > 0 || audit.findings.length > 0)
    lines.push(`PROBLEMS FOUND: ${broken} log(s) do not verify, ${audit.findings.length} finding(s): see above.`);
  return lines;
}
