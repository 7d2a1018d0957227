import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** The protected table as released to the analyst: suppressed cells carry no value. */
@Entity('releases')
export class ReleaseRecord {
  @PrimaryColumn('varchar') queryId: string;
  @Column('text') table: string;
  @Column('varchar') tableHash: string;
  @Index() @Column('varchar', { default: '' }) dataset: string;
  /** The release ledger's record: the query and its cells' true contributor counts and amounts, for auditing later releases with it. Never returned by any API. */
  @Column('text', { default: '' }) differencingBasis: string;
  @CreateDateColumn() releasedAt: Date;
  /** Set when the release's retention ran out: `table` is emptied then; the hash and the ledger's record stay. */
  @Column('datetime', { nullable: true }) removedAt: Date | null;
}
