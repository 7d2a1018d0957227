import { Injectable, Logger } from '@nestjs/common';
import { AuditLog } from '@bfa/audit';
import { DecisionStatement, SignedDecision, verifyDecision } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { NodeKeys } from '../keys/node-keys';
import { Proposal, ProposalStore } from '../proposals/proposal-store.service';
import { DecisionOutbox } from './decision-outbox';
import { StewardDecisionDto } from './steward.dto';

@Injectable()
export class StewardService {
  private readonly logger = new Logger(StewardService.name);

  constructor(
    private readonly store: ProposalStore,
    private readonly keys: NodeKeys,
    private readonly outbox: DecisionOutbox,
    private readonly audit: AuditLog,
  ) {}

  /** The steward's request sent again (a lost answer, a retry): the same signed decision is the one stored; it is delivered again if still unacknowledged. */
  repeated(proposal: Proposal, dto: StewardDecisionDto): SignedDecision | null {
    const stored = proposal.decision;
    const same =
      stored &&
      stored.signature === dto.signature &&
      stored.statement.decision === dto.decision &&
      stored.statement.decidedAt === dto.decidedAt &&
      stored.statement.reason === (dto.reason ?? '');
    if (!same) return null;
    if (proposal.decisionDelivery === null) this.outbox.send(stored);
    return stored;
  }

  /** Verifies the steward's signature over this exact query, records the decision, then delivers it to the coordinator until it acknowledges. */
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
      throw new Refusal(
        `signature does not verify with ${this.keys.org}'s steward key for query hash ${proposal.queryHash}`,
      );
    }
    await this.store.recordDecision(signed);
    await this.audit.append({
      type: 'decision.signed',
      queryId: proposal.queryId,
      actor: steward,
      details: {
        queryHash: proposal.queryHash,
        decision: dto.decision,
        reason: statement.reason,
        decidedAt: dto.decidedAt,
      },
    });
    this.logger.log(`query ${proposal.queryId}: steward decided ${dto.decision}`);
    this.outbox.send(signed);
    return signed;
  }
}
