import type { AuditEntry } from '../../../../libs/audit/src/audit-entry';
import {
  AuditRegistry,
  auditFederation,
  FederationAudit,
  FetchedLog,
  fetchLogs,
  taggedEntries,
  TaggedEntry,
} from '../../../../libs/audit/src/federation-audit';
import { readAuditPages } from '../../../../libs/audit/src/audit-pages';
import type { SignedHead } from '../../../../libs/audit/src/signed-head';
import { SignedApi } from '../signed-api';

export type { FederationAudit, TaggedEntry };

export interface FederationView {
  audit: FederationAudit;
  entries: TaggedEntry[];
}

/** A registry as the board chose it: the keys the logs are checked against, never taken from the coordinator. */
export function registryOf(content: unknown): AuditRegistry | null {
  const registry = content as AuditRegistry | null;
  if (
    typeof registry?.coordinator?.publicKey !== 'string' ||
    typeof registry.organisations !== 'object' ||
    registry.organisations === null
  )
    return null;
  return registry;
}

/**
 * Every log the registry names, each read from its own process: the coordinator's from this page's server, each node's
 * from that node (its address as the coordinator publishes it, BFA_AUDIT_NODE_URLS), so the coordinator relays none of
 * them, page by page (a chain is checked whole: every page is read before the check). Then the same check as `bfa
 * ethics verify` (libs/audit/src/federation-audit.ts).
 */
export async function fetchFederation(api: SignedApi, registry: AuditRegistry): Promise<FederationView> {
  const nodeUrls = await api.get<Record<string, string>>('/audit/nodes');
  const sources = [
    { log: 'coordinator', url: location.origin },
    ...Object.keys(registry.organisations)
      .filter((org) => nodeUrls[org])
      .map((org) => ({ log: org, url: nodeUrls[org] })),
  ];
  const at = (url: string) => new SignedApi(api.signer, url === location.origin ? '' : url);
  // Every party's held heads before any log, as `bfa ethics verify` does: a head exchange between the reads would
  // show a held head newer than the log fetched, which reads as a cut log.
  const heldFirst = new Map(
    await Promise.all(
      sources.map(
        async ({ url }) =>
          [
            url,
            await at(url)
              .get<SignedHead[]>('/audit/heads')
              .catch(() => undefined),
          ] as const,
      ),
    ),
  );
  const fetched: FetchedLog[] = await fetchLogs(sources, async (url) => {
    const heads = heldFirst.get(url) ?? (await at(url).get<SignedHead[]>('/audit/heads'));
    const page = (after: number, limit: number) => at(url).get<AuditEntry[]>(`/audit?after=${after}&limit=${limit}`);
    return { entries: await readAuditPages(page), heads };
  });
  const entries = taggedEntries(fetched).sort(
    (a, b) => a.time.localeCompare(b.time) || a.log.localeCompare(b.log) || a.seq - b.seq,
  );
  return { audit: auditFederation(fetched, registry), entries };
}
