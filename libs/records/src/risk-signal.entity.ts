import { Column, Entity, Index } from 'typeorm';
import { ChildRecord } from './child-record';

/** Any partner: a risk signal it registered about a child, derived from its own records only. */
@Index('sum_risk_signals_severity', ['year', 'wijk', 'age_band', 'severity'])
@Entity('risk_signals')
export class RiskSignalRecord extends ChildRecord {
  @Column('varchar') signal: string;
  @Column('integer') severity: number;
}
