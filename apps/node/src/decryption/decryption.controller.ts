import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { partialDecrypt } from '@bfa/crypto';
import { cellGrid, PolicySet } from '@bfa/policy';
import {
  PartialDecryption,
  PartialDecryptionMessage,
  QueryEnvelope,
  Reply,
  SignedContributionDto,
  queryHash,
  subjects,
  validateMessage,
  verifyContribution,
} from '@bfa/protocol';
import { answer, Refusal } from '@bfa/runtime';
import { NodeKeys } from '../keys/node-keys';
import { NODE_ORG } from '../node.config';
import { POLICIES } from '../node.providers';
import { checkApprovedQuery } from '../proposals/approved-query';
import { ProposalStore } from '../proposals/proposal-store.service';

/**
 * Answers with a partial decryption of a query's aggregate, which this node recomputes itself from the
 * signed contributions of every data holder, so it can't be made to decrypt one partner's vector alone.
 */
@Controller()
export class DecryptionController {
  private readonly logger = new Logger(DecryptionController.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(POLICIES) private readonly policies: PolicySet,
  ) {}

  @MessagePattern(subjects.partialDecryption(NODE_ORG))
  decrypt(@Payload() payload: unknown): Promise<Reply<PartialDecryption>> {
    return answer(this.logger, 'partial decryption', async () => {
      const { envelope, contributions, aggregate: claimed } = validateMessage(PartialDecryptionMessage, payload);
      if (!envelope.keyHolders.includes(this.keys.org)) throw new Refusal(`${this.keys.org} is not a key holder of query ${envelope.id}`);
      checkApprovedQuery(await this.store.find(envelope.id), envelope, this.keys.stewardPublicKey());
      this.checkContributions(envelope, contributions);
      const aggregate = this.recomputeAggregate(contributions);
      if (!sameVector(aggregate.contributors, claimed.contributors) || !sameVector(aggregate.sums, claimed.sums)) {
        throw new Refusal(`the aggregate of query ${envelope.id} is not the product of the data holders' signed contributions`);
      }
      const partial: PartialDecryption = {
        org: this.keys.org,
        keyId: this.keys.keyId,
        contributors: partialDecrypt(this.keys.keyShare, aggregate.contributors),
        sums: aggregate.sums && partialDecrypt(this.keys.keyShare, aggregate.sums),
      };
      await this.store.countDecryption(envelope.id);
      this.logger.log(`query ${envelope.id}: partial decryption of the aggregate of ${contributions.length} data holders`);
      return partial;
    });
  }

  private recomputeAggregate(contributions: SignedContributionDto[]): { contributors: string[]; sums?: string[] } {
    const encryptor = this.keys.encryptor;
    const sums = contributions.map((c) => c.contribution.sums);
    return {
      contributors: encryptor.addVectors(contributions.map((c) => c.contribution.contributors)),
      sums: sums.every((s) => s !== undefined) ? encryptor.addVectors(sums as string[][]) : undefined,
    };
  }

  private checkContributions(envelope: QueryEnvelope, contributions: SignedContributionDto[]): void {
    const orgs = contributions.map((c) => c.contribution.org).sort();
    if (orgs.join() !== [...envelope.dataHolders].sort().join()) {
      throw new Refusal(`the aggregate must combine exactly the data holders ${envelope.dataHolders.join(', ')}; got ${orgs.join(', ')}`);
    }
    const hash = queryHash(envelope);
    const cells = cellGrid(this.policies.catalog, envelope.spec.groupBy).length;
    const wantsSums = envelope.spec.measure.kind === 'sum';
    for (const signed of contributions) {
      const { contribution } = signed;
      if (!verifyContribution(signed, this.keys.publicKeysOf(contribution.org).nodePublicKey)) {
        throw new Refusal(`${contribution.org}'s contribution is not signed by its node`);
      }
      if (contribution.queryHash !== hash || contribution.keyId !== this.keys.keyId) {
        throw new Refusal(`${contribution.org}'s contribution is for another query or key`);
      }
      if (contribution.contributors.length !== cells || (wantsSums && contribution.sums?.length !== cells) || (!wantsSums && contribution.sums)) {
        throw new Refusal(`${contribution.org}'s contribution does not match the query's grid of ${cells} cells`);
      }
    }
  }
}

function sameVector(a: string[] | undefined, b: string[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((value, i) => BigInt(`0x${value}`) === BigInt(`0x${b[i]}`));
}
