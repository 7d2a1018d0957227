import { Column, Entity, Index } from 'typeorm';
import { ChildRecord } from './child-record';

/** Municipality: every child in the population register, with the household's income situation. */
@Index('sum_children_households_child_budget_eur', ['year', 'wijk', 'age_band', 'child_budget_eur'])
@Entity('children_households')
export class ChildHouseholdRecord extends ChildRecord {
  @Column('boolean') low_income: boolean;
  @Column('boolean') social_assistance: boolean;
  @Column('boolean') debt_support: boolean;
  @Column('integer') child_budget_eur: number;
}
