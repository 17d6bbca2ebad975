import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestServer, testServerForSuite, type TestServer } from '../helpers/harness';
import { KeywardProcess, stderrBesidesBanner } from '../helpers/keyward-process';
import { describeWithProxiedDatabase } from '../helpers/tcp-proxy';
import { createTestDatabase } from '../helpers/test-database';

async function readyz(server: TestServer) {
  const res = await server.kw.app.inject({ method: 'GET', url: '/readyz' });
  return { status: res.statusCode, body: res.json() as { status: string; checks: Record<string, string> } };
}

describe('/readyz: migrations applied', () => {
  const server = testServerForSuite();

  it('answers 503 while a migration is pending and 200 once it is applied', async () => {
    expect(await readyz(server)).toEqual({
      status: 200,
      body: { status: 'ok', checks: { database: 'ok', migrations: 'ok' } },
    });
    const ds = server.kw.dataSource;
    const rows: Array<{ id: number; timestamp: number; name: string }> = await ds.query(
      'SELECT id, timestamp, name FROM keyward_migrations',
    );
    expect(rows.length).toBeGreaterThan(0);
    const last = rows.reduce((a, b) => (Number(a.timestamp) > Number(b.timestamp) ? a : b));
    await ds.query('DELETE FROM keyward_migrations WHERE id = ?', [last.id]);
    try {
      expect(await readyz(server)).toEqual({
        status: 503,
        body: { status: 'unavailable', checks: { database: 'ok', migrations: 'pending' } },
      });
    } finally {
      await ds.query('INSERT INTO keyward_migrations (id, timestamp, name) VALUES (?, ?, ?)', [
        last.id,
        last.timestamp,
        last.name,
      ]);
    }
    expect((await readyz(server)).status).toBe(200);
  });
});

describeWithProxiedDatabase(
  'database outage (MariaDB only: behind a TCP proxy that the test cuts; an embedded SQLite file cannot become unreachable)',
  ({ proxy, proxied }) => {
    it('/readyz goes 503 while the database is unreachable and back to 200 when it returns; /healthz stays 200', async () => {
      const server = await startTestServer({ db: proxied, keepDatabase: true });
      try {
        const token = await server.adminToken();
        expect((await readyz(server)).status).toBe(200);

        proxy.cut();
        const down = await readyz(server);
        expect(down.status).toBe(503);
        expect(down.body.status).toBe('unavailable');
        expect(down.body.checks.database).toMatch(/^unreachable: /);
        expect((await server.kw.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);

        // GraphQL callers are told to retry, not handed an internal error.
        const me = await server.gql('{ me { type } }', {}, { token });
        expect(me.errors![0]!.extensions.code).toBe('SERVICE_UNAVAILABLE');
        expect(me.errors![0]!.message).toBe('A dependency is unavailable; retry later');

        proxy.restore();
        expect(await readyz(server)).toEqual({
          status: 200,
          body: { status: 'ok', checks: { database: 'ok', migrations: 'ok' } },
        });
        const again = await server.gql('{ me { type } }', {}, { token });
        expect(again.data).toEqual({ me: { type: 'USER' } });
      } finally {
        proxy.restore();
        await server.close();
      }
    });

    it('a server started while the database is down keeps retrying and starts once it is back', async () => {
      const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-outage-'));
      const fresh = await createTestDatabase();
      const freshUrl = new URL(fresh.url);
      freshUrl.host = `127.0.0.1:${proxy.port}`;
      proxy.cut();
      const proc = new KeywardProcess('src/main.ts', [], {
        env: {
          PORT: '0',
          HOST: '127.0.0.1',
          DATABASE_URL: freshUrl.toString(),
          KEYWARD_MASTER_KEY: Buffer.alloc(32, 9).toString('base64'),
          KEYWARD_DB_CONNECT_TIMEOUT_SECONDS: '300',
        },
        cwd,
      });
      try {
        const retry = await proc.waitForLog(/^database unreachable; retrying$/);
        expect(retry).toMatchObject({
          level: 40,
          attempt: 1,
          database: `127.0.0.1:${proxy.port}/${(fresh.config as { database: string }).database}`,
        });
        proxy.restore();
        const listening = await proc.waitForLog(/^Keyward listening/);
        const res = await fetch(`http://127.0.0.1:${listening.port}/readyz`);
        expect(res.status).toBe(200);
        expect(stderrBesidesBanner(proc.stderr)).toEqual([]);
        expect((await proc.stop('SIGTERM')).code).toBe(0);
      } finally {
        proxy.restore();
        await proc.stop('SIGKILL');
        await fresh.drop();
        fs.rmSync(cwd, { recursive: true, force: true });
      }
    });
  },
);
