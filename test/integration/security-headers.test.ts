import { startTestServer, testServerForSuite } from '../helpers/harness';

const EVERY_RESPONSE = [
  {
    method: 'POST' as const,
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: '{"query":"{ __typename }"}',
  },
  { method: 'GET' as const, url: '/healthz' },
  { method: 'GET' as const, url: '/metrics' },
  { method: 'GET' as const, url: '/openapi.json' },
  { method: 'GET' as const, url: '/docs/' },
  { method: 'GET' as const, url: '/v1/auth' }, // 401
  { method: 'GET' as const, url: '/no/such/route' }, // 404 from the not-found handler
  {
    method: 'POST' as const,
    url: '/v1/keys/verify',
    headers: { 'content-type': 'application/json' },
    payload: '{"key":',
  }, // 400
];

describe('security headers', () => {
  const server = testServerForSuite();
  beforeAll(async () => {
    // the documented per-route override (the console uses it for its own policy)
    server.kw.app.get(
      '/test/own-csp',
      {
        config: {
          contentSecurityPolicy: { 'default-src': ["'self'"], 'script-src': ["'self'"], 'frame-ancestors': ["'none'"] },
        },
      },
      async () => 'ok',
    );
  });

  it('are on every response: nosniff, Referrer-Policy, frame protection and a CSP; no HSTS outside production', async () => {
    for (const request of EVERY_RESPONSE) {
      const res = await server.kw.app.inject(request);
      const h = res.headers;
      expect({
        url: request.url,
        status: res.statusCode,
        nosniff: h['x-content-type-options'],
        referrer: h['referrer-policy'],
        frame: h['x-frame-options'],
        hsts: h['strict-transport-security'],
      }).toEqual({
        url: request.url,
        status: res.statusCode,
        nosniff: 'nosniff',
        referrer: 'no-referrer',
        frame: 'DENY',
        hsts: undefined,
      });
      expect({ url: request.url, csp: h['content-security-policy'] }).toEqual({
        url: request.url,
        csp: expect.stringContaining("frame-ancestors 'none'"),
      });
    }
  });

  it("JSON answers get a CSP that loads nothing; /docs and the Sandbox get their own; a route's config overrides", async () => {
    const csp = async (url: string) =>
      (await server.kw.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } })).headers[
        'content-security-policy'
      ];
    expect(await csp('/healthz')).toContain("default-src 'none'");
    expect(await csp('/docs/')).toContain("script-src 'self'");
    expect(await csp('/docs/static/swagger-ui-bundle.js')).toContain("script-src 'self'");
    expect(await csp('/graphql')).toContain('https://embeddable-sandbox.cdn.apollographql.com');
    // an operation's JSON answer is no Sandbox page: it gets the policy that loads nothing
    const operation = await server.kw.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json' },
      payload: '{"query":"{ __typename }"}',
    });
    expect(operation.json()).toEqual({ data: { __typename: 'Query' } });
    expect(operation.headers['content-security-policy']).toBe(
      "default-src 'none';base-uri 'none';form-action 'none';frame-ancestors 'none'",
    );
    expect(await csp('/test/own-csp')).toBe("default-src 'self';script-src 'self';frame-ancestors 'none'");
  });

  it("helmet's document-only headers are on pages, not on API answers", async () => {
    const DOCUMENT_ONLY = [
      'cross-origin-opener-policy',
      'origin-agent-cluster',
      'x-dns-prefetch-control',
      'x-download-options',
      'x-permitted-cross-domain-policies',
      'x-xss-protection',
    ];
    const documentOnly = (headers: Record<string, unknown>) => DOCUMENT_ONLY.filter((name) => name in headers);
    for (const request of EVERY_RESPONSE.filter((r) => r.url !== '/docs/')) {
      const res = await server.kw.app.inject(request);
      expect({
        url: request.url,
        corp: res.headers['cross-origin-resource-policy'],
        documentOnly: documentOnly(res.headers),
      }).toEqual({ url: request.url, corp: 'same-origin', documentOnly: [] });
    }
    for (const url of ['/docs/', '/graphql', '/test/own-csp']) {
      const res = await server.kw.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      expect({ url, documentOnly: documentOnly(res.headers) }).toEqual({ url, documentOnly: DOCUMENT_ONLY });
    }
  });

  it('HSTS when NODE_ENV=production', async () => {
    const production = await startTestServer({ env: { NODE_ENV: 'production' } });
    try {
      for (const url of ['/healthz', '/no/such/route']) {
        const res = await production.kw.app.inject({ method: 'GET', url });
        expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
      }
    } finally {
      await production.close();
    }
  });
});
