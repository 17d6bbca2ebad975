import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { loadConfig, type Config } from '../../src/config/config';
import { createKeyward, type Keyward, type KeywardOptions } from '../../src/server/keyward';
import { createTestDatabase, type TestDatabase } from './test-database';

export const ADMIN_EMAIL = 'admin@example.test';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface GqlResponse<T = Record<string, any>> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  data: T | null | undefined;
  errors:
    | Array<{ message: string; path?: string[]; extensions: { code: string; field?: string; [k: string]: unknown } }>
    | undefined;
}

export interface GqlOptions {
  token?: string;
  headers?: Record<string, string>;
}

/** Collects everything the app logs, so tests can assert what is (not) in it. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: string, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
  get text(): string {
    return this.lines.join('\n');
  }
}

export interface TestServer {
  kw: Keyward;
  db: TestDatabase;
  config: Config;
  /** KEYWARD_MASTER_KEY of this instance: pass it again (`env`) to restart on the same database. */
  masterKey: string;
  logs: LogCapture;
  gql<T = Record<string, any>>(
    query: string,
    variables?: Record<string, unknown>,
    options?: GqlOptions,
  ): Promise<GqlResponse<T>>;
  /** Session token of the bootstrap super user (cached). */
  adminToken(): Promise<string>;
  close(): Promise<void>;
}

export interface StartOptions {
  env?: Record<string, string>;
  /** Reuse an existing database (restart scenarios). */
  db?: TestDatabase;
  keepDatabase?: boolean;
  /** Signing-key timing (createKeyward's option): shorter reload interval and activation delay. */
  signingKeys?: KeywardOptions['signingKeys'];
}

/** A Keyward instance on a fresh database (per test file), talked to through Fastify's inject. */
export async function startTestServer(options: StartOptions = {}): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-data-'));
  const masterKey = options.env?.KEYWARD_MASTER_KEY ?? randomBytes(32).toString('base64');
  const config = loadConfig({
    DATABASE_URL: db.url,
    KEYWARD_MASTER_KEY: masterKey,
    KEYWARD_BOOTSTRAP_EMAIL: ADMIN_EMAIL,
    KEYWARD_BOOTSTRAP_PASSWORD: ADMIN_PASSWORD,
    KEYWARD_DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // test files send bad credentials by the hundred from one address (127.0.0.1); the throttle for
    // that has its own test (failed-auth-throttle.test.ts)
    KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '0',
    ...options.env,
  });
  config.database = db.config;
  const logs = new LogCapture();
  const kw = await createKeyward(config, { logStream: logs, connectTimeoutMs: 5000, signingKeys: options.signingKeys });
  let token: string | undefined;
  let closed = false;
  const server: TestServer = {
    kw,
    db,
    config,
    masterKey,
    logs,
    async gql(query, variables, opts = {}) {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      const res = await kw.app.inject({
        method: 'POST',
        url: '/graphql',
        headers,
        payload: JSON.stringify({ query, variables }),
      });
      const body = res.body ? JSON.parse(res.body) : {};
      return {
        status: res.statusCode,
        headers: res.headers as GqlResponse['headers'],
        data: body.data,
        errors: body.errors,
      };
    },
    async adminToken() {
      if (token) return token;
      const res = await server.gql<{ login: { token: string } }>(
        'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }',
        { e: ADMIN_EMAIL, p: ADMIN_PASSWORD },
      );
      if (!res.data?.login) throw new Error(`admin login failed: ${JSON.stringify(res.errors)}`);
      token = res.data.login.token;
      return token;
    },
    async close() {
      if (closed) return; // a test may close it before its suite does
      closed = true;
      await kw.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (!options.keepDatabase) await db.drop();
    },
  };
  return server;
}

/**
 * A TestServer that forwards every member to `current()`: a suite can hold it in a `const` from
 * its first line, though the server behind it starts only in beforeAll.
 */
function forwardingServer(current: () => TestServer): TestServer {
  return {
    get kw() {
      return current().kw;
    },
    get db() {
      return current().db;
    },
    get config() {
      return current().config;
    },
    get masterKey() {
      return current().masterKey;
    },
    get logs() {
      return current().logs;
    },
    gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, options?: GqlOptions) {
      return current().gql<T>(query, variables, options);
    },
    adminToken: () => current().adminToken(),
    close: () => current().close(),
  };
}

type SuiteOptions<T> = T | (() => T | Promise<T>);
const resolveOptions = <T>(options: SuiteOptions<T>): T | Promise<T> =>
  typeof options === 'function' ? (options as () => T | Promise<T>)() : options;

/**
 * The suite's server: started in beforeAll (with `options`, or what the function returns, so it may
 * use what an earlier beforeAll set up) and closed in afterAll of the describe block that calls this.
 * With keepDatabase the database outlives a close() in a test (to be read or restarted on) and is
 * dropped in afterAll.
 */
export function testServerForSuite(options: SuiteOptions<StartOptions> = {}): TestServer {
  let server: TestServer | undefined;
  let keepDatabase = false;
  beforeAll(async () => {
    const resolved = await resolveOptions(options);
    keepDatabase = resolved.keepDatabase ?? false;
    server = await startTestServer(resolved);
  });
  afterAll(async () => {
    await server?.close();
    if (keepDatabase) await server?.db.drop();
    server = undefined;
  });
  return forwardingServer(() => {
    if (!server) throw new Error('the suite server runs between beforeAll and afterAll only');
    return server;
  });
}

export interface TwoInstancesOptions {
  /** Environment of both instances. */
  env?: Record<string, string>;
  /** Environment of the first instance only (on top of `env`). */
  firstEnv?: Record<string, string>;
  /** Environment of the second instance only (on top of `env`). */
  secondEnv?: Record<string, string>;
  signingKeys?: StartOptions['signingKeys'];
}

export interface TwoInstances {
  a: TestServer;
  b: TestServer;
  /** Closes both and drops their database. */
  close(): Promise<void>;
}

/** Two Keyward instances on one fresh database (the second with the first's master key), both ready. */
export async function startTwoInstances(options: TwoInstancesOptions = {}): Promise<TwoInstances> {
  const { env, firstEnv, secondEnv, signingKeys } = options;
  const a = await startTestServer({ keepDatabase: true, env: { ...env, ...firstEnv }, signingKeys });
  let b: TestServer;
  try {
    b = await startTestServer({
      db: a.db,
      keepDatabase: true,
      env: { ...env, ...secondEnv, KEYWARD_MASTER_KEY: a.masterKey },
      signingKeys,
    });
  } catch (error) {
    await a.close();
    await a.db.drop();
    throw error;
  }
  await Promise.all([a.kw.app.ready(), b.kw.app.ready()]);
  return {
    a,
    b,
    async close() {
      await a.close();
      await b.close();
      await a.db.drop();
    },
  };
}

/** startTwoInstances for a describe block: started in beforeAll, closed in afterAll. */
export function twoInstancesForSuite(options: SuiteOptions<TwoInstancesOptions> = {}): {
  a: TestServer;
  b: TestServer;
} {
  let instances: TwoInstances | undefined;
  beforeAll(async () => {
    instances = await startTwoInstances(await resolveOptions(options));
  });
  afterAll(async () => {
    await instances?.close();
    instances = undefined;
  });
  const current = (which: 'a' | 'b') => () => {
    if (!instances) throw new Error('the suite instances run between beforeAll and afterAll only');
    return instances[which];
  };
  return { a: forwardingServer(current('a')), b: forwardingServer(current('b')) };
}

/**
 * A describe block that needs Redis: it gets KEYWARD_TEST_REDIS_URL (npm test sets it when Redis is
 * reachable; CI requires it); without it, one skipped test says what did not run (`what`).
 */
export function describeWithRedis(name: string, what: string, body: (redisUrl: string) => void): void {
  const redisUrl = process.env.KEYWARD_TEST_REDIS_URL;
  if (redisUrl) describe(name, () => body(redisUrl));
  else
    describe(name, () => {
      it.skip(`SKIPPED: set KEYWARD_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run ${what}`, () => undefined);
    });
}
