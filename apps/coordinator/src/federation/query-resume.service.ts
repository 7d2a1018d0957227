import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import { isCombination } from '@bfa/policy';
import { QueryEnvelope } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { QueryRegistry } from '../queries/query-registry.service';
import { QuerySubmission } from '../queries/query-submission.service';
import { ReleasedTable } from '../queries/released-table';
import { ReleasePipeline } from './release-pipeline.service';
import { ReleasePublisher } from './release-publisher.service';
import { QueryLifecycle } from './query-lifecycle.service';

/** What a query found `executing` at start needs: its stored release announced, its steps asked again, or an end with a reason. */
export type ResumeStep = { kind: 'announce' } | { kind: 'rerun' } | { kind: 'fail'; reason: string };

export const COMBINATION_NOT_RESUMED =
  'the coordinator restarted during the combination; its chain of sealed hops is not kept, so it cannot carry on: submit the query again';

/**
 * Only the release is kept at the coordinator; every step before it is asked of the nodes again, which answer a
 * step they already took with the answer they already gave (the contribution, the sealed partial decryption),
 * never a second one. A combination's chain is one-shot at every partner: it ends with its reason.
 */
export function resumeStep(envelope: QueryEnvelope, release: ReleasedTable | null): ResumeStep {
  if (release) return { kind: 'announce' };
  if (isCombination(envelope.spec)) return { kind: 'fail', reason: COMBINATION_NOT_RESUMED };
  return { kind: 'rerun' };
}

/**
 * At start, every query still on its way carries on from its last durable step or ends with a recorded reason: none
 * stays `executing`, and none stays `proposed` for want of a proposal or of a move after its last decision.
 */
@Injectable()
export class QueryResume implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueryResume.name);

  constructor(
    private readonly registry: QueryRegistry,
    private readonly lifecycle: QueryLifecycle,
    private readonly pipeline: ReleasePipeline,
    private readonly publisher: ReleasePublisher,
    private readonly submission: QuerySubmission,
    private readonly audit: AuditLog,
  ) {}

  onApplicationBootstrap(): void {
    // Not awaited: the steps take as long as the nodes do, and the coordinator serves meanwhile.
    setImmediate(
      () =>
        void this.resumeAll().catch((error) => this.logger.error(`resuming queries failed: ${(error as Error).stack}`)),
    );
  }

  async resumeAll(): Promise<void> {
    const executing = await this.registry.inState('executing');
    if (executing.length > 0)
      this.logger.log(`${executing.length} query(ies) were executing when the coordinator stopped: carrying on`);
    await Promise.all(executing.map((envelope) => this.resume(envelope)));
    for (const envelope of await this.registry.inState('proposed')) await this.carryOnProposed(envelope);
  }

  /** Proposed again when the coordinator stopped before proposing it (nodes take the same query again as it is); else moved on if its decisions are all in. */
  private async carryOnProposed(envelope: QueryEnvelope): Promise<void> {
    const entries = await this.audit.entries({ queryId: envelope.id });
    if (!entries.some((e) => e.type === 'query.proposed')) {
      this.logger.log(`query ${envelope.id}: the coordinator stopped before proposing it; proposed now`);
      return this.submission.propose(envelope);
    }
    await this.lifecycle.advance(envelope.id);
  }

  private async resume(envelope: QueryEnvelope): Promise<void> {
    const release = await this.registry.release(envelope.id);
    const step = resumeStep(envelope, release);
    this.logger.log(
      `query ${envelope.id}: ${step.kind === 'fail' ? `fails: ${step.reason}` : step.kind === 'announce' ? 'its stored release is announced' : 'its steps are asked of the nodes again'}`,
    );
    if (step.kind === 'announce') return this.publisher.announce(release!, true);
    if (step.kind === 'fail') return this.publisher.fail(envelope, new Refusal(step.reason));
    await this.pipeline.run(envelope, await this.registry.signedDecisions(envelope.id));
  }
}
