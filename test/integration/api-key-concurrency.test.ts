import { ApiKey } from '../../src/db/entities/api-key.entity';
import { createTenantUser, setApiKeyLimit } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { CREATE_GRAPHQL, CREATE_PERSONAL, CREATE_REST } from '../helpers/api-keys';

describe('API key limits hold under concurrency', () => {
  const server = testServerForSuite();

  it('30 parallel creates against a limit of 10 create exactly 10', async () => {
    const me = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    await setApiKeyLimit(server, me.tenantId, 10);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.gql(i % 2 ? CREATE_GRAPHQL : CREATE_REST, { input: { name: `Parallel ${i}` } }, { token: me.token }),
      ),
    );
    const ok = results.filter((r) => !r.errors);
    const failed = results.filter((r) => r.errors);
    expect(ok).toHaveLength(10);
    expect(failed).toHaveLength(20);
    for (const r of failed) expect(r.errors![0]!.extensions.code).toBe('LIMIT_EXCEEDED');
    expect(await server.kw.dataSource.getRepository(ApiKey).countBy({ tenantId: me.tenantId })).toBe(10);
    // personal keys do not count against the limit
    const personal = await server.gql(CREATE_PERSONAL, { title: 'Mine' }, { token: me.token });
    expect(personal.errors).toBeUndefined();
  });

  it('holds as well when the create reads before it takes its place (grants in the input)', async () => {
    const me = await createTenantUser(server, { grants: { API_KEY: 'OWNER', ORDER_DATA: 'OWNER' } });
    await setApiKeyLimit(server, me.tenantId, 10);
    const grants = [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        server.gql(
          i % 2 ? CREATE_GRAPHQL : CREATE_REST,
          { input: { name: `Granted ${i}`, grants } },
          { token: me.token },
        ),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(10);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions.code).toBe('LIMIT_EXCEEDED');
    expect(await server.kw.dataSource.getRepository(ApiKey).countBy({ tenantId: me.tenantId })).toBe(10);
  });

  it('10 parallel createSecretApiKey by one user create exactly one', async () => {
    const me = await createTenantUser(server, {});
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => server.gql(CREATE_PERSONAL, { title: `Laptop ${i}` }, { token: me.token })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions.code).toBe('LIMIT_EXCEEDED');
    expect(await server.kw.dataSource.getRepository(ApiKey).countBy({ ownerId: me.userId, kind: 'PERSONAL' })).toBe(1);
  });

  it('personal and tenant-limited creates in one tenant run side by side without deadlocks', async () => {
    const me = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    // fixtures use dataSource.transaction directly (not the SQLite queue): create them one by one
    const others = [];
    for (let i = 0; i < 4; i++) others.push(await createTenantUser(server, { tenantId: me.tenantId }));
    const results = await Promise.all([
      ...Array.from({ length: 8 }, (_, i) =>
        server.gql(CREATE_GRAPHQL, { input: { name: `Mixed ${i}` } }, { token: me.token }),
      ),
      ...Array.from({ length: 4 }, () => server.gql(CREATE_PERSONAL, { title: 'Own key' }, { token: me.token })),
      ...others.map((u) => server.gql(CREATE_PERSONAL, { title: 'Their key' }, { token: u.token })),
    ]);
    for (const r of results.filter((r) => r.errors)) expect(r.errors![0]!.extensions.code).toBe('LIMIT_EXCEEDED');
    const repo = server.kw.dataSource.getRepository(ApiKey);
    expect(await repo.countBy({ tenantId: me.tenantId, kind: 'GRAPHQL' })).toBe(8);
    expect(await repo.countBy({ tenantId: me.tenantId, kind: 'PERSONAL' })).toBe(5);
  });
});
