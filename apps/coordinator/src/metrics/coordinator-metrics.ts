import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Subscription } from 'rxjs';
import { Repository } from 'typeorm';
import { AuditEntry, AuditLog } from '@bfa/audit';
import { Histogram, Metrics, RefusalClass, refusalCounter } from '@bfa/runtime';
import { QUERY_STATES, QueryRecord, QueryState } from '../queries/query.entity';

export const STEPS = ['approval_to_execution', 'execution', 'decryption', 'release'] as const;
type Step = (typeof STEPS)[number];

/** The audit entries a refusal is written as, by reason class. */
const REFUSED: Partial<Record<AuditEntry['type'], RefusalClass>> = {
  'query.refused': 'query',
  'execution.refused': 'execution',
  'decryption.refused': 'decryption',
};

/**
 * The coordinator's metrics: queries by state (read from the store at each scrape), each step's duration as the
 * audit log's own entries time it, and refusals by class. A query id is a key of the in-memory timer only, never a label.
 */
@Injectable()
export class CoordinatorMetrics implements OnModuleInit, OnModuleDestroy {
  readonly refusals: ReturnType<typeof refusalCounter>;
  private readonly steps: Histogram<Step>;
  /** Per running query, when its last step began; forgotten at release or failure (and at a restart). */
  private readonly since = new Map<string, { step: Step | 'approved'; at: number }>();
  private subscription?: Subscription;

  constructor(
    private readonly metrics: Metrics,
    private readonly audit: AuditLog,
    @InjectRepository(QueryRecord) private readonly queries: Repository<QueryRecord>,
  ) {
    this.refusals = refusalCounter(metrics);
    this.steps = metrics.histogram<Step>('bfa_step_duration_seconds', 'Duration of each step of a query, in seconds.', {
      name: 'step',
      values: STEPS,
    });
    metrics.gauge<QueryState>('bfa_queries', "Queries in the coordinator's store, by state.", () => this.byState(), {
      name: 'state',
      values: QUERY_STATES,
    });
  }

  onModuleInit(): void {
    this.subscription = this.audit.appended.subscribe((entry) => this.seen(entry));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** A release that the disclosure rules refuse (the release ledger) rather than a node. */
  disclosureRefused(): void {
    this.refusals.inc('disclosure');
  }

  private seen(entry: AuditEntry): void {
    const refused = REFUSED[entry.type];
    if (refused) this.refusals.inc(refused);
    if (!entry.queryId) return;
    const at = Date.parse(entry.time);
    const next: Partial<Record<AuditEntry['type'], [Step | 'approved' | null, Step | null]>> = {
      'decision.recorded': ['approved', null],
      'execution.dispatched': ['execution', 'approval_to_execution'],
      'execution.completed': [null, 'execution'],
      'decryption.requested': ['decryption', null],
      'decryption.received': ['release', 'decryption'],
      'release.published': [null, 'release'],
    };
    const [begins, ends] = next[entry.type] ?? [undefined, undefined];
    if (ends) this.ended(entry.queryId, ends, at);
    if (begins) this.since.set(entry.queryId, { step: begins, at });
    if (entry.type === 'release.published' || entry.type === 'query.failed' || entry.type === 'query.refused')
      this.since.delete(entry.queryId);
  }

  /** The step that ends must be the one that began (approval_to_execution ends the wait after the last approval). */
  private ended(queryId: string, step: Step, at: number): void {
    const began = this.since.get(queryId);
    const expected = step === 'approval_to_execution' ? 'approved' : step;
    if (began?.step === expected) this.steps.observe(step, (at - began.at) / 1000);
  }

  private async byState(): Promise<Partial<Record<QueryState, number>>> {
    const rows = await this.queries
      .createQueryBuilder('q')
      .select('q.state', 'state')
      .addSelect('COUNT(*)', 'n')
      .groupBy('q.state')
      .getRawMany<{ state: QueryState; n: number }>();
    return Object.fromEntries(rows.filter((r) => QUERY_STATES.includes(r.state)).map((r) => [r.state, Number(r.n)]));
  }
}
