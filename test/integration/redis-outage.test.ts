import Redis from 'ioredis';
import { NO_REDIS_KEY_CACHE_TTL_MS } from '../../src/redis/rate-limiter-factory';
import { VERIFY_META as META } from '../helpers/api-keys';
import { createTenantUser, insertKey, updateKey } from '../helpers/fixtures';
import { twoInstancesForSuite, describeWithRedis, type TestServer } from '../helpers/harness';
import { TcpProxy } from '../helpers/tcp-proxy';
import { waitFor } from '../helpers/webhook-receiver';

/** Verify without recording use: only one instance writes to the (SQLite) database. */
const PEEK = { recordUse: false };
/** The key cache TTL with Redis (the default): only the outage fallback explains staleness below it. */
const REDIS_TTL_MS = 10_000;

/** Warnings and errors a server logged that mention Redis. */
function redisWarnings(server: TestServer): string[] {
  return server.logs.lines.filter((line) => {
    const entry = JSON.parse(line) as { level: number; msg?: string; reason?: string };
    return entry.level >= 40 && /redis/i.test(`${entry.msg} ${entry.reason ?? ''}`);
  });
}

describeWithRedis(
  'Redis outage (REDIS_URL behind a TCP proxy that the test cuts)',
  'the Redis outage tests',
  (REDIS_URL) => {
    let proxy: TcpProxy;
    /** The test's own view of Redis. */
    let redis: Redis;
    beforeAll(async () => {
      const target = new URL(REDIS_URL);
      proxy = await TcpProxy.start(target.hostname, Number(target.port || 6379));
      redis = new Redis(REDIS_URL);
    });
    const { a: cutOff, b: connected } = twoInstancesForSuite(() => {
      const proxiedUrl = new URL(REDIS_URL);
      proxiedUrl.host = `127.0.0.1:${proxy.port}`;
      return {
        env: { KEYWARD_KEY_CACHE_TTL_MS: String(REDIS_TTL_MS) },
        // reaches Redis through the proxy: this one suffers the outage
        firstEnv: { REDIS_URL: proxiedUrl.toString() },
        // reaches Redis directly, on the same database: another instance that stays connected
        secondEnv: { REDIS_URL },
      };
    });
    afterEach(async () => {
      proxy.restore();
      // every test starts with both instances subscribed again
      await waitFor(
        () => cutOff.kw.services.keyVerifier.effectiveTtlMs === REDIS_TTL_MS,
        'the cut-off instance subscribed again',
        10_000,
      );
    });
    afterAll(async () => {
      redis?.disconnect();
      await proxy?.close();
    });

    const auth = (server: TestServer, secret: string) =>
      server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': secret } });

    it('rate limiting falls back to the in-process limiter (no 5xx), the outage is logged once, and Redis takes over again by itself', async () => {
      const { tenantId } = await createTenantUser(cutOff);
      const key = await insertKey(cutOff, { tenantId, rateLimitPerMinute: 5 });
      const counter = `kw:api-key:5:${key.id}`;
      expect((await auth(cutOff, key.secret)).statusCode).toBe(200);
      expect((await auth(cutOff, key.secret)).statusCode).toBe(200);
      expect(await redis.get(counter)).toBe('2'); // the shared limit lives in Redis
      const warningsBefore = redisWarnings(cutOff).length;

      proxy.cut();
      const statuses: number[] = [];
      for (let i = 0; i < 30; i++) {
        const started = Date.now();
        const res = await auth(cutOff, key.secret);
        expect(Date.now() - started).toBeLessThan(2000); // no waiting on a dead Redis
        statuses.push(res.statusCode);
        if (res.statusCode === 200) expect(res.headers['ratelimit-policy']).toBeDefined();
      }
      // the in-memory insurance limiter enforces the same limit: 5 per minute on this instance
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(statuses.slice(5))).toEqual(new Set([429]));
      expect(await redis.get(counter)).toBe('2'); // nothing reached Redis

      // logged once for the whole outage, not per request or per reconnect attempt
      await new Promise((r) => setTimeout(r, 1500)); // a few ioredis reconnect attempts
      const outage = redisWarnings(cutOff).slice(warningsBefore);
      expect(outage).toHaveLength(1);
      expect(outage[0]).toContain('redis unreachable');

      proxy.restore();
      await waitFor(
        () => cutOff.logs.lines.some((l) => l.includes('redis reachable again')),
        'the recovery log line',
        10_000,
      );
      // Redis holds the shared limit again (its counter, not the in-memory one, answers)
      const res = await auth(cutOff, key.secret);
      expect(res.statusCode).toBe(200);
      expect(await redis.get(counter)).toBe('3');
      expect(redisWarnings(cutOff).slice(warningsBefore)).toHaveLength(1);
    });

    it('while cut off, cached keys live at most the no-Redis TTL, so an invalidation it missed still takes effect within about 1 s', async () => {
      const { tenantId } = await createTenantUser(cutOff);
      const key = await insertKey(cutOff, { tenantId });
      expect((await cutOff.kw.services.keyVerifier.verify(key.secret, META, PEEK)).code).toBe('VALID'); // cached for 10 s

      proxy.cut();
      await waitFor(
        () => cutOff.kw.services.keyVerifier.effectiveTtlMs === NO_REDIS_KEY_CACHE_TTL_MS,
        'the cut-off instance noticing the outage',
        5000,
      );
      // the other instance revokes the key and publishes the invalidation, which the cut-off instance cannot receive
      await updateKey(cutOff, key.id, { revokedAt: new Date() }, false);
      connected.kw.services.keyVerifier.invalidate(key.id);
      const revokedAt = Date.now();
      await waitFor(
        async () => (await cutOff.kw.services.keyVerifier.verify(key.secret, META, PEEK)).code === 'REVOKED',
        'the revoke on the cut-off instance',
        REDIS_TTL_MS,
      );
      // far below the 10 s TTL: only the outage fallback (1 s) explains it
      expect(Date.now() - revokedAt).toBeLessThan(NO_REDIS_KEY_CACHE_TTL_MS + 1500);

      // once Redis is back the cut-off instance subscribes again, drops everything cached meanwhile and returns to the
      // long TTL
      const other = await insertKey(cutOff, { tenantId });
      expect((await cutOff.kw.services.keyVerifier.verify(other.secret, META, PEEK)).code).toBe('VALID');
      proxy.restore();
      await waitFor(
        () => cutOff.kw.services.keyVerifier.effectiveTtlMs === REDIS_TTL_MS,
        'the cut-off instance subscribed again',
        10_000,
      );
      await updateKey(cutOff, other.id, { active: false }, false);
      connected.kw.services.keyVerifier.invalidate(other.id);
      await waitFor(
        async () => (await cutOff.kw.services.keyVerifier.verify(other.secret, META, PEEK)).code === 'INACTIVE',
        'an invalidation delivered through Redis again',
        2000,
      );
    });

    it('an invalidation the cut-off instance could not publish reaches the connected instance once Redis is back', async () => {
      const { tenantId } = await createTenantUser(cutOff);
      const key = await insertKey(cutOff, { tenantId });
      expect((await connected.kw.services.keyVerifier.verify(key.secret, META, PEEK)).code).toBe('VALID'); // cached there for 10 s

      proxy.cut();
      await waitFor(
        () => cutOff.kw.services.keyVerifier.effectiveTtlMs === NO_REDIS_KEY_CACHE_TTL_MS,
        'the cut-off instance noticing the outage',
        5000,
      );
      await updateKey(cutOff, key.id, { revokedAt: new Date() }); // the publish fails
      expect((await cutOff.kw.services.keyVerifier.verify(key.secret, META, PEEK)).code).toBe('REVOKED'); // at once where it happened
      expect((await connected.kw.services.keyVerifier.verify(key.secret, META, PEEK)).code).toBe('VALID'); // not told (yet)

      proxy.restore();
      const restoredAt = Date.now();
      await waitFor(
        async () => (await connected.kw.services.keyVerifier.verify(key.secret, META, PEEK)).code === 'REVOKED',
        'the missed invalidation after Redis returned',
        REDIS_TTL_MS,
      );
      // well before its own 10 s TTL would have expired the entry
      expect(Date.now() - restoredAt).toBeLessThan(5000);
      // the connected instance never lost Redis (a command over its 1 s timeout on a loaded machine is no lost
      // connection)
      expect(redisWarnings(connected).filter((line) => !line.includes('"reason":"Command timed out"'))).toEqual([]);
    });
  },
);
