import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('audit_log')
export class AuditEntryRecord {
  @PrimaryColumn('integer') seq: number;
  @Column('varchar') time: string;
  @Column('varchar') type: string;
  @Index() @Column('varchar', { nullable: true }) queryId: string | null;
  @Column('varchar') actor: string;
  /** Canonical JSON of the entry's details. */
  @Column('text') details: string;
  @Column('varchar') prevHash: string;
  @Column('varchar') hash: string;
  @Column('varchar') writer: string;
  @Column('varchar') signature: string;
}

/** The latest signed head of every other party's log that this party has seen (one row per writer). */
@Entity('audit_heads')
export class HeldHeadRecord {
  @PrimaryColumn('varchar') writer: string;
  @Column('integer') count: number;
  @Column('varchar') hash: string;
  @Column('integer') lastEvent: number;
  @Column('varchar') time: string;
  @Column('varchar') signature: string;
  /** The writer's lastEvent when this party last logged one of its heads (0: never). */
  @Column('integer') witnessedEvent: number;
}

export const AUDIT_ENTITIES = [AuditEntryRecord, HeldHeadRecord];
