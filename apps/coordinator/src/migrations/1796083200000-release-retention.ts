import { MigrationInterface, QueryRunner } from 'typeorm';

/** When a release was removed at the end of its retention: its table is emptied then, its hash and ledger record stay. */
export class ReleaseRetention1796083200000 implements MigrationInterface {
  name = 'ReleaseRetention1796083200000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "releases" ADD COLUMN "removedAt" datetime`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "releases" DROP COLUMN "removedAt"`);
  }
}
