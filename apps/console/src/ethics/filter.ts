import type { TaggedEntry } from '../../../../libs/audit/src/federation-audit';

export interface TimelineFilter {
  queryId: string;
  log: string;
  type: string;
  text: string;
  from: string;
  to: string;
}

/** Rows the timeline's table holds at first and adds per "load more": a long timeline stays quick to draw and to read. */
export const TIMELINE_PAGE = 100;

export const NO_FILTER: TimelineFilter = { queryId: '', log: '', type: '', text: '', from: '', to: '' };

/** `from` and `to` are the inputs' local date-times (minutes); `to` takes in the whole minute it names. */
export function filterEntries(entries: TaggedEntry[], f: TimelineFilter): TaggedEntry[] {
  const from = f.from ? new Date(f.from).getTime() : -Infinity;
  const to = f.to ? new Date(f.to).getTime() + 60_000 : Infinity;
  const text = f.text.trim().toLowerCase();
  return entries.filter((e) => {
    const at = new Date(e.time).getTime();
    if (
      (f.queryId && e.queryId !== f.queryId) ||
      (f.log && e.log !== f.log) ||
      (f.type && e.type !== f.type) ||
      at < from ||
      at >= to
    )
      return false;
    return !text || JSON.stringify([e.type, e.queryId, e.actor, e.details]).toLowerCase().includes(text);
  });
}
