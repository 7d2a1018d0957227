import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export type ProposalState = 'pending' | 'approved' | 'rejected' | 'executed';

/** A query this node was asked to take part in, and what its steward and the node did with it. */
@Entity('proposals')
export class ProposalRecord {
  @PrimaryColumn('varchar') queryId: string;
  @Column('varchar') queryHash: string;
  @Column('text') envelope: string;
  @Column('varchar') state: ProposalState;
  @Column('text') policyEvaluation: string;
  @Column('text', { nullable: true }) decision: string | null;
  @Column('varchar', { nullable: true }) contributionHash: string | null;
  @Column('integer', { default: 0 }) decryptions: number;
  @CreateDateColumn() receivedAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
