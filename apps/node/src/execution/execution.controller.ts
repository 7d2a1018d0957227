import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { canonicalHash } from '@bfa/crypto';
import { PolicySet } from '@bfa/policy';
import { ExecuteMessage, Reply, SignedContributionDto, queryHash, signContribution, subjects, validateMessage } from '@bfa/protocol';
import { answer } from '@bfa/runtime';
import { NodeKeys } from '../keys/node-keys';
import { NODE_ORG } from '../node.config';
import { POLICIES } from '../node.providers';
import { checkAllApproved, checkApprovedQuery } from '../proposals/approved-query';
import { ProposalStore } from '../proposals/proposal-store.service';
import { runLocalQuery } from './local-query';

export const RECORDS = 'records';

/** Runs an approved query on this node's own records and answers with encrypted, signed cell vectors. */
@Controller()
export class ExecutionController {
  private readonly logger = new Logger(ExecutionController.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(POLICIES) private readonly policies: PolicySet,
    @InjectDataSource(RECORDS) private readonly records: DataSource,
  ) {}

  @MessagePattern(subjects.execute(NODE_ORG))
  execute(@Payload() payload: unknown): Promise<Reply<SignedContributionDto>> {
    return answer(this.logger, 'execution', async () => {
      const { envelope, approvals } = validateMessage(ExecuteMessage, payload);
      checkApprovedQuery(await this.store.find(envelope.id), envelope, this.keys.stewardPublicKey());
      checkAllApproved(envelope, approvals, this.keys.registry);
      const cells = await runLocalQuery(this.records, this.policies.catalog, envelope.spec);
      const signed = signContribution(
        {
          queryId: envelope.id,
          queryHash: queryHash(envelope),
          org: this.keys.org,
          keyId: this.keys.keyId,
          contributors: this.keys.encryptor.encryptVector(cells.contributors),
          sums: cells.sums && this.keys.encryptor.encryptVector(cells.sums),
        },
        this.keys.signingSecretKey,
      );
      await this.store.markExecuted(envelope.id, canonicalHash(signed.contribution));
      this.logger.log(`query ${envelope.id} executed: ${cells.contributors.length} encrypted cells`);
      return signed;
    });
  }
}
