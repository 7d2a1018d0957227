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

export const AUDIT_ENTITIES = [AuditEntryRecord];
