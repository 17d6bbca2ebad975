import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * tenant.limitedKeyCount moves to a row of its own, tenant_key_count (see the TenantKeyCount entity: no
 * foreign key points at it, so creates hold it only to COMMIT). Counted again here from the keys.
 * Instances of an older version still running after this migration would fail their creates: stop them first.
 */
export class TenantKeyCountRow1796396729506 implements MigrationInterface {
  name = 'TenantKeyCountRow1796396729506';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`tenant_key_count\` (\`tenantId\` varchar(36) NOT NULL, \`limitedKeyCount\` int NOT NULL DEFAULT '0', PRIMARY KEY (\`tenantId\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `INSERT INTO \`tenant_key_count\` (\`tenantId\`, \`limitedKeyCount\`) SELECT \`tenant\`.\`id\`, (SELECT COUNT(*) FROM \`api_key\` WHERE \`api_key\`.\`tenantId\` = \`tenant\`.\`id\` AND \`api_key\`.\`kind\` IN ('GRAPHQL', 'REST') AND \`api_key\`.\`revokedAt\` IS NULL) FROM \`tenant\``,
    );
    await queryRunner.query(`ALTER TABLE \`tenant\` DROP COLUMN \`limitedKeyCount\``);
    await queryRunner.query(
      `ALTER TABLE \`tenant_key_count\` ADD CONSTRAINT \`FK_38473f048f957acab75cd9390a0\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tenant_key_count\` DROP FOREIGN KEY \`FK_38473f048f957acab75cd9390a0\``);
    await queryRunner.query(`ALTER TABLE \`tenant\` ADD \`limitedKeyCount\` int NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `UPDATE \`tenant\` SET \`limitedKeyCount\` = COALESCE((SELECT \`limitedKeyCount\` FROM \`tenant_key_count\` WHERE \`tenant_key_count\`.\`tenantId\` = \`tenant\`.\`id\`), 0)`,
    );
    await queryRunner.query(`DROP TABLE \`tenant_key_count\``);
  }
}
