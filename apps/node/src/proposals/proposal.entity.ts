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
  /** Null until the coordinator answers the steward's decision: `acknowledged`, or `refused: <reason>`. */
  @Column('text', { nullable: true }) decisionDelivery: string | null;
  /** The signed contribution as first sent, sent again as it is when the coordinator asks again (after a restart). */
  @Column('text', { nullable: true }) contribution: string | null;
  /** The sealed partial decryption as first sent, with the aggregate it decrypts: the same aggregate asked again gets the same answer. */
  @Column('text', { nullable: true }) partialDecryption: string | null;
  @CreateDateColumn() receivedAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
