import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The coordinator's store as `synchronize` made it before migrations (the schema of the last release without them). A store
 * that version made already has it: then this one only records itself as run, and the later migrations take it from there.
 */
export class InitialSchema1764460800000 implements MigrationInterface {
  name = 'InitialSchema1764460800000';

  async up(queryRunner: QueryRunner): Promise<void> {
    if (await queryRunner.hasTable('queries')) return;
    for (const query of [
      `CREATE TABLE "audit_log" ("seq" integer PRIMARY KEY NOT NULL, "time" varchar NOT NULL, "type" varchar NOT NULL, "queryId" varchar, "actor" varchar NOT NULL, "details" text NOT NULL, "prevHash" varchar NOT NULL, "hash" varchar NOT NULL, "writer" varchar NOT NULL, "signature" varchar NOT NULL)`,
      `CREATE INDEX "IDX_702f16b6fcf29239d6b7338a08" ON "audit_log" ("queryId")`,
      `CREATE TABLE "audit_heads" ("writer" varchar PRIMARY KEY NOT NULL, "count" integer NOT NULL, "hash" varchar NOT NULL, "lastEvent" integer NOT NULL, "time" varchar NOT NULL, "signature" varchar NOT NULL, "witnessedEvent" integer NOT NULL)`,
      `CREATE TABLE "dataset_privacy_budget" ("dataset" varchar PRIMARY KEY NOT NULL, "unit" varchar NOT NULL, "spent" varchar NOT NULL)`,
      `CREATE TABLE "decisions" ("queryId" varchar NOT NULL, "org" varchar NOT NULL, "decision" varchar NOT NULL, "signed" text NOT NULL, "receivedAt" datetime NOT NULL DEFAULT (datetime('now')), PRIMARY KEY ("queryId", "org"))`,
      `CREATE TABLE "privacy_budget" ("analyst" varchar NOT NULL, "dataset" varchar NOT NULL, "spent" real NOT NULL DEFAULT (0), PRIMARY KEY ("analyst", "dataset"))`,
      `CREATE TABLE "queries" ("id" varchar PRIMARY KEY NOT NULL, "requester" varchar NOT NULL, "queryHash" varchar NOT NULL, "envelope" text NOT NULL, "state" varchar NOT NULL, "reason" text, "createdAt" datetime NOT NULL DEFAULT (datetime('now')), "updatedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
      `CREATE TABLE "releases" ("queryId" varchar PRIMARY KEY NOT NULL, "table" text NOT NULL, "tableHash" varchar NOT NULL, "dataset" varchar NOT NULL DEFAULT (''), "differencingBasis" text NOT NULL DEFAULT (''), "releasedAt" datetime NOT NULL DEFAULT (datetime('now')))`,
      `CREATE INDEX "IDX_16b9e0ff32e820615ab4d5601a" ON "releases" ("dataset")`,
    ]) {
      await queryRunner.query(query);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropTable('releases');
    await queryRunner.dropTable('queries');
    await queryRunner.dropTable('privacy_budget');
    await queryRunner.dropTable('decisions');
    await queryRunner.dropTable('dataset_privacy_budget');
    await queryRunner.dropTable('audit_heads');
    await queryRunner.dropTable('audit_log');
  }
}
