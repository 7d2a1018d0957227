import { Column, Entity } from 'typeorm';
import { ChildRecord } from './child-record';

/** School board: a pupil at one of its schools in a school year. */
@Entity('pupils')
export class PupilRecord extends ChildRecord {
  @Column('varchar') school: string;
  @Column('integer') pupil_weight: number;
  @Column('integer') absence_hours: number;
}
