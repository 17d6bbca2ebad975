import { randomBytes } from 'node:crypto';
import { In, IsNull } from 'typeorm';
import { hashSecret } from '../../src/credentials/tokens';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { TenantKeyCount } from '../../src/db/entities/tenant-key-count.entity';
import { Tenant } from '../../src/db/entities/tenant.entity';
import { TenantKeyCountRow1796396729506 as MysqlMigration } from '../../src/db/migrations/mysql/1796396729506-TenantKeyCountRow';
import { TenantKeyCountRow1796396729506 as SqliteMigration } from '../../src/db/migrations/sqlite/1796396729506-TenantKeyCountRow';
import {
  CREATE_GRAPHQL,
  CREATE_PERSONAL,
  CREATE_REST,
  DELETE,
  REVOKE,
  REVOKE_OWN,
  DELETE_OWN,
} from '../helpers/api-keys';
import { createTenantUser, type TenantUser, insertKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

/**
 * tenant_key_count.limitedKeyCount (what apiKeyLimit limits): counted from the keys by its migration,
 * then kept by every write that adds or takes out a GraphQL key or REST credential that is not revoked.
 */
describe('the tenant key count', () => {
  const server = testServerForSuite();

  /** The counter and the rows it stands for, per tenant. */
  const counts = async (tenantIds: string[]) => {
    const tenants = await server.kw.dataSource.getRepository(TenantKeyCount).findBy({ tenantId: In(tenantIds) });
    const keys = server.kw.dataSource.getRepository(ApiKey);
    return Promise.all(
      tenantIds.map(async (id) => ({
        counter: tenants.find((t) => t.tenantId === id)!.limitedKeyCount,
        rows: await keys.countBy({ tenantId: id, kind: In(['GRAPHQL', 'REST']), revokedAt: IsNull() }),
      })),
    );
  };
  const gql = async (user: TenantUser, query: string, variables: Record<string, unknown>) => {
    const res = await server.gql<any>(query, variables, { token: user.token });
    expect(res.errors).toBeUndefined();
    return res.data;
  };
  const migration = () =>
    new (server.kw.dataSource.options.type === 'better-sqlite3' ? SqliteMigration : MysqlMigration)();
  const migrate = async (direction: 'up' | 'down') => {
    const runner = server.kw.dataSource.createQueryRunner();
    try {
      await migration()[direction](runner);
    } finally {
      await runner.release();
    }
  };

  it('follows creates, revokes, deletes and leak revocations; the migration counts the keys there are, down and up', async () => {
    const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const other = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const empty = await createTenantUser(server);
    const tenants = [owner.tenantId, other.tenantId, empty.tenantId];
    const create = async (user: TenantUser, query = CREATE_GRAPHQL) => {
      const data = await gql(user, query, { input: { name: `key ${randomBytes(3).toString('hex')}` } });
      return (data.createGraphQLApiKey ?? data.createRestCredential).apiKey.id as string;
    };
    const [a, b, c] = [await create(owner), await create(owner, CREATE_REST), await create(owner)];
    await create(other, CREATE_REST);
    const personal = (await gql(owner, CREATE_PERSONAL, { title: 'Mine' })).createSecretApiKey.apiKey.id as string;
    expect(await counts(tenants)).toEqual([
      { counter: 3, rows: 3 },
      { counter: 1, rows: 1 },
      { counter: 0, rows: 0 },
    ]);

    await gql(owner, REVOKE, { id: a }); // one less
    await gql(owner, DELETE, { ids: [a, b] }); // a was revoked already: one less
    const leaked = await insertKey(server, { tenantId: owner.tenantId, kind: 'REST' }); // counted as created
    await insertKey(server, { tenantId: owner.tenantId, revokedAt: new Date() }); // not counted
    // revoked (REVOKE): one less
    expect(await server.kw.services.apiKeys.reportLeaked(hashSecret(leaked.secret), null)).toBe(true);
    await gql(owner, REVOKE_OWN, { id: personal });
    await gql(owner, DELETE_OWN, { id: personal }); // personal keys do not count
    const refused = await server.gql<any>(REVOKE, { id: a }, { token: owner.token });
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(await counts(tenants)).toEqual([
      { counter: 1, rows: 1 },
      { counter: 1, rows: 1 },
      { counter: 0, rows: 0 },
    ]);
    expect(await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: c })).toMatchObject({
      revokedAt: null,
    });

    // rows an older version wrote (no counter kept), then down and up again
    const keys = server.kw.dataSource.getRepository(ApiKey);
    for (const [tenantId, kind, revokedAt] of [
      [other.tenantId, 'GRAPHQL', null],
      [other.tenantId, 'PERSONAL', null],
      [other.tenantId, 'REST', new Date()],
      [empty.tenantId, 'GRAPHQL', new Date()],
    ] as const) {
      await keys.save(
        keys.create({
          tenantId,
          kind,
          name: `old ${kind}`,
          description: null,
          active: !revokedAt,
          secretHash: randomBytes(32).toString('hex'),
          prefix: 'kwk_old',
          last4: 'abcd',
          ipAllowlist: [],
          revokedAt,
        }),
      );
    }
    await migrate('down');
    await migrate('up');
    expect(await counts(tenants)).toEqual([
      { counter: 1, rows: 1 },
      { counter: 2, rows: 2 },
      { counter: 0, rows: 0 },
    ]);

    // and the limit holds on the migrated counter
    await server.kw.dataSource.getRepository(Tenant).update({ id: other.tenantId }, { apiKeyLimit: 3 });
    await create(other);
    const over = await server.gql<any>(CREATE_GRAPHQL, { input: { name: 'One too many' } }, { token: other.token });
    expect(over.errors?.[0]?.extensions?.code).toBe('LIMIT_EXCEEDED');
    expect(over.errors?.[0]?.message).toBe(
      'The tenant may hold at most 3 GraphQL keys and REST credentials; delete or revoke one first',
    );
    expect(await counts([other.tenantId])).toEqual([{ counter: 3, rows: 3 }]);
  });
});
