import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net, { type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NGINX = '/usr/sbin/nginx';

export interface NginxOptions {
  /** The protected upstream (host:port). */
  upstream: string;
  /** Keyward (host:port) for `auth_request` to /v1/auth; without it nginx proxies without a check. */
  keyward?: string;
  /** Keep-alive connections nginx holds to each upstream (0: a new connection per request). */
  keepalive?: number;
  workerConnections?: number;
}

export interface Nginx {
  base: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * The README's gateway set-up: `auth_request` to Keyward's /v1/auth, the X-Keyward-* answer headers
 * passed to the upstream, the key itself not, Keyward's 429 (with Retry-After) passed on.
 */
function config(dir: string, port: number, options: NginxOptions): string {
  const keepalive = options.keepalive ?? 0;
  // idle connections closed before Node's 5 s keep-alive timeout closes them (a reuse racing that close is a 502)
  const pool = (name: string, address: string) =>
    `upstream ${name} { server ${address};${keepalive ? ` keepalive ${keepalive}; keepalive_timeout 4s;` : ''} }`;
  const http11 = keepalive ? 'proxy_http_version 1.1; proxy_set_header Connection "";' : '';
  const auth = options.keyward
    ? `auth_request /_keyward_auth;
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
      proxy_set_header X-API-Key "";`
    : '';
  const authLocations = options.keyward
    ? `location @keyward_error {
      if ($kw_status = 429) {
        add_header Retry-After $kw_retry_after always;
        return 429;
      }
      return 500;
    }
    location = /_keyward_auth {
      internal;
      proxy_pass http://keyward/v1/auth;
      ${http11}
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Original-URI $request_uri;
    }`
    : '';
  return `daemon off;
master_process off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections ${options.workerConnections ?? 64}; }
http {
  access_log off;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fastcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  ${pool('app', options.upstream)}
  ${options.keyward ? pool('keyward', options.keyward) : ''}
  server {
    listen 127.0.0.1:${port};
    # a load generator's connection is never closed under it (nginx closes one after 1000 requests by default)
    keepalive_requests 10000000;
    location / {
      ${auth}
      ${http11}
      proxy_pass http://app;
    }
    ${authLocations}
  }
}
`;
}

/** Starts nginx (one process, no daemon) with the given set-up; resolves once it answers. */
export async function startNginx(options: NginxOptions): Promise<Nginx> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-nginx-'));
  fs.writeFileSync(path.join(dir, 'nginx.conf'), config(dir, port, options));
  const nginx: ChildProcess = spawn(
    NGINX,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    { stdio: 'ignore' },
  );
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (nginx.pid && nginx.exitCode === null) {
      nginx.kill('SIGTERM');
      await new Promise((resolve) => nginx.once('exit', resolve));
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await fetch(`${base}/`);
      return { base, stop };
    } catch (error) {
      if (Date.now() > deadline) {
        const log = fs.existsSync(path.join(dir, 'error.log'))
          ? fs.readFileSync(path.join(dir, 'error.log'), 'utf8')
          : String(error);
        await stop();
        throw new Error(`nginx did not start: ${log}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}
