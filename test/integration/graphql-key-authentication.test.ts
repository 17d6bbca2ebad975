import {
  createTenantUser,
  type TenantUser,
  createChannel,
  insertKey,
  createGroup,
  updateKey,
} from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { User } from '../../src/db/entities/user.entity';

const ME = '{ me { type user { id } grants { roleKey level } } }';
const TENANT = '{ tenant { id } }';

describe('GraphQL authenticated by keys and access tokens', () => {
  const server = testServerForSuite();
  let owner: TenantUser;
  beforeAll(async () => {
    owner = await createTenantUser(server, { grants: { ORDER_DATA: 'OWNER', PRODUCT_DATA: 'VIEWER' } });
  });
  const gqlKey = (
    query: string,
    key: string,
    header: 'x-api-key' | 'authorization' = 'x-api-key',
    extra: Record<string, string> = {},
  ) => server.gql(query, {}, { headers: { [header]: header === 'authorization' ? `Bearer ${key}` : key, ...extra } });

  it('a GRAPHQL key acts as API_KEY with its inline grants ∪ its group grants, in its tenant', async () => {
    const groupId = (await createGroup(server, owner.tenantId, 'API_KEY', { PRICING: 'VIEWER', ORDER_DATA: 'VIEWER' }))
      .id;
    const channelId = (await createChannel(server, owner.tenantId)).id;
    const key = await insertKey(server, {
      tenantId: owner.tenantId,
      grants: { ORDER_DATA: 'EDITOR' },
      authorizationGroupId: groupId,
      channelId,
    });
    for (const header of ['x-api-key', 'authorization'] as const) {
      const me = await gqlKey(ME, key.secret, header);
      expect(me.errors).toBeUndefined();
      expect(me.data!.me).toEqual({
        type: 'API_KEY',
        user: null,
        grants: [
          { roleKey: 'ORDER_DATA', level: 'EDITOR' },
          { roleKey: 'PRICING', level: 'VIEWER' },
        ],
      });
      expect(me.headers['ratelimit-policy']).toBe('"per-key";q=600;w=60');
      expect(me.headers.ratelimit).toMatch(/^"per-key";r=\d+;t=\d+$/);
    }
    const tenant = await gqlKey(TENANT, key.secret);
    expect(tenant.data!.tenant.id).toBe(owner.tenantId);
  });

  it("a PERSONAL key acts as its owner with the owner's current grants", async () => {
    const key = await insertKey(server, { tenantId: owner.tenantId, kind: 'PERSONAL', ownerId: owner.userId });
    const me = await gqlKey(ME, key.secret, 'authorization');
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({
      type: 'USER',
      user: { id: owner.userId },
      grants: [
        { roleKey: 'ORDER_DATA', level: 'OWNER' },
        { roleKey: 'PRODUCT_DATA', level: 'VIEWER' },
      ],
    });
    // demote the owner: the key is demoted too (cache TTL ≤ 1 s; invalidate here to be deterministic)
    const demoted = await createTenantUser(server, { tenantId: owner.tenantId, grants: { PRODUCT_DATA: 'EDITOR' } });
    const demotedKey = await insertKey(server, { tenantId: owner.tenantId, kind: 'PERSONAL', ownerId: demoted.userId });
    expect((await gqlKey(ME, demotedKey.secret)).data!.me.grants).toEqual([
      { roleKey: 'PRODUCT_DATA', level: 'EDITOR' },
    ]);
    await server.kw.dataSource.getRepository(RoleGrant).delete({ subjectType: 'USER', subjectId: demoted.userId });
    server.kw.services.keyVerifier.invalidate(demotedKey.id);
    expect((await gqlKey(ME, demotedKey.secret)).data!.me.grants).toEqual([]);
    // a deactivated owner's key stops working
    await server.kw.dataSource.getRepository(User).update({ id: demoted.userId }, { active: false });
    server.kw.services.keyVerifier.invalidate(demotedKey.id);
    const res = await gqlKey(ME, demotedKey.secret);
    expect(res.status).toBe(401);
    expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(res.errors![0]!.message).toBe('The credential is inactive');
  });

  it('a REST access token acts as REST_CLIENT with its (narrowed) scope', async () => {
    const key = await insertKey(server, {
      tenantId: owner.tenantId,
      kind: 'REST',
      grants: { ORDER_DATA: 'EDITOR', PRODUCT_DATA: 'VIEWER' },
    });
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      payload: `grant_type=client_credentials&scope=order_data:viewer`,
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${key.clientId}:${key.secret}`).toString('base64')}`,
      },
    });
    expect(res.statusCode).toBe(200);
    const token = res.json().access_token as string;
    const me = await gqlKey(ME, token, 'authorization');
    expect(me.errors).toBeUndefined();
    expect(me.data!.me).toEqual({
      type: 'REST_CLIENT',
      user: null,
      grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }],
    });
    expect((await gqlKey(TENANT, token, 'authorization')).data!.tenant.id).toBe(owner.tenantId);
    expect(me.headers['ratelimit-policy']).toBeDefined();
    // revoking the REST credential stops its tokens at once
    await updateKey(server, key.id, { revokedAt: new Date() });
    const revoked = await gqlKey(ME, token, 'authorization');
    expect(revoked.status).toBe(401);
    expect(revoked.errors![0]!.message).toBe('The credential has been revoked');
  });

  it('does not accept a REST client secret as a bearer credential', async () => {
    const key = await insertKey(server, { tenantId: owner.tenantId, kind: 'REST' });
    const res = await gqlKey(ME, key.secret, 'authorization');
    expect(res.status).toBe(401);
    expect(res.errors![0]!.message).toMatch(/POST \/oauth\/token/);
  });

  it('rejects a revoked key at once, even on a @public field', async () => {
    const key = await insertKey(server, { tenantId: owner.tenantId });
    expect((await gqlKey(ME, key.secret)).errors).toBeUndefined();
    await updateKey(server, key.id, { revokedAt: new Date() });
    for (const query of [ME, '{ __typename }']) {
      const res = await gqlKey(query, key.secret);
      expect(res.status).toBe(401);
      expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    }
  });

  it('answers 401 for inactive and expired keys and for unknown ones, 403 for a disallowed IP', async () => {
    const inactive = await insertKey(server, { tenantId: owner.tenantId, active: false });
    const expired = await insertKey(server, { tenantId: owner.tenantId, expiresAt: new Date(Date.now() - 1000) });
    const fenced = await insertKey(server, { tenantId: owner.tenantId, ipAllowlist: ['192.0.2.0/24'] });
    expect((await gqlKey(ME, inactive.secret)).errors![0]!.message).toBe('The credential is inactive');
    expect((await gqlKey(ME, expired.secret)).errors![0]!.message).toBe('The credential has expired');
    const unknown = await gqlKey(ME, inactive.secret.slice(0, 4) + 'A'.repeat(36));
    expect(unknown.status).toBe(401);
    const ip = await gqlKey(ME, fenced.secret);
    expect(ip.status).toBe(403);
    expect(ip.errors![0]!.extensions.code).toBe('FORBIDDEN');
  });

  it('rate-limits per key: 429 with Retry-After and RateLimit headers', async () => {
    const key = await insertKey(server, { tenantId: owner.tenantId, rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 5; i++) {
      last = await gqlKey('{ __typename }', key.secret);
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(last!.errors![0]!.extensions.code).toBe('RATE_LIMITED');
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.headers['ratelimit-policy']).toBe('"per-key";q=3;w=60');
    expect(last!.headers.ratelimit).toMatch(/^"per-key";r=0;t=\d+$/);
    const metrics = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/keyward_rate_limit_rejections_total \d+/);
    expect(metrics.body).toMatch(/keyward_key_verifications_total\{code="RATE_LIMITED"\} \d+/);
    expect(metrics.body).toMatch(/keyward_key_cache_lookups_total\{result="hit"\} \d+/);
  });

  it('session tokens still work and carry no RateLimit headers', async () => {
    const me = await server.gql(ME, {}, { token: owner.token });
    expect(me.data!.me.type).toBe('USER');
    expect(me.headers['ratelimit-policy']).toBeUndefined();
  });
});
