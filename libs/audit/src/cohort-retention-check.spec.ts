import { AuditEntry, AuditInput } from './audit-entry';
import { cohortRetentionFindings } from './cohort-retention-check';
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

/** A cohort released on 1 January, naming `before` when it is an after cohort; no retention of its own. */
const released = (queryId: string, before?: string) => [
  entry('query.submitted', queryId, '2026-01-01T09:00:00.000Z', before ? { before } : {}),
  entry('release.published', queryId, '2026-01-01T10:00:00.000Z', { tableHash: `hash-${queryId}` }),
];
const removed = (queryId: string, time: string, withRelease?: string) =>
  entry('release.removed', queryId, time, { tableHash: `hash-${queryId}`, ...(withRelease ? { withRelease } : {}) });
const NOW = new Date('2026-03-01T00:00:00.000Z');

describe("a cohort's release and its before cohort's, in the coordinator's log", () => {
  it('is clean when the after cohort went in the same sweep as its before cohort, or while both are kept', () => {
    const both = [
      ...released('q2023'),
      ...released('q2024', 'q2023'),
      removed('q2023', '2026-01-31T10:00:00.000Z'),
      removed('q2024', '2026-01-31T10:00:01.000Z', 'q2023'),
    ];
    expect(cohortRetentionFindings(both, NOW)).toEqual([]);
    expect(cohortRetentionFindings([...released('q2023'), ...released('q2024', 'q2023')], NOW)).toEqual([]);
  });

  it('finds an after cohort whose release survives its before cohort by more than a sweep', () => {
    const log = [...released('q2023'), ...released('q2024', 'q2023'), removed('q2023', '2026-01-31T10:00:00.000Z')];
    const expected = {
      queryId: 'q2024',
      org: 'coordinator',
      problem:
        "the release of cohort query q2024 survives the removal of its before cohort q2023 (removed 2026-01-31T10:00:00.000Z): it republishes that release's counts per arm, and the log shows no removal of it",
    };
    expect(cohortRetentionFindings(log, NOW)).toEqual([expected]);
    // What `bfa ethics verify` and the ethics console run.
    expect(retentionFindings(log, NOW)).toEqual([expected]);
    // Within the sweep that removes both (a crash between the two is finished at the next start): not yet.
    expect(cohortRetentionFindings(log, new Date('2026-01-31T10:05:00.000Z'))).toEqual([]);
  });

  it('finds a release removed with the retention of a before cohort the log shows no removal of', () => {
    const log = [
      ...released('q2023'),
      ...released('q2024', 'q2023'),
      removed('q2024', '2026-01-31T10:00:01.000Z', 'q2023'),
    ];
    expect(cohortRetentionFindings(log, NOW)).toEqual([
      {
        queryId: 'q2024',
        org: 'coordinator',
        problem:
          'the release of query q2024 was removed with the retention of release q2023, whose removal the log does not show',
      },
    ]);
  });

  it('lets an after cohort go first on a shorter retention of its own, and a chain go together', () => {
    const shorter = [...released('q2023'), ...released('q2024', 'q2023'), removed('q2024', '2026-01-31T10:00:00.000Z')];
    expect(cohortRetentionFindings(shorter, NOW)).toEqual([]);
    const chain = [
      ...released('q2022'),
      ...released('q2023', 'q2022'),
      ...released('q2024', 'q2023'),
      removed('q2022', '2026-01-31T10:00:00.000Z'),
      removed('q2023', '2026-01-31T10:00:01.000Z', 'q2022'),
      removed('q2024', '2026-01-31T10:00:02.000Z', 'q2022'),
    ];
    expect(cohortRetentionFindings(chain, NOW)).toEqual([]);
    expect(cohortRetentionFindings(chain.slice(0, -1), NOW)).toEqual([
      expect.objectContaining({ queryId: 'q2024', problem: expect.stringMatching(/before cohort q2023/) }),
    ]);
  });
});
