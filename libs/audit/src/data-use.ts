import { AuditEntry } from './audit-entry';
import { csvOf } from './processing-register';

/**
 * "Was my child's data used?", answered for one partner's privacy desk from that partner's own node log (and the
 * coordinator's, for what became of each query): which queries read which of its datasets, for which years, when.
 * The logs hold no child, no record and no count of one, so the answer can't and does not say which children.
 */
export interface DataUse {
  queryId: string;
  /** When this partner's node read its records for the query (its first execution.performed). */
  usedAt: string;
  requester: string;
  purpose: string;
  legalBasis: string;
  dpia: string;
  /** This partner's datasets the query read. */
  datasets: string[];
  /** The years of records it read ('all' for every year). */
  period: string;
  /** released, or what else the coordinator's log says became of it ('unknown' without that log). */
  outcome: string;
  releaseHash: string | null;
}

export interface DataUseQuestion {
  /** Only queries that read this dataset. */
  dataset?: string;
  /** Only uses on or after / before this time (ISO 8601; a date means its start, UTC). */
  from?: string;
  until?: string;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');
const texts = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];

function outcomeIn(coordinator: AuditEntry[] | undefined, queryId: string): Pick<DataUse, 'outcome' | 'releaseHash'> {
  if (!coordinator) return { outcome: 'unknown', releaseHash: null };
  const released = coordinator.find((e) => e.queryId === queryId && e.type === 'release.published');
  if (released) return { outcome: 'released', releaseHash: text(released.details.tableHash) || null };
  const failed = coordinator.find(
    (e) => e.queryId === queryId && (e.type === 'query.failed' || e.type === 'execution.refused'),
  );
  return { outcome: failed ? 'not released (failed)' : 'not released yet', releaseHash: null };
}

/** Every query that read this partner's records, oldest first, narrowed to a dataset and a period of use when asked. */
export function dataUse(nodeLog: AuditEntry[], coordinator?: AuditEntry[], question: DataUseQuestion = {}): DataUse[] {
  const from = question.from ? Date.parse(question.from) : -Infinity;
  const until = question.until ? Date.parse(question.until) : Infinity;
  const seen = new Set<string>();
  return nodeLog.flatMap((performed) => {
    if (performed.type !== 'execution.performed' || !performed.queryId || seen.has(performed.queryId)) return [];
    seen.add(performed.queryId);
    const received = nodeLog.find((e) => e.type === 'proposal.received' && e.queryId === performed.queryId);
    const d = received?.details ?? {};
    const datasets = texts(d.datasets).length > 0 ? texts(d.datasets) : [text(d.dataset)].filter(Boolean);
    const time = Date.parse(performed.time);
    if (time < from || time >= until || (question.dataset && !datasets.includes(question.dataset))) return [];
    return [
      {
        queryId: performed.queryId,
        usedAt: performed.time,
        requester: text(d.requester),
        purpose: text(d.purpose),
        legalBasis: text(d.legalBasis),
        dpia: text(d.dpia),
        datasets,
        period: text(d.period) || 'not logged',
        ...outcomeIn(coordinator, performed.queryId),
      },
    ];
  });
}

export const DATA_USE_COLUMNS: (keyof DataUse)[] = [
  'queryId',
  'usedAt',
  'datasets',
  'period',
  'purpose',
  'legalBasis',
  'dpia',
  'requester',
  'outcome',
  'releaseHash',
];

export const dataUseCsv = (uses: DataUse[]): string => csvOf(uses, DATA_USE_COLUMNS);

/** The answer in words, for the privacy desk's letter; the table lists the queries. */
export function dataUseSummary(org: string, uses: DataUse[], question: DataUseQuestion = {}): string[] {
  const period =
    [question.from && `from ${question.from}`, question.until && `before ${question.until}`]
      .filter(Boolean)
      .join(' ') || 'over the whole log';
  const scope = question.dataset ? `its dataset ${question.dataset}` : 'its datasets';
  const datasets = [...new Set(uses.flatMap((u) => u.datasets))].sort();
  return [
    uses.length === 0
      ? `${org}'s node log records no query that read ${scope} ${period}.`
      : `${org}'s node log records ${uses.length} quer${uses.length === 1 ? 'y' : 'ies'} that read ${scope} ${period} (${datasets.join(', ')}): listed below with their purpose, legal basis, DPIA and the years of records each read.`,
    'Each query counted every record of those years that matched its filters and released only aggregate tables per wijk and age band; ' +
      'no log records which children were counted, so whether one particular child was among them cannot be told from the logs, by design.',
  ];
}
