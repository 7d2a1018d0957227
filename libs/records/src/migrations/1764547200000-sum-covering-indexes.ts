import { MigrationInterface, QueryRunner } from 'typeorm';
import { SUM_INDEXES, sumIndexColumns } from '../sum-indexes';

/**
 * The covering indexes for sums on a store imported before they were declared. A table not imported yet is left
 * alone: the import that makes it makes its indexes too. Safe to run again (IF NOT EXISTS).
 */
export class SumCoveringIndexes1764547200000 implements MigrationInterface {
  name = 'SumCoveringIndexes1764547200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const { table, field, name } of SUM_INDEXES) {
      if (!(await queryRunner.hasTable(table))) continue;
      const columns = sumIndexColumns(field).map((c) => `"${c}"`);
      await queryRunner.query(`CREATE INDEX IF NOT EXISTS "${name}" ON "${table}" (${columns.join(', ')})`);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const { name } of SUM_INDEXES) await queryRunner.query(`DROP INDEX IF EXISTS "${name}"`);
  }
}
