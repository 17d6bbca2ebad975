import { randomBytes } from 'node:crypto';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { Tenant } from '../../src/db/entities/tenant.entity';
import { eventsForSuite } from '../helpers/domain-events';
import { allAreas, createTenantUser, insertKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

const FIELDS =
  'id name slug apiKeyLimit defaultRateLimitPerMinute apiKeyUsage { used limit } createdAt updatedAt createdBy { __typename ... on User { id } } updatedBy { ... on User { id } }';
const TENANT = `{ tenant { ${FIELDS} } }`;
const TENANTS = `{ tenants { ${FIELDS} } }`;
const CREATE = `mutation($input: CreateTenantInput!) { createTenant(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { ${FIELDS} } }`;

describe('tenants', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);
  const tenantCount = () => server.kw.dataSource.getRepository(Tenant).count();

  describe('happy path', () => {
    it('any signed-in user reads its own tenant with the key usage', async () => {
      const user = await createTenantUser(server);
      const res = await server.gql(TENANT, {}, { token: user.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.tenant).toMatchObject({
        id: user.tenantId,
        slug: user.tenantSlug,
        apiKeyLimit: 10,
        apiKeyUsage: { used: 0, limit: 10 },
        createdBy: null,
      });
    });

    it('counts GraphQL keys and REST credentials (not personal keys) against the limit', async () => {
      const user = await createTenantUser(server);
      const other = await createTenantUser(server);
      const keys = server.kw.dataSource.getRepository(ApiKey);
      let i = 0;
      for (const [tenantId, kind] of [
        [user.tenantId, 'GRAPHQL'],
        [user.tenantId, 'REST'],
        [user.tenantId, 'PERSONAL'],
        [other.tenantId, 'GRAPHQL'],
      ] as const) {
        i++;
        await keys.save(
          keys.create({
            tenantId,
            kind,
            name: `key ${i}`,
            description: null,
            active: true,
            secretHash: randomBytes(32).toString('hex'),
            prefix: `kwk_${i}`,
            last4: 'abcd',
            ipAllowlist: [],
            ownerId: user.userId,
          }),
        );
      }
      expect((await server.gql(TENANT, {}, { token: user.token })).data!.tenant.apiKeyUsage).toEqual({
        used: 2,
        limit: 10,
      });
      expect((await server.gql(TENANT, {}, { token: other.token })).data!.tenant.apiKeyUsage).toEqual({
        used: 1,
        limit: 10,
      });
      const all = (await server.gql(TENANTS, {}, { token: await server.adminToken() })).data!.tenants;
      expect(all.find((t: { id: string }) => t.id === user.tenantId).apiKeyUsage.used).toBe(2);
    });

    it('a super user creates a tenant with the built-in roles seeded, updates it and lists tenants', async () => {
      const admin = await server.adminToken();
      const created = await server.gql(
        CREATE,
        { input: { name: ' Acme ', slug: 'acme', apiKeyLimit: 25 } },
        { token: admin },
      );
      expect(created.errors).toBeUndefined();
      const tenant = created.data!.createTenant;
      expect(tenant).toMatchObject({
        name: 'Acme',
        slug: 'acme',
        apiKeyLimit: 25,
        apiKeyUsage: { used: 0, limit: 25 },
        createdBy: { __typename: 'User' },
      });
      expect(
        await server.kw.dataSource.getRepository(RoleDefinition).countBy({ tenantId: tenant.id, builtIn: true }),
      ).toBe(11);
      expect(events.at(-1)).toMatchObject({
        action: 'tenant.created',
        tenantId: tenant.id,
        targetId: tenant.id,
        changes: { slug: { before: null, after: 'acme' } },
      });

      const updated = await server.gql(
        UPDATE,
        { id: tenant.id, input: { name: 'Acme Inc', apiKeyLimit: 5 } },
        { token: admin },
      );
      expect(updated.data!.updateTenant).toMatchObject({
        name: 'Acme Inc',
        slug: 'acme',
        apiKeyLimit: 5,
        apiKeyUsage: { limit: 5 },
      });
      expect(events.at(-1)).toMatchObject({
        action: 'tenant.updated',
        changes: { name: { before: 'Acme', after: 'Acme Inc' }, apiKeyLimit: { before: 25, after: 5 } },
      });

      const list = await server.gql(TENANTS, {}, { token: admin });
      expect(list.errors).toBeUndefined();
      expect(tenant.defaultRateLimitPerMinute).toBeNull();
      expect(list.data!.tenants.map((t: { slug: string }) => t.slug)).toEqual(
        expect.arrayContaining(['default', 'acme']),
      );
      expect(list.data!.tenants.find((t: { slug: string }) => t.slug === 'acme').apiKeyUsage).toEqual({
        used: 0,
        limit: 5,
      });
    });

    it("a tenant's default rate limit applies to its keys without their own limit, at once, and null restores the server's", async () => {
      const admin = await server.adminToken();
      const user = await createTenantUser(server);
      const inherits = await insertKey(server, { tenantId: user.tenantId, rateLimitPerMinute: null });
      const own = await insertKey(server, { tenantId: user.tenantId, rateLimitPerMinute: 50 });
      const policy = async (secret: string) =>
        (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': secret } })).headers[
          'ratelimit-policy'
        ];
      expect(await policy(inherits.secret)).toBe('"per-key";q=600;w=60'); // KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE
      const set = await server.gql(
        UPDATE,
        { id: user.tenantId, input: { defaultRateLimitPerMinute: 120 } },
        { token: admin },
      );
      expect(set.data!.updateTenant.defaultRateLimitPerMinute).toBe(120);
      expect(events.at(-1)).toMatchObject({
        action: 'tenant.updated',
        changes: { defaultRateLimitPerMinute: { before: null, after: 120 } },
      });
      // the cached key is dropped on commit: the new default holds for the next request
      expect(await policy(inherits.secret)).toBe('"per-key";q=120;w=60');
      expect(await policy(own.secret)).toBe('"per-key";q=50;w=60');
      const verified = await server.kw.app.inject({
        method: 'POST',
        url: '/v1/keys/verify',
        headers: { 'content-type': 'application/json', 'x-api-key': own.secret },
        payload: JSON.stringify({ key: inherits.secret }),
      });
      expect(verified.json().ratelimit.limit).toBe(120);
      const cleared = await server.gql(
        UPDATE,
        { id: user.tenantId, input: { defaultRateLimitPerMinute: null } },
        { token: admin },
      );
      expect(cleared.data!.updateTenant.defaultRateLimitPerMinute).toBeNull();
      expect(await policy(inherits.secret)).toBe('"per-key";q=600;w=60');
      // omitted: unchanged
      await server.gql(UPDATE, { id: user.tenantId, input: { defaultRateLimitPerMinute: 90 } }, { token: admin });
      const renamed = await server.gql(UPDATE, { id: user.tenantId, input: { name: 'Renamed' } }, { token: admin });
      expect(renamed.data!.updateTenant.defaultRateLimitPerMinute).toBe(90);
    });
  });

  describe('errors', () => {
    it('rejects bad names, slugs and limits and duplicate slugs, writing nothing', async () => {
      const admin = await server.adminToken();
      await server.gql(CREATE, { input: { name: 'Taken', slug: 'taken' } }, { token: admin });
      const count = await tenantCount();
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ name: '', slug: 'ok-slug' }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: 'n'.repeat(201), slug: 'ok-slug' }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: 'x', slug: 'Upper' }, 'BAD_USER_INPUT', 'input.slug'],
        [{ name: 'x', slug: 'a' }, 'BAD_USER_INPUT', 'input.slug'],
        [{ name: 'x', slug: '-dash' }, 'BAD_USER_INPUT', 'input.slug'],
        [{ name: 'x', slug: 's'.repeat(65) }, 'BAD_USER_INPUT', 'input.slug'],
        [{ name: 'x', slug: 'ok-slug', apiKeyLimit: -1 }, 'BAD_USER_INPUT', 'input.apiKeyLimit'],
        [
          { name: 'x', slug: 'ok-slug', defaultRateLimitPerMinute: 0 },
          'BAD_USER_INPUT',
          'input.defaultRateLimitPerMinute',
        ],
        [
          { name: 'x', slug: 'ok-slug', defaultRateLimitPerMinute: 1_000_001 },
          'BAD_USER_INPUT',
          'input.defaultRateLimitPerMinute',
        ],
        [{ name: 'x', slug: 'taken' }, 'CONFLICT', 'input.slug'],
      ];
      for (const [input, code, field] of cases) {
        expect((await server.gql(CREATE, { input }, { token: admin })).errors?.[0]?.extensions).toMatchObject({
          code,
          field,
        });
      }
      expect(await tenantCount()).toBe(count);
      const acme = await server.kw.dataSource.getRepository(Tenant).findOneByOrFail({ slug: 'taken' });
      const dup = await server.gql(UPDATE, { id: acme.id, input: { slug: 'default' } }, { token: admin });
      expect(dup.errors?.[0]?.extensions).toMatchObject({ code: 'CONFLICT', field: 'input.slug' });
      const badLimit = await server.gql(
        UPDATE,
        { id: acme.id, input: { name: 'Renamed', defaultRateLimitPerMinute: -5 } },
        { token: admin },
      );
      expect(badLimit.errors?.[0]).toMatchObject({
        message:
          'defaultRateLimitPerMinute must be a whole number from 1 to 1,000,000 (or null for KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE)',
        extensions: { code: 'BAD_USER_INPUT', field: 'input.defaultRateLimitPerMinute' },
      });
      expect(await server.kw.dataSource.getRepository(Tenant).findOneByOrFail({ id: acme.id })).toMatchObject({
        name: 'Taken',
        defaultRateLimitPerMinute: null,
      });
      const missing = await server.gql(
        UPDATE,
        { id: '00000000-0000-4000-8000-000000000000', input: { name: 'x' } },
        { token: admin },
      );
      expect(missing.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    });
  });

  describe('security', () => {
    it('only super users create, update and list tenants, whatever their grants', async () => {
      const owner = await createTenantUser(server, { grants: allAreas('OWNER') });
      const count = await tenantCount();
      for (const [query, vars] of [
        [CREATE, { input: { name: 'Evil', slug: 'evil' } }],
        [UPDATE, { id: owner.tenantId, input: { apiKeyLimit: 100000 } }],
        [TENANTS, {}],
      ] as const) {
        const res = await server.gql(query, vars, { token: owner.token });
        expect([res.errors?.[0]?.extensions.code, res.data]).toEqual(['FORBIDDEN', null]);
        expect((await server.gql(query, vars)).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      }
      expect(await tenantCount()).toBe(count);
      expect(
        (await server.kw.dataSource.getRepository(Tenant).findOneByOrFail({ id: owner.tenantId })).apiKeyLimit,
      ).toBe(10);
    });

    it('a demoted super user loses tenant management at once (its cached sessions are dropped)', async () => {
      const admin = await server.adminToken();
      const su = await createTenantUser(server, { superUser: true });
      const other = await createTenantUser(server, {
        tenantId: su.tenantId,
        superUser: true,
        grants: { USER: 'OWNER' },
      });
      expect((await server.gql(TENANTS, {}, { token: su.token })).errors).toBeUndefined();
      const demoted = await server.gql(
        'mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { id superUser } }',
        { id: su.userId, input: { superUser: false } },
        { token: other.token },
      );
      expect(demoted.errors).toBeUndefined();
      expect((await server.gql(TENANTS, {}, { token: su.token })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect((await server.gql(TENANTS, {}, { token: admin })).errors).toBeUndefined();
    });

    it("the tenant query shows only the caller's own tenant", async () => {
      const a = await createTenantUser(server);
      const b = await createTenantUser(server);
      expect((await server.gql(TENANT, {}, { token: a.token })).data!.tenant.id).toBe(a.tenantId);
      expect((await server.gql(TENANT, {}, { token: b.token })).data!.tenant.id).toBe(b.tenantId);
    });
  });
});
