import { MigrationInterface, QueryRunner } from 'typeorm';

/** What a node keeps to answer a step again as it did (a restarted coordinator asks again), and its steward decision's outbox. */
export class ProposalReplies1764518400000 implements MigrationInterface {
  name = 'ProposalReplies1764518400000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "proposals" ADD COLUMN "decisionDelivery" text`);
    await queryRunner.query(`ALTER TABLE "proposals" ADD COLUMN "contribution" text`);
    await queryRunner.query(`ALTER TABLE "proposals" ADD COLUMN "partialDecryption" text`);
    // Decisions taken before the outbox existed were sent then: not sent again.
    await queryRunner.query(`UPDATE "proposals" SET "decisionDelivery" = 'acknowledged' WHERE "decision" IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "proposals" DROP COLUMN "partialDecryption"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP COLUMN "contribution"`);
    await queryRunner.query(`ALTER TABLE "proposals" DROP COLUMN "decisionDelivery"`);
  }
}
