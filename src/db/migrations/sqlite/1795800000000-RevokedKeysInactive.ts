import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Data only: keys revoked before revoking cleared `active` read active: false like new ones. Not reverted (which rows
 * were active is unknown).
 */
export class RevokedKeysInactive1795800000000 implements MigrationInterface {
  name = 'RevokedKeysInactive1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "api_key" SET "active" = 0 WHERE "revokedAt" IS NOT NULL`);
  }

  public async down(): Promise<void> {
    // nothing to undo: a revoked key stays inactive
  }
}
