import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * tenant.limitedKeyCount: the tenant's GraphQL keys and REST credentials not revoked (what apiKeyLimit
 * limits), counted once here from the existing keys; from now on kept by the writes that change it.
 * Instances of an older version still running after this migration would leave it behind: stop them first.
 */
export class TenantLimitedKeyCount1796357722805 implements MigrationInterface {
  name = 'TenantLimitedKeyCount1796357722805';

  // ADD COLUMN instead of the generated rebuild of "tenant" (see TenantDefaultRateLimit)
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" ADD COLUMN "limitedKeyCount" integer NOT NULL DEFAULT (0)`);
    await queryRunner.query(
      `UPDATE "tenant" SET "limitedKeyCount" = (SELECT COUNT(*) FROM "api_key" WHERE "api_key"."tenantId" = "tenant"."id" AND "api_key"."kind" IN ('GRAPHQL', 'REST') AND "api_key"."revokedAt" IS NULL)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "limitedKeyCount"`);
  }
}
