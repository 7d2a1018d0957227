import { Column, Entity, Index } from 'typeorm';
import { ChildRecord } from './child-record';

/** School board: a pupil at one of its schools in a school year. */
@Index('sum_pupils_pupil_weight', ['year', 'wijk', 'age_band', 'pupil_weight'])
@Index('sum_pupils_absence_hours', ['year', 'wijk', 'age_band', 'absence_hours'])
@Entity('pupils')
export class PupilRecord extends ChildRecord {
  @Column('varchar') school: string;
  @Column('integer') pupil_weight: number;
  @Column('integer') absence_hours: number;
}
