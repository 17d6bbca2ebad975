import type { MigrationInterface, QueryRunner } from 'typeorm';

export class TenantDefaultRateLimit1795782391229 implements MigrationInterface {
  name = 'TenantDefaultRateLimit1795782391229';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tenant\` ADD \`defaultRateLimitPerMinute\` int NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tenant\` DROP COLUMN \`defaultRateLimitPerMinute\``);
  }
}
