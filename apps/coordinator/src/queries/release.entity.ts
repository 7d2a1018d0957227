import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** The protected table as released to the analyst: suppressed cells carry no value. */
@Entity('releases')
export class ReleaseRecord {
  @PrimaryColumn('varchar') queryId: string;
  @Column('text') table: string;
  @Column('varchar') tableHash: string;
  @CreateDateColumn() releasedAt: Date;
}
