import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795752930158 implements MigrationInterface {
  name = 'Initial1795752930158';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "tenant" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "name" varchar(200) NOT NULL, "slug" varchar(64) NOT NULL, "apiKeyLimit" integer NOT NULL DEFAULT (10))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_tenant_slug" ON "tenant" ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "authorization_group" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "type" varchar(16) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_authorization_group_tenant_name" ON "authorization_group" ("tenantId", "name") `,
    );
    await queryRunner.query(
      `CREATE TABLE "channel" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_channel_tenant_code" ON "channel" ("tenantId", "code") `);
    await queryRunner.query(
      `CREATE TABLE "role_definition" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "key" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "builtIn" boolean NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_definition_tenant_key" ON "role_definition" ("tenantId", "key") `,
    );
    await queryRunner.query(
      `CREATE TABLE "role_grant" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "subjectType" varchar(16) NOT NULL, "subjectId" varchar(36) NOT NULL, "roleDefinitionId" varchar(36) NOT NULL, "level" varchar(16) NOT NULL)`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_role_grant_subject" ON "role_grant" ("subjectId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_grant_subject_role" ON "role_grant" ("subjectType", "subjectId", "roleDefinitionId") `,
    );
    await queryRunner.query(
      `CREATE TABLE "user" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "superUser" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime(3))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_user_email" ON "user" ("email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_tenant_email" ON "user" ("tenantId", "email") `);
    await queryRunner.query(
      `CREATE TABLE "user_group" ("userId" varchar(36) NOT NULL, "groupId" varchar(36) NOT NULL, "tenantId" varchar(36) NOT NULL, PRIMARY KEY ("userId", "groupId"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_user_group_group" ON "user_group" ("groupId") `);
    await queryRunner.query(
      `CREATE TABLE "signing_key" ("id" varchar(64) PRIMARY KEY NOT NULL, "alg" varchar(16) NOT NULL, "publicJwk" text NOT NULL, "privateKeySealed" text NOT NULL, "createdAt" datetime(3) NOT NULL, "retiredAt" datetime(3))`,
    );
    await queryRunner.query(`DROP INDEX "UQ_authorization_group_tenant_name"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_authorization_group" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "type" varchar(16) NOT NULL, CONSTRAINT "FK_f519e94fed4d85ac7290b70cadb" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_authorization_group"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "name", "description", "type") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "name", "description", "type" FROM "authorization_group"`,
    );
    await queryRunner.query(`DROP TABLE "authorization_group"`);
    await queryRunner.query(`ALTER TABLE "temporary_authorization_group" RENAME TO "authorization_group"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_authorization_group_tenant_name" ON "authorization_group" ("tenantId", "name") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_channel_tenant_code"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_channel" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), CONSTRAINT "FK_6e320f56f93d4ec8f68ce076a9b" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_channel"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "code", "name", "description") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "code", "name", "description" FROM "channel"`,
    );
    await queryRunner.query(`DROP TABLE "channel"`);
    await queryRunner.query(`ALTER TABLE "temporary_channel" RENAME TO "channel"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_channel_tenant_code" ON "channel" ("tenantId", "code") `);
    await queryRunner.query(`DROP INDEX "UQ_role_definition_tenant_key"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_role_definition" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "key" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "builtIn" boolean NOT NULL DEFAULT (0), CONSTRAINT "FK_ba021036dd06c54a7f7f5f6fb3f" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_role_definition"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "key", "name", "description", "builtIn") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "key", "name", "description", "builtIn" FROM "role_definition"`,
    );
    await queryRunner.query(`DROP TABLE "role_definition"`);
    await queryRunner.query(`ALTER TABLE "temporary_role_definition" RENAME TO "role_definition"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_definition_tenant_key" ON "role_definition" ("tenantId", "key") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_role_grant_subject"`);
    await queryRunner.query(`DROP INDEX "UQ_role_grant_subject_role"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_role_grant" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "subjectType" varchar(16) NOT NULL, "subjectId" varchar(36) NOT NULL, "roleDefinitionId" varchar(36) NOT NULL, "level" varchar(16) NOT NULL, CONSTRAINT "FK_3864eac9e3d26f4cb980f833e7b" FOREIGN KEY ("roleDefinitionId") REFERENCES "role_definition" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_role_grant"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "subjectType", "subjectId", "roleDefinitionId", "level") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "subjectType", "subjectId", "roleDefinitionId", "level" FROM "role_grant"`,
    );
    await queryRunner.query(`DROP TABLE "role_grant"`);
    await queryRunner.query(`ALTER TABLE "temporary_role_grant" RENAME TO "role_grant"`);
    await queryRunner.query(`CREATE INDEX "IDX_role_grant_subject" ON "role_grant" ("subjectId") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_grant_subject_role" ON "role_grant" ("subjectType", "subjectId", "roleDefinitionId") `,
    );
    await queryRunner.query(`DROP INDEX "IDX_user_email"`);
    await queryRunner.query(`DROP INDEX "UQ_user_tenant_email"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_user" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "superUser" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime(3), CONSTRAINT "FK_685bf353c85f23b6f848e4dcded" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt" FROM "user"`,
    );
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`ALTER TABLE "temporary_user" RENAME TO "user"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_email" ON "user" ("email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_tenant_email" ON "user" ("tenantId", "email") `);
    await queryRunner.query(`DROP INDEX "IDX_user_group_group"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_user_group" ("userId" varchar(36) NOT NULL, "groupId" varchar(36) NOT NULL, "tenantId" varchar(36) NOT NULL, CONSTRAINT "FK_3d6b372788ab01be58853003c93" FOREIGN KEY ("userId") REFERENCES "user" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, CONSTRAINT "FK_31e541c93fdc0bb63cfde6549b7" FOREIGN KEY ("groupId") REFERENCES "authorization_group" ("id") ON DELETE CASCADE ON UPDATE NO ACTION, PRIMARY KEY ("userId", "groupId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user_group"("userId", "groupId", "tenantId") SELECT "userId", "groupId", "tenantId" FROM "user_group"`,
    );
    await queryRunner.query(`DROP TABLE "user_group"`);
    await queryRunner.query(`ALTER TABLE "temporary_user_group" RENAME TO "user_group"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_group_group" ON "user_group" ("groupId") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_user_group_group"`);
    await queryRunner.query(`ALTER TABLE "user_group" RENAME TO "temporary_user_group"`);
    await queryRunner.query(
      `CREATE TABLE "user_group" ("userId" varchar(36) NOT NULL, "groupId" varchar(36) NOT NULL, "tenantId" varchar(36) NOT NULL, PRIMARY KEY ("userId", "groupId"))`,
    );
    await queryRunner.query(
      `INSERT INTO "user_group"("userId", "groupId", "tenantId") SELECT "userId", "groupId", "tenantId" FROM "temporary_user_group"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user_group"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_group_group" ON "user_group" ("groupId") `);
    await queryRunner.query(`DROP INDEX "UQ_user_tenant_email"`);
    await queryRunner.query(`DROP INDEX "IDX_user_email"`);
    await queryRunner.query(`ALTER TABLE "user" RENAME TO "temporary_user"`);
    await queryRunner.query(
      `CREATE TABLE "user" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "superUser" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime(3))`,
    );
    await queryRunner.query(
      `INSERT INTO "user"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt" FROM "temporary_user"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_tenant_email" ON "user" ("tenantId", "email") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_email" ON "user" ("email") `);
    await queryRunner.query(`DROP INDEX "UQ_role_grant_subject_role"`);
    await queryRunner.query(`DROP INDEX "IDX_role_grant_subject"`);
    await queryRunner.query(`ALTER TABLE "role_grant" RENAME TO "temporary_role_grant"`);
    await queryRunner.query(
      `CREATE TABLE "role_grant" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "subjectType" varchar(16) NOT NULL, "subjectId" varchar(36) NOT NULL, "roleDefinitionId" varchar(36) NOT NULL, "level" varchar(16) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "role_grant"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "subjectType", "subjectId", "roleDefinitionId", "level") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "subjectType", "subjectId", "roleDefinitionId", "level" FROM "temporary_role_grant"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_role_grant"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_grant_subject_role" ON "role_grant" ("subjectType", "subjectId", "roleDefinitionId") `,
    );
    await queryRunner.query(`CREATE INDEX "IDX_role_grant_subject" ON "role_grant" ("subjectId") `);
    await queryRunner.query(`DROP INDEX "UQ_role_definition_tenant_key"`);
    await queryRunner.query(`ALTER TABLE "role_definition" RENAME TO "temporary_role_definition"`);
    await queryRunner.query(
      `CREATE TABLE "role_definition" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "key" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "builtIn" boolean NOT NULL DEFAULT (0))`,
    );
    await queryRunner.query(
      `INSERT INTO "role_definition"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "key", "name", "description", "builtIn") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "key", "name", "description", "builtIn" FROM "temporary_role_definition"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_role_definition"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_role_definition_tenant_key" ON "role_definition" ("tenantId", "key") `,
    );
    await queryRunner.query(`DROP INDEX "UQ_channel_tenant_code"`);
    await queryRunner.query(`ALTER TABLE "channel" RENAME TO "temporary_channel"`);
    await queryRunner.query(
      `CREATE TABLE "channel" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "code" varchar(64) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000))`,
    );
    await queryRunner.query(
      `INSERT INTO "channel"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "code", "name", "description") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "code", "name", "description" FROM "temporary_channel"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_channel"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_channel_tenant_code" ON "channel" ("tenantId", "code") `);
    await queryRunner.query(`DROP INDEX "UQ_authorization_group_tenant_name"`);
    await queryRunner.query(`ALTER TABLE "authorization_group" RENAME TO "temporary_authorization_group"`);
    await queryRunner.query(
      `CREATE TABLE "authorization_group" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "name" varchar(200) NOT NULL, "description" varchar(1000), "type" varchar(16) NOT NULL)`,
    );
    await queryRunner.query(
      `INSERT INTO "authorization_group"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "name", "description", "type") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "name", "description", "type" FROM "temporary_authorization_group"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_authorization_group"`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_authorization_group_tenant_name" ON "authorization_group" ("tenantId", "name") `,
    );
    await queryRunner.query(`DROP TABLE "signing_key"`);
    await queryRunner.query(`DROP INDEX "IDX_user_group_group"`);
    await queryRunner.query(`DROP TABLE "user_group"`);
    await queryRunner.query(`DROP INDEX "UQ_user_tenant_email"`);
    await queryRunner.query(`DROP INDEX "IDX_user_email"`);
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`DROP INDEX "UQ_role_grant_subject_role"`);
    await queryRunner.query(`DROP INDEX "IDX_role_grant_subject"`);
    await queryRunner.query(`DROP TABLE "role_grant"`);
    await queryRunner.query(`DROP INDEX "UQ_role_definition_tenant_key"`);
    await queryRunner.query(`DROP TABLE "role_definition"`);
    await queryRunner.query(`DROP INDEX "UQ_channel_tenant_code"`);
    await queryRunner.query(`DROP TABLE "channel"`);
    await queryRunner.query(`DROP INDEX "UQ_authorization_group_tenant_name"`);
    await queryRunner.query(`DROP TABLE "authorization_group"`);
    await queryRunner.query(`DROP INDEX "UQ_tenant_slug"`);
    await queryRunner.query(`DROP TABLE "tenant"`);
  }
}
