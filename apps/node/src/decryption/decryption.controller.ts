import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditLog } from '@bfa/audit';
import {
  canonicalHash,
  PaillierPublicKeyJson,
  plaintextPartials,
  proveThresholdPartials,
  thresholdPartialDecrypt,
  ThresholdShareJson,
  VerificationKeys,
} from '@bfa/crypto';
import { contributorsProblem, datasetsOf, expectedCiphertexts, PolicySet } from '@bfa/policy';
import {
  AggregateDto,
  ContributionChunkMessage,
  PartialDecryption,
  PartialDecryptionMessage,
  QueryEnvelope,
  Reply,
  SealedReply,
  sealForCoordinator,
  SignedContributionDto,
  subjects,
  aggregateContributions,
  contributionProblem,
  unrandomisedContribution,
} from '@bfa/protocol';
import { answer, Refusal } from '@bfa/runtime';
import { refusalLogger } from '../audit/node-audit';
import { NodeKeys } from '../keys/node-keys';
import { NODE_CONFIG, NODE_ORG, NodeConfig } from '../node.config';
import { POLICIES } from '../node.providers';
import { checkApprovedQuery } from '../proposals/approved-query';
import { KeptPartial, ProposalStore } from '../proposals/proposal-store.service';
import { ContributionChunks } from './contribution-chunks';

/**
 * Answers with a partial decryption of a query's aggregate, which this node recomputes itself from the
 * signed contributions of every data holder, so it can't be made to decrypt one partner's vector alone.
 * The answer is sealed to the coordinator's box key: t partials in the clear would be the unprotected table.
 */
@Controller()
export class DecryptionController {
  private readonly logger = new Logger(DecryptionController.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(POLICIES) private readonly policies: PolicySet,
    private readonly audit: AuditLog,
    @Inject(NODE_CONFIG) private readonly config: NodeConfig,
    private readonly chunks: ContributionChunks,
  ) {}

  @MessagePattern(subjects.partialDecryption(NODE_ORG))
  decrypt(@Payload() payload: unknown): Promise<Reply<SealedReply>> {
    return answer(
      this.logger,
      'partial decryption',
      async () => {
        const message = this.keys.coordinatorMessages.accept(
          PartialDecryptionMessage,
          subjects.partialDecryption(this.keys.org),
          payload,
        );
        const { envelope, aggregate: claimed } = message;
        // Taken first: the chunks sent ahead go whether this request is refused or not.
        const contributions = this.contributionsOf(message);
        if (!envelope.keyHolders.includes(this.keys.org))
          throw new Refusal(`${this.keys.org} is not a key holder of query ${envelope.id}`);
        checkApprovedQuery(await this.store.find(envelope.id), envelope, this.keys.stewardPublicKey());
        const { share, encryptor, verification } = this.keys.heldKey(envelope.keyId);
        const coordinatorBoxKey = this.keys.coordinatorBoxKey();
        this.checkContributions(envelope, contributions, encryptor.publicKey);
        const aggregate = aggregateContributions(encryptor, contributions);
        if (
          !sameVector(aggregate.contributors, claimed.contributors) ||
          !sameVector(aggregate.magnitudes, claimed.magnitudes)
        ) {
          throw new Refusal(
            `the aggregate of query ${envelope.id} is not the product of the data holders' signed contributions`,
          );
        }
        const aggregateHash = canonicalHash(aggregate);
        const details = {
          keyId: share.keyId,
          aggregateHash,
          contributions: contributions.map((c) => ({ org: c.contribution.org, hash: canonicalHash(c.contribution) })),
        };
        const kept = await this.store.partialDecryption(envelope.id);
        if (kept) return this.sendAgain(envelope.id, aggregateHash, kept, details);
        const partial = this.partialDecryption(share, aggregate, verification);
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
        const chunked = message.contributionChunks ? `, sent in ${message.contributionChunks.count} chunks` : '';
        this.logger.log(
          `query ${envelope.id}: partial decryption of the aggregate of ${contributions.length} data holders${chunked}`,
        );
        // The one kept: a request that raced this one may have kept its own first.
        return (await this.store.partialDecryption(envelope.id))!.reply;
      },
      refusalLogger(this.audit, 'decryption.refused', 'coordinator', payload),
    );
  }

  /**
   * A chunk of the signed contributions, kept until the partial decryption request that names its batch: only for a
   * query this node's steward approved and this node holds a key share of, so nobody can park data here otherwise.
   */
  @MessagePattern(subjects.contributionChunk(NODE_ORG))
  deliverContributions(@Payload() payload: unknown): Promise<Reply<{ received: number }>> {
    return answer(
      this.logger,
      'contribution chunk',
      async () => {
        const { queryId, batch, index, contributions } = this.keys.coordinatorMessages.accept(
          ContributionChunkMessage,
          subjects.contributionChunk(this.keys.org),
          payload,
        );
        const proposal = await this.store.find(queryId);
        if (!proposal) throw new Refusal(`query ${queryId} was never proposed to this node`);
        checkApprovedQuery(proposal, proposal.envelope, this.keys.stewardPublicKey());
        if (!proposal.envelope.keyHolders.includes(this.keys.org))
          throw new Refusal(`${this.keys.org} is not a key holder of query ${queryId}`);
        this.chunks.deliver(queryId, batch, index, contributions);
        return { received: index };
      },
      // Logged under the query the chunk names, as the request it comes ahead of would be.
      refusalLogger(this.audit, 'decryption.refused', 'coordinator', {
        envelope: { id: (payload as { queryId?: unknown } | null)?.queryId },
      }),
    );
  }

  /** The contributions in the request itself, or the chunks sent ahead of it: one or the other. */
  private contributionsOf(message: PartialDecryptionMessage): SignedContributionDto[] {
    const { envelope, contributions, contributionChunks: chunks } = message;
    if ((contributions === undefined) === (chunks === undefined))
      throw new Refusal(
        `the partial decryption request of query ${envelope.id} must carry its contributions or name their chunks`,
      );
    return contributions ?? this.chunks.take(envelope.id, chunks!.batch, chunks!.count);
  }

  /** One aggregate per query, decrypted once: the same aggregate asked again (a coordinator restarted) gets the sealed answer already sent. */
  private async sendAgain(
    queryId: string,
    aggregateHash: string,
    kept: KeptPartial,
    details: object,
  ): Promise<SealedReply> {
    if (kept.aggregateHash !== aggregateHash)
      throw new Refusal(`${this.keys.org} already decrypted another aggregate of query ${queryId}`);
    await this.store.countDecryption(queryId);
    await this.audit.append({
      type: 'decryption.performed',
      queryId,
      actor: this.keys.org,
      details: { ...details, repeated: true },
    });
    this.logger.log(`query ${queryId} asked again: the partial decryption already sent, sent again`);
    return kept.reply;
  }

  /** c^{2Δs_i} of every aggregate ciphertext, with a proof per vector when the registry publishes verification keys for the key. */
  private partialDecryption(
    share: ThresholdShareJson,
    aggregate: AggregateDto,
    verification: VerificationKeys | undefined,
  ): PartialDecryption {
    if (this.config.benchPlaintext)
      return {
        org: this.keys.org,
        keyId: share.keyId,
        contributors: plaintextPartials(aggregate.contributors),
        magnitudes: aggregate.magnitudes && plaintextPartials(aggregate.magnitudes),
      };
    const contributors = thresholdPartialDecrypt(share, aggregate.contributors);
    const magnitudes = aggregate.magnitudes && thresholdPartialDecrypt(share, aggregate.magnitudes);
    const prove = (ciphertexts: string[], partials: string[]) =>
      proveThresholdPartials(share, verification!, ciphertexts, partials);
    const proofs = verification && {
      contributors: prove(aggregate.contributors, contributors),
      magnitudes: magnitudes && prove(aggregate.magnitudes!, magnitudes),
    };
    return { org: this.keys.org, keyId: share.keyId, contributors, magnitudes, proofs };
  }

  private checkContributions(
    envelope: QueryEnvelope,
    contributions: SignedContributionDto[],
    key: PaillierPublicKeyJson,
  ): void {
    const missing = contributorsProblem(
      this.policies.catalog,
      envelope,
      contributions.map((c) => c.contribution.org),
    );
    if (missing) throw new Refusal(missing);
    const expected = expectedCiphertexts(this.policies.catalog, envelope, key);
    for (const signed of contributions) {
      const org = signed.contribution.org;
      const problem = contributionProblem(signed, {
        ...expected,
        org,
        dataset: datasetsOf(envelope.spec),
        nodePublicKey: this.keys.registry.organisations[org]?.nodePublicKey,
      });
      if (problem) throw new Refusal(problem);
      // The coordinator refuses these too; a key holder doesn't rely on it (a coordinator that let one through).
      const clear = this.config.benchPlaintext ? null : unrandomisedContribution(signed, key);
      if (clear) throw new Refusal(`the aggregate of query ${envelope.id} is not decrypted: ${clear}`);
    }
  }
}

function sameVector(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((value, i) => BigInt(`0x${value}`) === BigInt(`0x${b[i]}`));
}
