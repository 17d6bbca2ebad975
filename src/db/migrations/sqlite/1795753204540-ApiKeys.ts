import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ApiKeys1795753204540 implements MigrationInterface {
  name = 'ApiKeys1795753204540';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "active" boolean NOT NULL DEFAULT (0), "secretHash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "last4" varchar(4) NOT NULL, "clientId" varchar(64), "expiresAt" datetime(3), "ipAllowlist" text NOT NULL, "rateLimitPerMinute" integer, "channelId" varchar(36), "authorizationGroupId" varchar(36), "ownerId" varchar(36), "lastUsedAt" datetime(3), "lastUsedIp" varchar(45), "revokedAt" datetime(3), "revokedByType" varchar(16), "revokedById" varchar(36), "revokedReason" varchar(500), "rotatedAt" datetime(3), "previousSecretHash" varchar(64), "previousSecretExpiresAt" datetime(3), "previousSecretLastUsedAt" datetime(3), "previousSecretUseCount" integer NOT NULL DEFAULT (0), "expiringSoonNotifiedAt" datetime(3))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_api_key_owner" ON "api_key" ("ownerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_tenant_name" ON "api_key" ("tenantId", "name", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_tenant_created" ON "api_key" ("tenantId", "createdAt", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_client_id" ON "api_key" ("clientId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_previous_secret_hash" ON "api_key" ("previousSecretHash") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secretHash") `);
    await queryRunner.query(`DROP INDEX "IDX_api_key_owner"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_tenant_name"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_tenant_created"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_client_id"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_previous_secret_hash"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "active" boolean NOT NULL DEFAULT (0), "secretHash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "last4" varchar(4) NOT NULL, "clientId" varchar(64), "expiresAt" datetime(3), "ipAllowlist" text NOT NULL, "rateLimitPerMinute" integer, "channelId" varchar(36), "authorizationGroupId" varchar(36), "ownerId" varchar(36), "lastUsedAt" datetime(3), "lastUsedIp" varchar(45), "revokedAt" datetime(3), "revokedByType" varchar(16), "revokedById" varchar(36), "revokedReason" varchar(500), "rotatedAt" datetime(3), "previousSecretHash" varchar(64), "previousSecretExpiresAt" datetime(3), "previousSecretLastUsedAt" datetime(3), "previousSecretUseCount" integer NOT NULL DEFAULT (0), "expiringSoonNotifiedAt" datetime(3), CONSTRAINT "FK_b7af40f187f158c5c4188f45acd" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_df5f87a6a32390ced9c8dd5efe4" FOREIGN KEY ("channelId") REFERENCES "channel" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_ec0474577f8620a6af8f2590adc" FOREIGN KEY ("authorizationGroupId") REFERENCES "authorization_group" ("id") ON DELETE SET NULL ON UPDATE NO ACTION, CONSTRAINT "FK_74d2236b1de818d00bd3fd01602" FOREIGN KEY ("ownerId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_api_key"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "kind", "name", "description", "active", "secretHash", "prefix", "last4", "clientId", "expiresAt", "ipAllowlist", "rateLimitPerMinute", "channelId", "authorizationGroupId", "ownerId", "lastUsedAt", "lastUsedIp", "revokedAt", "revokedByType", "revokedById", "revokedReason", "rotatedAt", "previousSecretHash", "previousSecretExpiresAt", "previousSecretLastUsedAt", "previousSecretUseCount", "expiringSoonNotifiedAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "kind", "name", "description", "active", "secretHash", "prefix", "last4", "clientId", "expiresAt", "ipAllowlist", "rateLimitPerMinute", "channelId", "authorizationGroupId", "ownerId", "lastUsedAt", "lastUsedIp", "revokedAt", "revokedByType", "revokedById", "revokedReason", "rotatedAt", "previousSecretHash", "previousSecretExpiresAt", "previousSecretLastUsedAt", "previousSecretUseCount", "expiringSoonNotifiedAt" FROM "api_key"`,
    );
    await queryRunner.query(`DROP TABLE "api_key"`);
    await queryRunner.query(`ALTER TABLE "temporary_api_key" RENAME TO "api_key"`);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_owner" ON "api_key" ("ownerId") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_tenant_name" ON "api_key" ("tenantId", "name", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_tenant_created" ON "api_key" ("tenantId", "createdAt", "id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_client_id" ON "api_key" ("clientId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_previous_secret_hash" ON "api_key" ("previousSecretHash") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secretHash") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_previous_secret_hash"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_client_id"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_tenant_created"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_tenant_name"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_owner"`);
    await queryRunner.query(`ALTER TABLE "api_key" RENAME TO "temporary_api_key"`);
    await queryRunner.query(
      `CREATE TABLE "api_key" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "kind" varchar(16) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "active" boolean NOT NULL DEFAULT (0), "secretHash" varchar(64) NOT NULL, "prefix" varchar(16) NOT NULL, "last4" varchar(4) NOT NULL, "clientId" varchar(64), "expiresAt" datetime(3), "ipAllowlist" text NOT NULL, "rateLimitPerMinute" integer, "channelId" varchar(36), "authorizationGroupId" varchar(36), "ownerId" varchar(36), "lastUsedAt" datetime(3), "lastUsedIp" varchar(45), "revokedAt" datetime(3), "revokedByType" varchar(16), "revokedById" varchar(36), "revokedReason" varchar(500), "rotatedAt" datetime(3), "previousSecretHash" varchar(64), "previousSecretExpiresAt" datetime(3), "previousSecretLastUsedAt" datetime(3), "previousSecretUseCount" integer NOT NULL DEFAULT (0), "expiringSoonNotifiedAt" datetime(3))`,
    );
    await queryRunner.query(
      `INSERT INTO "api_key"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "kind", "name", "description", "active", "secretHash", "prefix", "last4", "clientId", "expiresAt", "ipAllowlist", "rateLimitPerMinute", "channelId", "authorizationGroupId", "ownerId", "lastUsedAt", "lastUsedIp", "revokedAt", "revokedByType", "revokedById", "revokedReason", "rotatedAt", "previousSecretHash", "previousSecretExpiresAt", "previousSecretLastUsedAt", "previousSecretUseCount", "expiringSoonNotifiedAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "kind", "name", "description", "active", "secretHash", "prefix", "last4", "clientId", "expiresAt", "ipAllowlist", "rateLimitPerMinute", "channelId", "authorizationGroupId", "ownerId", "lastUsedAt", "lastUsedIp", "revokedAt", "revokedByType", "revokedById", "revokedReason", "rotatedAt", "previousSecretHash", "previousSecretExpiresAt", "previousSecretLastUsedAt", "previousSecretUseCount", "expiringSoonNotifiedAt" FROM "temporary_api_key"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_api_key"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_secret_hash" ON "api_key" ("secretHash") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_api_key_previous_secret_hash" ON "api_key" ("previousSecretHash") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_api_key_client_id" ON "api_key" ("clientId") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_tenant_created" ON "api_key" ("tenantId", "createdAt", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_tenant_name" ON "api_key" ("tenantId", "name", "id") `);
    await queryRunner.query(`CREATE INDEX "IDX_api_key_owner" ON "api_key" ("ownerId") `);
    await queryRunner.query(`DROP INDEX "UQ_api_key_secret_hash"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_previous_secret_hash"`);
    await queryRunner.query(`DROP INDEX "UQ_api_key_client_id"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_tenant_created"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_tenant_name"`);
    await queryRunner.query(`DROP INDEX "IDX_api_key_owner"`);
    await queryRunner.query(`DROP TABLE "api_key"`);
  }
}
