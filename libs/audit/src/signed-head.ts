import { canonicalJson, signMessage, verifySignature } from '@bfa/crypto';
import { AuditEntry, AuditWriter, GENESIS_HASH } from './audit-entry';

/** The public signing key of a log's writer (from the registry), or undefined when the writer is unknown. */
export type HeadKeys = (writer: string) => string | undefined;

/**
 * A log's writer says "my log has `count` entries and the last one's hash is `hash`". Others keep the
 * latest such statement of every other log: the writer can no longer drop entries it has shown someone.
 */
export interface SignedHead {
  writer: string;
  count: number;
  hash: string;
  /** The seq of the writer's last entry that is not itself a witnessed head: others log a head only when this moves, so two logs never witness each other's witnessing forever. */
  lastEvent: number;
  time: string;
  signature: string;
}

const headText = (head: Omit<SignedHead, 'signature'>) =>
  `bfa/audit-head/v1\n${canonicalJson({ writer: head.writer, count: head.count, hash: head.hash, lastEvent: head.lastEvent, time: head.time })}`;

export function signHead(
  last: Pick<AuditEntry, 'seq' | 'hash'> | null,
  lastEvent: number,
  writer: AuditWriter,
  now = new Date(),
): SignedHead {
  const head = {
    writer: writer.id,
    count: last?.seq ?? 0,
    hash: last?.hash ?? GENESIS_HASH,
    lastEvent,
    time: now.toISOString(),
  };
  return { ...head, signature: signMessage(headText(head), writer.secretKey) };
}

/** Why `raw` is not a head `publicKey`'s owner signed (null when it is). */
export function signedHeadProblem(raw: unknown, publicKey: string | undefined): string | null {
  const head = raw as Partial<SignedHead> | null;
  if (
    typeof head?.writer !== 'string' ||
    !Number.isInteger(head.count) ||
    head.count! < 0 ||
    !Number.isInteger(head.lastEvent) ||
    typeof head.hash !== 'string' ||
    typeof head.time !== 'string' ||
    typeof head.signature !== 'string'
  ) {
    return 'a signed head needs writer, count, hash, lastEvent, time and signature';
  }
  if (!publicKey) return `no public key for ${head.writer} in the registry`;
  return verifySignature(headText(head as SignedHead), head.signature, publicKey)
    ? null
    : `the head of ${head.writer}'s log at ${head.count} is not signed by ${head.writer}`;
}

/** Why `entries` (the writer's log as served) contradicts a head the writer signed: shortened, emptied or rewritten below it. */
export function headContradiction(head: SignedHead, entries: AuditEntry[]): string | null {
  if (head.count === 0) return null;
  const entry = entries.find((e) => e.seq === head.count);
  if (!entry)
    return `${head.writer}'s log has ${entries.length} entries, but ${head.writer} signed a head at entry ${head.count}: entries were removed`;
  if (entry.hash !== head.hash)
    return `${head.writer}'s entry ${head.count} is not the one ${head.writer} signed a head for: the log was rewritten`;
  return null;
}
