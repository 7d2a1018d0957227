import { Column, Entity } from 'typeorm';
import { ChildRecord } from './child-record';

/** GGD: a child in the youth health monitor's sample for a year. */
@Entity('health_monitor')
export class HealthMonitorRecord extends ChildRecord {
  @Column('boolean') parent_mental_health_care: boolean;
  @Column('boolean') overweight: boolean;
  @Column('boolean') domestic_violence_report: boolean;
}
