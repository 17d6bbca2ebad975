import { createTenantUser, type TenantUser, createChannel, insertKey, updateKey } from '../helpers/fixtures';
import { startTestServer, testServerForSuite } from '../helpers/harness';

describe('POST /v1/keys/verify and GET /v1/auth', () => {
  const server = testServerForSuite();
  let tenant: TenantUser;
  let caller: string;
  beforeAll(async () => {
    tenant = await createTenantUser(server, { grants: { ORDER_DATA: 'OWNER' } });
    caller = (await insertKey(server, { tenantId: tenant.tenantId, name: 'verifying service' })).secret;
  });

  const verify = (body: unknown, headers: Record<string, string> = { 'x-api-key': caller }) =>
    server.kw.app.inject({
      method: 'POST',
      url: '/v1/keys/verify',
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
  const forward = (headers: Record<string, string>, remoteAddress?: string) =>
    server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers, ...(remoteAddress ? { remoteAddress } : {}) });

  describe('verify', () => {
    it('requires an authenticated caller (problem+json 401)', async () => {
      const res = await verify({ key: caller }, {});
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="keyward"');
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    });

    it('answers a valid key with its id, tenant, channel, grants, expiry and rate limit', async () => {
      const channelId = (await createChannel(server, tenant.tenantId)).id;
      const expiresAt = new Date(Date.now() + 86_400_000);
      const key = await insertKey(server, {
        tenantId: tenant.tenantId,
        grants: { ORDER_DATA: 'EDITOR' },
        channelId,
        expiresAt,
        rateLimitPerMinute: 10,
      });
      const res = await verify({ key: key.secret });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        valid: true,
        code: 'VALID',
        keyId: key.id,
        tenantId: tenant.tenantId,
        channelId,
        kind: 'GRAPHQL',
        grants: [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }],
        expiresAt: expiresAt.toISOString(),
        ratelimit: { limit: 10, remaining: 9, reset: expect.any(Number) },
      });
      // the caller's own rate-limit state is in the headers
      expect(res.headers['ratelimit-policy']).toBe('"per-key";q=600;w=60');
    });

    it('answers failures with valid:false and the code only', async () => {
      const revoked = await insertKey(server, { tenantId: tenant.tenantId, revokedAt: new Date() });
      const limited = await insertKey(server, { tenantId: tenant.tenantId, rateLimitPerMinute: 1 });
      const other = await createTenantUser(server);
      const foreign = await insertKey(server, { tenantId: other.tenantId });
      expect((await verify({ key: revoked.secret })).json()).toEqual({
        valid: false,
        code: 'REVOKED',
        keyId: null,
        tenantId: null,
        channelId: null,
        kind: null,
        grants: [],
        expiresAt: null,
        ratelimit: null,
      });
      expect((await verify({ key: 'kwk_nope' })).json()).toMatchObject({ valid: false, code: 'MALFORMED' });
      // another tenant's key answers like an unknown one
      expect((await verify({ key: foreign.secret })).json()).toMatchObject({
        valid: false,
        code: 'NOT_FOUND',
        keyId: null,
      });
      expect((await verify({ key: limited.secret })).json()).toMatchObject({ valid: true });
      expect((await verify({ key: limited.secret })).json()).toMatchObject({
        valid: false,
        code: 'RATE_LIMITED',
        ratelimit: { limit: 1, remaining: 0 },
      });
    });

    it("checks the allowlist against the given ip, or the caller's", async () => {
      const key = await insertKey(server, { tenantId: tenant.tenantId, ipAllowlist: ['198.51.100.0/24'] });
      expect((await verify({ key: key.secret })).json().code).toBe('IP_NOT_ALLOWED');
      expect((await verify({ key: key.secret, ip: '198.51.100.20' })).json().code).toBe('VALID');
      const bad = await verify({ key: key.secret, ip: 'not-an-ip' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
    });

    it('rejects a malformed body with 400 problem+json', async () => {
      for (const body of [{}, { key: { nested: true } }, { key: 'x'.repeat(5000) }, { key: '' }, 'kwk_plain']) {
        const res = await verify(body);
        expect(res.statusCode).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      }
    });
  });

  describe('forward-auth', () => {
    it('answers 200 with X-Keyward-* headers for a valid key', async () => {
      const channelId = (await createChannel(server, tenant.tenantId)).id;
      const key = await insertKey(server, { tenantId: tenant.tenantId, grants: { ORDER_DATA: 'EDITOR' }, channelId });
      const res = await forward({ 'x-api-key': key.secret });
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-keyward-tenant']).toBe(tenant.tenantId);
      expect(res.headers['x-keyward-key']).toBe(key.id);
      expect(res.headers['x-keyward-channel']).toBe(channelId);
      expect(res.headers['x-keyward-scopes']).toBe('order_data:editor');
      expect(res.headers['ratelimit-policy']).toBe('"per-key";q=600;w=60');
      expect(res.headers.ratelimit).toMatch(/^"per-key";r=599;t=\d+$/);
    });

    it('answers 401 without or with a bad credential, 403 for a disallowed IP, 429 when rate limited', async () => {
      const anonymous = await forward({});
      expect(anonymous.statusCode).toBe(401);
      // RFC 9110 §15.5.2: every 401 carries a challenge; RFC 6750 §3: invalid_token when one was sent
      expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="keyward"');
      const revoked = await insertKey(server, { tenantId: tenant.tenantId });
      await updateKey(server, revoked.id, { revokedAt: new Date() });
      const refused = await forward({ authorization: `Bearer ${revoked.secret}` });
      expect(refused.statusCode).toBe(401);
      expect(refused.headers['www-authenticate']).toBe(
        'Bearer realm="keyward", error="invalid_token", error_description="The credential has been revoked"',
      );
      const fenced = await insertKey(server, { tenantId: tenant.tenantId, ipAllowlist: ['192.0.2.1'] });
      expect((await forward({ 'x-api-key': fenced.secret })).statusCode).toBe(403);
      expect((await forward({ 'x-api-key': fenced.secret }, '192.0.2.1')).statusCode).toBe(200);
      // X-Forwarded-For is ignored without KEYWARD_TRUST_PROXY
      expect((await forward({ 'x-api-key': fenced.secret, 'x-forwarded-for': '192.0.2.1' })).statusCode).toBe(403);
      const limited = await insertKey(server, { tenantId: tenant.tenantId, rateLimitPerMinute: 1 });
      expect((await forward({ 'x-api-key': limited.secret })).statusCode).toBe(200);
      const res = await forward({ 'x-api-key': limited.secret });
      expect(res.statusCode).toBe(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.headers.ratelimit).toMatch(/^"per-key";r=0;t=\d+$/);
      expect(res.json()).toMatchObject({ code: 'RATE_LIMITED' });
    });

    it('answers any method on /v1/auth and below it, as Envoy ext_authz forwards them, ignoring a body', async () => {
      const key = await insertKey(server, { tenantId: tenant.tenantId, grants: { ORDER_DATA: 'VIEWER' } });
      const cases: Array<[string, string, Record<string, string>, string | undefined]> = [
        ['POST', '/v1/auth/orders/1', { 'content-type': 'application/json', 'content-length': '0' }, undefined],
        ['POST', '/v1/auth', { 'content-type': 'application/json' }, '{"not":"read"'],
        ['PUT', '/v1/auth/orders/1?x=1', { 'content-type': 'application/x-www-form-urlencoded' }, 'a=b'],
        ['DELETE', '/v1/auth/orders/1', {}, undefined],
        ['PATCH', '/v1/auth/a/b/c', { 'content-type': 'text/plain' }, 'hello'],
        ['GET', '/v1/auth/orders', {}, undefined],
        ['HEAD', '/v1/auth', {}, undefined],
      ];
      for (const [method, url, headers, payload] of cases) {
        const ok = await server.kw.app.inject({
          method: method as 'GET',
          url,
          headers: { ...headers, 'x-api-key': key.secret },
          payload,
        });
        expect({ method, url, status: ok.statusCode }).toEqual({ method, url, status: 200 });
        expect(ok.headers['x-keyward-tenant']).toBe(tenant.tenantId);
        expect(ok.headers['x-keyward-scopes']).toBe('order_data:viewer');
        const refused = await server.kw.app.inject({ method: method as 'GET', url, headers, payload });
        expect({ method, url, status: refused.statusCode }).toEqual({ method, url, status: 401 });
      }
    });

    it('answers malformed credential headers with 401 and a clear message, never 500', async () => {
      const key = await insertKey(server, { tenantId: tenant.tenantId });
      const cases: Array<[Record<string, string | string[]>, RegExp]> = [
        [{ 'x-api-key': '' }, /empty/],
        [{ 'x-api-key': '   ' }, /empty/],
        [{ authorization: '' }, /empty/],
        [{ authorization: 'Bearer' }, /no token after "Bearer"/],
        [{ authorization: 'Bearer    ' }, /no token after "Bearer"/],
        [{ authorization: 'Basic abc' }, /Bearer/],
        [{ 'x-api-key': 'k'.repeat(10_000) }, /too long/],
        [{ 'x-api-key': 'kwk_ä€😀' }, /characters/],
        [{ 'x-api-key': `${key.secret}, ${key.secret}` }, /one/i],
        [{ 'x-api-key': [key.secret, key.secret] }, /one/i],
        [{ 'x-api-key': key.secret, authorization: 'Bearer kwk_other' }, /not both/],
      ];
      for (const [headers, message] of cases) {
        for (const url of ['/v1/auth', '/graphql']) {
          const res = await server.kw.app.inject({
            method: url === '/v1/auth' ? 'GET' : 'POST',
            url,
            headers: { 'content-type': 'application/json', ...headers },
            payload: url === '/graphql' ? JSON.stringify({ query: '{ __typename }' }) : undefined,
          });
          expect({ url, headers: Object.keys(headers), status: res.statusCode }).toEqual({
            url,
            headers: Object.keys(headers),
            status: 401,
          });
          const body = res.json();
          const text = url === '/v1/auth' ? body.detail : body.errors[0].message;
          expect(text).toMatch(message);
        }
      }
    });
  });

  describe('behind a proxy', () => {
    it('honours X-Forwarded-For for allowlists only with KEYWARD_TRUST_PROXY=true', async () => {
      const proxied = await startTestServer({ env: { KEYWARD_TRUST_PROXY: 'true' } });
      try {
        const { tenantId } = await createTenantUser(proxied);
        const fenced = await insertKey(proxied, { tenantId, ipAllowlist: ['192.0.2.1'] });
        const res = (xff: string) =>
          proxied.kw.app.inject({
            method: 'GET',
            url: '/v1/auth',
            headers: { 'x-api-key': fenced.secret, 'x-forwarded-for': xff },
          });
        expect((await res('192.0.2.1')).statusCode).toBe(200);
        expect((await res('192.0.2.2')).statusCode).toBe(403);
      } finally {
        await proxied.close();
      }
    });
  });

  describe('OpenAPI', () => {
    it('documents the routes from their schemas at /openapi.json and serves /docs', async () => {
      const res = await server.kw.app.inject({ method: 'GET', url: '/openapi.json' });
      expect(res.statusCode).toBe(200);
      const doc = res.json();
      expect(doc.openapi).toMatch(/^3\./);
      for (const path of [
        '/v1/keys/verify',
        '/v1/auth',
        '/oauth/token',
        '/oauth/introspect',
        '/.well-known/jwks.json',
        '/.well-known/oauth-authorization-server',
        '/healthz',
      ]) {
        expect(doc.paths[path]).toBeDefined();
      }
      expect(doc.paths['/graphql']).toBeUndefined();
      expect(doc.paths['/v1/keys/verify'].post.requestBody.content['application/json'].schema.required).toEqual([
        'key',
      ]);
      const docs = await server.kw.app.inject({ method: 'GET', url: '/docs/' });
      expect(docs.statusCode).toBe(200);
      expect(docs.headers['content-type']).toMatch(/html/);
    });
  });
});
