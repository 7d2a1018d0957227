export const AUDIT_EVENT_TYPES = [
  'query.submitted',
  'query.refused',
  'query.proposed',
  'decision.recorded',
  'execution.dispatched',
  'execution.completed',
  'execution.refused',
  'decryption.requested',
  'decryption.received',
  'decryption.refused',
  'release.published',
  // The coordinator's log: a release whose retention ran out was removed; its hash stays here.
  'release.removed',
  'query.failed',
  'access.refused',
  // One source's refusals of one minute, beyond those logged one by one (unproven requests per address, 403s per principal).
  'access.refused.summary',
  // A node's own log: what it was asked and what it answered.
  'proposal.received',
  'decision.signed',
  'execution.performed',
  'decryption.performed',
  // A node's own log: an edition of its data that `bfa data import` wrote into its store (metadata only).
  'data.imported',
  // A node's own log: records of years past its policy's retention that `bfa data purge` deleted (counts only).
  'data.purged',
  // Both: another party's signed head, so neither can later shorten its log below what it showed.
  'head.witnessed',
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
  /** Who wrote the log (the coordinator, or a node's organisation) and its Ed25519 signature over `hash`. */
  writer: string;
  signature: string;
}

/** The log's writer: its id and Ed25519 signing key. Each log is signed by the one process that appends to it. */
export interface AuditWriter {
  id: string;
  secretKey: string;
}

export interface AuditInput {
  type: AuditEventType;
  queryId: string | null;
  actor: string;
  details: Record<string, unknown>;
  time?: string;
}

export const GENESIS_HASH = '0'.repeat(64);
