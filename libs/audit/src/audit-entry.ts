export const AUDIT_EVENT_TYPES = [
  'query.submitted',
  'query.refused',
  'query.proposed',
  'decision.recorded',
  'execution.dispatched',
  'execution.completed',
  'execution.refused',
  'decryption.requested',
  'decryption.refused',
  'release.published',
  'query.failed',
  'access.refused',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

/**
 * One link of the chain. `details` is metadata only (ids, hashes, cell counts, reasons): never a
 * record, a node's contribution or an unsuppressed value.
 */
export interface AuditEntry {
  seq: number;
  time: string;
  type: AuditEventType;
  queryId: string | null;
  actor: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditInput {
  type: AuditEventType;
  queryId: string | null;
  actor: string;
  details: Record<string, unknown>;
  time?: string;
}

export const GENESIS_HASH = '0'.repeat(64);
