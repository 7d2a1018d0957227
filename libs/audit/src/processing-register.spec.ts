import { AuditEntry, AuditInput } from './audit-entry';
import { dataUse, dataUseSummary } from './data-use';
import { processingRegister, registerCsv } from './processing-register';

let seq = 0;
const entry = (writer: string, input: AuditInput & { time: string }): AuditEntry => ({
  ...input,
  seq: seq++,
  prevHash: '',
  hash: '',
  writer,
  signature: '',
});
const coordinator = (
  type: AuditInput['type'],
  queryId: string | null,
  time: string,
  details: Record<string, unknown> = {},
  actor = 'coordinator',
) => entry('coordinator', { type, queryId, actor, details, time });
const node = (
  org: string,
  type: AuditInput['type'],
  queryId: string,
  time: string,
  details: Record<string, unknown> = {},
) => entry(org, { type, queryId, actor: org, details, time });

const GROUNDS = { legalBasis: 'avg-6-1-e-jeugdwet', dpia: 'DPIA-SMARTSTART-2026-01', retentionDays: 365 };
const submitted = (queryId: string, time: string, extra: Record<string, unknown> = {}) =>
  coordinator(
    'query.submitted',
    queryId,
    time,
    {
      queryHash: `hash-${queryId}`,
      dataset: 'risk_signals',
      purpose: `purpose of ${queryId}`,
      ...GROUNDS,
      datasets: ['risk_signals'],
      period: '2024',
      ...extra,
    },
    'analyst.one',
  );

const COORDINATOR: AuditEntry[] = [
  coordinator(
    'query.refused',
    null,
    '2026-11-01T09:00:00Z',
    { problems: ['dataset "x" is not in the catalog'] },
    'analyst.one',
  ),
  submitted('q1', '2026-11-02T09:00:00Z'),
  coordinator('query.proposed', 'q1', '2026-11-02T09:00:01Z', { to: ['gemeente', 'ggd'], refusals: [] }),
  coordinator('decision.recorded', 'q1', '2026-11-02T10:00:00Z', { decision: 'approve' }, 'ggd'),
  coordinator('decision.recorded', 'q1', '2026-11-02T10:05:00Z', { decision: 'approve' }, 'gemeente'),
  coordinator('release.published', 'q1', '2026-11-02T10:10:00Z', {
    tableHash: 'table-q1',
    contributedBy: ['gemeente', 'ggd'],
  }),
  submitted('q2', '2026-11-03T09:00:00Z', {
    dpia: 'DPIA-GGD-JGZ-2025-02',
    datasets: ['children_households', 'pupils'],
    period: 'all',
  }),
  coordinator('query.proposed', 'q2', '2026-11-03T09:00:01Z', {
    to: ['gemeente', 'ggd'],
    refusals: ['gemeente: DPIA unknown'],
  }),
  coordinator('query.refused', 'q2', '2026-11-03T09:00:02Z', { reasons: ['gemeente: DPIA unknown'] }),
  submitted('q3', '2026-11-04T09:00:00Z'),
];
const NODES = {
  ggd: [
    node('ggd', 'proposal.received', 'q1', '2026-11-02T09:00:01Z', {
      queryHash: 'hash-q1',
      requester: 'analyst.one',
      purpose: 'purpose of q1',
      ...GROUNDS,
      datasets: ['risk_signals'],
      period: '2024',
    }),
    node('ggd', 'execution.performed', 'q1', '2026-11-02T10:06:00Z', { contributionHash: 'c1' }),
    node('ggd', 'execution.performed', 'q1', '2026-11-02T10:07:00Z', { contributionHash: 'c1', repeated: true }),
  ],
  gemeente: [
    node('gemeente', 'proposal.received', 'q1', '2026-11-02T09:00:01Z', {
      queryHash: 'hash-q1',
      ...GROUNDS,
      dpia: 'DPIA-OTHER',
    }),
  ],
};

describe('the processing register, from the logs', () => {
  const register = processingRegister(COORDINATOR, NODES);

  it('lists every recorded query once, in order, with grounds, partners, dates and the release hash (refusals before recording are no processing)', () => {
    expect(register.map((r) => [r.queryId, r.outcome])).toEqual([
      ['q1', 'released'],
      ['q2', 'refused'],
      ['q3', 'in progress'],
    ]);
    expect(register[0]).toMatchObject({
      submittedAt: '2026-11-02T09:00:00Z',
      requester: 'analyst.one',
      purpose: 'purpose of q1',
      ...GROUNDS,
      datasets: ['risk_signals'],
      period: '2024',
      partners: ['gemeente', 'ggd'],
      approvedBy: ['gemeente', 'ggd'],
      outcomeAt: '2026-11-02T10:10:00Z',
      contributedBy: ['gemeente', 'ggd'],
      releaseHash: 'table-q1',
    });
    expect(register[1]).toMatchObject({
      dpia: 'DPIA-GGD-JGZ-2025-02',
      datasets: ['children_households', 'pupils'],
      outcomeAt: '2026-11-03T09:00:02Z',
      releaseHash: null,
    });
  });

  it("says which partners' own logs confirm the query's hash, basis and DPIA, and what a partner's log says otherwise", () => {
    expect(register[0]).toMatchObject({ confirmedBy: ['ggd'], discrepancies: ['gemeente: dpia "DPIA-OTHER"'] });
  });

  it('gives the date a release was removed at the end of its retention, keeping its hash and outcome', () => {
    expect(register[0].removedAt).toBeNull();
    const removed = processingRegister(
      [
        ...COORDINATOR,
        coordinator('release.removed', 'q1', '2027-11-02T10:10:05Z', { tableHash: 'table-q1', retentionDays: 365 }),
      ],
      NODES,
    );
    expect(removed[0]).toMatchObject({
      outcome: 'released',
      releaseHash: 'table-q1',
      removedAt: '2027-11-02T10:10:05Z',
    });
    expect(registerCsv(removed).split('\r\n')[1]).toContain('"table-q1","2027-11-02T10:10:05Z"');
  });

  it('writes CSV with a header, every field quoted, and formula-like text defused', () => {
    const csv = registerCsv(
      processingRegister([submitted('q9', '2026-11-05T09:00:00Z', { purpose: '=HYPERLINK("x") "quoted"' })]),
    );
    const [header, line] = csv.split('\r\n');
    expect(header).toMatch(
      /^"queryId","submittedAt","requester","purpose","legalBasis","dpia","retentionDays","datasets","period"/,
    );
    expect(line).toContain(
      `"'=HYPERLINK(""x"") ""quoted""","avg-6-1-e-jeugdwet","DPIA-SMARTSTART-2026-01","365","risk_signals","2024"`,
    );
  });
});

describe("the privacy desk's answer: which queries read which of our datasets, for which years", () => {
  it("lists each query that read this partner's records once, with its grounds and what became of it", () => {
    expect(dataUse(NODES.ggd, COORDINATOR)).toEqual([
      {
        queryId: 'q1',
        usedAt: '2026-11-02T10:06:00Z',
        requester: 'analyst.one',
        purpose: 'purpose of q1',
        legalBasis: GROUNDS.legalBasis,
        dpia: GROUNDS.dpia,
        datasets: ['risk_signals'],
        period: '2024',
        outcome: 'released',
        releaseHash: 'table-q1',
      },
    ]);
  });

  it('narrows to a dataset and a period of use, and says so in words without naming any child', () => {
    expect(dataUse(NODES.ggd, COORDINATOR, { dataset: 'health_monitor' })).toEqual([]);
    expect(dataUse(NODES.ggd, COORDINATOR, { from: '2026-11-03' })).toEqual([]);
    expect(dataUse(NODES.ggd, undefined, { until: '2026-11-03' })).toMatchObject([
      { queryId: 'q1', outcome: 'unknown' },
    ]);
    expect(dataUse(NODES.gemeente, COORDINATOR)).toEqual([]);
    const words = dataUseSummary('ggd', dataUse(NODES.ggd, COORDINATOR), { from: '2026-11-01' });
    expect(words[0]).toBe(
      "ggd's node log records 1 query that read its datasets from 2026-11-01 (risk_signals): listed below with their purpose, legal basis, DPIA and the years of records each read.",
    );
    expect(words[1]).toMatch(/no log records which children were counted/);
  });
});
