import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createTenantUser } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { insertKey, updateKey } from '../helpers/keys';

const NGINX = '/usr/sbin/nginx';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

if (!fs.existsSync(NGINX)) {
  describe('nginx auth_request in front of a dummy upstream', () => {
    it.skip(`SKIPPED: ${NGINX} is not installed (apt-get install -y nginx)`, () => undefined);
  });
} else {
  describe('nginx auth_request in front of a dummy upstream', () => {
    let server: TestServer;
    let upstream: http.Server;
    let nginx: ChildProcess;
    let dir: string;
    let base: string;
    const seen: Array<Record<string, string | string[] | undefined>> = [];

    beforeAll(async () => {
      // behind nginx, as the README says: client IPs from X-Forwarded-For, which nginx overwrites
      server = await startTestServer({ env: { KEYWARD_TRUST_PROXY: 'true' } });
      await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
      const keywardPort = (server.kw.app.server.address() as AddressInfo).port;
      upstream = http.createServer((req, res) => {
        seen.push(req.headers);
        res.writeHead(200, { 'content-type': 'text/plain' }).end('upstream ok');
      });
      await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
      const upstreamPort = (upstream.address() as AddressInfo).port;
      const port = await freePort();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-nginx-'));
      fs.writeFileSync(
        path.join(dir, 'nginx.conf'),
        `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  server {
    listen 127.0.0.1:${port};
    location / {
      auth_request /_keyward_auth;
      # auth_request answers any status but 2xx/401/403 with 500: pass Keyward's 429 on
      auth_request_set $kw_status $upstream_status;
      auth_request_set $kw_retry_after $upstream_http_retry_after;
      error_page 500 = @keyward_error;
      auth_request_set $kw_tenant $upstream_http_x_keyward_tenant;
      auth_request_set $kw_key $upstream_http_x_keyward_key;
      auth_request_set $kw_scopes $upstream_http_x_keyward_scopes;
      proxy_set_header X-Keyward-Tenant $kw_tenant;
      proxy_set_header X-Keyward-Key $kw_key;
      proxy_set_header X-Keyward-Scopes $kw_scopes;
      proxy_set_header X-API-Key "";
      proxy_pass http://127.0.0.1:${upstreamPort};
    }
    location @keyward_error {
      if ($kw_status = 429) {
        add_header Retry-After $kw_retry_after always;
        return 429;
      }
      return 500;
    }
    location = /_keyward_auth {
      internal;
      proxy_pass http://127.0.0.1:${keywardPort}/v1/auth;
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Original-URI $request_uri;
    }
  }
}
`,
      );
      nginx = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')], { stdio: 'ignore' });
      base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 10_000;
      for (;;) {
        try {
          await fetch(`${base}/`);
          break;
        } catch (error) {
          if (Date.now() > deadline) throw new Error(`nginx did not start: ${fs.existsSync(path.join(dir, 'error.log')) ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8') : error}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    });
    afterAll(async () => {
      if (nginx?.pid) nginx.kill('SIGTERM');
      await new Promise((resolve) => (nginx?.exitCode === null ? nginx.once('exit', resolve) : resolve(undefined)));
      await new Promise((resolve) => upstream?.close(resolve));
      await server?.close();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
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
          const req = http.get(`${base}/orders/1`, { localAddress: '127.0.0.2', headers: { 'x-api-key': secret, ...headers } }, (res) => {
            res.resume();
            resolve(res.statusCode!);
          });
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
