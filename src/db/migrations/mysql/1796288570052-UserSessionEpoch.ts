import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserSessionEpoch1796288570052 implements MigrationInterface {
  name = 'UserSessionEpoch1796288570052';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`user\` ADD \`sessionEpoch\` int NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`user\` DROP COLUMN \`sessionEpoch\``);
  }
}
