import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KeyUsage1796287414378 implements MigrationInterface {
  name = 'KeyUsage1796287414378';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`key_usage\` (\`apiKeyId\` varchar(36) NOT NULL, \`granularity\` varchar(6) NOT NULL, \`bucket\` int NOT NULL, \`outcome\` varchar(12) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`count\` bigint NOT NULL, INDEX \`IDX_key_usage_bucket\` (\`granularity\`, \`bucket\`), INDEX \`IDX_key_usage_tenant\` (\`tenantId\`, \`granularity\`, \`bucket\`), PRIMARY KEY (\`apiKeyId\`, \`granularity\`, \`bucket\`, \`outcome\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`key_usage\` ADD CONSTRAINT \`FK_a2781dcd6e812afe438d47add35\` FOREIGN KEY (\`apiKeyId\`) REFERENCES \`api_key\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`key_usage\` DROP FOREIGN KEY \`FK_a2781dcd6e812afe438d47add35\``);
    await queryRunner.query(`DROP INDEX \`IDX_key_usage_tenant\` ON \`key_usage\``);
    await queryRunner.query(`DROP INDEX \`IDX_key_usage_bucket\` ON \`key_usage\``);
    await queryRunner.query(`DROP TABLE \`key_usage\``);
  }
}
