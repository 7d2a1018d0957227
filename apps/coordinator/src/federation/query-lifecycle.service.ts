import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import { canonicalJson } from '@bfa/crypto';
import { QueryEnvelope, Registry, SignedDecision, queryHash, requiredApprovers, verifyDecision } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { isCombination } from '@bfa/policy';
import { REGISTRY } from '../coordinator.providers';
import { QueryRegistry } from '../queries/query-registry.service';
import { CombinationPipeline } from './combination-pipeline.service';
import { ProtocolVersions } from './protocol-versions';
import { ReleasePipeline } from './release-pipeline.service';

/** Follows a query from the stewards' decisions to execution: all must approve, one rejection ends it. */
@Injectable()
export class QueryLifecycle {
  private readonly logger = new Logger(QueryLifecycle.name);
  /** Decisions being recorded now, by their exact signed bytes: a resend of one joins it instead of queueing again. */
  private readonly recording = new Map<string, Promise<'now' | 'before'>>();

  constructor(
    private readonly registry: QueryRegistry,
    private readonly audit: AuditLog,
    private readonly pipeline: ReleasePipeline,
    private readonly combinations: CombinationPipeline,
    @Inject(REGISTRY) private readonly keys: Registry,
    private readonly protocol: ProtocolVersions,
  ) {}

  /**
   * Counts a verified decision once: the same signed decision again (a node's outbox resending) is `before`, a
   * different one refused. A resend that arrives while the first is still being recorded gets the first's answer:
   * when the coordinator falls behind (the load bench's 100 queries at once), outboxes resend every ~20 s, and each
   * resend queued its own store reads and signature check behind the rest, so it fell further behind.
   */
  recordDecision(signed: SignedDecision): Promise<'now' | 'before'> {
    const key = canonicalJson(signed);
    const running = this.recording.get(key);
    if (running) return running.then(() => 'before');
    const recorded = this.recordOnce(signed).finally(() => this.recording.delete(key));
    this.recording.set(key, recorded);
    return recorded;
  }

  private async recordOnce(signed: SignedDecision): Promise<'now' | 'before'> {
    const { queryId, org, decision } = signed.statement;
    const envelope = await this.registry.envelope(queryId);
    if (!envelope) throw new Refusal(`decision for unknown query ${queryId}`);
    if (!requiredApprovers(envelope).includes(org))
      throw new Refusal(`${org} is not asked to decide on query ${queryId}`);
    if (signed.statement.queryHash !== queryHash(envelope))
      throw new Refusal(`${org}'s decision is for another version of query ${queryId}`);
    const stewardKey = this.keys.organisations[org]?.stewardPublicKey;
    if (!stewardKey || !verifyDecision(signed, stewardKey))
      throw new Refusal(`${org}'s decision on query ${queryId} is not signed by its steward`);
    const added = await this.registry.addDecision(signed);
    if (added === 'different') throw new Refusal(`${org} already decided on query ${queryId}`);
    if (added === 'added') {
      await this.audit.append({
        type: 'decision.recorded',
        queryId,
        actor: org,
        details: { decision, reason: signed.statement.reason, queryHash: signed.statement.queryHash },
      });
      this.logger.log(`query ${queryId}: ${org} decided ${decision}`);
    }
    // Also for a resent decision: the coordinator may have stopped between recording it and moving the query on.
    await this.advance(queryId);
    return added === 'added' ? 'now' : 'before';
  }

  /** Moves a proposed query on once its decisions are in: rejected, or executing (and the pipeline started). */
  async advance(queryId: string): Promise<void> {
    const envelope = (await this.registry.envelope(queryId))!;
    const decisions = await this.registry.signedDecisions(queryId);
    const rejection = decisions.find((d) => d.statement.decision === 'reject');
    if (rejection) {
      if (
        await this.registry.transition(
          queryId,
          'proposed',
          'rejected',
          `rejected by ${rejection.statement.org}: ${rejection.statement.reason}`,
        )
      ) {
        this.logger.log(`query ${queryId} rejected by ${rejection.statement.org}; it will not run anywhere`);
      }
      return;
    }
    const approved = new Set(decisions.map((d) => d.statement.org));
    if (!requiredApprovers(envelope).every((org) => approved.has(org))) return;
    if (await this.registry.transition(queryId, 'proposed', 'executing')) void this.execute(envelope, decisions);
  }

  /** Asked again before any data moves: a node may have been put back to an older version since the proposal. */
  private async execute(envelope: QueryEnvelope, decisions: SignedDecision[]): Promise<void> {
    const outdated = await this.protocol.problems(envelope);
    if (outdated.length > 0) {
      if (!(await this.registry.transition(envelope.id, 'executing', 'refused', outdated.join('; ')))) return;
      await this.audit.append({
        type: 'query.refused',
        queryId: envelope.id,
        actor: 'coordinator',
        details: { reasons: outdated },
      });
      this.logger.warn(`query ${envelope.id} refused before execution: ${outdated.join('; ')}`);
      return;
    }
    await (isCombination(envelope.spec)
      ? this.combinations.run(envelope, decisions)
      : this.pipeline.run(envelope, decisions));
  }
}
