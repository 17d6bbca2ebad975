import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KeyUsage1796287414378 implements MigrationInterface {
  name = 'KeyUsage1796287414378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "key_usage" ("apiKeyId" varchar(36) NOT NULL, "granularity" varchar(6) NOT NULL, "bucket" integer NOT NULL, "outcome" varchar(12) NOT NULL, "tenantId" varchar(36) NOT NULL, "count" bigint NOT NULL, PRIMARY KEY ("apiKeyId", "granularity", "bucket", "outcome"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_key_usage_bucket" ON "key_usage" ("granularity", "bucket") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_key_usage_tenant" ON "key_usage" ("tenantId", "granularity", "bucket") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_key_usage_bucket"`);
    await queryRunner.query(`DROP INDEX "IDX_key_usage_tenant"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_key_usage" ("apiKeyId" varchar(36) NOT NULL, "granularity" varchar(6) NOT NULL, "bucket" integer NOT NULL, "outcome" varchar(12) NOT NULL, "tenantId" varchar(36) NOT NULL, "count" bigint NOT NULL, CONSTRAINT "FK_a2781dcd6e812afe438d47add35" FOREIGN KEY ("apiKeyId") REFERENCES "api_key" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("apiKeyId", "granularity", "bucket", "outcome"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_key_usage"("apiKeyId", "granularity", "bucket", "outcome", "tenantId", "count") SELECT "apiKeyId", "granularity", "bucket", "outcome", "tenantId", "count" FROM "key_usage"`,
    );
    await queryRunner.query(`DROP TABLE "key_usage"`);
    await queryRunner.query(`ALTER TABLE "temporary_key_usage" RENAME TO "key_usage"`);
    await queryRunner.query(`CREATE INDEX "IDX_key_usage_bucket" ON "key_usage" ("granularity", "bucket") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_key_usage_tenant" ON "key_usage" ("tenantId", "granularity", "bucket") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_key_usage_tenant"`);
    await queryRunner.query(`DROP INDEX "IDX_key_usage_bucket"`);
    await queryRunner.query(`ALTER TABLE "key_usage" RENAME TO "temporary_key_usage"`);
    await queryRunner.query(
      `CREATE TABLE "key_usage" ("apiKeyId" varchar(36) NOT NULL, "granularity" varchar(6) NOT NULL, "bucket" integer NOT NULL, "outcome" varchar(12) NOT NULL, "tenantId" varchar(36) NOT NULL, "count" bigint NOT NULL, PRIMARY KEY ("apiKeyId", "granularity", "bucket", "outcome"))`,
    );
    await queryRunner.query(
      `INSERT INTO "key_usage"("apiKeyId", "granularity", "bucket", "outcome", "tenantId", "count") SELECT "apiKeyId", "granularity", "bucket", "outcome", "tenantId", "count" FROM "temporary_key_usage"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_key_usage"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_key_usage_tenant" ON "key_usage" ("tenantId", "granularity", "bucket") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_key_usage_bucket" ON "key_usage" ("granularity", "bucket") `);
    await queryRunner.query(`DROP INDEX "IDX_key_usage_tenant"`);
    await queryRunner.query(`DROP INDEX "IDX_key_usage_bucket"`);
    await queryRunner.query(`DROP TABLE "key_usage"`);
  }
}
