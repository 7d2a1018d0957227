import { Identity } from '@bfa/access';
import { AuditEntry, CrossCheckFinding, crossCheckLogs, verifyChain } from '@bfa/audit';
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
}

/** Every log of the federation, fetched as the ethics board. */
export async function fetchFederationLogs(coordinatorUrl: string, nodeUrls: Record<string, string>, identity: Identity): Promise<FederationLogs> {
  const coordinator = await new EthicsBoardClient(coordinatorUrl, identity).audit();
  const nodes = Object.fromEntries(await Promise.all(Object.entries(nodeUrls).map(async ([org, url]) => [org, await new EthicsBoardClient(url, identity).audit()] as const)));
  return { coordinator, nodes };
}

/**
 * The ethics board's check, independent of what any process says about itself: each chain recomputed
 * and every entry's signature checked against the writer's key in the registry, then the coordinator's
 * log cross-checked against every node's.
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
  const findings = crossCheckLogs(logs.coordinator, logs.nodes);
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
