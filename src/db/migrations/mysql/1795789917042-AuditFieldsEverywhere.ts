import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditFieldsEverywhere1795789917042 implements MigrationInterface {
  name = 'AuditFieldsEverywhere1795789917042';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // rows from before have no timestamps: the new NOT NULL ones are added nullable, filled
    // (an attempt was created when it was attempted; a membership's time is unknown: this migration's)
    // and then made NOT NULL, which also works where NO_ZERO_DATE refuses an implicit zero date
    await queryRunner.query(`ALTER TABLE \`user_group\` ADD \`createdAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`user_group\` ADD \`updatedAt\` datetime(3) NULL`);
    await queryRunner.query(
      `UPDATE \`user_group\` SET \`createdAt\` = CURRENT_TIMESTAMP(3), \`updatedAt\` = CURRENT_TIMESTAMP(3)`,
    );
    await queryRunner.query(`ALTER TABLE \`user_group\` MODIFY \`createdAt\` datetime(3) NOT NULL`);
    await queryRunner.query(`ALTER TABLE \`user_group\` MODIFY \`updatedAt\` datetime(3) NOT NULL`);
    await queryRunner.query(`ALTER TABLE \`user_group\` ADD \`createdByType\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`user_group\` ADD \`createdById\` varchar(36) NULL`);
    await queryRunner.query(`ALTER TABLE \`user_group\` ADD \`updatedByType\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`user_group\` ADD \`updatedById\` varchar(36) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` ADD \`createdByType\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` ADD \`createdById\` varchar(36) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` ADD \`updatedByType\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` ADD \`updatedById\` varchar(36) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` ADD \`createdAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` ADD \`updatedAt\` datetime(3) NULL`);
    await queryRunner.query(
      `UPDATE \`webhook_attempt\` SET \`createdAt\` = \`attemptedAt\`, \`updatedAt\` = \`attemptedAt\``,
    );
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` MODIFY \`createdAt\` datetime(3) NOT NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` MODIFY \`updatedAt\` datetime(3) NOT NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` ADD \`createdByType\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` ADD \`createdById\` varchar(36) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` ADD \`updatedByType\` varchar(16) NULL`);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` ADD \`updatedById\` varchar(36) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP COLUMN \`updatedById\``);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP COLUMN \`updatedByType\``);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP COLUMN \`createdById\``);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP COLUMN \`createdByType\``);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP COLUMN \`updatedAt\``);
    await queryRunner.query(`ALTER TABLE \`webhook_attempt\` DROP COLUMN \`createdAt\``);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` DROP COLUMN \`updatedById\``);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` DROP COLUMN \`updatedByType\``);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` DROP COLUMN \`createdById\``);
    await queryRunner.query(`ALTER TABLE \`webhook_message\` DROP COLUMN \`createdByType\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP COLUMN \`updatedById\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP COLUMN \`updatedByType\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP COLUMN \`createdById\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP COLUMN \`createdByType\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP COLUMN \`updatedAt\``);
    await queryRunner.query(`ALTER TABLE \`user_group\` DROP COLUMN \`createdAt\``);
  }
}
