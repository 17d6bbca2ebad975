import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1795753204540 implements MigrationInterface {
  name = 'ApiKeys1795753204540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`api_key\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`kind\` varchar(16) NOT NULL, \`name\` varchar(200) NOT NULL, \`description\` varchar(1000) NULL, \`active\` tinyint NOT NULL DEFAULT 0, \`secretHash\` varchar(64) NOT NULL, \`prefix\` varchar(16) NOT NULL, \`last4\` varchar(4) NOT NULL, \`clientId\` varchar(64) NULL, \`expiresAt\` datetime(3) NULL, \`ipAllowlist\` text NOT NULL, \`rateLimitPerMinute\` int NULL, \`channelId\` varchar(36) NULL, \`authorizationGroupId\` varchar(36) NULL, \`ownerId\` varchar(36) NULL, \`lastUsedAt\` datetime(3) NULL, \`lastUsedIp\` varchar(45) NULL, \`revokedAt\` datetime(3) NULL, \`revokedByType\` varchar(16) NULL, \`revokedById\` varchar(36) NULL, \`revokedReason\` varchar(500) NULL, \`rotatedAt\` datetime(3) NULL, \`previousSecretHash\` varchar(64) NULL, \`previousSecretExpiresAt\` datetime(3) NULL, \`previousSecretLastUsedAt\` datetime(3) NULL, \`previousSecretUseCount\` int NOT NULL DEFAULT '0', \`expiringSoonNotifiedAt\` datetime(3) NULL, INDEX \`IDX_api_key_owner\` (\`ownerId\`), INDEX \`IDX_api_key_tenant_name\` (\`tenantId\`, \`name\`, \`id\`), INDEX \`IDX_api_key_tenant_created\` (\`tenantId\`, \`createdAt\`, \`id\`), UNIQUE INDEX \`UQ_api_key_client_id\` (\`clientId\`), UNIQUE INDEX \`UQ_api_key_previous_secret_hash\` (\`previousSecretHash\`), UNIQUE INDEX \`UQ_api_key_secret_hash\` (\`secretHash\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`api_key\` ADD CONSTRAINT \`FK_b7af40f187f158c5c4188f45acd\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`api_key\` ADD CONSTRAINT \`FK_df5f87a6a32390ced9c8dd5efe4\` FOREIGN KEY (\`channelId\`) REFERENCES \`channel\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`api_key\` ADD CONSTRAINT \`FK_ec0474577f8620a6af8f2590adc\` FOREIGN KEY (\`authorizationGroupId\`) REFERENCES \`authorization_group\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`api_key\` ADD CONSTRAINT \`FK_74d2236b1de818d00bd3fd01602\` FOREIGN KEY (\`ownerId\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`api_key\` DROP FOREIGN KEY \`FK_74d2236b1de818d00bd3fd01602\``);
    await queryRunner.query(`ALTER TABLE \`api_key\` DROP FOREIGN KEY \`FK_ec0474577f8620a6af8f2590adc\``);
    await queryRunner.query(`ALTER TABLE \`api_key\` DROP FOREIGN KEY \`FK_df5f87a6a32390ced9c8dd5efe4\``);
    await queryRunner.query(`ALTER TABLE \`api_key\` DROP FOREIGN KEY \`FK_b7af40f187f158c5c4188f45acd\``);
    await queryRunner.query(`DROP INDEX \`UQ_api_key_secret_hash\` ON \`api_key\``);
    await queryRunner.query(`DROP INDEX \`UQ_api_key_previous_secret_hash\` ON \`api_key\``);
    await queryRunner.query(`DROP INDEX \`UQ_api_key_client_id\` ON \`api_key\``);
    await queryRunner.query(`DROP INDEX \`IDX_api_key_tenant_created\` ON \`api_key\``);
    await queryRunner.query(`DROP INDEX \`IDX_api_key_tenant_name\` ON \`api_key\``);
    await queryRunner.query(`DROP INDEX \`IDX_api_key_owner\` ON \`api_key\``);
    await queryRunner.query(`DROP TABLE \`api_key\``);
  }
}
