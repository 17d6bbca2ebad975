import { randomInt } from 'node:crypto';
import { generateSecret } from '../../src/credentials/tokens';
import { createTenantUser, insertKey, updateKey } from '../helpers/fixtures';
import {
  startTestServer,
  testServerForSuite,
  startTwoInstances,
  describeWithRedis,
  type TestServer,
} from '../helpers/harness';
import { captureQueries } from '../helpers/query-counter';

const LIMIT = 5;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
// a fresh address per test and run: Redis keeps an address's count for a minute
const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const forwardAuth = (server: TestServer, ip: string, key: string) =>
  server.kw.app.inject({ method: 'GET', url: '/v1/auth', remoteAddress: ip, headers: { 'x-api-key': key } });

describe('throttling addresses that send unknown credentials (KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE)', () => {
  const server = testServerForSuite({ env: { KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: String(LIMIT) } });
  let tenantId: string;
  beforeAll(async () => {
    ({ tenantId } = await createTenantUser(server));
  });

  it(`refuses every credential from an address after ${LIMIT} unknown ones in a minute (429, Retry-After), before any lookup; other addresses go on`, async () => {
    const valid = await insertKey(server, { tenantId });
    const attacker = address();
    for (let i = 0; i < LIMIT; i++)
      expect((await forwardAuth(server, attacker, generateSecret('GRAPHQL'))).statusCode).toBe(401);
    // one too many: refused as throttled from this request on
    const tooMany = await forwardAuth(server, attacker, generateSecret('GRAPHQL'));
    expect(tooMany.statusCode).toBe(429);
    expect(tooMany.json()).toMatchObject({
      code: 'RATE_LIMITED',
      detail: 'Too many failed authentications from this address; retry later',
    });
    const retryAfter = Number(tooMany.headers['retry-after']);
    expect(retryAfter).toBeGreaterThanOrEqual(55);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // a valid key from that address too, and no database work for any credential it sends
    const capture = captureQueries(server);
    const refused = await forwardAuth(server, attacker, valid.secret);
    const guess = await forwardAuth(server, attacker, generateSecret('GRAPHQL'));
    capture.stop();
    expect([refused.statusCode, guess.statusCode]).toEqual([429, 429]);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(capture.queries).toEqual([]);
    const graphql = await server.kw.app.inject({
      method: 'POST',
      url: '/graphql',
      remoteAddress: attacker,
      headers: { 'content-type': 'application/json', 'x-api-key': valid.secret },
      payload: { query: '{ me { __typename } }' },
    });
    expect(graphql.statusCode).toBe(429);
    expect(graphql.json().errors[0].extensions.code).toBe('RATE_LIMITED');

    // requests without a credential, and other addresses, are not affected
    expect((await server.kw.app.inject({ method: 'GET', url: '/healthz', remoteAddress: attacker })).statusCode).toBe(
      200,
    );
    expect((await forwardAuth(server, address(), valid.secret)).statusCode).toBe(200);
    const metrics = await server.kw.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toMatch(/keyward_failed_auth_throttled_total [3-9]/);
  });

  it('does not count real credentials that are revoked, inactive or expired (a client with a stale key is no guesser)', async () => {
    const client = address();
    const revoked = await insertKey(server, { tenantId });
    await updateKey(server, revoked.id, { revokedAt: new Date() });
    const inactive = await insertKey(server, { tenantId });
    await updateKey(server, inactive.id, { active: false });
    const expired = await insertKey(server, { tenantId });
    await updateKey(server, expired.id, { expiresAt: new Date(Date.now() - 1000) });
    const stale = [revoked.secret, inactive.secret, expired.secret];
    for (let i = 0; i < LIMIT * 3; i++) expect((await forwardAuth(server, client, stale[i % 3]!)).statusCode).toBe(401);
    const valid = await insertKey(server, { tenantId });
    expect((await forwardAuth(server, client, valid.secret)).statusCode).toBe(200);
  });

  it('counts wrong client secrets at POST /oauth/token, then answers 429 temporarily_unavailable with Retry-After', async () => {
    const rest = await insertKey(server, { tenantId, kind: 'REST' });
    const client = address();
    const token = (secret: string) =>
      server.kw.app.inject({
        method: 'POST',
        url: '/oauth/token',
        remoteAddress: client,
        headers: FORM,
        payload: `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${encodeURIComponent(secret)}`,
      });
    for (let i = 0; i < LIMIT; i++)
      expect((await token(generateSecret('REST_SECRET'))).json().error).toBe('invalid_client');
    const throttled = await token(generateSecret('REST_SECRET'));
    expect(throttled.statusCode).toBe(429);
    expect(throttled.json()).toEqual({
      error: 'temporarily_unavailable',
      error_description: 'Too many failed authentications from this address; retry later',
    });
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    // the right secret from that address waits too; from elsewhere it works
    expect((await token(rest.secret)).statusCode).toBe(429);
    const elsewhere = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      remoteAddress: address(),
      headers: FORM,
      payload: `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${encodeURIComponent(rest.secret)}`,
    });
    expect(elsewhere.statusCode).toBe(200);
  });

  it('counts forged session tokens and values that are no Keyward credential at all, not expired or deactivated sessions', async () => {
    const user = await createTenantUser(server);
    const bearer = (ip: string, token: string) =>
      server.kw.app.inject({
        method: 'GET',
        url: '/v1/auth',
        remoteAddress: ip,
        headers: { authorization: `Bearer ${token}` },
      });
    const { token: expired } = await server.kw.signingKeys.sign(
      { tid: user.tenantId },
      { audience: 'keyward:session', subject: user.userId, expiresInSeconds: -60 },
    );
    const stale = address();
    for (let i = 0; i < LIMIT * 2; i++) expect((await bearer(stale, expired)).statusCode).toBe(401);
    expect((await bearer(stale, user.token)).statusCode).not.toBe(429);

    const [header, payload] = user.token.split('.');
    const forger = address();
    for (let i = 0; i < LIMIT; i++)
      expect(
        (await bearer(forger, i % 2 ? `${header}.${payload}.${'A'.repeat(86)}` : `not-a-credential-${i}`)).statusCode,
      ).toBe(401);
    expect((await bearer(forger, `${header}.${payload}.${'B'.repeat(86)}`)).statusCode).toBe(429);
    // the real session from that address waits too
    expect((await bearer(forger, user.token)).statusCode).toBe(429);
  });

  it('groups IPv6 clients by /64: changing the host part does not reset the count', async () => {
    const net = `2001:db8:${randomInt(65536).toString(16)}:${randomInt(65536).toString(16)}`;
    for (let i = 0; i < LIMIT; i++)
      expect((await forwardAuth(server, `${net}::${(i + 1).toString(16)}`, generateSecret('GRAPHQL'))).statusCode).toBe(
        401,
      );
    expect((await forwardAuth(server, `${net}:0:0:0:abcd`, generateSecret('GRAPHQL'))).statusCode).toBe(429);
    expect((await forwardAuth(server, `2001:db8:ffff:ffff::1`, generateSecret('GRAPHQL'))).statusCode).toBe(401);
  });
});

describe('with KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE=0', () => {
  it('never throttles', async () => {
    const server = await startTestServer({ env: { KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '0' } });
    try {
      const ip = address();
      for (let i = 0; i < 30; i++)
        expect((await forwardAuth(server, ip, generateSecret('GRAPHQL'))).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describeWithRedis('throttling across instances (Redis)', 'the cross-instance throttle test', (REDIS_URL) => {
  it('adds up the failures an address makes on every instance', async () => {
    const instances = await startTwoInstances({
      env: { REDIS_URL, KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: String(LIMIT) },
    });
    const { a, b } = instances;
    try {
      const ip = address();
      const statuses: number[] = [];
      for (let i = 0; i < LIMIT + 1; i++)
        statuses.push((await forwardAuth(i % 2 ? b : a, ip, generateSecret('GRAPHQL'))).statusCode);
      // 3 failures on a, 2 on b, then the sixth (on b) is one too many for the address
      expect(statuses).toEqual([...Array<number>(LIMIT).fill(401), 429]);
      // a has not refused this address yet: its next unknown credential learns the block from Redis
      expect((await forwardAuth(a, ip, generateSecret('GRAPHQL'))).statusCode).toBe(429);
    } finally {
      await instances.close();
    }
  });
});
