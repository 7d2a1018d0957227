import { Column, Entity } from 'typeorm';
import { ChildRecord } from './child-record';

/** Municipality: every child in the population register, with the household's income situation. */
@Entity('children_households')
export class ChildHouseholdRecord extends ChildRecord {
  @Column('boolean') low_income: boolean;
  @Column('boolean') social_assistance: boolean;
  @Column('boolean') debt_support: boolean;
  @Column('integer') child_budget_eur: number;
}
