import { Column, Entity } from 'typeorm';
import { ChildRecord } from './child-record';

/** Any partner: a risk signal it registered about a child, derived from its own records only. */
@Entity('risk_signals')
export class RiskSignalRecord extends ChildRecord {
  @Column('varchar') signal: string;
  @Column('integer') severity: number;
}
