import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantDefaultRateLimit1795782391229 implements MigrationInterface {
  name = 'TenantDefaultRateLimit1795782391229';

  // ADD COLUMN instead of the generated rebuild (copy, drop and rename of "tenant"): the same schema
  // without copying the table, and without relying on TypeORM switching foreign keys off while the
  // parent of every tenant-owned row is dropped (it does, before the migrations run)
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" ADD COLUMN "defaultRateLimitPerMinute" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "defaultRateLimitPerMinute"`);
  }
}
