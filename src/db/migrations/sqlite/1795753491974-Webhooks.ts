import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Webhooks1795753491974 implements MigrationInterface {
  name = 'Webhooks1795753491974';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "webhook" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "url" varchar(2048) NOT NULL, "description" varchar(1000), "events" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "channelId" varchar(36), "secretSealed" varchar(255) NOT NULL, "previousSecretSealed" varchar(255), "previousSecretExpiresAt" datetime(3), "secretRotatedAt" datetime(3), "failingSince" datetime(3), "disabledAt" datetime(3), "disabledReason" varchar(500), "lastDeliveryAt" datetime(3))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_tenant_created" ON "webhook" ("tenantId", "createdAt", "id") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_message" ("id" varchar(40) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "payload" text NOT NULL, "channelId" varchar(36), "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime(3), "lockedUntil" datetime(3), "lockedBy" varchar(64), "deliveredAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_message_webhook_created" ON "webhook_message" ("webhookId", "createdAt", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_message_due" ON "webhook_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_attempt" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "messageId" varchar(40) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "statusCode" integer, "responseBody" text, "error" varchar(1000), "durationMs" integer NOT NULL, "attemptedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_message" ON "webhook_attempt" ("messageId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_attempt_webhook_attempted" ON "webhook_attempt" ("webhookId", "attemptedAt", "id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_webhook_tenant_created"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_webhook" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "url" varchar(2048) NOT NULL, "description" varchar(1000), "events" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "channelId" varchar(36), "secretSealed" varchar(255) NOT NULL, "previousSecretSealed" varchar(255), "previousSecretExpiresAt" datetime(3), "secretRotatedAt" datetime(3), "failingSince" datetime(3), "disabledAt" datetime(3), "disabledReason" varchar(500), "lastDeliveryAt" datetime(3), CONSTRAINT "FK_41281c8ef7e701066bba0a9d23f" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_b0f5780c0de9d4ae2b7fe5b193e" FOREIGN KEY ("channelId") REFERENCES "channel" ("id") ON DELETE SET NULL ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_webhook"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "url", "description", "events", "active", "channelId", "secretSealed", "previousSecretSealed", "previousSecretExpiresAt", "secretRotatedAt", "failingSince", "disabledAt", "disabledReason", "lastDeliveryAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "url", "description", "events", "active", "channelId", "secretSealed", "previousSecretSealed", "previousSecretExpiresAt", "secretRotatedAt", "failingSince", "disabledAt", "disabledReason", "lastDeliveryAt" FROM "webhook"`,
    );
    await queryRunner.query(`DROP TABLE "webhook"`);
    await queryRunner.query(`ALTER TABLE "temporary_webhook" RENAME TO "webhook"`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_tenant_created" ON "webhook" ("tenantId", "createdAt", "id") `);
    await queryRunner.query(`DROP INDEX "IDX_webhook_message_webhook_created"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_message_due"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_webhook_message" ("id" varchar(40) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "payload" text NOT NULL, "channelId" varchar(36), "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime(3), "lockedUntil" datetime(3), "lockedBy" varchar(64), "deliveredAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, CONSTRAINT "FK_cc65f21c3c863413d0debd720ce" FOREIGN KEY ("webhookId") REFERENCES "webhook" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_webhook_message"("id", "tenantId", "webhookId", "eventType", "payload", "channelId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lockedBy", "deliveredAt", "createdAt", "updatedAt") SELECT "id", "tenantId", "webhookId", "eventType", "payload", "channelId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lockedBy", "deliveredAt", "createdAt", "updatedAt" FROM "webhook_message"`,
    );
    await queryRunner.query(`DROP TABLE "webhook_message"`);
    await queryRunner.query(`ALTER TABLE "temporary_webhook_message" RENAME TO "webhook_message"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_message_webhook_created" ON "webhook_message" ("webhookId", "createdAt", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_message_due" ON "webhook_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_message"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_webhook_attempted"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_webhook_attempt" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "messageId" varchar(40) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "statusCode" integer, "responseBody" text, "error" varchar(1000), "durationMs" integer NOT NULL, "attemptedAt" datetime(3) NOT NULL, CONSTRAINT "FK_76e3661f9cce5b597fe789ede74" FOREIGN KEY ("messageId") REFERENCES "webhook_message" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_234d17b2323b0a2fd47d403f5bd" FOREIGN KEY ("webhookId") REFERENCES "webhook" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_webhook_attempt"("id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt") SELECT "id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt" FROM "webhook_attempt"`,
    );
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`ALTER TABLE "temporary_webhook_attempt" RENAME TO "webhook_attempt"`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_message" ON "webhook_attempt" ("messageId") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_attempt_webhook_attempted" ON "webhook_attempt" ("webhookId", "attemptedAt", "id") `,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_webhook_attempted"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_message"`);
    await queryRunner.query(`ALTER TABLE "webhook_attempt" RENAME TO "temporary_webhook_attempt"`);
    await queryRunner.query(
      `CREATE TABLE "webhook_attempt" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "messageId" varchar(40) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "statusCode" integer, "responseBody" text, "error" varchar(1000), "durationMs" integer NOT NULL, "attemptedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "webhook_attempt"("id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt") SELECT "id", "tenantId", "messageId", "webhookId", "eventType", "statusCode", "responseBody", "error", "durationMs", "attemptedAt" FROM "temporary_webhook_attempt"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_webhook_attempt"`);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_attempt_webhook_attempted" ON "webhook_attempt" ("webhookId", "attemptedAt", "id") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_webhook_attempt_message" ON "webhook_attempt" ("messageId") `);
    await queryRunner.query(`DROP INDEX "IDX_webhook_message_due"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_message_webhook_created"`);
    await queryRunner.query(`ALTER TABLE "webhook_message" RENAME TO "temporary_webhook_message"`);
    await queryRunner.query(
      `CREATE TABLE "webhook_message" ("id" varchar(40) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "webhookId" varchar(36) NOT NULL, "eventType" varchar(100) NOT NULL, "payload" text NOT NULL, "channelId" varchar(36), "status" varchar(16) NOT NULL, "attempts" integer NOT NULL DEFAULT (0), "nextAttemptAt" datetime(3), "lockedUntil" datetime(3), "lockedBy" varchar(64), "deliveredAt" datetime(3), "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "webhook_message"("id", "tenantId", "webhookId", "eventType", "payload", "channelId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lockedBy", "deliveredAt", "createdAt", "updatedAt") SELECT "id", "tenantId", "webhookId", "eventType", "payload", "channelId", "status", "attempts", "nextAttemptAt", "lockedUntil", "lockedBy", "deliveredAt", "createdAt", "updatedAt" FROM "temporary_webhook_message"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_webhook_message"`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_message_due" ON "webhook_message" ("status", "nextAttemptAt") `);
    await queryRunner.query(
      `CREATE INDEX "IDX_webhook_message_webhook_created" ON "webhook_message" ("webhookId", "createdAt", "id") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_webhook_tenant_created"`);
    await queryRunner.query(`ALTER TABLE "webhook" RENAME TO "temporary_webhook"`);
    await queryRunner.query(
      `CREATE TABLE "webhook" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "url" varchar(2048) NOT NULL, "description" varchar(1000), "events" text NOT NULL, "active" boolean NOT NULL DEFAULT (1), "channelId" varchar(36), "secretSealed" varchar(255) NOT NULL, "previousSecretSealed" varchar(255), "previousSecretExpiresAt" datetime(3), "secretRotatedAt" datetime(3), "failingSince" datetime(3), "disabledAt" datetime(3), "disabledReason" varchar(500), "lastDeliveryAt" datetime(3))`,
    );
    await queryRunner.query(
      `INSERT INTO "webhook"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "url", "description", "events", "active", "channelId", "secretSealed", "previousSecretSealed", "previousSecretExpiresAt", "secretRotatedAt", "failingSince", "disabledAt", "disabledReason", "lastDeliveryAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "url", "description", "events", "active", "channelId", "secretSealed", "previousSecretSealed", "previousSecretExpiresAt", "secretRotatedAt", "failingSince", "disabledAt", "disabledReason", "lastDeliveryAt" FROM "temporary_webhook"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_webhook"`);
    await queryRunner.query(`CREATE INDEX "IDX_webhook_tenant_created" ON "webhook" ("tenantId", "createdAt", "id") `);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_webhook_attempted"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_attempt_message"`);
    await queryRunner.query(`DROP TABLE "webhook_attempt"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_message_due"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_message_webhook_created"`);
    await queryRunner.query(`DROP TABLE "webhook_message"`);
    await queryRunner.query(`DROP INDEX "IDX_webhook_tenant_created"`);
    await queryRunner.query(`DROP TABLE "webhook"`);
  }
}
