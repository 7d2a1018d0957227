import { Controller, Inject, Logger } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { AuditLog } from '@bfa/audit';
import { evaluateProposal, PolicySet, processingRecord } from '@bfa/policy';
import { ProposalMessage, Reply, subjects } from '@bfa/protocol';
import { answer } from '@bfa/runtime';
import { NODE_ORG } from '../node.config';
import { POLICIES } from '../node.providers';
import { NodeKeys } from '../keys/node-keys';
import { ProposalStore } from './proposal-store.service';

export interface ProposalReceipt {
  queryHash: string;
  state: string;
  policy: { allowed: boolean; rule: string };
}

/** Receives proposed queries over NATS, checks them against this organisation's own policy, queues them for the steward. */
@Controller()
export class ProposalsController {
  private readonly logger = new Logger(ProposalsController.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(POLICIES) private readonly policies: PolicySet,
    private readonly audit: AuditLog,
  ) {}

  @MessagePattern(subjects.proposal(NODE_ORG))
  propose(@Payload() payload: unknown): Promise<Reply<ProposalReceipt>> {
    return answer(this.logger, 'proposal', async () => {
      const { envelope } = this.keys.coordinatorMessages.accept(
        ProposalMessage,
        subjects.proposal(this.keys.org),
        payload,
      );
      const earlier = (await this.store.list()).map((p) => p.envelope);
      const evaluation = evaluateProposal(this.policies, this.keys.org, envelope, earlier);
      const proposal = await this.store.receive(envelope, evaluation);
      await this.audit.append({
        type: 'proposal.received',
        queryId: envelope.id,
        actor: 'coordinator',
        details: {
          queryHash: proposal.queryHash,
          requester: envelope.requester,
          dataset: envelope.spec.dataset,
          state: proposal.state,
          rule: evaluation.rule,
          purpose: envelope.spec.purpose,
          ...processingRecord(this.policies.catalog, envelope.spec, this.keys.org),
        },
      });
      this.logger.log(`query ${envelope.id} received: ${proposal.state} (${evaluation.rule})`);
      return { queryHash: proposal.queryHash, state: proposal.state, policy: evaluation };
    });
  }
}
