import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Not, Repository } from 'typeorm';
import { PolicyEvaluation } from '@bfa/policy';
import { QueryEnvelope, SealedReply, SignedContributionDto, SignedDecision, queryHash } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { ProposalRecord, ProposalState } from './proposal.entity';

export interface Proposal {
  queryId: string;
  queryHash: string;
  envelope: QueryEnvelope;
  state: ProposalState;
  policyEvaluation: PolicyEvaluation;
  decision: SignedDecision | null;
  /** Whether the coordinator has the steward's decision: null while it is still being delivered. */
  decisionDelivery: string | null;
  receivedAt: string;
  updatedAt: string;
}

/** A partial decryption as sealed to the coordinator, and the hash of the aggregate it decrypts. */
export interface KeptPartial {
  aggregateHash: string;
  reply: SealedReply;
}

@Injectable()
export class ProposalStore {
  constructor(@InjectRepository(ProposalRecord) private readonly records: Repository<ProposalRecord>) {}

  /** Stores a proposal once; the same id with a different query is refused (no silent substitution). */
  async receive(envelope: QueryEnvelope, evaluation: PolicyEvaluation): Promise<Proposal> {
    const hash = queryHash(envelope);
    const existing = await this.records.findOneBy({ queryId: envelope.id });
    if (existing && existing.queryHash !== hash)
      throw new Refusal(`query ${envelope.id} was already proposed with different content`);
    if (existing) return toProposal(existing);
    const state: ProposalState = evaluation.allowed ? 'pending' : 'rejected';
    const record = this.records.create({
      queryId: envelope.id,
      queryHash: hash,
      envelope: JSON.stringify(envelope),
      state,
      policyEvaluation: JSON.stringify(evaluation),
      decision: null,
      contributionHash: null,
    });
    // One row: no transaction, as TypeORM's sqlite shares one connection and another service's may be open on it.
    return toProposal(await this.records.save(record, { transaction: false }));
  }

  async find(queryId: string): Promise<Proposal | null> {
    const record = await this.records.findOneBy({ queryId });
    return record ? toProposal(record) : null;
  }

  async list(state?: ProposalState): Promise<Proposal[]> {
    const records = await this.records.find({ where: state ? { state } : {}, order: { receivedAt: 'ASC' } });
    return records.map(toProposal);
  }

  /** Records the steward's signed decision; only a pending proposal can be decided, and only once. */
  async recordDecision(signed: SignedDecision): Promise<void> {
    const state: ProposalState = signed.statement.decision === 'approve' ? 'approved' : 'rejected';
    const result = await this.records.update(
      { queryId: signed.statement.queryId, state: 'pending' },
      { state, decision: JSON.stringify(signed) },
    );
    if (!result.affected) throw new Refusal(`query ${signed.statement.queryId} is not pending a decision`);
  }

  /** The decisions the coordinator has not acknowledged yet (the outbox), oldest first. */
  async undelivered(): Promise<SignedDecision[]> {
    const records = await this.records.find({
      where: { decisionDelivery: IsNull(), decision: Not(IsNull()) },
      order: { updatedAt: 'ASC' },
    });
    return records.map((r) => JSON.parse(r.decision!));
  }

  /** The coordinator's answer to a decision: `acknowledged` or `refused: <reason>`; the outbox stops sending it. */
  async markDelivery(queryId: string, outcome: string): Promise<void> {
    await this.records.update({ queryId }, { decisionDelivery: outcome });
  }

  /** Moves an approved proposal to executed exactly once, keeping what was sent: a replayed execution finds nothing to move. */
  async markExecuted(
    queryId: string,
    contributionHash: string,
    contribution: SignedContributionDto | null = null,
  ): Promise<void> {
    const sent = contribution && JSON.stringify(contribution);
    const result = await this.records.update(
      { queryId, state: 'approved' },
      { state: 'executed', contributionHash, contribution: sent },
    );
    if (!result.affected) throw new Refusal(`query ${queryId} is not approved for execution or was already executed`);
  }

  /** The contribution this node already sent for a query, if it did. */
  async contribution(queryId: string): Promise<SignedContributionDto | null> {
    const record = await this.records.findOneBy({ queryId, state: 'executed' });
    return record?.contribution ? JSON.parse(record.contribution) : null;
  }

  /** Keeps the sealed partial decryption of an aggregate; the first one stays (one aggregate per query). */
  async keepPartialDecryption(queryId: string, aggregateHash: string, reply: SealedReply): Promise<void> {
    await this.records.update(
      { queryId, partialDecryption: IsNull() },
      { partialDecryption: JSON.stringify({ aggregateHash, reply }) },
    );
  }

  /** The partial decryption this node already sealed for a query, and the hash of the aggregate it decrypts. */
  async partialDecryption(queryId: string): Promise<KeptPartial | null> {
    const record = await this.records.findOneBy({ queryId });
    return record?.partialDecryption ? JSON.parse(record.partialDecryption) : null;
  }

  async countDecryption(queryId: string): Promise<void> {
    await this.records.increment({ queryId }, 'decryptions', 1);
  }
}

function toProposal(record: ProposalRecord): Proposal {
  return {
    queryId: record.queryId,
    queryHash: record.queryHash,
    envelope: JSON.parse(record.envelope),
    state: record.state,
    policyEvaluation: JSON.parse(record.policyEvaluation),
    decision: record.decision ? JSON.parse(record.decision) : null,
    decisionDelivery: record.decisionDelivery ?? null,
    receivedAt: record.receivedAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
