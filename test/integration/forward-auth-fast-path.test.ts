import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { generateSecret } from '../../src/credentials/tokens';
import { fastForwardAuth } from '../../src/http/fast-forward-auth';
import { createChannel, createTenantUser, insertKey, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

/**
 * GET /v1/auth over HTTP is answered by the fast path (fast-forward-auth.ts), outside Fastify; the
 * same request through `app.inject` goes through the Fastify route. Both must answer alike: status,
 * headers, body, log line and duration metric.
 */
describe('GET /v1/auth: the fast path answers as the Fastify route does', () => {
  const server = testServerForSuite();
  let base: string;
  let tenant: TenantUser;
  let seq = 0;
  beforeAll(async () => {
    await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(server.kw.app.server.address() as AddressInfo).port}`;
    tenant = await createTenantUser(server, { grants: { ORDER_DATA: 'EDITOR' } });
  });

  interface Answer {
    status: number;
    headers: Record<string, string>;
    body: string;
  }

  /** The parts that must be equal: the rate-limit window's count and reset move between two requests. */
  const comparable = ({ status, headers, body }: Answer) => {
    const { date: _date, connection: _connection, 'keep-alive': _keepAlive, ...rest } = headers;
    if (rest.ratelimit) rest.ratelimit = rest.ratelimit.replace(/r=\d+;t=\d+/, 'r=<n>;t=<s>');
    if (rest['retry-after']) rest['retry-after'] = '<s>';
    return { status, headers: rest, body };
  };

  const overHttp = async (headers: Record<string, string>): Promise<Answer> => {
    const res = await fetch(`${base}/v1/auth`, { headers });
    return { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() };
  };
  const throughFastify = async (headers: Record<string, string>): Promise<Answer> => {
    // the Host a fetch sends (inject's default is localhost:80)
    const res = await server.kw.app.inject({
      method: 'GET',
      url: '/v1/auth',
      headers: { host: new URL(base).host, ...headers },
    });
    const own = Object.entries(res.headers).map(([name, value]) => [name, String(value)]);
    return { status: res.statusCode, headers: Object.fromEntries(own), body: res.body };
  };

  /** Both paths, each with its own request id (the one thing told apart in the logs). */
  const both = async (headers: Record<string, string>) => {
    const ids = [`fast-${++seq}`, `slow-${seq}`] as const; // equally long: so are the bodies
    const fast = await overHttp({ ...headers, 'x-request-id': ids[0] });
    const fastify = await throughFastify({ ...headers, 'x-request-id': ids[1] });
    return { fast, fastify, ids };
  };

  const expectAlike = async (headers: Record<string, string>, status: number) => {
    const { fast, fastify, ids } = await both(headers);
    expect(fast.status).toBe(status);
    expect(fast.headers['x-request-id']).toBe(ids[0]);
    const unify = (answer: Answer, id: string) =>
      comparable({
        ...answer,
        headers: { ...answer.headers, 'x-request-id': '<id>' },
        body: answer.body.replace(id, '<id>'),
      });
    expect(unify(fast, ids[0])).toEqual(unify(fastify, ids[1]));
    return fast;
  };

  it('accepts a valid key (X-API-Key or Bearer) with the same X-Keyward-*, RateLimit and security headers', async () => {
    const channel = await createChannel(server, tenant.tenantId);
    const key = await insertKey(server, {
      tenantId: tenant.tenantId,
      channelId: channel.id,
      grants: { ORDER_DATA: 'VIEWER', PRODUCT_DATA: 'EDITOR' },
    });
    const fast = await expectAlike({ 'x-api-key': key.secret }, 200);
    expect(fast.headers).toMatchObject({
      'x-keyward-tenant': tenant.tenantId,
      'x-keyward-key': key.id,
      'x-keyward-channel': channel.id,
      'content-security-policy': expect.stringContaining("default-src 'none'"),
      'x-content-type-options': 'nosniff',
      'ratelimit-policy': expect.stringMatching(/^"per-key";q=\d+;w=60$/),
    });
    expect(fast.headers['x-keyward-scopes']!.split(' ').sort()).toEqual(['order_data:viewer', 'product_data:editor']);
    await expectAlike({ authorization: `Bearer ${key.secret}` }, 200);
  });

  it('accepts a session token, with X-Keyward-User', async () => {
    const fast = await expectAlike({ authorization: `Bearer ${tenant.token}` }, 200);
    expect(fast.headers['x-keyward-user']).toBe(tenant.userId);
  });

  it('refuses missing, malformed, unknown, revoked, inactive and expired credentials alike (401 problem+json)', async () => {
    const valid = await insertKey(server, { tenantId: tenant.tenantId });
    const revoked = await insertKey(server, { tenantId: tenant.tenantId, revokedAt: new Date() });
    const inactive = await insertKey(server, { tenantId: tenant.tenantId, active: false });
    const expired = await insertKey(server, { tenantId: tenant.tenantId, expiresAt: new Date(Date.now() - 1000) });
    const rest = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST' });
    const malformed = `${valid.secret.slice(0, -1)}${valid.secret.endsWith('A') ? 'B' : 'A'}`;
    const cases: Array<[Record<string, string>, string]> = [
      [{}, 'Send an API key'],
      [{ 'x-api-key': malformed }, 'malformed'],
      [{ 'x-api-key': generateSecret('GRAPHQL') }, 'Invalid API key'],
      [{ 'x-api-key': revoked.secret }, 'revoked'],
      [{ 'x-api-key': inactive.secret }, 'inactive'],
      [{ 'x-api-key': expired.secret }, 'expired'],
      [{ 'x-api-key': rest.secret }, 'POST /oauth/token'],
      [{ authorization: 'Basic dXNlcjpwYXNz' }, ''],
      [{ 'x-api-key': 'not-a-key' }, 'not a valid Keyward key'],
    ];
    for (const [headers, detail] of cases) {
      const fast = await expectAlike(headers, 401);
      expect(fast.headers['content-type']).toBe('application/problem+json; charset=utf-8');
      expect(fast.headers['www-authenticate']).toMatch(/^Bearer realm="keyward"/);
      expect(JSON.parse(fast.body)).toMatchObject({ status: 401, code: 'UNAUTHENTICATED', instance: '/v1/auth' });
      expect(JSON.parse(fast.body).detail).toContain(detail);
    }
  });

  it('refuses a disallowed address (403) and a key over its rate limit (429 with Retry-After)', async () => {
    const elsewhere = await insertKey(server, { tenantId: tenant.tenantId, ipAllowlist: ['10.0.0.0/8'] });
    const fast = await expectAlike({ 'x-api-key': elsewhere.secret }, 403);
    expect(JSON.parse(fast.body)).toMatchObject({ code: 'FORBIDDEN' });

    const limited = await insertKey(server, { tenantId: tenant.tenantId, rateLimitPerMinute: 1 });
    expect((await overHttp({ 'x-api-key': limited.secret })).status).toBe(200);
    const refused = await expectAlike({ 'x-api-key': limited.secret }, 429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers.ratelimit).toMatch(/r=0;/);
    expect(JSON.parse(refused.body)).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('makes a request id when none (or a malformed one) is sent', async () => {
    const key = await insertKey(server, { tenantId: tenant.tenantId });
    for (const sent of [undefined, 'has spaces']) {
      const res = await overHttp({ 'x-api-key': key.secret, ...(sent ? { 'x-request-id': sent } : {}) });
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    }
  });

  it('writes the same "request completed" line and records the same duration series', async () => {
    const key = await insertKey(server, { tenantId: tenant.tenantId });
    const series = async () => {
      const text = await server.kw.app.metrics.registry.metrics();
      const line = text
        .split('\n')
        .find(
          (l) =>
            l.startsWith('keyward_http_request_duration_seconds_count{') &&
            l.includes('route="/v1/auth"') &&
            l.includes('status="200"'),
        );
      return Number(line?.split(' ').pop() ?? 0);
    };
    const before = await series();
    const { ids } = await both({ 'x-api-key': key.secret });
    expect(await series()).toBe(before + 2);

    const completed = (id: string) => {
      const line = server.logs.lines
        .map((l) => JSON.parse(l))
        .find((l) => l.reqId === id && l.msg === 'request completed');
      expect(line).toBeDefined();
      const { time: _time, responseTime, req, ...rest } = line;
      expect(typeof responseTime).toBe('number');
      const { remotePort: _port, ...request } = req;
      return { ...rest, reqId: '<id>', req: request };
    };
    expect(completed(ids[0])).toEqual(completed(ids[1]));
    expect(completed(ids[0])).toMatchObject({
      level: 30,
      res: { statusCode: 200 },
      req: { method: 'GET', url: '/v1/auth' },
    });
    // the secret reaches no log line
    expect(server.logs.text).not.toContain(key.secret);
  });
});

/** What the fast path takes and what it leaves to Fastify (here: a server answering 418 for those). */
describe('the fast path itself', () => {
  // the failed-authentication throttle on, as in production (other suites turn it off)
  const server = testServerForSuite({ env: { KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '3' } });
  let base: string;
  let plain: http.Server;
  let key: string;
  let local: string;
  beforeAll(async () => {
    const { tenantId } = await createTenantUser(server);
    key = (await insertKey(server, { tenantId })).secret;
    local = (await insertKey(server, { tenantId, ipAllowlist: ['203.0.113.7'] })).secret;
    const handler = fastForwardAuth({
      auth: server.kw.services,
      log: pino({ level: 'silent' }),
      securityHeaders: [['X-Frame-Options', 'DENY']],
      recordDuration: () => undefined,
      trustProxy: true,
    });
    plain = http.createServer((req, res) => {
      if (!handler(req, res)) res.writeHead(418).end('left to Fastify');
    });
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(plain.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => plain.close(() => resolve())));

  it('answers GET /v1/auth only: other methods, paths, a query string or a body go to Fastify', async () => {
    const headers = { 'x-api-key': key };
    const ok = await fetch(`${base}/v1/auth`, { headers });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-frame-options')).toBe('DENY');
    for (const [path, init] of [
      ['/v1/auth', { method: 'HEAD' }],
      ['/v1/auth', { method: 'POST' }],
      ['/v1/auth?x=1', {}],
      ['/v1/auth/orders', {}],
      ['/v1/authx', {}],
    ] as const) {
      expect({ path, init, status: (await fetch(`${base}${path}`, { ...init, headers })).status }).toEqual({
        path,
        init,
        status: 418,
      });
    }
    const withBody = await new Promise<number>((resolve, reject) => {
      const req = http.request(`${base}/v1/auth`, { method: 'GET', headers: { ...headers, 'content-length': '2' } });
      req.on('response', (res) => resolve(res.statusCode!)).on('error', reject);
      req.end('{}');
    });
    expect(withBody).toBe(418);
  });

  it('takes the client address from X-Forwarded-For when it trusts the proxy', async () => {
    const from = (address: string) =>
      fetch(`${base}/v1/auth`, { headers: { 'x-api-key': local, 'x-forwarded-for': `${address}, 127.0.0.1` } });
    expect((await from('203.0.113.7')).status).toBe(200);
    expect((await from('203.0.113.8')).status).toBe(403);
  });

  it('throttles an address after too many unknown credentials, valid keys from it included (429)', async () => {
    const from = (address: string, credential: string) =>
      fetch(`${base}/v1/auth`, { headers: { 'x-api-key': credential, 'x-forwarded-for': address } });
    const madeUp = generateSecret('GRAPHQL');
    // three failures a minute are allowed; the fourth is one too many and blocks the address
    for (let i = 0; i < 3; i++) expect((await from('198.51.100.20', madeUp)).status).toBe(401);
    expect((await from('198.51.100.20', madeUp)).status).toBe(429);
    const throttled = await from('198.51.100.20', key);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await throttled.json()).toMatchObject({ code: 'RATE_LIMITED' });
    // another address is not affected
    expect((await from('198.51.100.21', key)).status).toBe(200);
  });
});
