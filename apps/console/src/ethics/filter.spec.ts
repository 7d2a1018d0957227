import type { TaggedEntry } from '../../../../libs/audit/src/federation-audit';
import { filterEntries, NO_FILTER } from './filter';

const entry = (
  log: string,
  seq: number,
  type: string,
  queryId: string | null,
  time: string,
  details: Record<string, unknown> = {},
) =>
  ({
    log,
    seq,
    type,
    queryId,
    time,
    actor: log,
    details,
    prevHash: '',
    hash: `${log}${seq}`,
    writer: log,
    signature: '',
  }) as TaggedEntry;

const entries = [
  entry('coordinator', 1, 'query.submitted', 'q1', '2026-11-30T10:00:00.000Z', { purpose: 'Smart Start prevention' }),
  entry('ggd', 1, 'decision.signed', 'q1', '2026-11-30T10:05:00.000Z', { reason: 'differencing risk' }),
  entry('ggd', 2, 'head.witnessed', null, '2026-11-30T10:06:00.000Z'),
  entry('coordinator', 2, 'query.submitted', 'q2', '2026-11-30T11:00:00.000Z'),
];
const keys = (found: TaggedEntry[]) => found.map((e) => e.hash);

describe("the ethics board's timeline filters", () => {
  it('keeps everything without a filter, and combines filters by query, log and event type', () => {
    expect(keys(filterEntries(entries, NO_FILTER))).toEqual(['coordinator1', 'ggd1', 'ggd2', 'coordinator2']);
    expect(keys(filterEntries(entries, { ...NO_FILTER, queryId: 'q1' }))).toEqual(['coordinator1', 'ggd1']);
    expect(keys(filterEntries(entries, { ...NO_FILTER, queryId: 'q1', log: 'ggd' }))).toEqual(['ggd1']);
    expect(keys(filterEntries(entries, { ...NO_FILTER, type: 'query.submitted' }))).toEqual([
      'coordinator1',
      'coordinator2',
    ]);
  });

  it('searches the text of the details, case-insensitively', () => {
    expect(keys(filterEntries(entries, { ...NO_FILTER, text: 'DIFFERENCING' }))).toEqual(['ggd1']);
    expect(keys(filterEntries(entries, { ...NO_FILTER, text: 'nothing like it' }))).toEqual([]);
  });

  it('filters by time, "up to" taking in the whole minute it names', () => {
    const local = (iso: string) => {
      const d = new Date(iso);
      const pad = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
    };
    expect(
      keys(
        filterEntries(entries, {
          ...NO_FILTER,
          from: local('2026-11-30T10:05:00Z'),
          to: local('2026-11-30T10:06:00Z'),
        }),
      ),
    ).toEqual(['ggd1', 'ggd2']);
  });
});
