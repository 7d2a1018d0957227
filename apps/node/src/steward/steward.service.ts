import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { AuditLog } from '@bfa/audit';
import { DecisionStatement, SignedDecision, subjects, verifyDecision } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NodeKeys } from '../keys/node-keys';
import { COORDINATOR } from '../node.providers';
import { Proposal, ProposalStore } from '../proposals/proposal-store.service';
import { StewardDecisionDto } from './steward.dto';

@Injectable()
export class StewardService {
  private readonly logger = new Logger(StewardService.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    @Inject(COORDINATOR) private readonly coordinator: ClientProxy,
    private readonly audit: AuditLog,
  ) {}

  /** Verifies the steward's signature over this exact query, records the decision, and tells the coordinator. */
  async decide(proposal: Proposal, dto: StewardDecisionDto, steward: string): Promise<SignedDecision> {
    const statement: DecisionStatement = {
      queryId: proposal.queryId,
      queryHash: proposal.queryHash,
      org: this.keys.org,
      decision: dto.decision,
      reason: dto.reason ?? '',
      decidedAt: dto.decidedAt,
    };
    const signed = { statement, signature: dto.signature };
    if (!verifyDecision(signed, this.keys.stewardPublicKey())) {
      throw new Refusal(`signature does not verify with ${this.keys.org}'s steward key for query hash ${proposal.queryHash}`);
    }
    await this.store.recordDecision(signed);
    await this.audit.append({
      type: 'decision.signed',
      queryId: proposal.queryId,
      actor: steward,
      details: { queryHash: proposal.queryHash, decision: dto.decision, reason: statement.reason, decidedAt: dto.decidedAt },
    });
    this.logger.log(`query ${proposal.queryId}: steward decided ${dto.decision}`);
    this.coordinator.emit(subjects.decision, { decision: signed });
    return signed;
  }
}
