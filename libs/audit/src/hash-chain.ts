import { canonicalHash } from '@bfa/crypto';
import { AuditEntry, AuditInput, GENESIS_HASH } from './audit-entry';

export interface ChainVerification {
  valid: boolean;
  entries: number;
  headHash: string;
  brokenAt?: number;
  reason?: string;
}

function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, time, type, queryId, actor, details, prevHash } = entry;
  return canonicalHash({ seq, time, type, queryId, actor, details, prevHash });
}

export function chainEntry(previous: AuditEntry | null, input: AuditInput): AuditEntry {
  const entry = {
    seq: previous ? previous.seq + 1 : 1,
    time: input.time ?? new Date().toISOString(),
    type: input.type,
    queryId: input.queryId,
    actor: input.actor,
    details: input.details,
    prevHash: previous ? previous.hash : GENESIS_HASH,
  };
  return { ...entry, hash: entryHash(entry) };
}

/** Recomputes every link: sequence without gaps, each entry pointing at its predecessor's hash, each hash its own content's. */
export function verifyChain(entries: AuditEntry[]): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const broken = (reason: string): ChainVerification => ({ valid: false, entries: entries.length, headHash: prevHash, brokenAt: entry.seq, reason: `entry ${entry.seq}: ${reason}` });
    if (entry.seq !== i + 1) return broken(`expected sequence number ${i + 1} (an entry is missing or out of order)`);
    if (entry.prevHash !== prevHash) return broken("does not point at the previous entry's hash");
    if (entryHash(entry) !== entry.hash) return broken('its content does not match its hash (edited)');
    prevHash = entry.hash;
  }
  return { valid: true, entries: entries.length, headHash: prevHash };
}
