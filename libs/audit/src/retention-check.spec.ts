import { AuditEntry, AuditInput } from './audit-entry';
import { retentionFindings } from './retention-check';

let seq = 0;
const entry = (
  type: AuditInput['type'],
  queryId: string,
  time: string,
  details: Record<string, unknown> = {},
): AuditEntry => ({
  type,
  queryId,
  actor: 'coordinator',
  details,
  time,
  seq: seq++,
  prevHash: '',
  hash: '',
  writer: 'coordinator',
  signature: '',
});

const released = (queryId: string, retentionDays: number) => [
  entry('query.submitted', queryId, '2026-01-01T09:00:00.000Z', { retentionDays }),
  entry('release.published', queryId, '2026-01-01T10:00:00.000Z', { tableHash: `hash-${queryId}` }),
];
const NOW = new Date('2026-03-01T00:00:00.000Z');

describe("retention in the coordinator's log", () => {
  it('is clean while a release is within its retention, and once it is removed with the hash it was published with', () => {
    expect(
      retentionFindings(
        [
          ...released('q1', 365),
          ...released('q2', 30),
          entry('release.removed', 'q2', '2026-01-31T10:30:00.000Z', { tableHash: 'hash-q2' }),
        ],
        NOW,
      ),
    ).toEqual([]);
  });

  it('finds a release kept more than a day past its retention', () => {
    expect(retentionFindings(released('q1', 30), NOW)).toEqual([
      {
        queryId: 'q1',
        org: 'coordinator',
        problem:
          'the release of query q1 (published 2026-01-01T10:00:00.000Z, retention 30 days) was due for removal on 2026-01-31 and the log shows no removal',
      },
    ]);
    expect(retentionFindings(released('q1', 30), new Date('2026-02-01T09:59:59.000Z'))).toEqual([]);
  });

  it('finds a removal of another table than the one published, and of one never published', () => {
    const findings = retentionFindings(
      [
        ...released('q1', 30),
        entry('release.removed', 'q1', '2026-01-31T11:00:00.000Z', { tableHash: 'other' }),
        entry('release.removed', 'q9', '2026-01-31T11:00:00.000Z', { tableHash: 'x' }),
      ],
      NOW,
    );
    expect(findings.map((f) => f.problem)).toEqual([
      'the coordinator removed a release of query q1 with hash other, not the hash-q1 it published',
      'the coordinator logged the removal of a release of query q9 that its log never published',
    ]);
  });
});
