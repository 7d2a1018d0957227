import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One import into the node's own store: which records a dataset's years hold since then. Kept beside the
 * records in records.sqlite, written in the same transaction as they are; nothing in it is a record's value.
 */
@Entity('data_editions')
export class DataEditionRecord {
  @PrimaryGeneratedColumn() seq: number;
  /** sha256 of the dataset, the records' hash, the time and the row counts. */
  @Column('varchar', { unique: true }) edition_id: string;
  @Column('varchar') dataset: string;
  /** JSON list of the years whose records this import replaced. */
  @Column('varchar') years: string;
  /** sha256 over the accepted records, each as canonical JSON, sorted: the same data gives the same hash whatever the row order. */
  @Column('varchar') records_hash: string;
  @Column('varchar') imported_at: string;
  /** The export's file name (without its directory) and the sha256 of its bytes. */
  @Column('varchar') source_file: string;
  @Column('varchar') source_sha256: string;
  @Column('integer') rows_read: number;
  @Column('integer') rows_accepted: number;
  @Column('integer') rows_refused: number;
  /** Records of these years that were in the store before and were replaced. */
  @Column('integer') rows_replaced: number;
}
