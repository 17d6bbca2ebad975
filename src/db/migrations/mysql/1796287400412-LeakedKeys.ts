import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeakedKeys1796287400412 implements MigrationInterface {
  name = 'LeakedKeys1796287400412';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`tenant\` ADD \`leakedKeyAction\` varchar(16) NOT NULL DEFAULT 'REVOKE'`);
    await queryRunner.query(`ALTER TABLE \`api_key\` ADD \`leakedAt\` datetime(3) NULL`);
    await queryRunner.query(`ALTER TABLE \`api_key\` ADD \`leakSource\` varchar(1000) NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE \`api_key\` DROP COLUMN \`leakSource\``);
    await queryRunner.query(`ALTER TABLE \`api_key\` DROP COLUMN \`leakedAt\``);
    await queryRunner.query(`ALTER TABLE \`tenant\` DROP COLUMN \`leakedKeyAction\``);
  }
}
