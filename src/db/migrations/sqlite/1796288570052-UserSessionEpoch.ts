import type { MigrationInterface, QueryRunner } from 'typeorm';

export class UserSessionEpoch1796288570052 implements MigrationInterface {
  name = 'UserSessionEpoch1796288570052';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_user_tenant_email"`);
    await queryRunner.query(`DROP INDEX "IDX_user_email"`);
    await queryRunner.query(
      `CREATE TABLE "temporary_user" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "superUser" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime(3), "sessionEpoch" integer NOT NULL DEFAULT (0), CONSTRAINT "FK_685bf353c85f23b6f848e4dcded" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "temporary_user"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt" FROM "user"`,
    );
    await queryRunner.query(`DROP TABLE "user"`);
    await queryRunner.query(`ALTER TABLE "temporary_user" RENAME TO "user"`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_tenant_email" ON "user" ("tenantId", "email") `);
    await queryRunner.query(`CREATE INDEX "IDX_user_email" ON "user" ("email") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_user_email"`);
    await queryRunner.query(`DROP INDEX "UQ_user_tenant_email"`);
    await queryRunner.query(`ALTER TABLE "user" RENAME TO "temporary_user"`);
    await queryRunner.query(
      `CREATE TABLE "user" ("id" varchar(36) PRIMARY KEY NOT NULL, "createdAt" datetime(3) NOT NULL, "updatedAt" datetime(3) NOT NULL, "createdByType" varchar(16), "createdById" varchar(36), "updatedByType" varchar(16), "updatedById" varchar(36), "tenantId" varchar(36) NOT NULL, "email" varchar(254) NOT NULL, "name" varchar(200) NOT NULL, "passwordHash" varchar(255) NOT NULL, "active" boolean NOT NULL DEFAULT (1), "superUser" boolean NOT NULL DEFAULT (0), "lastLoginAt" datetime(3), CONSTRAINT "FK_685bf353c85f23b6f848e4dcded" FOREIGN KEY ("tenantId") REFERENCES "tenant" ("id") ON DELETE CASCADE ON UPDATE NO ACTION)`,
    );
    await queryRunner.query(
      `INSERT INTO "user"("id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt") SELECT "id", "createdAt", "updatedAt", "createdByType", "createdById", "updatedByType", "updatedById", "tenantId", "email", "name", "passwordHash", "active", "superUser", "lastLoginAt" FROM "temporary_user"`,
    );
    await queryRunner.query(`DROP TABLE "temporary_user"`);
    await queryRunner.query(`CREATE INDEX "IDX_user_email" ON "user" ("email") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_user_tenant_email" ON "user" ("tenantId", "email") `);
  }
}
