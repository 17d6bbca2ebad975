import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { startServerProcess, stderrBesidesBanner } from '../helpers/keyward-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const EMAIL = 'admin@example.test';
const PASSWORD = 'correct horse battery staple';

interface HeldRequest {
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<{ status: number; body: string }>;
}

/**
 * A POST whose headers and first half of the body are sent now and the rest on `finish()`: until
 * then the request is certainly in flight on the server, without guessing at timings.
 */
function holdRequest(port: number, requestId: string, payload: string): HeldRequest {
  const body = Buffer.from(payload);
  const half = Math.floor(body.length / 2);
  const req = http.request({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: '/graphql',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': body.length, 'x-request-id': requestId },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.subarray(0, half));
  return { finish: () => req.end(body.subarray(half)), response };
}

describe('graceful shutdown', () => {
  let cwd: string;
  let db: TestDatabase;
  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-shutdown-'));
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('on SIGTERM finishes the requests in flight, closes the database and exits 0', async () => {
    const { proc, port } = await startServerProcess(
      {
        DATABASE_URL: db.url,
        KEYWARD_MASTER_KEY: Buffer.alloc(32, 3).toString('base64'),
        KEYWARD_BOOTSTRAP_EMAIL: EMAIL,
        KEYWARD_BOOTSTRAP_PASSWORD: PASSWORD,
        LOG_LEVEL: 'debug',
      },
      cwd,
    );
    try {
      const login = holdRequest(
        port,
        'inflight-login',
        JSON.stringify({ query: `mutation { login(email: "${EMAIL}", password: "${PASSWORD}") { user { email } } }` }),
      );
      const tenant = holdRequest(port, 'inflight-health', JSON.stringify({ query: '{ __typename }' }));
      // The server has read both requests' headers (at debug level each incoming request is logged).
      await proc
        .waitForLog(/^incoming request$/)
        .then(() => proc.waitFor((l) => l.includes('"reqId":"inflight-login"'), 'the login request'));
      await proc.waitFor((l) => l.includes('"reqId":"inflight-health"'), 'the second request');

      proc.child.kill('SIGTERM');
      await proc.waitForLog(/^shutting down/);
      login.finish();
      tenant.finish();

      const [loginRes, tenantRes] = await Promise.all([login.response, tenant.response]);
      expect(loginRes.status).toBe(200);
      expect(JSON.parse(loginRes.body)).toEqual({ data: { login: { user: { email: EMAIL } } } });
      expect(tenantRes.status).toBe(200);
      expect(JSON.parse(tenantRes.body)).toEqual({ data: { __typename: 'Query' } });

      const exit = await proc.exited;
      expect(exit).toEqual({ code: 0, signal: null });
      const messages = proc.logs.map((l) => l.msg);
      const order = [
        'shutting down: finishing in-flight requests',
        'database connection closed',
        'shut down cleanly',
      ].map((m) => messages.indexOf(m));
      expect(order.every((i) => i >= 0)).toBe(true);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      // Both requests completed before the database was closed.
      const completed = proc.logs.filter((l) => l.msg === 'request completed').map((l) => proc.logs.indexOf(l));
      expect(completed.length).toBeGreaterThanOrEqual(2);
      expect(Math.max(...completed)).toBeLessThan(order[1]!);
      expect(stderrBesidesBanner(proc.stderr)).toEqual([]);
    } finally {
      await proc.stop('SIGKILL');
    }
  });
});
