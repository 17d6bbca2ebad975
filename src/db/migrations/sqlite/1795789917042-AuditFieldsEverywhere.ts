import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditFieldsEverywhere1795789917042 implements MigrationInterface {
  name = 'AuditFieldsEverywhere1795789917042';

  // user_group and webhook_attempt are rebuilt (SQLite adds a NOT NULL column only with a default,
  // which the entities do not have); their rows from before get timestamps: an attempt was created
  // when it was attempted, a membership (time unknown) at this migration. webhook_message, the
  // parent of attempts, only gains nullable columns: ADD COLUMN, no rebuild.
  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_user_group_group"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_user_group" ("userId" varchar(36) NOT NULL, "groupId" varchar(36) NOT NULL, "tenantId" varchar(36) NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), CONSTRAINT "FK_31e541c93fdc0bb63cfde6549b7" FOREIGN KEY ("groupId") REFERENCES "authorization_group" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_3d6b372788ab01be58853003c93" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("userId", "groupId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user_group"("userId", "groupId", "tenantId", "createdAt", "updatedAt") SELECT "userId", "groupId", "tenantId", strftime('%Y-%m-%d %H:%M:%f', 'now'), strftime('%Y-%m-%d %H:%M:%f', 'now') FROM "user_group"`,
    );
    await queryRunner.query(`DROP TABLE "user_group"`);
    await queryRunner.query(`ALTER TABLE "temporary_user_group" RENAME TO "user_group"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_group_group" ON "user_group" ("groupId") `);
    await queryRunner.query(`ALTER TABLE "webhook_message" ADD COLUMN "createdByType" varchar(16)`);
    await queryRunner.query(`ALTER TABLE "webhook_message" ADD COLUMN "createdById" varchar(36)`);
    await queryRunner.query(`ALTER TABLE "webhook_message" ADD COLUMN "updatedByType" varchar(16)`);
    await queryRunner.query(`ALTER TABLE "webhook_message" ADD COLUMN "updatedById" varchar(36)`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_webhook_attempted"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_message"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_webhook_attempt" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "messageId" varchar(40) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "statusCode" integer, "responseBody" text, "error" varchar(1000), "durationMs" integer NOT NULL, "attemptedAt" datetime(3) NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), CONSTRAINT "FK_234d17b2323b0a2fd47d403f5bd" FOREIGN KEY ("webhookId") REFERENCES "webhook" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_76e3661f9cce5b597fe789ede74" FOREIGN KEY ("messageId") REFERENCES "webhook_message" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_webhook_attempt"("id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt", "createdAt", "updatedAt") SELECT "id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt", "attemptedAt", "attemptedAt" FROM "webhook_attempt"`,
    );
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`ALTER TABLE "temporary_webhook_attempt" RENAME TO "webhook_attempt"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_attempt_webhook_attempted" ON "webhook_attempt" ("webhookId", "attemptedAt", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_message" ON "webhook_attempt" ("messageId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_message"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_webhook_attempted"`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" RENAME TO "temporary_webhook_attempt"`);
    await queryRunner.query(
      `CREATE TABLE "webhook_attempt" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "messageId" varchar(40) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "statusCode" integer, "responseBody" text, "error" varchar(1000), "durationMs" integer NOT NULL, "attemptedAt" datetime(3) NOT NULL, CONSTRAINT "FK_234d17b2323b0a2fd47d403f5bd" FOREIGN KEY ("webhookId") REFERENCES "webhook" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_76e3661f9cce5b597fe789ede74" FOREIGN KEY ("messageId") REFERENCES "webhook_message" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "webhook_attempt"("id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt") SELECT "id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt" FROM "temporary_webhook_attempt"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_webhook_attempt"`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_message" ON "webhook_attempt" ("messageId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_attempt_webhook_attempted" ON "webhook_attempt" ("webhookId", "attemptedAt", "id") `,
    );
    await queryRunner.query(`ALTER TABLE "webhook_message" DROP COLUMN "updatedById"`);
    await queryRunner.query(`ALTER TABLE "webhook_message" DROP COLUMN "updatedByType"`);
    await queryRunner.query(`ALTER TABLE "webhook_message" DROP COLUMN "createdById"`);
    await queryRunner.query(`ALTER TABLE "webhook_message" DROP COLUMN "createdByType"`);
    await queryRunner.query(`DROP INDEX "IDX_user_group_group"`);
    await queryRunner.query(`ALTER TABLE "user_group" RENAME TO "temporary_user_group"`);
    await queryRunner.query(
      `CREATE TABLE "user_group" ("userId" varchar(36) NOT NULL, "groupId" varchar(36) NOT NULL, "tenantId" varchar(36) NOT NULL, CONSTRAINT "FK_31e541c93fdc0bb63cfde6549b7" FOREIGN KEY ("groupId") REFERENCES "authorization_group" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_3d6b372788ab01be58853003c93" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("userId", "groupId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user_group"("userId", "groupId", "tenantId") SELECT "userId", "groupId", "tenantId" FROM "temporary_user_group"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user_group"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_group_group" ON "user_group" ("groupId") `);
  }
}
