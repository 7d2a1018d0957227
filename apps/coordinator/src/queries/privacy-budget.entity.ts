import { Column, Entity, PrimaryColumn } from 'typeorm';

/** ε (or ρ) an analyst has spent on one dataset's noisy releases: their share of the dataset's budget (DatasetBudgetRecord). */
@Entity('privacy_budget')
export class PrivacyBudgetRecord {
  @PrimaryColumn('varchar') analyst: string;
  @PrimaryColumn('varchar') dataset: string;
  @Column('real', { default: 0 }) spent: number;
}
