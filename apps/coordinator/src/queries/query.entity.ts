import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const QUERY_STATES = ['proposed', 'refused', 'rejected', 'executing', 'released', 'failed', 'removed'] as const;
export type QueryState = (typeof QUERY_STATES)[number];

@Entity('queries')
export class QueryRecord {
  @PrimaryColumn('varchar') id: string;
  @Column('varchar') requester: string;
  @Column('varchar') queryHash: string;
  @Column('text') envelope: string;
  @Column('varchar') state: QueryState;
  @Column('text', { nullable: true }) reason: string | null;
  @CreateDateColumn() createdAt: Date;
  @UpdateDateColumn() updatedAt: Date;
}
