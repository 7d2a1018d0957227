import { Column, Entity, Index } from 'typeorm';
import { ChildRecord } from './child-record';

/** Sterk Huis: a child's youth-care trajectory in a year. */
@Index('sum_youth_care_trajectories_duration_days', ['year', 'wijk', 'age_band', 'duration_days'])
@Entity('youth_care_trajectories')
export class YouthCareTrajectoryRecord extends ChildRecord {
  @Column('varchar') care_form: string;
  @Column('boolean') out_of_home: boolean;
  @Column('integer') duration_days: number;
}
