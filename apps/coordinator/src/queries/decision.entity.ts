import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A steward's signed decision, kept as signed so anyone can re-verify it later. */
@Entity('decisions')
export class DecisionRecord {
  @PrimaryColumn('varchar') queryId: string;
  @PrimaryColumn('varchar') org: string;
  @Column('varchar') decision: string;
  @Column('text') signed: string;
  @CreateDateColumn() receivedAt: Date;
}
