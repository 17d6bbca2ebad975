import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantDefaultRateLimit1795782391229 implements MigrationInterface {
    name = 'TenantDefaultRateLimit1795782391229';

    // ADD COLUMN, not the generated table rebuild: dropping "tenant" would cascade to every tenant-owned row
    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tenant" ADD COLUMN "defaultRateLimitPerMinute" integer`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "defaultRateLimitPerMinute"`);
    }
}
