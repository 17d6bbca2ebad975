import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTenantUser, insertKey, updateKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { NGINX, startNginx, type Nginx } from '../helpers/nginx';

if (!fs.existsSync(NGINX)) {
  describe('nginx auth_request in front of a dummy upstream', () => {
    it.skip(`SKIPPED: ${NGINX} is not installed (apt-get install -y nginx)`, () => undefined);
  });
} else {
  describe('nginx auth_request in front of a dummy upstream', () => {
    // behind nginx, as the README says: client IPs from X-Forwarded-For, which nginx overwrites
    const server = testServerForSuite({ env: { KEYWARD_TRUST_PROXY: 'true' } });
    let upstream: http.Server;
    let nginx: Nginx;
    let base: string;
    const seen: Array<Record<string, string | string[] | undefined>> = [];

    beforeAll(async () => {
      await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
      const keywardPort = (server.kw.app.server.address() as AddressInfo).port;
      upstream = http.createServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('upstream ok');
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      const upstreamPort = (upstream.address() as AddressInfo).port;
      nginx = await startNginx({ upstream: `127.0.0.1:${upstreamPort}`, keyward: `127.0.0.1:${keywardPort}` });
      base = nginx.base;
    });
    afterAll(async () => {
      await nginx?.stop();
      await new Promise((resolve) => upstream?.close(resolve));
    });

    it('lets a valid key through with X-Keyward-* headers and stops missing, revoked and IP-fenced keys', async () => {
      const { tenantId } = await createTenantUser(server);
      const key = await insertKey(server, { tenantId, grants: { ORDER_DATA: 'VIEWER' } });
      const ok = await fetch(`${base}/orders/1`, { headers: { 'x-api-key': key.secret } });
      expect(ok.status).toBe(200);
      expect(await ok.text()).toBe('upstream ok');
      const headers = seen.at(-1)!;
      expect(headers['x-keyward-tenant']).toBe(tenantId);
      expect(headers['x-keyward-key']).toBe(key.id);
      expect(headers['x-keyward-scopes']).toBe('order_data:viewer');
      expect(headers['x-api-key']).toBeUndefined();

      const before = seen.length;
      expect((await fetch(`${base}/orders/1`)).status).toBe(401);
      expect((await fetch(`${base}/orders/1`, { headers: { authorization: 'Bearer kwk_nope' } })).status).toBe(401);
      await updateKey(server, key.id, { revokedAt: new Date() });
      expect((await fetch(`${base}/orders/1`, { headers: { 'x-api-key': key.secret } })).status).toBe(401);
      const fenced = await insertKey(server, { tenantId, ipAllowlist: ['192.0.2.0/24'] });
      expect((await fetch(`${base}/orders/1`, { headers: { 'x-api-key': fenced.secret } })).status).toBe(403);
      expect(seen.length).toBe(before); // nothing reached the upstream
    });

    it('passes a rate-limited key on as 429 with Retry-After (with the error_page mapping of the README)', async () => {
      const { tenantId } = await createTenantUser(server);
      const key = await insertKey(server, { tenantId, rateLimitPerMinute: 1 });
      expect((await fetch(`${base}/orders/1`, { headers: { 'x-api-key': key.secret } })).status).toBe(200);
      const before = seen.length;
      const limited = await fetch(`${base}/orders/1`, { headers: { 'x-api-key': key.secret } });
      expect(limited.status).toBe(429);
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(seen.length).toBe(before);
    });

    it('checks IP allowlists against the client nginx saw, which a forged X-Forwarded-For cannot change', async () => {
      const { tenantId } = await createTenantUser(server);
      // the client connects from 127.0.0.2; nginx (and so Keyward's socket peer) is 127.0.0.1
      const get = (secret: string, headers: Record<string, string> = {}) =>
        new Promise<number>((resolve, reject) => {
          const req = http.get(
            `${base}/orders/1`,
            { localAddress: '127.0.0.2', headers: { 'x-api-key': secret, ...headers } },
            (res) => {
              res.resume();
              resolve(res.statusCode!);
            },
          );
          req.on('error', reject);
        });
      const client = await insertKey(server, { tenantId, ipAllowlist: ['127.0.0.2'] });
      const gateway = await insertKey(server, { tenantId, ipAllowlist: ['127.0.0.1'] });
      expect(await get(client.secret)).toBe(200);
      expect(await get(gateway.secret)).toBe(403);
      expect(await get(gateway.secret, { 'x-forwarded-for': '127.0.0.1' })).toBe(403);
    });
  });
}
