import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type DatabaseConfig } from '../../src/config/config';
import { createKeyward } from '../../src/server/keyward';
import { startTestServer } from '../helpers/harness';
import { createDataSource } from '../../src/db/database';
import { postGraphQL, startServerProcess } from '../helpers/keyward-process';
import { createTestDatabase, testDialect, type TestDatabase } from '../helpers/test-database';

const LOGIN =
  'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token user { email superUser } } }';
const ME = '{ me { type user { email } tenant { slug } grants { roleKey level } } }';

async function countRows(db: DatabaseConfig, table: string): Promise<number> {
  const ds = createDataSource(db);
  await ds.initialize();
  try {
    const quoted = db.type === 'sqlite' ? `"${table}"` : `\`${table}\``;
    const [row] = await ds.query(`SELECT COUNT(*) AS n FROM ${quoted}`);
    return Number(row.n);
  } finally {
    await ds.destroy();
  }
}

/**
 * The real server process (`tsx src/main.ts`) on an empty database, with nothing configured but
 * the database: what a newcomer gets from `npm start`. On SQLite not even DATABASE_URL is set.
 */
describe('starting from nothing', () => {
  let cwd: string;
  let db: TestDatabase | undefined;
  let env: Record<string, string>;
  let dbConfig: DatabaseConfig;
  let password: string;

  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-fresh-'));
    if (testDialect() === 'mariadb') {
      db = await createTestDatabase();
      env = { DATABASE_URL: db.url };
      dbConfig = db.config;
    } else {
      env = {};
      dbConfig = { type: 'sqlite', path: path.join(cwd, 'data', 'keyward.sqlite') };
    }
  });
  afterAll(async () => {
    await db?.drop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('bootstraps, prints the admin login once, answers /healthz and lets the admin sign in', async () => {
    const server = await startServerProcess(env, cwd);
    let stopped = false;
    try {
      const { proc, url } = server;
      // the notice is on stderr: stdout is JSON lines only (README)
      const notice = proc.stderr.join('\n');
      expect(proc.stdout.filter((line) => line.trim() !== '' && !line.startsWith('{'))).toEqual([]);
      expect(notice).toContain('Keyward created tenant "default" and its first administrator:');
      expect(notice).toContain('email:    admin@keyward.local');
      expect(notice).toContain(`Open the console at http://localhost:${server.port}/console and sign in with them`);
      expect(notice).toContain(`Sign in at http://localhost:${server.port}/graphql`);
      password = /password: (\S+)\s+\(shown once/.exec(notice)![1]!;
      expect(password.length).toBeGreaterThanOrEqual(20);
      // Shown once, on the terminal only: never in a log line.
      expect(proc.output.split(password)).toHaveLength(2);
      expect(proc.logs.some((l) => JSON.stringify(l).includes(password))).toBe(false);

      // No KEYWARD_MASTER_KEY: one is generated under ./data with a warning.
      expect(proc.logs.some((l) => l.level === 40 && String(l.msg).includes('KEYWARD_MASTER_KEY is not set'))).toBe(
        true,
      );
      expect(fs.statSync(path.join(cwd, 'data', 'master.key')).mode & 0o777).toBe(0o600);
      if (dbConfig.type === 'sqlite') expect(fs.existsSync(dbConfig.path)).toBe(true);

      // start-up says once where it listens, that the database is migrated (and nothing from Fastify)
      expect(proc.logs.filter((l) => /listening/i.test(String(l.msg))).map((l) => l.msg)).toEqual([
        expect.stringMatching(/^Keyward listening: GraphQL at .*REST docs at http:\/\/localhost:\d+\/docs$/),
      ]);
      expect(proc.logs.filter((l) => l.msg === 'database migrated')).toHaveLength(1);

      const health = await fetch(`${url}/healthz`, { headers: { 'x-request-id': 'one-line-per-request' } });
      expect(health.status).toBe(200);
      await proc.waitFor((line) => line.includes('"one-line-per-request"'), "the request's log line");
      // one line per request, with what both of Fastify's had: method, URL, status, time
      const lines = proc.logs.filter((l) => l.reqId === 'one-line-per-request');
      expect(lines).toEqual([
        expect.objectContaining({
          level: 30,
          msg: 'request completed',
          req: expect.objectContaining({ method: 'GET', url: '/healthz' }),
          res: { statusCode: 200 },
          responseTime: expect.any(Number),
        }),
      ]);
      expect(await health.json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toEqual({ status: 'ok', checks: { database: 'ok', migrations: 'ok' } });

      const login = await postGraphQL(url, LOGIN, { e: 'admin@keyward.local', p: password });
      expect(login.body.errors).toBeUndefined();
      expect(login.body.data.login.user).toEqual({ email: 'admin@keyward.local', superUser: true });
      const me = await postGraphQL(url, ME, {}, login.body.data.login.token);
      expect(me.body.data.me.tenant.slug).toBe('default');
      expect(me.body.data.me.grants).toHaveLength(11);

      // Apollo Sandbox is the landing page outside production.
      const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(await page.text()).toContain('embeddable-sandbox');

      const exit = await proc.stop('SIGTERM');
      stopped = true;
      expect(exit).toEqual({ code: 0, signal: null });
    } finally {
      if (!stopped) await server.proc.stop('SIGKILL');
    }
  });

  it('bootstraps once only: a restart creates no second admin and prints no password', async () => {
    expect(password).toBeDefined();
    const server = await startServerProcess(env, cwd);
    try {
      const { proc, url } = server;
      expect(proc.output).not.toContain('created tenant');
      expect(proc.output).not.toMatch(/password:/);
      // The generated master key was reused: the first password and signing keys still work.
      expect(proc.logs.some((l) => String(l.msg).includes('KEYWARD_MASTER_KEY is not set'))).toBe(false);
      const login = await postGraphQL(url, LOGIN, { e: 'admin@keyward.local', p: password });
      expect(login.body.errors).toBeUndefined();
      expect((await proc.stop('SIGTERM')).code).toBe(0);
    } finally {
      await server.proc.stop('SIGKILL');
    }
    expect(await countRows(dbConfig, 'tenant')).toBe(1);
    expect(await countRows(dbConfig, 'user')).toBe(1);
  });
});

describe('restarting on an existing database', () => {
  it('with the same master key: no new bootstrap; with another key: one clear error', async () => {
    const first = await startTestServer({ keepDatabase: true });
    const db = first.db;
    expect(first.kw.bootstrap.created).toBe(true);
    await first.close();
    try {
      const again = await startTestServer({ db, keepDatabase: true, env: { KEYWARD_MASTER_KEY: first.masterKey } });
      expect(again.kw.bootstrap).toEqual({ created: false });
      expect((await again.gql('{ me { type } }', {}, { token: await again.adminToken() })).data).toEqual({
        me: { type: 'USER' },
      });
      await again.close();

      const config = loadConfig({
        DATABASE_URL: db.url,
        KEYWARD_MASTER_KEY: randomBytes(32).toString('base64'),
        LOG_LEVEL: 'silent',
      });
      config.database = db.config;
      await expect(createKeyward(config, { connectTimeoutMs: 0 })).rejects.toThrow(
        /^the signing keys in the database cannot be decrypted with this master key: set KEYWARD_MASTER_KEY \(or restore .+master\.key\) to the key this database was created with$/,
      );
    } finally {
      await db.drop();
    }
  });
});
