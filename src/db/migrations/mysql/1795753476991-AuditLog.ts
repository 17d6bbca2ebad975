import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditLog1795753476991 implements MigrationInterface {
  name = 'AuditLog1795753476991';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE \`audit_chain_head\` (\`tenantId\` varchar(36) NOT NULL, \`lastSeq\` int NOT NULL DEFAULT '0', \`lastHash\` varchar(64) NOT NULL, \`prunedThroughSeq\` int NOT NULL DEFAULT '0', \`prunedHash\` varchar(64) NULL, PRIMARY KEY (\`tenantId\`)) ENGINE=InnoDB`,
    );
    await queryRunner.query(
      `CREATE TABLE \`audit_event\` (\`id\` varchar(36) NOT NULL, \`tenantId\` varchar(36) NOT NULL, \`seq\` int NOT NULL, \`action\` varchar(100) NOT NULL, \`actorType\` varchar(16) NOT NULL, \`actorId\` varchar(36) NULL, \`actorLabel\` varchar(320) NULL, \`targetType\` varchar(100) NOT NULL, \`targetId\` varchar(64) NULL, \`changes\` text NULL, \`ip\` varchar(64) NULL, \`userAgent\` varchar(512) NULL, \`requestId\` varchar(128) NULL, \`createdAt\` datetime(3) NOT NULL, \`prevHash\` varchar(64) NOT NULL, \`hash\` varchar(64) NOT NULL, INDEX \`IDX_audit_event_tenant_action\` (\`tenantId\`, \`action\`, \`seq\`), INDEX \`IDX_audit_event_tenant_target\` (\`tenantId\`, \`targetType\`, \`targetId\`, \`seq\`), INDEX \`IDX_audit_event_tenant_actor\` (\`tenantId\`, \`actorId\`, \`seq\`), INDEX \`IDX_audit_event_tenant_created\` (\`tenantId\`, \`createdAt\`), UNIQUE INDEX \`UQ_audit_event_tenant_seq\` (\`tenantId\`, \`seq\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX \`UQ_audit_event_tenant_seq\` ON \`audit_event\``);
    await queryRunner.query(`DROP INDEX \`IDX_audit_event_tenant_created\` ON \`audit_event\``);
    await queryRunner.query(`DROP INDEX \`IDX_audit_event_tenant_actor\` ON \`audit_event\``);
    await queryRunner.query(`DROP INDEX \`IDX_audit_event_tenant_target\` ON \`audit_event\``);
    await queryRunner.query(`DROP INDEX \`IDX_audit_event_tenant_action\` ON \`audit_event\``);
    await queryRunner.query(`DROP TABLE \`audit_event\``);
    await queryRunner.query(`DROP TABLE \`audit_chain_head\``);
  }
}
