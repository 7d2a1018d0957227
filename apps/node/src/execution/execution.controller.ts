import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '@bfa/audit';
import { canonicalHash, NO_RANDOMNESS, packCells, PackingLayout } from '@bfa/crypto';
import { contributionLayouts, isRate, magnitudeVector, PolicySet } from '@bfa/policy';
import { DataEdition } from '@bfa/records';
import {
  ExecuteMessage,
  QueryEnvelope,
  Reply,
  SignedContributionDto,
  queryHash,
  signContribution,
  subjects,
} from '@bfa/protocol';
import { answer, Refusal } from '@bfa/runtime';
import { DataEditionsLog } from '../audit/data-editions-log';
import { refusalLogger } from '../audit/node-audit';
import { NodeKeys } from '../keys/node-keys';
import { NODE_CONFIG, NODE_ORG, NodeConfig } from '../node.config';
import { POLICIES } from '../node.providers';
import { checkAllApproved, checkApprovedQuery, checkGroundsStillAccepted } from '../proposals/approved-query';
import { RandomizerSupply } from '../precompute/randomizer-supply';
import { ProposalStore } from '../proposals/proposal-store.service';
import { DatasetUse } from './dataset-use';
import { LocalCells, runLocalQuery } from './local-query';
import { heldDatasets, runRateQuery } from './rate-query';
import { RECORDS } from './records';

/** Runs an approved query on this node's own records and answers with encrypted, signed cell vectors. */
@Controller()
export class ExecutionController {
  private readonly logger = new Logger(ExecutionController.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    @InjectDataSource(RECORDS) private readonly records: DataSource,
    private readonly audit: AuditLog,
    private readonly randomizers: RandomizerSupply,
    private readonly editions: DataEditionsLog,
    private readonly datasets: DatasetUse,
  ) {}

  @MessagePattern(subjects.execute(NODE_ORG))
  execute(@Payload() payload: unknown): Promise<Reply<SignedContributionDto>> {
    return answer(
      this.logger,
      'execution',
      async () => {
        const { envelope, approvals } = this.keys.coordinatorMessages.accept(
          ExecuteMessage,
          subjects.execute(this.keys.org),
          payload,
        );
        checkApprovedQuery(await this.store.find(envelope.id), envelope, this.keys.stewardPublicKey());
        checkAllApproved(envelope, approvals, this.keys.registry, {
          maxAgeMs: this.config.approvalValidityHours * 3_600_000,
        });
        checkGroundsStillAccepted(this.policies, this.keys.org, envelope);
        if (envelope.keyId !== this.keys.keyId)
          throw new Refusal(
            `query ${envelope.id} is under key ${envelope.keyId}; this node encrypts under ${this.keys.keyId}`,
          );
        const sent = await this.store.contribution(envelope.id);
        if (sent) return this.sendAgain(sent);
        await this.editions.logNewEditions();
        const { result: cells, editions } = await this.readCells(envelope);
        const layouts = contributionLayouts(this.policies.catalog, envelope.spec, this.keys.registry.paillier.bits);
        const signed = signContribution(
          {
            queryId: envelope.id,
            queryHash: queryHash(envelope),
            org: this.keys.org,
            keyId: this.keys.keyId,
            contributors: this.encrypt(cells.contributors, layouts.contributors),
            magnitudes: cells.magnitudes && this.encrypt(magnitudeVector(cells.magnitudes), layouts.magnitudes!),
            editions,
          },
          this.keys.signingSecretKey,
        );
        const contributionHash = canonicalHash(signed.contribution);
        try {
          await this.store.markExecuted(envelope.id, contributionHash, signed);
        } catch (error) {
          // The same request twice at once (a coordinator restarted mid-execution): the first one kept is the only one ever sent.
          const kept = await this.store.contribution(envelope.id);
          if (kept) return this.sendAgain(kept);
          throw error;
        }
        await this.audit.append({
          type: 'execution.performed',
          queryId: envelope.id,
          actor: this.keys.org,
          details: {
            queryHash: signed.contribution.queryHash,
            keyId: signed.contribution.keyId,
            contributionHash,
            editions: editions.map((e) => e.edition),
            ciphertexts: signed.contribution.contributors.length + (signed.contribution.magnitudes?.length ?? 0),
            ...(this.config.benchPlaintext ? { benchPlaintext: true } : {}),
          },
        });
        this.randomizers.topUp();
        this.logger.log(
          `query ${envelope.id} executed: ${cells.contributors.length} cells in ${signed.contribution.contributors.length} packed ciphertexts`,
        );
        return signed;
      },
      refusalLogger(this.audit, 'execution.refused', 'coordinator', payload),
    );
  }

  /**
   * Asked again for a query it already executed (the coordinator restarted): the contribution it sent, never a second
   * encryption of the records, logged again so the cross-check matches every time the coordinator received it.
   */
  private async sendAgain(sent: SignedContributionDto): Promise<SignedContributionDto> {
    const { queryId, queryHash, keyId } = sent.contribution;
    const contributionHash = canonicalHash(sent.contribution);
    const ciphertexts = sent.contribution.contributors.length + (sent.contribution.magnitudes?.length ?? 0);
    await this.audit.append({
      type: 'execution.performed',
      queryId,
      actor: this.keys.org,
      details: { queryHash, keyId, contributionHash, ciphertexts, repeated: true },
    });
    this.logger.log(`query ${queryId} asked again: the contribution already sent, sent again`);
    return sent;
  }

  /** This node's cells of the query: a rate reads the part(s) it holds, any other query its dataset. */
  private readCells(envelope: QueryEnvelope): Promise<{ result: LocalCells; editions: DataEdition[] }> {
    const { catalog } = this.policies;
    if (!isRate(envelope.spec))
      return this.datasets.reading(envelope.spec.dataset, envelope.id, () =>
        runLocalQuery(this.records, catalog, envelope.spec),
      );
    return this.datasets.readingAll(heldDatasets(catalog, envelope.spec, this.keys.org), envelope.id, () =>
      runRateQuery(this.records, catalog, envelope.spec, this.keys.org),
    );
  }

  private encrypt(values: bigint[], layout: PackingLayout): string[] {
    let packed: bigint[];
    try {
      packed = packCells(values, layout);
    } catch {
      throw new Refusal(
        `a cell of this node exceeds the catalog's declared bounds (maxRecordsPerHolder, the field's max): nothing was encrypted`,
      );
    }
    // The bench's plaintext floor only (refused at start outside its local cluster): no randomness, the value in the clear.
    return this.keys.encryptor.encryptVector(
      packed,
      this.config.benchPlaintext ? NO_RANDOMNESS : this.randomizers.pool,
    );
  }
}
