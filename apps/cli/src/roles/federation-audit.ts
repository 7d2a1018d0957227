import { Identity } from '@bfa/access';
import { AuditEntry, CrossCheckFinding, crossCheckLogs, headFindings, SignedHead, verifyChain } from '@bfa/audit';
import { Registry } from '@bfa/protocol';
import { EthicsBoardClient } from '../role-clients';

export interface LogReport {
  log: string;
  entries: number;
  valid: boolean;
  reason?: string;
}

export interface FederationAudit {
  logs: LogReport[];
  findings: CrossCheckFinding[];
  ok: boolean;
}

export interface FederationLogs {
  coordinator: AuditEntry[];
  nodes: Record<string, AuditEntry[]>;
  /** The heads of the other logs that each process holds, by holder ('coordinator' or the node's organisation). */
  heads: Record<string, SignedHead[]>;
}

/** Every log of the federation, and the heads each process holds of the others, fetched as the ethics board. */
export async function fetchFederationLogs(coordinatorUrl: string, nodeUrls: Record<string, string>, identity: Identity): Promise<FederationLogs> {
  const fetchOne = async (party: string, url: string) => {
    const client = new EthicsBoardClient(url, identity);
    return [party, { entries: await client.audit(), heads: await client.heads() }] as const;
  };
  const fetched = Object.fromEntries(await Promise.all([fetchOne('coordinator', coordinatorUrl), ...Object.entries(nodeUrls).map(([org, url]) => fetchOne(org, url))]));
  const { coordinator, ...nodes } = fetched;
  return {
    coordinator: coordinator.entries,
    nodes: Object.fromEntries(Object.entries(nodes).map(([org, n]) => [org, n.entries])),
    heads: Object.fromEntries(Object.entries(fetched).map(([party, f]) => [party, f.heads])),
  };
}

/**
 * The ethics board's check, independent of what any process says about itself: each chain recomputed
 * and every entry's signature checked against the writer's key in the registry, then the coordinator's
 * log cross-checked against every node's, and every head one party holds of another's log checked
 * against that log (so a log cut short below what it showed the others is caught).
 */
export function auditFederation(logs: FederationLogs, registry: Pick<Registry, 'coordinator' | 'organisations'>): FederationAudit {
  const report = (log: string, entries: AuditEntry[], publicKey: string | undefined): LogReport => {
    if (!publicKey) return { log, entries: entries.length, valid: false, reason: `no public key for ${log} in the registry` };
    const { valid, reason } = verifyChain(entries, { id: log, publicKey });
    return { log, entries: entries.length, valid, ...(reason ? { reason } : {}) };
  };
  const reports = [
    report('coordinator', logs.coordinator, registry.coordinator?.publicKey),
    ...Object.entries(logs.nodes).map(([org, entries]) => report(org, entries, registry.organisations[org]?.nodePublicKey)),
  ];
  const keyOf = (writer: string) => (writer === 'coordinator' ? registry.coordinator?.publicKey : registry.organisations[writer]?.nodePublicKey);
  const findings = [...crossCheckLogs(logs.coordinator, logs.nodes), ...headFindings({ coordinator: logs.coordinator, ...logs.nodes }, logs.heads ?? {}, keyOf)];
  return { logs: reports, findings, ok: reports.every((r) => r.valid) && findings.length === 0 };
}

/** JSON lines, each entry tagged with the log it came from. */
export function exportJsonLines(logs: FederationLogs): string {
  const lines = [
    ...logs.coordinator.map((e) => ({ log: 'coordinator', ...e })),
    ...Object.entries(logs.nodes).flatMap(([org, entries]) => entries.map((e) => ({ log: org, ...e }))),
  ];
  return lines.map((line) => JSON.stringify(line)).join('\n') + '\n';
}
