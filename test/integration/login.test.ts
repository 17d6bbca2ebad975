import { randomBytes } from 'node:crypto';
import { AuditEvent } from '../../src/db/entities/audit-event.entity';
import { createTenantUser } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, testServerForSuite, type TestServer } from '../helpers/harness';

const LOGIN =
  'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { email superUser } } }';
const ME = '{ me { type user { email } tenant { slug } grants { roleKey level } } }';
const LOGIN_IN =
  'mutation($e: EmailAddress!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { token user { id } } }';

/** A sign-in from `address` (the harness's requests all come from 127.0.0.1). */
async function loginFrom(server: TestServer, address: string, email: string, password: string, tenant?: string) {
  const res = await server.kw.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: address,
    headers: { 'content-type': 'application/json' },
    payload: JSON.stringify({ query: LOGIN_IN, variables: { e: email, p: password, t: tenant } }),
  });
  const body = JSON.parse(res.body) as {
    data?: { login: { token: string; user: { id: string } } } | null;
    errors?: Array<{ extensions: { code: string; field?: string } }>;
  };
  return {
    status: res.statusCode,
    token: body.data?.login?.token,
    code: body.errors?.[0]?.extensions.code ?? 'OK',
    field: body.errors?.[0]?.extensions.field,
    body: res.body,
  };
}

const countBy = (codes: string[]) =>
  codes.reduce<Record<string, number>>((acc, code) => ({ ...acc, [code]: (acc[code] ?? 0) + 1 }), {});

describe('login and sessions', () => {
  const server = testServerForSuite();

  it('signs the bootstrap admin in and `me` returns the principal', async () => {
    const res = await server.gql(LOGIN, { e: ADMIN_EMAIL, p: ADMIN_PASSWORD });
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.user).toEqual({ email: ADMIN_EMAIL, superUser: true });
    expect(new Date(res.data!.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
    const me = await server.gql(ME, {}, { token: res.data!.login.token });
    expect(me.errors).toBeUndefined();
    expect(me.data!.me.type).toBe('USER');
    expect(me.data!.me.tenant.slug).toBe('default');
    expect(me.data!.me.grants).toHaveLength(11);
    expect(me.data!.me.grants.every((g: { level: string }) => g.level === 'OWNER')).toBe(true);
  });

  it('answers wrong password, unknown email the same way', async () => {
    const wrong = await server.gql(
      LOGIN,
      { e: ADMIN_EMAIL, p: 'nope-nope-nope' },
      { headers: { 'x-forwarded-for': '10.0.0.1' } },
    );
    const unknown = await server.gql(LOGIN, { e: 'ghost@example.test', p: 'nope-nope-nope' });
    for (const res of [wrong, unknown]) {
      expect(res.status).toBe(401);
      expect(res.data).toBeNull();
      expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
      expect(res.errors![0]!.message).toBe('Invalid email or password');
    }
  });

  it('requires authentication for `me`', async () => {
    const res = await server.gql(ME);
    expect(res.status).toBe(401);
    expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('rejects a tampered or malformed token even without needing one', async () => {
    const token = await server.adminToken();
    const tampered = token.slice(0, -3) + (token.endsWith('AAA') ? 'BBB' : 'AAA');
    const res = await server.gql(ME, {}, { token: tampered });
    expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    const bad = await server.gql(LOGIN, { e: ADMIN_EMAIL, p: ADMIN_PASSWORD }, { token: 'garbage' });
    expect(bad.status).toBe(401);
    expect(bad.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('throttles repeated failures for one email', async () => {
    const email = 'victim@example.test';
    const codes: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await server.gql(LOGIN, { e: email, p: `guess-${i}-xxxx` });
      codes.push(res.errors![0]!.extensions.code);
    }
    expect(codes.slice(0, 10).every((c) => c === 'UNAUTHENTICATED')).toBe(true);
    expect(codes.slice(10)).toEqual(['RATE_LIMITED', 'RATE_LIMITED']);
    const limited = await server.gql(LOGIN, { e: email, p: 'whatever-xxx' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('rejects an invalid email with BAD_USER_INPUT naming the field', async () => {
    const res = await server.gql(LOGIN, { e: 'not-an-email', p: 'x' });
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions.field).toBe('e');
  });

  it('regression: 40 parallel guesses for one account check at most the limit (10) passwords, even with the right one among them', async () => {
    const victim = await createTenantUser(server);
    const failedBefore = await server.kw.dataSource
      .getRepository(AuditEvent)
      .countBy({ action: 'auth.login_failed', targetId: victim.userId });
    const attempts = Array.from({ length: 40 }, (_, i) =>
      loginFrom(server, `192.0.2.${i + 1}`, victim.email, i === 35 ? victim.password : `guess-${i}-xxxx`),
    );
    const results = await Promise.all(attempts);
    const codes = countBy(results.map((r) => r.code));
    // each attempt took its point before scrypt: only 10 passwords were checked, the rest refused unchecked
    expect((codes.UNAUTHENTICATED ?? 0) + (codes.OK ?? 0)).toBeLessThanOrEqual(10);
    expect(codes.RATE_LIMITED).toBeGreaterThanOrEqual(30);
    expect(Object.keys(codes).every((code) => ['UNAUTHENTICATED', 'OK', 'RATE_LIMITED'].includes(code))).toBe(true);
    const failedAfter = await server.kw.dataSource
      .getRepository(AuditEvent)
      .countBy({ action: 'auth.login_failed', targetId: victim.userId });
    expect(failedAfter - failedBefore).toBe(codes.UNAUTHENTICATED ?? 0);
    // the account stays throttled for its right password too
    expect((await loginFrom(server, '192.0.2.99', victim.email, victim.password)).code).toBe('RATE_LIMITED');
  });

  it('regression: 200 parallel failed sign-ins from one address are refused past its limits and a real sign-in from another address succeeds meanwhile', async () => {
    const real = await createTenantUser(server);
    const flood = Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        loginFrom(
          server,
          '203.0.113.7',
          `flood-${i}-${randomBytes(3).toString('hex')}@example.test`,
          'wrong-password-x',
        ),
      ),
    );
    const mine = await loginFrom(server, '203.0.113.8', real.email, real.password);
    const codes = countBy((await flood).map((r) => r.code));
    expect(mine.code).toBe('OK');
    expect(mine.token).toEqual(expect.any(String));
    // not every one of the 200 got a password check (the address's limit is 100; in-progress checks per address are
    // capped)
    expect(codes.UNAUTHENTICATED ?? 0).toBeLessThanOrEqual(100);
    expect(codes.RATE_LIMITED).toBeGreaterThanOrEqual(100);
    expect(Object.keys(codes).sort()).toEqual(
      codes.UNAUTHENTICATED ? ['RATE_LIMITED', 'UNAUTHENTICATED'] : ['RATE_LIMITED'],
    );
  });

  it('regression: failures count per account (tenant, email): a success in another tenant with the same email does not reset them', async () => {
    const a = await createTenantUser(server);
    const b = await createTenantUser(server);
    const email = `shared-${randomBytes(4).toString('hex')}@example.test`;
    // the same email in both tenants, each with its own password
    await server.kw.dataSource.getRepository('user').update({ id: a.userId }, { email });
    await server.kw.dataSource.getRepository('user').update({ id: b.userId }, { email });
    for (let i = 0; i < 9; i++)
      expect((await loginFrom(server, `192.0.2.${100 + i}`, email, `guess-${i}-xxxx`, a.tenantSlug)).code).toBe(
        'UNAUTHENTICATED',
      );
    // the other tenant's account signs in with its own password …
    expect((await loginFrom(server, '192.0.2.120', email, b.password, b.tenantSlug)).code).toBe('OK');
    // … and the victim's counter is where it was: one more failure, then refused
    expect((await loginFrom(server, '192.0.2.121', email, 'guess-9-xxxx', a.tenantSlug)).code).toBe('UNAUTHENTICATED');
    expect((await loginFrom(server, '192.0.2.122', email, a.password, a.tenantSlug)).code).toBe('RATE_LIMITED');
  });

  it('regression: without `tenant`, an email held in several tenants is asked for its tenant whatever the password; one tenant signs in as before', async () => {
    const a = await createTenantUser(server);
    const b = await createTenantUser(server);
    const email = `multi-${randomBytes(4).toString('hex')}@example.test`;
    await server.kw.dataSource.getRepository('user').update({ id: a.userId }, { email });
    await server.kw.dataSource.getRepository('user').update({ id: b.userId }, { email });
    const answers = [
      await loginFrom(server, '192.0.2.130', email, a.password),
      await loginFrom(server, '192.0.2.131', email, b.password),
      await loginFrom(server, '192.0.2.132', email, 'wrong-password-x'),
    ];
    for (const answer of answers) {
      expect(answer.code).toBe('BAD_USER_INPUT');
      expect(answer.field).toBe('tenant');
      expect(answer.token).toBeUndefined();
      // names no tenant
      expect(answer.body).not.toContain(a.tenantSlug);
      expect(answer.body).not.toContain(b.tenantSlug);
    }
    expect(JSON.parse(answers[0]!.body).errors[0].message).toBe(JSON.parse(answers[2]!.body).errors[0].message);
    // with its tenant, each signs in to its own account
    const inA = await loginFrom(server, '192.0.2.133', email, a.password, a.tenantSlug);
    expect(inA.code).toBe('OK');
    expect((await loginFrom(server, '192.0.2.134', email, a.password, b.tenantSlug)).code).toBe('UNAUTHENTICATED');
    // an email of one tenant (and an unknown one) still needs no tenant
    const single = await createTenantUser(server);
    expect((await loginFrom(server, '192.0.2.135', single.email, single.password)).code).toBe('OK');
    expect(
      (
        await loginFrom(
          server,
          '192.0.2.136',
          `nobody-${randomBytes(4).toString('hex')}@example.test`,
          'wrong-password-x',
        )
      ).code,
    ).toBe('UNAUTHENTICATED');
  });
});
