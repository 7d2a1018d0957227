import type { AuditEntry } from './audit-entry';

/** The most entries one page of `GET /audit` carries, and what a reader asks for when it reads a whole log. */
export const AUDIT_PAGE_MAX = 1_000;
export const AUDIT_PAGE_SIZE = 500;

/** One page: the entries after the cursor (the seq of the last entry the reader has; 0 before the first), oldest first. */
export interface AuditPage {
  after: number;
  limit: number;
}

const WHOLE_NUMBER = /^\d{1,15}$/;

/**
 * `?after=&limit=` of `GET /audit`, or undefined when neither is given (then the whole log, as before paging). A
 * bad value is the reason in words, for a 400; nothing is guessed.
 */
export function auditPageOf(query: { after?: unknown; limit?: unknown }): AuditPage | undefined | string {
  const { after, limit } = query;
  if (after === undefined && limit === undefined) return undefined;
  if (after !== undefined && (typeof after !== 'string' || !WHOLE_NUMBER.test(after)))
    return 'after must be the seq of the last entry you have (a whole number, 0 for the start)';
  if (limit !== undefined && (typeof limit !== 'string' || !WHOLE_NUMBER.test(limit)))
    return `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`;
  const size = limit === undefined ? AUDIT_PAGE_SIZE : Number(limit);
  if (size < 1 || size > AUDIT_PAGE_MAX) return `limit must be a whole number from 1 to ${AUDIT_PAGE_MAX}`;
  return { after: after === undefined ? 0 : Number(after), limit: size };
}

/**
 * A whole log read page by page, each page from after the last entry of the one before: the log only ever grows at
 * its end, so no entry is lost or read twice, and an entry appended meanwhile is read on the last page.
 */
export async function readAuditPages(
  page: (after: number, limit: number) => Promise<AuditEntry[]>,
  limit = AUDIT_PAGE_SIZE,
): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (let after = 0; ;) {
    const next = await page(after, limit);
    let last = after;
    for (const entry of next) {
      if (!(entry.seq > last)) throw new Error(`the log's page after ${after} did not move past it`);
      last = entry.seq;
    }
    entries.push(...next);
    if (next.length < limit) return entries;
    after = last;
  }
}
