import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeySortIndexes1795754380474 implements MigrationInterface {
  name = 'ApiKeySortIndexes1795754380474';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX \`IDX_api_key_tenant_active\` ON \`api_key\` (\`tenantId\`, \`active\`, \`id\`)`,
    );
    await queryRunner.query(
      `CREATE INDEX \`IDX_api_key_tenant_updated\` ON \`api_key\` (\`tenantId\`, \`updatedAt\`, \`id\`)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`IDX_api_key_tenant_updated\` ON \`api_key\``);
    await queryRunner.query(`DROP INDEX \`IDX_api_key_tenant_active\` ON \`api_key\``);
  }
}
