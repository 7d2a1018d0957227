import { Column, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Columns every partner record has: one child, in one wijk and buurt, in one age band, in one year. */
@Index(['year', 'wijk', 'age_band'])
export abstract class ChildRecord {
  @PrimaryGeneratedColumn() id: number;
  /** The child's citizen service number (here synthetic). Never leaves its node. */
  @Column('varchar') child_ref: string;
  @Column('varchar') wijk: string;
  @Column('varchar') buurt: string;
  @Column('varchar') age_band: string;
  @Column('integer') year: number;
}
