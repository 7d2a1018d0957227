import { AuditEntry } from './audit-entry';

/**
 * The processing register (AVG art. 30) and the privacy desk's answer, both read from the audit logs alone.
 * Node-free on purpose, like federation-audit.ts: the ethics board's console may build the same register.
 */

/** One processing: a query the coordinator recorded, with its grounds, partners, dates and release. */
export interface RegisterRow {
  queryId: string;
  queryHash: string;
  submittedAt: string;
  requester: string;
  purpose: string;
  legalBasis: string;
  dpia: string;
  retentionDays: number | null;
  datasets: string[];
  /** The years of records it reads ('all' for every year). */
  period: string;
  /** The partners asked to approve it. */
  partners: string[];
  approvedBy: string[];
  outcome: 'released' | 'failed' | 'refused' | 'rejected' | 'in progress';
  /** When it was released, failed, refused or rejected. */
  outcomeAt: string | null;
  contributedBy: string[];
  /** SHA-256 of the released table, as the coordinator logged it at publication. */
  releaseHash: string | null;
  /** When the coordinator removed the release at the end of its retention (its hash stays); null while it is kept. */
  removedAt: string | null;
  /** Partners whose own node logged this query with the same hash, legal basis and DPIA. */
  confirmedBy: string[];
  /** What a partner's own log says that differs from the coordinator's (empty when all agree). */
  discrepancies: string[];
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
const byQuery = (entries: AuditEntry[], queryId: string, type: AuditEntry['type']) =>
  entries.filter((e) => e.queryId === queryId && e.type === type);

function outcomeOf(
  entries: AuditEntry[],
): Pick<RegisterRow, 'outcome' | 'outcomeAt' | 'contributedBy' | 'releaseHash'> {
  const released = entries.find((e) => e.type === 'release.published');
  if (released)
    return {
      outcome: 'released',
      outcomeAt: released.time,
      contributedBy: texts(released.details.contributedBy),
      releaseHash: text(released.details.tableHash) || null,
    };
  const ended = entries.find(
    (e) =>
      e.type === 'query.failed' ||
      e.type === 'query.refused' ||
      (e.type === 'decision.recorded' && e.details.decision === 'reject'),
  );
  const outcome = !ended
    ? 'in progress'
    : ended.type === 'query.failed'
      ? 'failed'
      : ended.type === 'query.refused'
        ? 'refused'
        : 'rejected';
  return { outcome, outcomeAt: ended?.time ?? null, contributedBy: [], releaseHash: null };
}

/** What each partner's node logged on receiving the query, compared with what the coordinator logged. */
function nodeAccounts(
  row: Pick<RegisterRow, 'queryId' | 'queryHash' | 'legalBasis' | 'dpia'>,
  nodes: Record<string, AuditEntry[]>,
): Pick<RegisterRow, 'confirmedBy' | 'discrepancies'> {
  const confirmedBy: string[] = [];
  const discrepancies: string[] = [];
  for (const [org, entries] of Object.entries(nodes).sort(([a], [b]) => a.localeCompare(b))) {
    const received = byQuery(entries, row.queryId, 'proposal.received')[0];
    if (!received) continue;
    const differs = (['queryHash', 'legalBasis', 'dpia'] as const).filter(
      (key) => received.details[key] !== undefined && received.details[key] !== row[key],
    );
    if (differs.length === 0) confirmedBy.push(org);
    else
      discrepancies.push(
        `${org}: ${differs.map((key) => `${key} ${JSON.stringify(received.details[key])}`).join(', ')}`,
      );
  }
  return { confirmedBy, discrepancies };
}

/** Every query the coordinator's log records as submitted, in order, with what the logs say became of it. */
export function processingRegister(coordinator: AuditEntry[], nodes: Record<string, AuditEntry[]> = {}): RegisterRow[] {
  return coordinator
    .filter((e) => e.type === 'query.submitted' && e.queryId)
    .map((submitted) => {
      const queryId = submitted.queryId!;
      const ofQuery = coordinator.filter((e) => e.queryId === queryId);
      const d = submitted.details;
      const row = {
        queryId,
        queryHash: text(d.queryHash),
        submittedAt: submitted.time,
        requester: submitted.actor,
        purpose: text(d.purpose),
        legalBasis: text(d.legalBasis),
        dpia: text(d.dpia),
        retentionDays: typeof d.retentionDays === 'number' ? d.retentionDays : null,
        datasets: texts(d.datasets).length > 0 ? texts(d.datasets) : [text(d.dataset)],
        period: text(d.period) || 'not logged',
        partners: texts(ofQuery.find((e) => e.type === 'query.proposed')?.details.to),
        approvedBy: ofQuery
          .filter((e) => e.type === 'decision.recorded' && e.details.decision === 'approve')
          .map((e) => e.actor)
          .sort(),
        ...outcomeOf(ofQuery),
        removedAt: ofQuery.find((e) => e.type === 'release.removed')?.time ?? null,
      };
      return { ...row, ...nodeAccounts(row, nodes) };
    });
}

export const REGISTER_COLUMNS: (keyof RegisterRow)[] = [
  'queryId',
  'submittedAt',
  'requester',
  'purpose',
  'legalBasis',
  'dpia',
  'retentionDays',
  'datasets',
  'period',
  'partners',
  'approvedBy',
  'outcome',
  'outcomeAt',
  'contributedBy',
  'releaseHash',
  'removedAt',
  'queryHash',
  'confirmedBy',
  'discrepancies',
];

/** RFC 4180: every field quoted, quotes doubled; lists joined with '; '. A field starting with = + - @ gets a ' so no spreadsheet runs it. */
function csvField(value: unknown): string {
  const plain = Array.isArray(value) ? value.join('; ') : value === null || value === undefined ? '' : String(value);
  const safe = /^[=+\-@]/.test(plain) ? `'${plain}` : plain;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function csvOf<T>(rows: T[], columns: (keyof T)[]): string {
  const lines = [
    columns.map((c) => csvField(c)).join(','),
    ...rows.map((row) => columns.map((c) => csvField(row[c])).join(',')),
  ];
  return lines.join('\r\n') + '\r\n';
}

export const registerCsv = (rows: RegisterRow[]): string => csvOf(rows, REGISTER_COLUMNS);
