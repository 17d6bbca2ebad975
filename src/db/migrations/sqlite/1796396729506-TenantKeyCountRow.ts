import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * tenant.limitedKeyCount moves to a row of its own, tenant_key_count (see the TenantKeyCount entity: no
 * foreign key points at it, so creates hold it only to COMMIT). Counted again here from the keys.
 * Instances of an older version still running after this migration would fail their creates: stop them first.
 */
export class TenantKeyCountRow1796396729506 implements MigrationInterface {
  name = 'TenantKeyCountRow1796396729506';

  // DROP/ADD COLUMN instead of the generated rebuild of "tenant" (see TenantDefaultRateLimit)
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenant_key_count" ("tenantId" varchar(36) PRIMARY KEY NOT NULL, "limitedKeyCount" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_38473f048f957acab75cd9390a0" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "tenant_key_count" ("tenantId", "limitedKeyCount") SELECT "tenant"."id", (SELECT COUNT(*) FROM "api_key" WHERE "api_key"."tenantId" = "tenant"."id" AND "api_key"."kind" IN ('GRAPHQL', 'REST') AND "api_key"."revokedAt" IS NULL) FROM "tenant"`,
    );
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "limitedKeyCount"`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" ADD COLUMN "limitedKeyCount" integer NOT NULL DEFAULT (0)`);
    await queryRunner.query(
      `UPDATE "tenant" SET "limitedKeyCount" = COALESCE((SELECT "limitedKeyCount" FROM "tenant_key_count" WHERE "tenant_key_count"."tenantId" = "tenant"."id"), 0)`,
    );
    await queryRunner.query(`DROP TABLE "tenant_key_count"`);
  }
}
