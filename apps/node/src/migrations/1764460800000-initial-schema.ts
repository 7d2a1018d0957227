import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The node's store as `synchronize` made it before migrations (the schema of the last release without them). A store
 * that version made already has it: then this one only records itself as run, and the later migrations take it from there.
 */
export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('proposals')) return;
    for (const query of [
      `CREATE TABLE "audit_log" ("seq" integer PRIMARY KEY NOT NULL, "time" varchar NOT NULL, "type" varchar NOT NULL, "queryId" varchar, "actor" varchar NOT NULL, "details" text NOT NULL, "prevHash" varchar NOT NULL, "hash" varchar NOT NULL, "writer" varchar NOT NULL, "signature" varchar NOT NULL)`,
      `CREATE INDEX "IDX_702f16b6fcf29239d6b7338a08" ON "audit_log" ("queryId")`,
      `CREATE TABLE "audit_heads" ("writer" varchar PRIMARY KEY NOT NULL, "count" integer NOT NULL, "hash" varchar NOT NULL, "lastEvent" integer NOT NULL, "time" varchar NOT NULL, "signature" varchar NOT NULL, "witnessedEvent" integer NOT NULL)`,
      `CREATE TABLE "proposals" ("queryId" varchar PRIMARY KEY NOT NULL, "queryHash" varchar NOT NULL, "envelope" text NOT NULL, "state" varchar NOT NULL, "policyEvaluation" text NOT NULL, "decision" text, "contributionHash" varchar, "decryptions" integer NOT NULL DEFAULT (0), "receivedAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
    ]) {
      await queryRunner.query(query);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('proposals');
    await queryRunner.dropTable('audit_heads');
    await queryRunner.dropTable('audit_log');
  }
}
