import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/harness';

const LOGIN = 'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token expiresAt user { email superUser } } }';
const ME = '{ me { type user { email } tenant { slug } grants { roleKey level } } }';

describe('login and sessions', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

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
    const wrong = await server.gql(LOGIN, { e: ADMIN_EMAIL, p: 'nope-nope-nope' }, { headers: { 'x-forwarded-for': '10.0.0.1' } });
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
});
