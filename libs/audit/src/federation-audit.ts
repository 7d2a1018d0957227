import { AuditEntry } from './audit-entry';
import { CrossCheckFinding, crossCheckLogs } from './cross-check';
import { verifyChain } from './hash-chain';
import { headFindings } from './head-check';
import { retentionFindings } from './retention-check';
import { SignedHead } from './signed-head';

/**
 * The ethics board's check of the whole federation, shared by `bfa ethics verify` and the ethics board's console.
 * Node-free on purpose (only @bfa/crypto's hashing and signatures, which the console maps to its browser module).
 */

/** Where one log was fetched from: the coordinator's or a node's (by organisation) base URL. */
export interface LogSource {
  log: string;
  url: string;
}

/** One log as fetched, with the heads of the other logs its process holds; or why it could not be fetched. */
export type FetchedLog = LogSource & ({ entries: AuditEntry[]; heads: SignedHead[] } | { unreachable: string });

export interface LogReport extends LogSource {
  entries: number;
  valid: boolean;
  reason?: string;
}

/** The public keys and the organisations (one node log each) the registry names. */
export interface AuditRegistry {
  coordinator?: { publicKey: string };
  organisations: Record<string, { nodePublicKey: string }>;
}

export interface FederationAudit {
  /** The logs fetched and checked, each with its chain's verdict. */
  logs: LogReport[];
  findings: CrossCheckFinding[];
  /** Logs named by the registry that were not checked: no URL given for them, or their URL did not answer. */
  missing: { log: string; url?: string; reason: string }[];
  /** Every log the registry names was fetched, every chain verifies and the logs agree. */
  ok: boolean;
}

const isFetched = (log: FetchedLog): log is Extract<FetchedLog, { entries: AuditEntry[] }> => 'entries' in log;

/** Fetches every source with `fetchLog`; a source that fails is kept with its reason instead of failing the others. */
export async function fetchLogs(
  sources: LogSource[],
  fetchLog: (url: string) => Promise<{ entries: AuditEntry[]; heads: SignedHead[] }>,
): Promise<FetchedLog[]> {
  return Promise.all(
    sources.map(async (source) => {
      try {
        return { ...source, ...(await fetchLog(source.url)) };
      } catch (error) {
        return { ...source, unreachable: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

/** The logs the registry names: the coordinator's and one per organisation's node. */
export function expectedLogs(registry: AuditRegistry): string[] {
  return ['coordinator', ...Object.keys(registry.organisations ?? {}).sort()];
}

function missingLogs(fetched: FetchedLog[], registry: AuditRegistry): FederationAudit['missing'] {
  return expectedLogs(registry).flatMap((log) => {
    const source = fetched.find((f) => f.log === log);
    if (!source) return [{ log, reason: 'no URL was given for it' }];
    return isFetched(source)
      ? []
      : [{ log, url: source.url, reason: `it could not be fetched from ${source.url}: ${source.unreachable}` }];
  });
}

/**
 * Independent of what any process says about itself: each chain recomputed and every entry's signature checked
 * against the writer's key in the registry, then the coordinator's log cross-checked against every node's, and
 * every head one party holds of another's log checked against that log (so a log cut short below what it showed
 * the others is caught), and each release's removal at the end of its retention (as of `now`). Never ok while a log
 * the registry names was not fetched: what was not seen can't agree.
 */
export function auditFederation(fetched: FetchedLog[], registry: AuditRegistry, now = new Date()): FederationAudit {
  const keyOf = (writer: string) =>
    writer === 'coordinator' ? registry.coordinator?.publicKey : registry.organisations?.[writer]?.nodePublicKey;
  const logs = fetched.filter(isFetched);
  const reports = logs.map(({ log, url, entries }): LogReport => {
    const publicKey = keyOf(log);
    if (!publicKey)
      return { log, url, entries: entries.length, valid: false, reason: `no public key for ${log} in the registry` };
    const { valid, reason } = verifyChain(entries, { id: log, publicKey });
    return { log, url, entries: entries.length, valid, ...(reason ? { reason } : {}) };
  });
  const entriesOf = Object.fromEntries(logs.map((l) => [l.log, l.entries]));
  const { coordinator, ...nodes } = entriesOf;
  // Without the coordinator's log every node's execution would look unmatched: it is reported missing instead.
  const findings = [
    ...(coordinator ? [...crossCheckLogs(coordinator, nodes), ...retentionFindings(coordinator, now)] : []),
    ...headFindings(entriesOf, Object.fromEntries(logs.map((l) => [l.log, l.heads ?? []])), keyOf),
  ];
  const missing = missingLogs(fetched, registry);
  return {
    logs: reports,
    findings,
    missing,
    ok: missing.length === 0 && reports.every((r) => r.valid) && findings.length === 0,
  };
}

/** An entry tagged with the log it came from, as the JSON-lines export writes it. */
export type TaggedEntry = AuditEntry & { log: string };

export function taggedEntries(fetched: FetchedLog[]): TaggedEntry[] {
  return fetched.filter(isFetched).flatMap(({ log, entries }) => entries.map((e) => ({ log, ...e })));
}

/** JSON lines, one entry a line, each tagged with its log. */
export function jsonLines(entries: TaggedEntry[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length ? '\n' : '');
}
