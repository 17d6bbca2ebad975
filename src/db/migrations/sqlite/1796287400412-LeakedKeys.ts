import type { MigrationInterface, QueryRunner } from 'typeorm';

export class LeakedKeys1796287400412 implements MigrationInterface {
  name = 'LeakedKeys1796287400412';

  // ADD COLUMN instead of the generated table rebuilds: every new column is nullable or has a default.
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "tenant" ADD COLUMN "leakedKeyAction" varchar(16) NOT NULL DEFAULT ('REVOKE')`,
    );
    await queryRunner.query(`ALTER TABLE "api_key" ADD COLUMN "leakedAt" datetime(3)`);
    await queryRunner.query(`ALTER TABLE "api_key" ADD COLUMN "leakSource" varchar(1000)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "leakSource"`);
    await queryRunner.query(`ALTER TABLE "api_key" DROP COLUMN "leakedAt"`);
    await queryRunner.query(`ALTER TABLE "tenant" DROP COLUMN "leakedKeyAction"`);
  }
}
