import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { AuditLog } from '@bfa/audit';
import { QueryEnvelope } from '@bfa/protocol';
import { COORDINATOR_CONFIG, CoordinatorConfig } from '../coordinator.config';
import { QueryRecord, QueryState } from '../queries/query.entity';
import { ReleaseRecord } from '../queries/release.entity';
import { carriedRemovalNotice, removalNotice, retentionDaysOf } from './retention-period';
import { retentionDue } from './republished-retention';

/** The sweep's clock; a unit test passes its own. Nothing else moves it: no setting shortens a retention. */
export const RETENTION_CLOCK = Symbol('RETENTION_CLOCK');

type Kept = Pick<ReleaseRecord, 'queryId' | 'tableHash' | 'releasedAt' | 'removedAt'>;

/**
 * Removes every release whose retention (release time + the signed query's retentionDays) has run out: at start and
 * every BFA_RETENTION_SWEEP_INTERVAL_MS. The table goes; its hash, the ledger's record and a signed `release.removed`
 * stay. Each step is idempotent and runs in this order, so a crash between two is finished at the next sweep.
 */
@Injectable()
export class ReleaseRetention implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(ReleaseRetention.name);
  private tail: Promise<unknown> = Promise.resolve();
  private timer?: NodeJS.Timeout;

  constructor(
    @InjectRepository(ReleaseRecord) private readonly releases: Repository<ReleaseRecord>,
    @InjectRepository(QueryRecord) private readonly queries: Repository<QueryRecord>,
    private readonly audit: AuditLog,
    @Inject(COORDINATOR_CONFIG) private readonly config: Pick<CoordinatorConfig, 'retentionSweepIntervalMs'>,
    @Optional() @Inject(RETENTION_CLOCK) private readonly now: () => Date = () => new Date(),
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.sweep();
    if (this.config.retentionSweepIntervalMs > 0) {
      this.timer = setInterval(
        () => this.sweep().catch((error) => this.logger.error(`retention sweep failed: ${(error as Error).stack}`)),
        this.config.retentionSweepIntervalMs,
      );
      this.timer.unref();
    }
  }

  /** A sweep under way finishes before the store closes (a stop mid-sweep otherwise logged it as failed). */
  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.tail;
  }

  /** One sweep at a time; resolves with the ids of the releases it removed. */
  sweep(): Promise<string[]> {
    const done = this.tail.then(() => this.sweepNow());
    this.tail = done.catch(() => undefined);
    return done;
  }

  private async sweepNow(): Promise<string[]> {
    const now = this.now();
    const kept: Kept[] = await this.releases.find({ select: ['queryId', 'tableHash', 'releasedAt', 'removedAt'] });
    const queries = await this.queriesOf(kept.map((r) => r.queryId));
    const stored = new Map(
      kept.map((r) => [r.queryId, { releasedAt: r.releasedAt, envelope: queries.get(r.queryId)?.envelope }]),
    );
    const removed: string[] = [];
    for (const release of kept) {
      const query = queries.get(release.queryId);
      // Only an announced release: one stored but not yet announced (a restart between the two) is announced first.
      if (query?.state !== 'released') continue;
      const due = retentionDue(release.queryId, stored);
      if (due === null) continue;
      if (!release.removedAt && due.at > now) continue;
      await this.remove(release, retentionDaysOf(query.envelope), now, due.with);
      removed.push(release.queryId);
    }
    return removed;
  }

  /** Empties the table, logs the removal with the hash, moves the query to `removed`; whichever of these is not done yet. */
  private async remove(release: Kept, retentionDays: number | null, now: Date, carried?: string): Promise<void> {
    // Emptying the column only marks the table's bytes free in the file: secure_delete overwrites them with zeros.
    await this.releases.query('PRAGMA secure_delete = ON');
    if (!release.removedAt)
      await this.releases.update({ queryId: release.queryId, removedAt: IsNull() }, { table: '', removedAt: now });
    const [{ removedAt }] = await this.releases.find({ select: ['removedAt'], where: { queryId: release.queryId } });
    const notice = carried ? carriedRemovalNotice(removedAt!, carried) : removalNotice(removedAt!, retentionDays!);
    if (!(await this.audit.entries({ queryId: release.queryId })).some((e) => e.type === 'release.removed')) {
      await this.audit.append({
        type: 'release.removed',
        queryId: release.queryId,
        actor: 'coordinator',
        details: {
          tableHash: release.tableHash,
          releasedAt: release.releasedAt.toISOString(),
          retentionDays,
          removedAt: removedAt!.toISOString(),
          ...(carried ? { withRelease: carried } : {}),
          ledger: 'kept',
        },
      });
    }
    await this.queries.update({ id: release.queryId, state: 'released' }, { state: 'removed', reason: notice });
    this.logger.log(`query ${release.queryId}: ${notice}`);
  }

  private async queriesOf(ids: string[]): Promise<Map<string, { state: QueryState; envelope: QueryEnvelope }>> {
    const records = ids.length
      ? await this.queries.find({ select: ['id', 'envelope', 'state'], where: { id: In(ids) } })
      : [];
    return new Map(records.map((r) => [r.id, { state: r.state, envelope: JSON.parse(r.envelope) }]));
  }
}
