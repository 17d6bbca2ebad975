import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795752930158 implements MigrationInterface {
  name = 'Initial1795752930158';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`tenant\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`name\` varchar(200) NOT NULL, \`slug\` varchar(64) NOT NULL, \`apiKeyLimit\` int NOT NULL DEFAULT '10', UNIQUE INDEX \`UQ_tenant_slug\` (\`slug\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`authorization_group\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`name\` varchar(200) NOT NULL, \`description\` varchar(1000) NULL, \`type\` varchar(16) NOT NULL, UNIQUE INDEX \`UQ_authorization_group_tenant_name\` (\`tenantId\`, \`name\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`channel\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`code\` varchar(64) NOT NULL, \`name\` varchar(200) NOT NULL, \`description\` varchar(1000) NULL, UNIQUE INDEX \`UQ_channel_tenant_code\` (\`tenantId\`, \`code\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`role_definition\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`key\` varchar(64) NOT NULL, \`name\` varchar(200) NOT NULL, \`description\` varchar(1000) NULL, \`builtIn\` tinyint NOT NULL DEFAULT 0, UNIQUE INDEX \`UQ_role_definition_tenant_key\` (\`tenantId\`, \`key\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`role_grant\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`subjectType\` varchar(16) NOT NULL, \`subjectId\` varchar(36) NOT NULL, \`roleDefinitionId\` varchar(36) NOT NULL, \`level\` varchar(16) NOT NULL, INDEX \`IDX_role_grant_subject\` (\`subjectId\`), UNIQUE INDEX \`UQ_role_grant_subject_role\` (\`subjectType\`, \`subjectId\`, \`roleDefinitionId\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`email\` varchar(254) NOT NULL, \`name\` varchar(200) NOT NULL, \`passwordHash\` varchar(255) NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`superUser\` tinyint NOT NULL DEFAULT 0, \`lastLoginAt\` datetime(3) NULL, INDEX \`IDX_user_email\` (\`email\`), UNIQUE INDEX \`UQ_user_tenant_email\` (\`tenantId\`, \`email\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`user_group\` (\`userId\` varchar(36) NOT NULL, \`groupId\` varchar(36) NOT NULL, \`tenantId\` varchar(36) NOT NULL, INDEX \`IDX_user_group_group\` (\`groupId\`), PRIMARY KEY (\`userId\`, \`groupId\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`signing_key\` (\`id\` varchar(64) NOT NULL, \`alg\` varchar(16) NOT NULL, \`publicJwk\` text NOT NULL, \`privateKeySealed\` text NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`retiredAt\` datetime(3) NULL, PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`authorization_group\` ADD CONSTRAINT \`FK_f519e94fed4d85ac7290b70cadb\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`channel\` ADD CONSTRAINT \`FK_6e320f56f93d4ec8f68ce076a9b\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`role_definition\` ADD CONSTRAINT \`FK_ba021036dd06c54a7f7f5f6fb3f\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`role_grant\` ADD CONSTRAINT \`FK_3864eac9e3d26f4cb980f833e7b\` FOREIGN KEY (\`roleDefinitionId\`) REFERENCES \`role_definition\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user\` ADD CONSTRAINT \`FK_685bf353c85f23b6f848e4dcded\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_group\` ADD CONSTRAINT \`FK_3d6b372788ab01be58853003c93\` FOREIGN KEY (\`userId\`) REFERENCES \`user\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`user_group\` ADD CONSTRAINT \`FK_31e541c93fdc0bb63cfde6549b7\` FOREIGN KEY (\`groupId\`) REFERENCES \`authorization_group\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP FOREIGN KEY \`FK_31e541c93fdc0bb63cfde6549b7\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP FOREIGN KEY \`FK_3d6b372788ab01be58853003c93\``);
    await queryRunner.query(`ALTER TABLE \`user\` DROP FOREIGN KEY \`FK_685bf353c85f23b6f848e4dcded\``);
    await queryRunner.query(`ALTER TABLE \`role_grant\` DROP FOREIGN KEY \`FK_3864eac9e3d26f4cb980f833e7b\``);
    await queryRunner.query(`ALTER TABLE \`role_definition\` DROP FOREIGN KEY \`FK_ba021036dd06c54a7f7f5f6fb3f\``);
    await queryRunner.query(`ALTER TABLE \`channel\` DROP FOREIGN KEY \`FK_6e320f56f93d4ec8f68ce076a9b\``);
    await queryRunner.query(`ALTER TABLE \`authorization_group\` DROP FOREIGN KEY \`FK_f519e94fed4d85ac7290b70cadb\``);
    await queryRunner.query(`DROP TABLE \`signing_key\``);
    await queryRunner.query(`DROP INDEX \`IDX_user_group_group\` ON \`user_group\``);
    await queryRunner.query(`DROP TABLE \`user_group\``);
    await queryRunner.query(`DROP INDEX \`UQ_user_tenant_email\` ON \`user\``);
    await queryRunner.query(`DROP INDEX \`IDX_user_email\` ON \`user\``);
    await queryRunner.query(`DROP TABLE \`user\``);
    await queryRunner.query(`DROP INDEX \`UQ_role_grant_subject_role\` ON \`role_grant\``);
    await queryRunner.query(`DROP INDEX \`IDX_role_grant_subject\` ON \`role_grant\``);
    await queryRunner.query(`DROP TABLE \`role_grant\``);
    await queryRunner.query(`DROP INDEX \`UQ_role_definition_tenant_key\` ON \`role_definition\``);
    await queryRunner.query(`DROP TABLE \`role_definition\``);
    await queryRunner.query(`DROP INDEX \`UQ_channel_tenant_code\` ON \`channel\``);
    await queryRunner.query(`DROP TABLE \`channel\``);
    await queryRunner.query(`DROP INDEX \`UQ_authorization_group_tenant_name\` ON \`authorization_group\``);
    await queryRunner.query(`DROP TABLE \`authorization_group\``);
    await queryRunner.query(`DROP INDEX \`UQ_tenant_slug\` ON \`tenant\``);
    await queryRunner.query(`DROP TABLE \`tenant\``);
  }
}
