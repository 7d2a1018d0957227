const DAY_MS = 24 * 60 * 60 * 1000;

/** The end of a release's retention: its release time plus the days the signed query states, not a day less. */
export function retentionEnd(releasedAt: Date, retentionDays: number): Date {
  return new Date(releasedAt.getTime() + retentionDays * DAY_MS);
}

/** A query stated no retention before the grounds were required: its release is kept, never removed by a guess. */
export function retentionDaysOf(envelope: { spec: { retentionDays?: unknown } }): number | null {
  const days = envelope.spec.retentionDays;
  return typeof days === 'number' && Number.isInteger(days) && days >= 0 ? days : null;
}

/** What the analyst, the console and the CLI are told instead of the table: when, and after how long. */
export function removalNotice(removedAt: Date, retentionDays: number): string {
  return `release removed on ${removedAt.toISOString().slice(0, 10)} after its retention of ${retentionDays} day${retentionDays === 1 ? '' : 's'}`;
}

/** The same, for a release removed with the earlier release whose counts it carries (a cohort's before cohort). */
export function carriedRemovalNotice(removedAt: Date, carried: string): string {
  return `release removed on ${removedAt.toISOString().slice(0, 10)} with release ${carried}, whose counts it carries and whose retention ended`;
}
