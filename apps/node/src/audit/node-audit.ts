import { AuditEventType, AuditLog } from '@bfa/audit';

const QUERY_ID = /^[0-9a-f-]{36}$/;

/** The query id a message claims, if it is one; a refusal of a malformed message is logged without one. */
export function claimedQueryId(payload: unknown): string | null {
  const id = (payload as { envelope?: { id?: unknown } } | null)?.envelope?.id;
  return typeof id === 'string' && QUERY_ID.test(id) ? id : null;
}

/** Logs a refused request into the node's own audit log: the ethics board sees what the node was asked and said no to. */
export function refusalLogger(
  audit: AuditLog,
  type: Extract<AuditEventType, `${string}.refused`>,
  actor: string,
  payload: unknown,
) {
  return (reason: string) => audit.append({ type, queryId: claimedQueryId(payload), actor, details: { reason } });
}
