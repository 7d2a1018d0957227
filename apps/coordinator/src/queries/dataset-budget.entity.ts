import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * What one dataset has spent on noisy releases, by every analyst together: the budget belongs to the people in the
 * data, not to who asks. `spent` is an exact fraction ("num/den") in `unit` (epsilon or rho, by the mechanism).
 */
@Entity('dataset_privacy_budget')
export class DatasetBudgetRecord {
  @PrimaryColumn('varchar') dataset: string;
  @Column('varchar') unit: string;
  @Column('varchar') spent: string;
}
