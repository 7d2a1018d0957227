import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditLog } from '@bfa/audit';
import { checkAggregateRequest, CombinationManifest, combinationQueryOf } from '@bfa/combination';
import { canonicalHash, proveThresholdPartials } from '@bfa/crypto';
import { PolicySet } from '@bfa/policy';
import { CombinationDecryptionMessage, Reply, SealedReply, sealForCoordinator, subjects } from '@bfa/protocol';
import { answer, Refusal } from '@bfa/runtime';
import { refusalLogger } from '../audit/node-audit';
import { partnerDirectory, refusing } from '../combination/combination-party';
import { CombinationWorkers } from '../combination/combination-workers';
import { NodeKeys } from '../keys/node-keys';
import { NODE_CONFIG, NODE_ORG, NodeConfig } from '../node.config';
import { POLICIES } from '../node.providers';
import { checkApprovedQuery } from '../proposals/approved-query';
import { partialsOnThreads } from './partials-on-threads';
import { ProposalStore } from '../proposals/proposal-store.service';

/**
 * A key holder's partial decryption of a combination's aggregates, only after checking the population
 * holder's signed manifest: the whole chain of receipts, and no aggregate over a cell of fewer than k children
 * (the query's k or this organisation's own, whichever is stricter). Sealed to the coordinator's box key, like every partial.
 */
@Controller()
export class CombinationDecryptionController {
  private readonly logger = new Logger(CombinationDecryptionController.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(POLICIES) private readonly policies: PolicySet,
    private readonly audit: AuditLog,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly workers: CombinationWorkers,
  ) {}

  @MessagePattern(subjects.combinationDecryption(NODE_ORG))
  decrypt(@Payload() payload: unknown): Promise<Reply<SealedReply>> {
    return answer(
      this.logger,
      'combination decryption',
      async () => {
        const { envelope, manifest } = this.keys.coordinatorMessages.accept(
          CombinationDecryptionMessage,
          subjects.combinationDecryption(this.keys.org),
          payload,
        );
        if (!envelope.keyHolders.includes(this.keys.org))
          throw new Refusal(`${this.keys.org} is not a key holder of query ${envelope.id}`);
        checkApprovedQuery(await this.store.find(envelope.id), envelope, this.keys.stewardPublicKey());
        const query = refusing(() => combinationQueryOf(this.policies.catalog, envelope));
        const { share, encryptor, verification } = this.keys.heldKey(envelope.keyId);
        const coordinatorBoxKey = this.keys.coordinatorBoxKey();
        const minRecords = this.policies.organisations[this.keys.org]?.minCellSize;
        const check = checkAggregateRequest(
          query,
          manifest as CombinationManifest,
          encryptor.publicKey,
          partnerDirectory(this.keys.registry).signingPublicKeys,
          { minRecords, benchPlaintext: this.config.benchPlaintext },
        );
        if (!check.ok)
          throw new Refusal(`the aggregates of combination ${envelope.id} are not decrypted: ${check.reason}`);
        const aggregateHash = canonicalHash(check.aggregates);
        const details = { keyId: share.keyId, aggregateHash, manifestHash: canonicalHash(manifest) };
        const kept = await this.store.partialDecryption(envelope.id);
        if (kept) {
          // One aggregate per query, decrypted once: the same one asked again gets the sealed answer already sent.
          if (kept.aggregateHash !== aggregateHash)
            throw new Refusal(`${this.keys.org} already decrypted other aggregates of combination ${envelope.id}`);
          await this.store.countDecryption(envelope.id);
          await this.audit.append({
            type: 'decryption.performed',
            queryId: envelope.id,
            actor: this.keys.org,
            details: { ...details, repeated: true },
          });
          return kept.reply;
        }
        const values = await partialsOnThreads(this.workers, share, check.aggregates);
        const proof = verification && proveThresholdPartials(share, verification, check.aggregates, values);
        const partial = { org: this.keys.org, keyId: share.keyId, values, proof };
        await this.store.keepPartialDecryption(
          envelope.id,
          aggregateHash,
          sealForCoordinator(
            { queryId: envelope.id, keyId: share.keyId, org: this.keys.org },
            partial,
            coordinatorBoxKey,
          ),
        );
        await this.store.countDecryption(envelope.id);
        await this.audit.append({ type: 'decryption.performed', queryId: envelope.id, actor: this.keys.org, details });
        this.logger.log(
          `combination ${envelope.id}: partial decryption of ${values.length} aggregates over ${manifest.records} children`,
        );
        return (await this.store.partialDecryption(envelope.id))!.reply;
      },
      refusalLogger(this.audit, 'decryption.refused', 'coordinator', payload),
    );
  }
}
