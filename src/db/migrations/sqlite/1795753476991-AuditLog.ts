import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795753476991 implements MigrationInterface {
  name = 'AuditLog1795753476991';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_chain_head" ("tenantId" varchar(36) PRIMARY KEY NOT NULL, "lastSeq" integer NOT NULL DEFAULT (0), "lastHash" varchar(64) NOT NULL, "prunedThroughSeq" integer NOT NULL DEFAULT (0), "prunedHash" varchar(64))`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_event" ("id" varchar(36) PRIMARY KEY NOT NULL, "tenantId" varchar(36) NOT NULL, "seq" integer NOT NULL, "action" varchar(100) NOT NULL, "actorType" varchar(16) NOT NULL, "actorId" varchar(36), "actorLabel" varchar(320), "targetType" varchar(100) NOT NULL, "targetId" varchar(64), "changes" text, "ip" varchar(64), "userAgent" varchar(512), "requestId" varchar(128), "createdAt" datetime(3) NOT NULL, "prevHash" varchar(64) NOT NULL, "hash" varchar(64) NOT NULL)`,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_tenant_action" ON "audit_event" ("tenantId", "action", "seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_tenant_target" ON "audit_event" ("tenantId", "targetType", "targetId", "seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_tenant_actor" ON "audit_event" ("tenantId", "actorId", "seq") `,
    );
    await queryRunner.query(
      `CREATE INDEX "IDX_audit_event_tenant_created" ON "audit_event" ("tenantId", "createdAt") `,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_audit_event_tenant_seq" ON "audit_event" ("tenantId", "seq") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "UQ_audit_event_tenant_seq"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_tenant_created"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_tenant_actor"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_tenant_target"`);
    await queryRunner.query(`DROP INDEX "IDX_audit_event_tenant_action"`);
    await queryRunner.query(`DROP TABLE "audit_event"`);
    await queryRunner.query(`DROP TABLE "audit_chain_head"`);
  }
}
