import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { cspViolations, describeWithChromium, launchChromium, watchCspViolations } from '../helpers/browser';
import { startTestServer, testServerForSuite } from '../helpers/harness';

/** A plain page server on its own port: another origin than Keyward's. */
async function pageServer(): Promise<{ origin: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>admin app</title>'),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** In the page: a GraphQL call as an admin frontend makes it (JSON body and a bearer token: a preflighted request). */
function callGraphql([keyward, token]: readonly [string, string]): Promise<
  { ok: true; data: unknown } | { ok: false; error: string }
> {
  return fetch(`${keyward}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: '{ me { type } }' }),
  })
    .then(async (res) => ({ ok: true as const, data: ((await res.json()) as { data: unknown }).data }))
    .catch((error: Error) => ({ ok: false as const, error: String(error) }));
}

describeWithChromium('browsers', () => {
  let browser: Browser;
  let listed: Awaited<ReturnType<typeof pageServer>>;
  let unlisted: Awaited<ReturnType<typeof pageServer>>;
  let keyward: string;
  beforeAll(async () => {
    browser = await launchChromium();
    listed = await pageServer();
    unlisted = await pageServer();
  });
  const server = testServerForSuite(() => ({
    env: { KEYWARD_CORS_ORIGINS: `https://admin.example.com,${listed.origin}` },
  }));
  beforeAll(async () => {
    await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
    keyward = `http://127.0.0.1:${(server.kw.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await browser?.close();
    await listed?.close();
    await unlisted?.close();
  });

  it('a page on a listed origin calls GraphQL cross-origin; one on another origin is blocked', async () => {
    const token = await server.adminToken();
    const page = await browser.newPage();
    try {
      await page.goto(listed.origin);
      expect(await page.evaluate(callGraphql, [keyward, token] as const)).toEqual({
        ok: true,
        data: { me: { type: 'USER' } },
      });
      await page.goto(unlisted.origin);
      const blocked = await page.evaluate(callGraphql, [keyward, token] as const);
      expect(blocked).toEqual({ ok: false, error: expect.stringContaining('Failed to fetch') });
    } finally {
      await page.close();
    }
  });

  it('answers preflights on /graphql and REST routes for listed origins only', async () => {
    const preflight = (url: string, origin: string) =>
      server.kw.app.inject({
        method: 'OPTIONS',
        url,
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
    for (const url of ['/graphql', '/v1/keys/verify', '/oauth/introspect']) {
      const ok = await preflight(url, listed.origin);
      expect({ url, status: ok.statusCode, origin: ok.headers['access-control-allow-origin'] }).toEqual({
        url,
        status: 204,
        origin: listed.origin,
      });
      expect(String(ok.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      const refused = await preflight(url, unlisted.origin);
      expect({ url, origin: refused.headers['access-control-allow-origin'] }).toEqual({ url, origin: undefined });
    }
    // Apollo's CSRF prevention stays on: a simple (non-preflighted) GET query without a JSON
    // content type or Apollo-Require-Preflight is refused
    const csrf = await server.kw.app.inject({
      method: 'GET',
      url: '/graphql?query=%7B__typename%7D',
      headers: { origin: unlisted.origin },
    });
    expect(csrf.statusCode).toBe(400);
  });

  it("/docs (swagger-ui) renders under its CSP without violations, with Keyward's name", async () => {
    const page = await browser.newPage();
    try {
      await watchCspViolations(page);
      await page.goto(`${keyward}/docs/`);
      await page.waitForSelector('.swagger-ui .info .title', { timeout: 15_000 });
      expect(await page.textContent('.swagger-ui .info .title')).toContain('Keyward REST API');
      await page.waitForSelector('.swagger-ui .topbar img');
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });

  it('the Apollo Sandbox landing page runs its scripts under the CSP (the CDN may be unreachable offline)', async () => {
    const page = await browser.newPage();
    try {
      await watchCspViolations(page);
      const res = await page.goto(`${keyward}/graphql`);
      expect(res!.headers()['content-security-policy']).toContain('embeddable-sandbox.cdn.apollographql.com');
      // the landing page's nonce'd inline scripts ran (offline its CDN script may not load)
      await page.waitForLoadState('load');
      expect(await cspViolations(page)).toEqual([]);
    } finally {
      await page.close();
    }
  });
});

describeWithChromium('browsers without KEYWARD_CORS_ORIGINS', () => {
  it('a page on another origin cannot call GraphQL', async () => {
    const browser = await launchChromium();
    const other = await pageServer();
    const server = await startTestServer();
    try {
      await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
      const keyward = `http://127.0.0.1:${(server.kw.app.server.address() as AddressInfo).port}`;
      const page = await browser.newPage();
      await page.goto(other.origin);
      expect(await page.evaluate(callGraphql, [keyward, await server.adminToken()] as const)).toEqual({
        ok: false,
        error: expect.stringContaining('Failed to fetch'),
      });
    } finally {
      await browser.close();
      await server.close();
      await other.close();
    }
  });
});
