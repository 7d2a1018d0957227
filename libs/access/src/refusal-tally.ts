/**
 * Why a request was refused, as a kind: unproven (the request proves nothing about its sender; the reason's text
 * may carry whatever the sender claimed), `too many` (a 429), or `forbidden` (a proven principal outside its role).
 */
export type RefusalKind = 'unsigned' | 'unknown principal' | 'stale' | 'forged' | 'replayed' | 'too many' | 'forbidden';

/** One source's refusals in one minute, as the audit log and the process log keep them. */
export interface RefusalSummary {
  /** An address, or for proven refusals the principal. */
  source: string;
  /** The principal, when the tally counts proven refusals (403s); null for addresses. */
  principal: string | null;
  from: string;
  to: string;
  /** Every refused request from the source that minute, including those logged in full and those answered 429. */
  requests: number;
  byKind: Partial<Record<RefusalKind, number>>;
}

export interface RefusalTallyOptions {
  /** Refusals per source and minute before the source gets 429s. Default 60; Infinity never limits. */
  perMinute?: number;
  /** Sources per minute counted apart; the rest together. Default 10,000. */
  maxSources?: number;
  /** How many of each kind per source and minute are logged in full. Default 1. */
  inFull?: number;
  /** Sources are principals who proved who they are (403s), rather than addresses. */
  proven?: boolean;
}

/** Where a source's count goes once a minute has seen this many sources: memory stays bounded whatever the flood. */
export const OTHER_SOURCES = '(other sources)';

const MINUTE = 60_000;

/**
 * Counts refusals per source and minute, so that a flood of them costs a counter, not an audit entry or a log
 * line each: the first of each kind per source and minute (or the first `inFull`) is logged in full, a 429 only
 * in the process log, the rest only in the minute's summary; past `perMinute` the source is answered 429.
 */
export class RefusalTally {
  private readonly perMinute: number;
  private readonly maxSources: number;
  private readonly inFull: number;
  private minute = -1;
  private sources = new Map<string, RefusalSummary>();
  private ended: RefusalSummary[] = [];

  constructor(private readonly options: RefusalTallyOptions = {}) {
    this.perMinute = options.perMinute ?? 60;
    this.maxSources = options.maxSources ?? 10_000;
    this.inFull = options.inFull ?? 1;
  }

  /** Whether to log this one in full (for a 429: whether it is the first), and whether the source is over its limit. */
  count(
    source: string,
    kind: Exclude<RefusalKind, 'too many'>,
    now = Date.now(),
  ): { inFull: boolean; limited: boolean } {
    const tally = this.tallyOf(source, now);
    tally.requests += 1;
    const limited = tally.requests > this.perMinute;
    const counted = limited ? 'too many' : kind;
    const seen = tally.byKind[counted] ?? 0;
    tally.byKind[counted] = seen + 1;
    return { inFull: seen < (limited ? 1 : this.inFull), limited };
  }

  /** The summaries of minutes that have ended (every minute's, when `all`), each once, where more came than were logged in full. */
  drain(now = Date.now(), all = false): RefusalSummary[] {
    if (all || Math.floor(now / MINUTE) !== this.minute) this.endMinute();
    const ended = this.ended.filter((tally) => tally.requests > this.loggedInFull(tally));
    this.ended = [];
    return ended;
  }

  private loggedInFull(tally: RefusalSummary): number {
    return Object.entries(tally.byKind).reduce(
      (sum, [kind, n]) => sum + (kind === 'too many' ? 0 : Math.min(n, this.inFull)),
      0,
    );
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
      const principal = this.options.proven && key !== OTHER_SOURCES ? key : null;
      tally = {
        source: key,
        principal,
        from: new Date(minute * MINUTE).toISOString(),
        to: new Date((minute + 1) * MINUTE).toISOString(),
        requests: 0,
        byKind: {},
      };
      this.sources.set(key, tally);
    }
    return tally;
  }

  private endMinute(): void {
    this.ended.push(...this.sources.values());
    this.sources = new Map();
  }
}
