import { ApiKey } from '../../src/db/entities/api-key.entity';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { clearLifecycle } from '../../src/domain/api-keys/api-key-changes';
import { SYSTEM_ACTOR } from '../../src/db/entities/columns';
import { findRow, insertRows, updateRows } from '../../src/db/entity-rows';
import { apiKeyRow, createTenantUser, insertKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { testDialect } from '../helpers/test-database';

// The hot-path row reads and writes (key lookups and updates in mutations) against TypeORM's own
// find and save on the same rows: every column type the key has (dates, JSON, booleans, ints, nulls).
describe('entity rows: plain-SQL find and update agree with TypeORM', () => {
  const server = testServerForSuite();
  const manager = () => server.kw.dataSource.manager;
  const typeorm = (id: string) => manager().findOneOrFail(ApiKey, { where: { id } });

  it('reads a row as findOne does, and matches null as IS NULL', async () => {
    const { tenantId } = await createTenantUser(server);
    const { id } = await insertKey(server, {
      tenantId,
      name: 'every column type',
      active: true,
      expiresAt: new Date('2031-05-06T07:08:09.123Z'),
      ipAllowlist: ['10.0.0.0/8', '2001:db8::1'],
      rateLimitPerMinute: 77,
    });
    const found = await findRow(manager(), ApiKey, { id, tenantId });
    expect(found).toBeInstanceOf(ApiKey);
    expect(found).toEqual(await typeorm(id));
    expect(found!.expiresAt).toEqual(new Date('2031-05-06T07:08:09.123Z'));
    expect(found!.active).toBe(true);
    expect(await findRow(manager(), ApiKey, { id, revokedAt: null })).toEqual(found);
    expect(await findRow(manager(), ApiKey, { id, channelId: 'a-channel' })).toBeNull();
    expect(await findRow(manager(), ApiKey, { id, tenantId: 'another-tenant' })).toBeNull();
  });

  it('writes what save() would, and only on rows that still match', async () => {
    const { tenantId } = await createTenantUser(server);
    const { id } = await insertKey(server, { tenantId, active: true });
    const revokedAt = new Date('2030-01-02T03:04:05.678Z');
    const changes = {
      active: false,
      description: null,
      ipAllowlist: ['192.0.2.7'],
      rateLimitPerMinute: 5,
      revokedAt,
      revokedReason: 'done',
    };
    expect(await updateRows(manager(), ApiKey, changes, { id, revokedAt: null })).toBe(1);
    const written = await typeorm(id);
    expect(written).toMatchObject(changes);
    // the row no longer matches: nothing changes
    expect(await updateRows(manager(), ApiKey, { revokedReason: 'again' }, { id, revokedAt: null })).toBe(0);
    expect((await typeorm(id)).revokedReason).toBe('done');
    // and TypeORM's own write reads back the same through findRow
    await manager().update(ApiKey, { id }, { expiresAt: revokedAt, active: true });
    expect(await findRow(manager(), ApiKey, { id })).toEqual(await typeorm(id));
  });

  it('inserts rows TypeORM reads back as they were given, ids and timestamps filled by the entity listeners', async () => {
    const { tenantId } = await createTenantUser(server);
    const keys = [
      apiKeyRow(manager(), { tenantId, name: 'first', ipAllowlist: ['10.1.2.3'], rateLimitPerMinute: 9 }),
      apiKeyRow(manager(), { tenantId, name: 'second', expiresAt: new Date('2032-02-03T04:05:06.789Z') }),
    ].map((key) => {
      clearLifecycle(key); // as the key service does: every column set
      return key.stampCreated(SYSTEM_ACTOR);
    });
    await insertRows(manager(), ApiKey, keys);
    for (const key of keys) {
      expect(key.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(key.createdAt).toBeInstanceOf(Date);
      expect(await typeorm(key.id)).toEqual(key);
    }
    const unset = apiKeyRow(manager(), { tenantId, name: 'unset' });
    clearLifecycle(unset.stampCreated(SYSTEM_ACTOR));
    (unset as { description?: string | null }).description = undefined;
    await expect(insertRows(manager(), ApiKey, [unset])).rejects.toThrow('ApiKey.description is not set for insert');
  });

  it('inserts a column a subquery finds, for each row its own, and fails when the subquery finds nothing', async () => {
    const { tenantId } = await createTenantUser(server);
    const { id: keyId } = await insertKey(server, { tenantId });
    const roles = await manager().find(RoleDefinition, { where: { tenantId } });
    const wanted = [roles[0]!, roles[1]!];
    const keyOf = new Map<RoleGrant, string>();
    const grants = wanted.map((role) => {
      const grant = manager()
        .create(RoleGrant, { tenantId, subjectType: 'API_KEY', subjectId: keyId, level: 'VIEWER' })
        .stampCreated(SYSTEM_ACTOR);
      keyOf.set(grant, role.key);
      return grant;
    });
    const byKey = {
      roleDefinitionId: {
        sql: '(SELECT `id` FROM `role_definition` WHERE `tenantId` = ? AND `key` = ?)',
        params: (grant: RoleGrant) => [tenantId, keyOf.get(grant)],
      },
    };
    await insertRows(manager(), RoleGrant, grants, byKey);
    const written = await manager().find(RoleGrant, { where: { subjectId: keyId }, order: { createdAt: 'ASC' } });
    expect(written.map((grant) => grant.roleDefinitionId).sort()).toEqual(wanted.map((role) => role.id).sort());
    const orphan = manager()
      .create(RoleGrant, { tenantId, subjectType: 'API_KEY', subjectId: keyId, level: 'OWNER' })
      .stampCreated(SYSTEM_ACTOR);
    keyOf.set(orphan, 'NO_SUCH_ROLE');
    await expect(insertRows(manager(), RoleGrant, [orphan], byKey)).rejects.toThrow();
    expect(await manager().count(RoleGrant, { where: { subjectId: keyId } })).toBe(2);
  });

  // mysql2 builds a promise wrapper for every query TypeORM runs unless the connection keeps one (mysql-driver.ts)
  (testDialect() === 'mariadb' ? it : it.skip)('a pooled MariaDB connection keeps one promise wrapper', async () => {
    const runner = server.kw.dataSource.createQueryRunner();
    try {
      const connection = (await runner.connect()) as { promise(): unknown };
      expect(await runner.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      const wrapper = connection.promise();
      expect(await runner.query('SELECT ? AS two', [2])).toEqual([{ two: 2 }]);
      expect(connection.promise()).toBe(wrapper);
      await expect(runner.query('SELECT * FROM `no_such_table`')).rejects.toThrow(/no_such_table/);
    } finally {
      await runner.release();
    }
  });
});
