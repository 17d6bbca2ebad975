import { SignJWT } from 'jose';
import { SESSION_AUDIENCE } from '../../src/auth/auth.service';
import { SessionCache } from '../../src/auth/session-cache';
import { resetPasswordCommand } from '../../src/cli/reset-password-command';
import type { Principal } from '../../src/core/principal';
import { KeywardError } from '../../src/core/errors';
import { captureQueries } from '../helpers/query-counter';
import { allAreas, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite, twoInstancesForSuite, describeWithRedis, type TestServer } from '../helpers/harness';
import { waitFor } from '../helpers/webhook-receiver';

const META = { ip: '203.0.113.7', userAgent: 'jest', requestId: 'session-cache' };
const ME = '{ me { type grants { roleKey level } } }';
/** How fast an invalidation must reach another instance (as a key revocation does: pub/sub). */
const ACROSS_MS = 1000;

/** The session's principal on `server`, or the reason it is refused (extensions.reason). */
async function session(server: TestServer, token: string): Promise<Principal | string> {
  try {
    return await server.kw.services.auth.principalFromSession(token, META);
  } catch (error) {
    if (error instanceof KeywardError) return String(error.extensions.reason);
    throw error;
  }
}

const grantsOf = (result: Principal | string) =>
  typeof result === 'string'
    ? result
    : result.grants
        .toArray()
        .map((g) => `${g.roleKey}:${g.level}`)
        .join(' ');
const cached = (server: TestServer, token: string) =>
  server.kw.services.sessions.get(SessionCache.keyOf(token), Date.now(), () => true) !== undefined;

async function gql(
  server: TestServer,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<any> {
  const res = await server.gql(query, variables, { token });
  expect(res.errors).toBeUndefined();
  return res.data;
}

describe('session cache on one instance', () => {
  // a long cache TTL: only the checks on each hit explain a refusal below
  const server = testServerForSuite({ env: { KEYWARD_KEY_CACHE_TTL_MS: '60000', REDIS_URL: '' } });

  it('a second { me } with the same session runs no statement (the first reads the user and its grants)', async () => {
    const user = await createTenantUser(server, { grants: { ORDER_DATA: 'VIEWER' } });
    const counter = captureQueries(server);
    try {
      counter.reset();
      expect((await gql(server, user.token, ME)).me.grants).toEqual([{ roleKey: 'ORDER_DATA', level: 'VIEWER' }]);
      const first = [...counter.queries];
      expect(first.some((q) => /FROM [`"]?user[`"]?/i.test(q))).toBe(true);
      expect(first.some((q) => /role_grant/.test(q))).toBe(true);
      counter.reset();
      expect((await gql(server, user.token, ME)).me.grants).toEqual([{ roleKey: 'ORDER_DATA', level: 'VIEWER' }]);
      expect(counter.queries).toEqual([]);
    } finally {
      server.kw.dataSource.setOptions({ logging: false });
    }
  });

  it('concurrent requests with one uncached session share one load; a drop during a load stops it being stored only if it concerns it', async () => {
    const user = await createTenantUser(server, { grants: { ORDER_DATA: 'VIEWER' } });
    const counter = captureQueries(server);
    const userReads = () => counter.queries.filter((q) => /FROM [`"]?user[`"]? /i.test(q)).length;
    try {
      const metas = Array.from({ length: 12 }, (_, i) => ({ ...META, requestId: `together-${i}` }));
      const principals = await Promise.all(
        metas.map((meta) => server.kw.services.auth.principalFromSession(user.token, meta)),
      );
      expect(userReads()).toBe(1);
      // one principal each, with its own request
      expect(principals.map((p) => [p.userId, p.request.requestId])).toEqual(
        metas.map((m) => [user.userId, m.requestId]),
      );

      // a drop after a load began (the user's grants changed, say): a request after it loads again
      server.kw.services.sessions.invalidateUser(user.userId);
      counter.reset();
      const before = session(server, user.token);
      server.kw.services.sessions.invalidateUser(user.userId);
      const after = session(server, user.token);
      expect(grantsOf(await before)).toBe('ORDER_DATA:VIEWER');
      expect(grantsOf(await after)).toBe('ORDER_DATA:VIEWER');
      expect(userReads()).toBe(2);
      expect(cached(server, user.token)).toBe(true);

      // a drop that concerns other sessions (another user's, another tenant's) does not keep a load from being stored
      const other = await createTenantUser(server);
      server.kw.services.sessions.invalidateUser(user.userId);
      const loading = session(server, user.token);
      server.kw.services.sessions.invalidateUser(other.userId);
      server.kw.services.sessions.invalidateTenant(other.tenantId);
      expect(grantsOf(await loading)).toBe('ORDER_DATA:VIEWER');
      expect(cached(server, user.token)).toBe(true);
    } finally {
      counter.stop();
    }
  });

  it("a cached session still expires at its exp (checked on every hit, with the verifier's clock tolerance)", async () => {
    const user = await createTenantUser(server);
    const { token, expiresAt } = await server.kw.signingKeys.sign(
      { tid: user.tenantId, sep: 0 },
      { audience: SESSION_AUDIENCE, subject: user.userId, expiresInSeconds: 1 },
    );
    expect(typeof (await session(server, token))).toBe('object');
    expect(cached(server, token)).toBe(true);
    // jose accepts a token until 5 s past exp; then the cache must refuse it too, as EXPIRED
    const refused = await waitFor(
      async () => ((await session(server, token)) === 'EXPIRED' ? Date.now() : undefined),
      'the cached session expiring',
      10_000,
      50,
    );
    expect(refused - expiresAt.getTime()).toBeGreaterThanOrEqual(4000);
    expect(refused - expiresAt.getTime()).toBeLessThan(6500);
    expect(cached(server, token)).toBe(false);
  });

  it('made-up tokens, tokens of unknown users and refused sessions are not cached: a flood does not grow it', async () => {
    const user = await createTenantUser(server);
    expect(typeof (await session(server, user.token))).toBe('object');
    const sessions = server.kw.services.sessions;
    const before = sessions.size;
    const [head, payload] = user.token.split('.');
    for (let i = 0; i < 2000; i++)
      expect(await session(server, `${head}.${payload}.${Buffer.from(`forged-${i}`).toString('base64url')}`)).toBe(
        'NOT_FOUND',
      );
    // a key Keyward does not have
    const foreign = await new SignJWT({ tid: user.tenantId, sep: 0 })
      .setProtectedHeader({ alg: 'HS256' })
      .setAudience(SESSION_AUDIENCE)
      .setSubject(user.userId)
      .setExpirationTime('1h')
      .sign(Buffer.alloc(32, 1));
    expect(await session(server, foreign)).toBe('NOT_FOUND');
    // signed by Keyward, but for no user, or for a past session epoch
    for (let i = 0; i < 50; i++) {
      const { token } = await server.kw.signingKeys.sign(
        { tid: user.tenantId, sep: 0 },
        {
          audience: SESSION_AUDIENCE,
          subject: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
          expiresInSeconds: 600,
        },
      );
      expect(await session(server, token)).toBe('INACTIVE');
    }
    const { token: stale } = await server.kw.signingKeys.sign(
      { tid: user.tenantId, sep: 7 },
      { audience: SESSION_AUDIENCE, subject: user.userId, expiresInSeconds: 600 },
    );
    expect(await session(server, stale)).toBe('REVOKED');
    expect(sessions.size).toBe(before);
  });

  it('a session signed with a key since retired is refused though cached', async () => {
    const user = await createTenantUser(server);
    expect(typeof (await session(server, user.token))).toBe('object');
    expect(cached(server, user.token)).toBe(true);
    await server.kw.signingKeys.rotate({ retireAll: true });
    expect(await session(server, user.token)).toBe('NOT_FOUND');
  });
});

/**
 * Every change that ends or alters a session: made on instance `a` (through GraphQL, as an
 * administrator or as the user), seen at once on `a` and within ACROSS_MS on `b`, both of which
 * had the session cached (TTL 60 s: only the invalidation explains it).
 */
function invalidationCases(setup: () => { a: TestServer; b: TestServer }, across: boolean): void {
  let admin: TenantUser;
  const servers = () => (across ? [setup().a, setup().b] : [setup().a]);

  beforeAll(async () => {
    admin = await createTenantUser(setup().a, { grants: allAreas('OWNER') });
  });

  /** A user of the admin's tenant with `grants`, its session cached everywhere. */
  async function target(
    grants: Record<string, 'VIEWER' | 'EDITOR' | 'OWNER'> = { ORDER_DATA: 'VIEWER' },
  ): Promise<TenantUser> {
    const user = await createTenantUser(setup().a, { tenantId: admin.tenantId, grants });
    for (const server of servers()) {
      expect(typeof (await session(server, user.token))).toBe('object');
      expect(cached(server, user.token)).toBe(true);
    }
    return user;
  }

  /** `expected` (grants, or a refusal reason) on `a` at once, on `b` within ACROSS_MS. */
  async function seen(token: string, expected: string): Promise<void> {
    const { a, b } = setup();
    expect(grantsOf(await session(a, token))).toBe(expected);
    if (across)
      await waitFor(
        async () => grantsOf(await session(b, token)) === expected,
        `"${expected}" on the other instance`,
        ACROSS_MS,
        10,
      );
  }

  const run = (query: string, variables: Record<string, unknown> = {}, token = admin.token) =>
    gql(setup().a, token, query, variables);

  it('deactivating the user', async () => {
    const user = await target();
    await run('mutation($id: ID!) { updateUser(id: $id, input: { active: false }) { id } }', { id: user.userId });
    await seen(user.token, 'INACTIVE');
  });

  it('revokeUserSessions', async () => {
    const user = await target();
    await run('mutation($id: ID!) { revokeUserSessions(userId: $id) { id } }', { id: user.userId });
    await seen(user.token, 'REVOKED');
  });

  it('revokeMySessions', async () => {
    const user = await target();
    await run('mutation { revokeMySessions }', {}, user.token);
    await seen(user.token, 'REVOKED');
  });

  it('changeMyPassword (the new session works)', async () => {
    const user = await target();
    const { changeMyPassword } = await run(
      'mutation($c: String!, $n: String!) { changeMyPassword(currentPassword: $c, newPassword: $n) { token } }',
      { c: user.password, n: 'a-new-password-1' },
      user.token,
    );
    await seen(user.token, 'REVOKED');
    await seen(changeMyPassword.token, 'ORDER_DATA:VIEWER');
  });

  it('a new password set by an administrator', async () => {
    const user = await target();
    await run('mutation($id: ID!) { updateUser(id: $id, input: { password: "another-password-2" }) { id } }', {
      id: user.userId,
    });
    await seen(user.token, 'REVOKED');
  });

  it("the user's grants", async () => {
    const user = await target();
    await run(
      'mutation($id: ID!) { setUserGrants(userId: $id, grants: [{ roleKey: "PRICING", level: EDITOR }]) { id } }',
      { id: user.userId },
    );
    await seen(user.token, 'PRICING:EDITOR');
  });

  it("joining a group, the group's grants, the group deleted", async () => {
    const user = await target();
    const { createAuthorizationGroup: group } = await run(
      'mutation { createAuthorizationGroup(input: { name: "g-' +
        user.userId.slice(0, 8) +
        '", type: USER, grants: [{ roleKey: "LOGISTICS", level: VIEWER }] }) { id } }',
    );
    await run('mutation($id: ID!, $g: [ID!]) { updateUser(id: $id, input: { groupIds: $g }) { id } }', {
      id: user.userId,
      g: [group.id],
    });
    await seen(user.token, 'LOGISTICS:VIEWER ORDER_DATA:VIEWER');
    // the group changes, not the user: every session of the tenant is dropped
    for (const server of servers()) await session(server, user.token);
    await run(
      'mutation($id: ID!) { updateAuthorizationGroup(id: $id, input: { grants: [{ roleKey: "LOGISTICS", level: OWNER }] }) { id } }',
      { id: group.id },
    );
    await seen(user.token, 'LOGISTICS:OWNER ORDER_DATA:VIEWER');
    for (const server of servers()) await session(server, user.token);
    await run('mutation($id: ID!) { deleteAuthorizationGroup(id: $id) }', { id: group.id });
    await seen(user.token, 'ORDER_DATA:VIEWER');
  });

  it('a role definition deleted (its grants go with it)', async () => {
    const key = `AREA_${Math.random().toString(36).slice(2, 8).toUpperCase()}`;
    const { createRoleDefinition: role } = await run(
      'mutation($k: String!) { createRoleDefinition(input: { key: $k, name: "Area" }) { id } }',
      { k: key },
    );
    const user = await target({ ORDER_DATA: 'VIEWER' });
    await run(
      'mutation($id: ID!, $k: String!) { setUserGrants(userId: $id, grants: [{ roleKey: "ORDER_DATA", level: VIEWER }, { roleKey: $k, level: VIEWER }]) { id } }',
      { id: user.userId, k: key },
    );
    await seen(user.token, `${key}:VIEWER ORDER_DATA:VIEWER`);
    for (const server of servers()) await session(server, user.token);
    await run('mutation($id: ID!) { deleteRoleDefinition(id: $id) }', { id: role.id });
    await seen(user.token, 'ORDER_DATA:VIEWER');
  });

  it('the tenant changed: its sessions are dropped (and only its)', async () => {
    const user = await target();
    const elsewhere = await createTenantUser(setup().a);
    for (const server of servers()) await session(server, elsewhere.token);
    await run('mutation($id: ID!) { updateTenant(id: $id, input: { leakedKeyAction: NOTIFY }) { id } }', {
      id: admin.tenantId,
    });
    expect(cached(setup().a, user.token)).toBe(false);
    if (across)
      await waitFor(
        () => !cached(setup().b, user.token),
        "the tenant's session dropped on the other instance",
        ACROSS_MS,
        10,
      );
    for (const server of servers()) expect(cached(server, elsewhere.token)).toBe(true);
    await seen(user.token, 'ORDER_DATA:VIEWER');
  });

  it("the super-user flag and the email (the principal's label)", async () => {
    const { a, b } = setup();
    const root = await createTenantUser(a, { tenantId: admin.tenantId, superUser: true, grants: allAreas('OWNER') });
    const user = await target();
    await gql(
      a,
      root.token,
      'mutation($id: ID!) { updateUser(id: $id, input: { superUser: true, email: "renamed-' +
        user.userId.slice(0, 8) +
        '@example.test" }) { id } }',
      { id: user.userId },
    );
    for (const server of across ? [a, b] : [a]) {
      const principal = await waitFor(
        async () => {
          const result = await session(server, user.token);
          return typeof result === 'object' && result.superUser ? result : undefined;
        },
        'the new flag',
        ACROSS_MS,
        10,
      );
      expect(principal.label).toMatch(/^renamed-/);
    }
  });
}

describe('session cache invalidation on one instance', () => {
  const a = testServerForSuite({ env: { KEYWARD_KEY_CACHE_TTL_MS: '60000', REDIS_URL: '' } });
  invalidationCases(() => ({ a, b: a }), false);
});

describeWithRedis(
  'session cache across instances (Redis)',
  'the cross-instance session invalidation tests',
  (REDIS_URL) => {
    // a long cache TTL, so only the pub/sub invalidation can explain a second instance seeing a change
    const { a, b } = twoInstancesForSuite({ env: { REDIS_URL, KEYWARD_KEY_CACHE_TTL_MS: '60000' } });
    invalidationCases(() => ({ a, b }), true);

    it('keyward reset-password, another process: both instances are told through Redis', async () => {
      const user = await createTenantUser(a);
      for (const server of [a, b]) {
        expect(typeof (await session(server, user.token))).toBe('object');
        expect(cached(server, user.token)).toBe(true);
      }
      const lines: string[] = [];
      const context = {
        config: a.config,
        args: [],
        env: {},
        stdin: process.stdin,
        print: (line: string) => lines.push(line),
        note: (line: string) => lines.push(line),
      };
      await resetPasswordCommand.run({ email: user.email }, context);
      expect(lines[0]).toMatch(/^password of .* changed$/);
      for (const server of [a, b])
        await waitFor(
          async () => (await session(server, user.token)) === 'REVOKED',
          'the old session refused',
          ACROSS_MS,
          10,
        );
    });
  },
);
