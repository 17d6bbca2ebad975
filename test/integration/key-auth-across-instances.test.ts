import { VERIFY_META as META, verifyCodeWithin } from '../helpers/api-keys';
import { createTenantUser, insertKey, updateKey } from '../helpers/fixtures';
import { startTestServer, twoInstancesForSuite, describeWithRedis, type TestServer } from '../helpers/harness';

describeWithRedis(
  'key authentication across instances (Redis)',
  'the cross-instance rate-limit and invalidation tests',
  (REDIS_URL) => {
    // a long cache TTL, so only the pub/sub invalidation can explain a second instance seeing a change
    const { a, b } = twoInstancesForSuite({ env: { REDIS_URL, KEYWARD_KEY_CACHE_TTL_MS: '60000' } });

    it("two instances on one Redis share a key's limit: 200 requests, limit 60/min → exactly 60 accepted", async () => {
      const { tenantId } = await createTenantUser(a);
      const key = await insertKey(a, { tenantId, rateLimitPerMinute: 60 });
      const statuses: number[] = [];
      for (let batch = 0; batch < 10; batch++) {
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            (i % 2 === 0 ? a : b).kw.app.inject({
              method: 'GET',
              url: '/v1/auth',
              headers: { 'x-api-key': key.secret },
            }),
          ),
        );
        statuses.push(...results.map((r) => r.statusCode));
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(60);
      expect(statuses.filter((s) => s === 429)).toHaveLength(140);
    });

    it('a revoke on one instance reaches the other within 1 s (pub/sub), though its cache TTL is 60 s', async () => {
      const { tenantId } = await createTenantUser(a);
      const key = await insertKey(a, { tenantId });
      expect((await b.kw.services.keyVerifier.verify(key.secret, META)).code).toBe('VALID'); // cached on b
      // change the row without telling anyone: b keeps answering from its cache
      await updateKey(a, key.id, { revokedAt: new Date() }, false);
      expect((await b.kw.services.keyVerifier.verify(key.secret, META)).code).toBe('VALID');
      // the management service invalidates after its commit: b drops the key within 1 s
      a.kw.services.keyVerifier.invalidate(key.id);
      expect(await verifyCodeWithin(b, key.secret, 'REVOKED', 1000)).toBe('REVOKED');
      // and on the instance that did it, at once
      expect((await a.kw.services.keyVerifier.verify(key.secret, META)).code).toBe('REVOKED');
    });
  },
);

describe('key authentication while Redis is unreachable', () => {
  it('starts, verifies keys and rate-limits in memory (insurance limiter)', async () => {
    const server = await startTestServer({ env: { REDIS_URL: 'redis://127.0.0.1:1' } });
    try {
      await server.kw.app.ready();
      const { tenantId } = await createTenantUser(server);
      const key = await insertKey(server, { tenantId, rateLimitPerMinute: 2 });
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++)
        statuses.push(
          (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': key.secret } }))
            .statusCode,
        );
      expect(statuses).toEqual([200, 200, 429]);
      // revocation still takes effect at once on this instance
      await updateKey(server, key.id, { revokedAt: new Date() });
      expect(
        (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': key.secret } }))
          .statusCode,
      ).toBe(401);
    } finally {
      await server.close();
    }
  });
});

describe('key cache TTL without Redis', () => {
  const warning = (server: TestServer) =>
    server.logs.lines.some((line) => line.includes('KEYWARD_KEY_CACHE_TTL_MS above 1000 without REDIS_URL'));

  it('warns at start when the TTL exceeds 1 s without REDIS_URL (other instances would serve a revoked key that long)', async () => {
    const long = await startTestServer({ env: { KEYWARD_KEY_CACHE_TTL_MS: '30000', REDIS_URL: '' } });
    const short = await startTestServer({ env: { REDIS_URL: '' } });
    try {
      expect(long.config.redisUrl).toBeUndefined();
      expect(warning(long)).toBe(true);
      expect(short.config.keyCacheTtlMs).toBe(1000);
      expect(warning(short)).toBe(false);
    } finally {
      await Promise.all([long.close(), short.close()]);
    }
  });
});
