import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { PolicyEvaluation } from '@bfa/policy';
import { QueryEnvelope, SignedDecision, queryHash } from '@bfa/protocol';
import { Refusal } from '@bfa/runtime';
import { ProposalRecord, ProposalState } from './proposal.entity';

export interface Proposal {
  queryId: string;
  queryHash: string;
  envelope: QueryEnvelope;
  state: ProposalState;
  policyEvaluation: PolicyEvaluation;
  decision: SignedDecision | null;
  receivedAt: string;
  updatedAt: string;
}

@Injectable()
export class ProposalStore {
  constructor(@InjectRepository(ProposalRecord) private readonly records: Repository<ProposalRecord>) {}

  /** Stores a proposal once; the same id with a different query is refused (no silent substitution). */
  async receive(envelope: QueryEnvelope, evaluation: PolicyEvaluation): Promise<Proposal> {
    const hash = queryHash(envelope);
    const existing = await this.records.findOneBy({ queryId: envelope.id });
    if (existing && existing.queryHash !== hash) throw new Refusal(`query ${envelope.id} was already proposed with different content`);
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

  /** Moves an approved proposal to executed exactly once: a replayed execution finds nothing to move. */
  async markExecuted(queryId: string, contributionHash: string): Promise<void> {
    const result = await this.records.update({ queryId, state: 'approved' }, { state: 'executed', contributionHash });
    if (!result.affected) throw new Refusal(`query ${queryId} is not approved for execution or was already executed`);
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
    receivedAt: record.receivedAt.toISOString(),
    updatedAt: record.updatedAt.toISOString(),
  };
}
