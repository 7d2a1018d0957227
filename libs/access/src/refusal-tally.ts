/** Why a request proves nothing about its sender; the reason's kind, since its text may carry whatever the sender claimed. */
export type UnprovenKind = 'unsigned' | 'unknown principal' | 'stale' | 'forged' | 'replayed' | 'too many';

/** One source's unproven requests in one minute, as the audit log and the process log keep them. */
export interface RefusalSummary {
  source: string;
  from: string;
  to: string;
  /** Every unproven request from the source that minute, including those answered 429. */
  requests: number;
  byKind: Partial<Record<UnprovenKind, number>>;
}

/** Where a source's count goes once a minute has seen this many sources: memory stays bounded whatever the flood. */
export const OTHER_SOURCES = '(other sources)';

const MINUTE = 60_000;

/**
 * Counts unproven requests per source and minute, so that a flood of them costs a counter, not an audit entry
 * or a log line each: the first of each kind per source and minute is logged in full (a 429 only in
 * the process log), the rest only in the minute's summary, and past `perMinute` the source's unproven requests are answered 429 (its signed ones still pass).
 */
export class RefusalTally {
  private minute = -1;
  private sources = new Map<string, RefusalSummary>();
  private ended: RefusalSummary[] = [];

  constructor(
    private readonly perMinute = 60,
    private readonly maxSources = 10_000,
  ) {}

  /** Whether this is the first of its kind (or the first 429) from the source this minute, and whether the source is over its limit. */
  count(source: string, kind: Exclude<UnprovenKind, 'too many'>, now = Date.now()): { first: boolean; limited: boolean } {
    const tally = this.tallyOf(source, now);
    tally.requests += 1;
    const limited = tally.requests > this.perMinute;
    const counted = limited ? 'too many' : kind;
    const first = !tally.byKind[counted];
    tally.byKind[counted] = (tally.byKind[counted] ?? 0) + 1;
    return { first, limited };
  }

  /** The summaries of minutes that have ended (every minute's, when `all`), each once, where more came than were logged in full. */
  drain(now = Date.now(), all = false): RefusalSummary[] {
    if (all || Math.floor(now / MINUTE) !== this.minute) this.endMinute();
    const ended = this.ended.filter((tally) => tally.requests > loggedInFull(tally));
    this.ended = [];
    return ended;
  }

  private tallyOf(source: string, now: number): RefusalSummary {
    const minute = Math.floor(now / MINUTE);
    if (minute !== this.minute) {
      this.endMinute();
      this.minute = minute;
    }
    const key = this.sources.has(source) || this.sources.size < this.maxSources ? source : OTHER_SOURCES;
    let tally = this.sources.get(key);
    if (!tally) {
      tally = { source: key, from: new Date(minute * MINUTE).toISOString(), to: new Date((minute + 1) * MINUTE).toISOString(), requests: 0, byKind: {} };
      this.sources.set(key, tally);
    }
    return tally;
  }

  private endMinute(): void {
    this.ended.push(...this.sources.values());
    this.sources = new Map();
  }
}

const loggedInFull = (tally: RefusalSummary) => Object.keys(tally.byKind).filter((kind) => kind !== 'too many').length;
