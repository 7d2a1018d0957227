import { canonicalHash, signMessage, verifySignature } from '@bfa/crypto';
import { AuditEntry, AuditInput, AuditWriter, GENESIS_HASH } from './audit-entry';

export interface ChainVerification {
  valid: boolean;
  entries: number;
  headHash: string;
  brokenAt?: number;
  reason?: string;
}

type Unsigned = Omit<AuditEntry, 'hash' | 'signature'>;

function entryHash(entry: Unsigned): string {
  const { seq, time, type, queryId, actor, details, prevHash, writer } = entry;
  return canonicalHash({ seq, time, type, queryId, actor, details, prevHash, writer });
}

const signedHash = (hash: string) => `bfa/audit/v1\n${hash}`;

export function chainEntry(previous: AuditEntry | null, input: AuditInput, writer: AuditWriter): AuditEntry {
  const entry = {
    seq: previous ? previous.seq + 1 : 1,
    time: input.time ?? new Date().toISOString(),
    type: input.type,
    queryId: input.queryId,
    actor: input.actor,
    details: input.details,
    prevHash: previous ? previous.hash : GENESIS_HASH,
    writer: writer.id,
  };
  const hash = entryHash(entry);
  return { ...entry, hash, signature: signMessage(signedHash(hash), writer.secretKey) };
}

/**
 * Recomputes every link: sequence without gaps, each entry pointing at its predecessor's hash, each hash
 * its own content's, and, given the writer's public key, each hash signed by that writer.
 */
export function verifyChain(entries: AuditEntry[], writer?: { id: string; publicKey: string }): ChainVerification {
  let prevHash = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const broken = (reason: string): ChainVerification => ({
      valid: false,
      entries: entries.length,
      headHash: prevHash,
      brokenAt: entry.seq,
      reason: `entry ${entry.seq}: ${reason}`,
    });
    if (entry.seq !== i + 1) return broken(`expected sequence number ${i + 1} (an entry is missing or out of order)`);
    if (entry.prevHash !== prevHash) return broken("does not point at the previous entry's hash");
    if (entryHash(entry) !== entry.hash) return broken('its content does not match its hash (edited)');
    if (
      writer &&
      (entry.writer !== writer.id || !verifySignature(signedHash(entry.hash), entry.signature, writer.publicKey))
    ) {
      return broken(`not signed by ${writer.id}`);
    }
    prevHash = entry.hash;
  }
  return { valid: true, entries: entries.length, headHash: prevHash };
}
