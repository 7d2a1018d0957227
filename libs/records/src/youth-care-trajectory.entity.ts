import { Column, Entity } from 'typeorm';
import { ChildRecord } from './child-record';

/** Sterk Huis: a child's youth-care trajectory in a year. */
@Entity('youth_care_trajectories')
export class YouthCareTrajectoryRecord extends ChildRecord {
  @Column('varchar') care_form: string;
  @Column('boolean') out_of_home: boolean;
  @Column('integer') duration_days: number;
}
