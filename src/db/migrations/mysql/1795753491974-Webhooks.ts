import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795753491974 implements MigrationInterface {
  name = 'Webhooks1795753491974';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`webhook\` (\`id\` varchar(36) NOT NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, \`createdByType\` varchar(16) NULL, \`createdById\` varchar(36) NULL, \`updatedByType\` varchar(16) NULL, \`updatedById\` varchar(36) NULL, \`tenantId\` varchar(36) NOT NULL, \`url\` varchar(2048) NOT NULL, \`description\` varchar(1000) NULL, \`events\` text NOT NULL, \`active\` tinyint NOT NULL DEFAULT 1, \`channelId\` varchar(36) NULL, \`secretSealed\` varchar(255) NOT NULL, \`previousSecretSealed\` varchar(255) NULL, \`previousSecretExpiresAt\` datetime(3) NULL, \`secretRotatedAt\` datetime(3) NULL, \`failingSince\` datetime(3) NULL, \`disabledAt\` datetime(3) NULL, \`disabledReason\` varchar(500) NULL, \`lastDeliveryAt\` datetime(3) NULL, INDEX \`IDX_webhook_tenant_created\` (\`tenantId\`, \`createdAt\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`webhook_message\` (\`id\` varchar(40) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`webhookId\` varchar(36) NOT NULL, \`eventType\` varchar(100) NOT NULL, \`payload\` text NOT NULL, \`channelId\` varchar(36) NULL, \`status\` varchar(16) NOT NULL, \`attempts\` int NOT NULL DEFAULT '0', \`nextAttemptAt\` datetime(3) NULL, \`lockedUntil\` datetime(3) NULL, \`lockedBy\` varchar(64) NULL, \`deliveredAt\` datetime(3) NULL, \`createdAt\` datetime(3) NOT NULL, \`updatedAt\` datetime(3) NOT NULL, INDEX \`IDX_webhook_message_webhook_created\` (\`webhookId\`, \`createdAt\`, \`id\`), INDEX \`IDX_webhook_message_due\` (\`status\`, \`nextAttemptAt\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`webhook_attempt\` (\`id\` varchar(36) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`messageId\` varchar(40) NOT NULL, \`webhookId\` varchar(36) NOT NULL, \`eventType\` varchar(100) NOT NULL, \`statusCode\` int NULL, \`responseBody\` text NULL, \`error\` varchar(1000) NULL, \`durationMs\` int NOT NULL, \`attemptedAt\` datetime(3) NOT NULL, INDEX \`IDX_webhook_attempt_message\` (\`messageId\`), INDEX \`IDX_webhook_attempt_webhook_attempted\` (\`webhookId\`, \`attemptedAt\`, \`id\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `ALTER TABLE \`webhook\` ADD CONSTRAINT \`FK_41281c8ef7e701066bba0a9d23f\` FOREIGN KEY (\`tenantId\`) REFERENCES \`tenant\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`webhook\` ADD CONSTRAINT \`FK_b0f5780c0de9d4ae2b7fe5b193e\` FOREIGN KEY (\`channelId\`) REFERENCES \`channel\`(\`id\`) ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`webhook_message\` ADD CONSTRAINT \`FK_cc65f21c3c863413d0debd720ce\` FOREIGN KEY (\`webhookId\`) REFERENCES \`webhook\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`webhook_attempt\` ADD CONSTRAINT \`FK_76e3661f9cce5b597fe789ede74\` FOREIGN KEY (\`messageId\`) REFERENCES \`webhook_message\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE \`webhook_attempt\` ADD CONSTRAINT \`FK_234d17b2323b0a2fd47d403f5bd\` FOREIGN KEY (\`webhookId\`) REFERENCES \`webhook\`(\`id\`) ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP FOREIGN KEY \`FK_234d17b2323b0a2fd47d403f5bd\``);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP FOREIGN KEY \`FK_76e3661f9cce5b597fe789ede74\``);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` DROP FOREIGN KEY \`FK_cc65f21c3c863413d0debd720ce\``);
    await queryRunner.query(`ALTER TABLE \`webhook\` DROP FOREIGN KEY \`FK_b0f5780c0de9d4ae2b7fe5b193e\``);
    await queryRunner.query(`ALTER TABLE \`webhook\` DROP FOREIGN KEY \`FK_41281c8ef7e701066bba0a9d23f\``);
    await queryRunner.query(`DROP INDEX \`IDX_webhook_attempt_webhook_attempted\` ON \`webhook_attempt\``);
    await queryRunner.query(`DROP INDEX \`IDX_webhook_attempt_message\` ON \`webhook_attempt\``);
    await queryRunner.query(`DROP TABLE \`webhook_attempt\``);
    await queryRunner.query(`DROP INDEX \`IDX_webhook_message_due\` ON \`webhook_message\``);
    await queryRunner.query(`DROP INDEX \`IDX_webhook_message_webhook_created\` ON \`webhook_message\``);
    await queryRunner.query(`DROP TABLE \`webhook_message\``);
    await queryRunner.query(`DROP INDEX \`IDX_webhook_tenant_created\` ON \`webhook\``);
    await queryRunner.query(`DROP TABLE \`webhook\``);
  }
}
