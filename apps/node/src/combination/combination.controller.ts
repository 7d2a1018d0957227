import { Controller, Inject, Logger } from '@nestjs/common';
import { ClientProxy, MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { NatsConnection } from 'nats';
import { AuditLog } from '@bfa/audit';
import {
  applyFactorOnThreads,
  CombinationQuery,
  combinationHops,
  combinationQueryHash,
  combinationQueryOf,
  finishCombinationOnThreads,
  PartyContext,
  populationHoldsFactor,
  pseudonymSet,
  SealedHop,
  SealedHopHeader,
  sealedHopHeader,
  startCombinationOnThreads,
} from '@bfa/combination';
import { canonicalHash, SealedBox } from '@bfa/crypto';
import { CombinationQuerySpec, factorAt, isCombination, PolicySet } from '@bfa/policy';
import {
  CombinationHopMessage,
  ExecuteMessage,
  FramedChunk,
  FramedHopChunkDelivery,
  FramedPayload,
  HopChunkDelivery,
  HopChunkRequest,
  HopSendRequest,
  HopTransferReport,
  QueryEnvelope,
  Reply,
  SealedReply,
  sealForCoordinator,
  SignedDecision,
  subjects,
} from '@bfa/protocol';
import { DataEdition } from '@bfa/records';
import { answer, Refusal } from '@bfa/runtime';
import { DataEditionsLog } from '../audit/data-editions-log';
import { refusalLogger } from '../audit/node-audit';
import { DatasetUse } from '../execution/dataset-use';
import { RECORDS } from '../execution/records';
import { NodeKeys } from '../keys/node-keys';
import { FRESHNESS_MS } from '../keys/coordinator-messages';
import { NODE_CONFIG, NODE_ORG, NodeConfig } from '../node.config';
import { COORDINATOR, POLICIES } from '../node.providers';
import { checkAllApproved, checkApprovedQuery, checkGroundsStillAccepted } from '../proposals/approved-query';
import { ProposalStore } from '../proposals/proposal-store.service';
import { childrenWithFactor, populationChildren } from './combination-records';
import { RandomizerSupply } from '../precompute/randomizer-supply';
import { partyContext, recordsInHop, refusing, refusingAsync } from './combination-party';
import { CombinationRuns } from './combination-runs';
import { CombinationWorkers } from './combination-workers';
import { pushHop } from './hop-push';
import { receivePushedChunk } from './pushed-chunk';
import { PushedTransfers } from './pushed-transfers';
import { PushedRefusals } from './pushed-refusals';

/**
 * This node's steps of a combination query: as population holder it starts and finishes the run, as factor
 * holder it applies its factor; in between each hop's sealed chunks go from partner to partner as the coordinator
 * authorises (or, with a partner of before protocol version 4, the coordinator relays them), never opened on the way.
 */
@Controller()
export class CombinationController {
  private readonly logger = new Logger(CombinationController.name);
  /** Any partner may push here (protocol version 4): its refusals are journalled sparingly (pushed-refusals.ts). */
  private readonly pushRefusals = new PushedRefusals(this.logger);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    private readonly runs: CombinationRuns,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @InjectDataSource(RECORDS) private readonly records: DataSource,
    private readonly audit: AuditLog,
    private readonly randomizers: RandomizerSupply,
    private readonly editions: DataEditionsLog,
    private readonly datasets: DatasetUse,
    private readonly workers: CombinationWorkers,
    private readonly pushes: PushedTransfers,
    /** This node's NATS client (replies on its own inbox): it pushes its hops' chunks to their recipients. */
    @Inject(COORDINATOR) private readonly nats: ClientProxy,
  ) {}

  @MessagePattern(subjects.combinationStart(NODE_ORG))
  start(@Payload() payload: unknown): Promise<Reply<SealedHopHeader>> {
    return answer(
      this.logger,
      'combination start',
      async () => {
        const { envelope, approvals } = this.keys.coordinatorMessages.accept(
          ExecuteMessage,
          subjects.combinationStart(this.keys.org),
          payload,
        );
        const { query, spec } = await this.approvedCombination(envelope, approvals, 'population');
        await this.editions.logNewEditions();
        const own = populationHoldsFactor(query) ? factorAt(this.policies.catalog, spec, this.keys.org)! : null;
        const ownFactor =
          own &&
          (await this.datasets.reading(own.dataset, query.queryId, () =>
            childrenWithFactor(this.records, this.policies.catalog, own),
          ));
        const population = await this.datasets.reading(spec.dataset, query.queryId, () =>
          populationChildren(this.records, this.policies.catalog, spec, ownFactor?.result ?? null),
        );
        const children = population.result;
        const editions = [...population.editions, ...(ownFactor?.editions ?? [])];
        const secret = this.keys.pseudonymSecret(query.secretId);
        await this.randomizers.ensure(children.length);
        const { state, hop } = await refusingAsync(() =>
          startCombinationOnThreads(this.party(query, editions), secret, children, this.workers),
        );
        this.runs.keepPopulation(query.queryId, state);
        this.randomizers.topUp();
        return this.performed(query, hop, 'started');
      },
      refusalLogger(this.audit, 'execution.refused', 'coordinator', payload),
    );
  }

  @MessagePattern(subjects.combinationApply(NODE_ORG))
  apply(@Payload() payload: unknown): Promise<Reply<SealedHopHeader>> {
    return answer(
      this.logger,
      'combination factor',
      async () => {
        const { envelope, approvals, hop } = this.keys.coordinatorMessages.accept(
          CombinationHopMessage,
          subjects.combinationApply(this.keys.org),
          payload,
        );
        const { query, spec } = await this.approvedCombination(envelope, approvals, 'factor');
        await this.editions.logNewEditions();
        const factor = factorAt(this.policies.catalog, spec, this.keys.org)!;
        const { result: clients, editions } = await this.datasets.reading(factor.dataset, query.queryId, () =>
          childrenWithFactor(this.records, this.policies.catalog, factor),
        );
        const withFactor = pseudonymSet(this.keys.pseudonymSecret(query.secretId), query.queryId, clients);
        const sealed = this.runs.incomingHop(hop);
        this.pushes.spend(hop.queryId, hop.step);
        await this.randomizers.ensure(recordsInHop(sealed, this.keys.encryptor));
        const out = await refusingAsync(() =>
          applyFactorOnThreads(this.party(query, editions), sealed, withFactor, this.workers),
        );
        this.randomizers.topUp();
        return this.performed(query, out, `applied "${factor.label}"`);
      },
      refusalLogger(this.audit, 'execution.refused', 'coordinator', payload),
    );
  }

  @MessagePattern(subjects.combinationFinish(NODE_ORG))
  finish(@Payload() payload: unknown): Promise<Reply<SealedReply>> {
    return answer(
      this.logger,
      'combination finish',
      async () => {
        const { envelope, approvals, hop } = this.keys.coordinatorMessages.accept(
          CombinationHopMessage,
          subjects.combinationFinish(this.keys.org),
          payload,
        );
        const coordinatorBoxKey = this.keys.coordinatorBoxKey();
        const { query } = await this.approvedCombination(envelope, approvals, 'population', { executed: true });
        const sealed = this.runs.incomingHop(hop);
        this.pushes.spend(hop.queryId, hop.step);
        const state = this.runs.takePopulation(query.queryId);
        const manifest = await refusingAsync(() =>
          finishCombinationOnThreads(this.party(query), state, sealed, this.workers),
        );
        this.runs.end(query.queryId);
        await this.audit.append({
          type: 'execution.performed',
          queryId: query.queryId,
          actor: this.keys.org,
          details: {
            queryHash: combinationQueryHash(query),
            step: 'manifest',
            contributionHash: canonicalHash(manifest),
            records: manifest.records,
            withheldCells: manifest.withheld.length,
          },
        });
        this.randomizers.topUp();
        this.logger.log(
          `combination ${query.queryId}: manifest of ${manifest.aggregates.length} aggregates signed, ${manifest.withheld.length} cells withheld`,
        );
        // Sealed: its per-cell counts of the population, small cells included, are for the coordinator and the key holders only.
        return sealForCoordinator(
          { queryId: query.queryId, keyId: envelope.keyId, org: this.keys.org },
          manifest,
          coordinatorBoxKey,
        );
      },
      refusalLogger(this.audit, 'execution.refused', 'coordinator', payload),
    );
  }

  @MessagePattern(subjects.hopChunkFetch(NODE_ORG))
  fetchChunk(@Payload() payload: unknown): Promise<Reply<{ chunk: SealedBox | FramedChunk }>> {
    return answer(this.logger, 'chunk fetch', async () => {
      const { queryId, step, index, wire } = this.keys.coordinatorMessages.accept(
        HopChunkRequest,
        subjects.hopChunkFetch(this.keys.org),
        payload,
      );
      const chunk = this.runs.outgoingChunk(queryId, step, index);
      return { chunk: wire === 'binary' ? FramedChunk.of(chunk) : chunk };
    });
  }

  /** In a binary frame (the coordinator's since issue 16) or as JSON (a coordinator of before): the same checks, the same chunk kept. */
  @MessagePattern(subjects.hopChunkDeliver(NODE_ORG))
  deliverChunk(@Payload() payload: unknown): Promise<Reply<{ received: number }>> {
    return answer(this.logger, 'chunk delivery', async () => {
      const subject = subjects.hopChunkDeliver(this.keys.org);
      if (!(payload instanceof FramedPayload)) {
        const { queryId, step, index, chunk } = this.keys.coordinatorMessages.accept(
          HopChunkDelivery,
          subject,
          payload,
        );
        await this.checkAddressedHere(queryId, step);
        this.runs.deliver(queryId, step, index, chunk);
        return { received: index };
      }
      const { queryId, step, index, chunk } = this.keys.coordinatorMessages.accept(
        FramedHopChunkDelivery,
        subject,
        payload.message,
      );
      await this.checkAddressedHere(queryId, step);
      this.runs.deliver(
        queryId,
        step,
        index,
        refusing(() => new FramedChunk(chunk, payload.bytes).sealedBox()),
      );
      return { received: index };
    });
  }

  /** Protocol version 4: the coordinator asks this node to send its sealed hop to the recipient itself, chunk by chunk. */
  @MessagePattern(subjects.hopSend(NODE_ORG))
  send(@Payload() payload: unknown): Promise<Reply<HopTransferReport>> {
    return answer(this.logger, 'hop send', async () => {
      const { queryId, step, to } = this.keys.coordinatorMessages.accept(
        HopSendRequest,
        subjects.hopSend(this.keys.org),
        payload,
      );
      const hop = this.runs.outgoingHop(queryId, step);
      if (hop.to !== to) throw new Refusal(`step ${step} of query ${queryId} was sealed to ${hop.to}, not to ${to}`);
      await this.nats.connect();
      // The request as the coordinator signed it is the authorisation the recipient checks.
      const authorisation = payload as HopSendRequest;
      const report = await pushHop(this.nats.unwrap<NatsConnection>(), hop, authorisation, this.keys.signingSecretKey);
      this.logger.log(
        `combination ${queryId}: step ${step} pushed to ${to}, ${report.chunks} chunks, ${(report.bytes / 1e6).toFixed(1)} MB in ${report.seconds.toFixed(2)} s`,
      );
      return report;
    });
  }

  /** A chunk its sender pushed (protocol version 4), kept where a relayed one goes once every check passed (pushed-chunk.ts). */
  @MessagePattern(subjects.hopChunkPushed(NODE_ORG))
  pushedChunk(@Payload() payload: unknown): Promise<Reply<{ received: number }>> {
    return answer(this.pushRefusals, 'pushed chunk', async () => {
      const received = await receivePushedChunk(payload, {
        org: this.keys.org,
        registry: this.keys.registry,
        freshnessMs: FRESHNESS_MS,
        runs: this.runs,
        pushes: this.pushes,
        addressedHere: (queryId, step, from) => this.checkAddressedHere(queryId, step, from),
      });
      return { received };
    });
  }

  /**
   * Only the one hop of a query this node's steward approved that the chain sends to this node (from `from`, when
   * the sender says who it is): nobody can park data here otherwise (the chain comes from the stored envelope, not
   * from the request).
   */
  private async checkAddressedHere(queryId: string, step: number, from?: string): Promise<void> {
    const proposal = await this.store.find(queryId);
    if (proposal?.decision?.statement.decision !== 'approve')
      throw new Refusal(`query ${queryId} is not approved by this node's steward`);
    const query = refusing(() => combinationQueryOf(this.policies.catalog, proposal.envelope));
    const hop = combinationHops(query).find((h) => h.step === step && h.to === this.keys.org);
    if (!hop) throw new Refusal(`step ${step} of query ${queryId} is not addressed to ${this.keys.org}`);
    if (from !== undefined && hop.from !== from)
      throw new Refusal(`step ${step} of query ${queryId} comes from ${hop.from}, not from ${from}`);
  }

  /** The steward approved this very query, everyone else did too, and this node has the role asked of it. */
  private async approvedCombination(
    envelope: QueryEnvelope,
    approvals: SignedDecision[],
    role: 'population' | 'factor',
    options = { executed: false },
  ): Promise<{ query: CombinationQuery; spec: CombinationQuerySpec }> {
    const spec = envelope.spec;
    if (!isCombination(spec)) throw new Refusal(`query ${envelope.id} is not a combination query`);
    const proposal = await this.store.find(envelope.id);
    checkApprovedQuery(proposal, envelope, this.keys.stewardPublicKey());
    checkAllApproved(envelope, approvals, this.keys.registry, {
      maxAgeMs: this.config.approvalValidityHours * 3_600_000,
    });
    checkGroundsStillAccepted(this.policies, this.keys.org, envelope);
    if (envelope.keyId !== this.keys.keyId)
      throw new Refusal(
        `query ${envelope.id} is under key ${envelope.keyId}; this node encrypts under ${this.keys.keyId}`,
      );
    if (options.executed !== (proposal!.state === 'executed'))
      throw new Refusal(
        `query ${envelope.id} is ${proposal!.state} here: this step ${options.executed ? 'ends a run this node started' : 'runs once'}`,
      );
    const query = refusing(() => combinationQueryOf(this.policies.catalog, envelope));
    const isPopulation = query.populationHolder === this.keys.org;
    if (role === 'population' ? !isPopulation : isPopulation || !query.factorHolders.includes(this.keys.org)) {
      throw new Refusal(`${this.keys.org} is not the ${role} holder of combination ${envelope.id}`);
    }
    return { query, spec };
  }

  private party(query: CombinationQuery, editions: DataEdition[] = []): PartyContext {
    return partyContext(this.keys, query, this.randomizers.pool, editions);
  }

  /** One-shot per node: the run is marked executed with the hash of this node's signed receipt (naming the editions it read), and logged. */
  private async performed(query: CombinationQuery, hop: SealedHop, what: string): Promise<SealedHopHeader> {
    const receipt = hop.receipts[hop.receipts.length - 1];
    const contributionHash = canonicalHash(receipt);
    await this.store.markExecuted(query.queryId, contributionHash);
    this.runs.keepOutgoing(hop);
    await this.audit.append({
      type: 'execution.performed',
      queryId: query.queryId,
      actor: this.keys.org,
      details: {
        queryHash: combinationQueryHash(query),
        step: hop.step,
        to: hop.to,
        contributionHash,
        editions: receipt.editions.map((e) => e.edition),
        records: receipt.records,
        chunks: hop.chunks.length,
      },
    });
    this.logger.log(
      `combination ${query.queryId}: ${what}, ${receipt.records} records sealed to ${hop.to} in ${hop.chunks.length} chunks`,
    );
    return sealedHopHeader(hop);
  }
}
