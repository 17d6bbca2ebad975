import path from 'node:path';
import { ConfigError, loadConfig, parseDatabaseUrl, parseMasterKey } from '../../src/config/config';

const KEY = Buffer.alloc(32, 7).toString('base64');

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, '/srv/keyward');
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({}, '/srv/keyward');
    expect(config.port).toBe(4000);
    expect(config.database).toEqual({ type: 'sqlite', path: '/srv/keyward/data/keyward.sqlite' });
    expect(config.dataDir).toBe('/srv/keyward/data');
    expect(config.masterKey).toBeUndefined();
    expect(config.redisUrl).toBeUndefined();
    expect(config.trustProxy).toBe(false);
    expect(config.webhookAllowPrivate).toBe(false);
    expect(config.production).toBe(false);
    expect(config.introspection).toBe(true);
    expect(config.logLevel).toBe('info');
    expect(config.dbConnectTimeoutSeconds).toBe(60);
    expect(config.failedAuthLimitPerMinute).toBe(100);
    expect(config.corsOrigins).toEqual([]);
    expect(config.usageAnalytics).toBe(true);
    expect(config.usageRetentionDays).toBe(90);
  });

  it('reads every variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATABASE_URL: 'mysql://kw:s3cret@db.internal:3307/keyward',
        REDIS_URL: 'redis://cache:6379',
        KEYWARD_MASTER_KEY: KEY,
        KEYWARD_BOOTSTRAP_EMAIL: 'root@example.com',
        KEYWARD_BOOTSTRAP_PASSWORD: 'long enough',
        KEYWARD_TRUST_PROXY: 'true',
        KEYWARD_WEBHOOK_ALLOW_PRIVATE: '1',
        NODE_ENV: 'production',
        LOG_LEVEL: 'WARN',
        KEYWARD_DB_CONNECT_TIMEOUT_SECONDS: '5',
        KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '0',
        KEYWARD_CORS_ORIGINS: 'https://admin.example.com, http://localhost:5173',
        KEYWARD_USAGE_ANALYTICS: 'false',
        KEYWARD_USAGE_RETENTION_DAYS: '30',
      },
      '/srv/keyward',
    );
    expect(config.port).toBe(8080);
    expect(config.database).toEqual({
      type: 'mysql',
      url: 'mysql://kw:s3cret@db.internal:3307/keyward',
      host: 'db.internal',
      port: 3307,
      database: 'keyward',
      flavor: undefined,
    });
    expect(config.redisUrl).toBe('redis://cache:6379');
    expect(config.masterKey!.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(config.bootstrapEmail).toBe('root@example.com');
    expect(config.bootstrapPassword).toBe('long enough');
    expect(config.trustProxy).toBe(true);
    expect(config.webhookAllowPrivate).toBe(true);
    expect(config.production).toBe(true);
    expect(config.introspection).toBe(false);
    expect(config.logLevel).toBe('warn');
    expect(config.dbConnectTimeoutSeconds).toBe(5);
    expect(config.failedAuthLimitPerMinute).toBe(0);
    expect(config.corsOrigins).toEqual(['https://admin.example.com', 'http://localhost:5173']);
    expect(config.usageAnalytics).toBe(false);
    expect(config.usageRetentionDays).toBe(30);
  });

  it('lets KEYWARD_INTROSPECTION turn introspection back on in production', () => {
    expect(loadConfig({ NODE_ENV: 'production', KEYWARD_INTROSPECTION: 'true' }).introspection).toBe(true);
  });

  it.each([
    [{ PORT: 'abc' }, 'PORT', 'expected a whole number, got "abc"'],
    [{ PORT: '40.5' }, 'PORT', 'expected a whole number'],
    [{ PORT: '-1' }, 'PORT', 'expected a whole number'],
    [{ PORT: '70000' }, 'PORT', 'from 0 to 65535'],
    [{ DATABASE_URL: 'not a url' }, 'DATABASE_URL', 'not a valid URL'],
    [{ DATABASE_URL: 'postgres://u@h/db' }, 'DATABASE_URL', 'unsupported scheme "postgres"'],
    [{ DATABASE_URL: 'mysql://root@127.0.0.1:3306' }, 'DATABASE_URL', 'must name a database'],
    [{ DATABASE_URL: 'sqlite:' }, 'DATABASE_URL', 'needs a file path'],
    [{ KEYWARD_MASTER_KEY: 'c2hvcnQ=' }, 'KEYWARD_MASTER_KEY', 'must be 32 bytes encoded as base64 (got 5 bytes)'],
    [{ KEYWARD_MASTER_KEY: Buffer.alloc(33).toString('base64') }, 'KEYWARD_MASTER_KEY', 'got 33 bytes'],
    [{ KEYWARD_MASTER_KEY: 'not base64 at all!' }, 'KEYWARD_MASTER_KEY', 'must be 32 bytes'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', 'redis://'],
    [{ KEYWARD_TRUST_PROXY: 'maybe' }, 'KEYWARD_TRUST_PROXY', 'expected true or false'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL', 'expected one of'],
    [{ KEYWARD_BOOTSTRAP_EMAIL: 'admin' }, 'KEYWARD_BOOTSTRAP_EMAIL', 'not an email address'],
    [{ KEYWARD_BOOTSTRAP_PASSWORD: 'short' }, 'KEYWARD_BOOTSTRAP_PASSWORD', 'at least 8'],
    [{ KEYWARD_DB_CONNECT_TIMEOUT_SECONDS: 'soon' }, 'KEYWARD_DB_CONNECT_TIMEOUT_SECONDS', 'expected a whole number'],
    [{ KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '-5' }, 'KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE', 'expected a whole number'],
    [{ KEYWARD_CORS_ORIGINS: 'https://admin.example.com/' }, 'KEYWARD_CORS_ORIGINS', 'scheme, host and port only'],
    [{ KEYWARD_CORS_ORIGINS: '*' }, 'KEYWARD_CORS_ORIGINS', 'got "*"'],
    [{ KEYWARD_CORS_ORIGINS: 'admin.example.com' }, 'KEYWARD_CORS_ORIGINS', 'origins like'],
    [{ KEYWARD_USAGE_ANALYTICS: 'sometimes' }, 'KEYWARD_USAGE_ANALYTICS', 'expected true or false'],
    [{ KEYWARD_USAGE_RETENTION_DAYS: '2' }, 'KEYWARD_USAGE_RETENTION_DAYS', 'from 3 to 3650'],
  ])('rejects %j naming %s in one line', (env, variable, message) => {
    const error = configError(env);
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: `)).toBe(true);
    expect(error.message).toContain(message);
    expect(error.message).not.toContain('\n');
  });

  it('never repeats a database password in its errors', () => {
    const error = configError({ DATABASE_URL: 'postgres://kw:hunter2hunter2@db/keyward' });
    expect(error.message).not.toContain('hunter2');
  });
});

describe('parseDatabaseUrl', () => {
  it('resolves sqlite paths against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/x.sqlite', '/app')).toEqual({
      type: 'sqlite',
      path: path.resolve('/app/data/x.sqlite'),
    });
    expect(parseDatabaseUrl('sqlite:///var/lib/kw.sqlite', '/app')).toEqual({
      type: 'sqlite',
      path: '/var/lib/kw.sqlite',
    });
    expect(parseDatabaseUrl('sqlite::memory:', '/app')).toEqual({ type: 'sqlite', path: ':memory:' });
  });

  it('takes mariadb:// as MariaDB and leaves mysql:// to be detected at connect', () => {
    expect(parseDatabaseUrl('mariadb://root@db/kw')).toMatchObject({
      type: 'mysql',
      url: 'mysql://root@db/kw',
      port: 3306,
      database: 'kw',
      flavor: 'mariadb',
    });
    expect(parseDatabaseUrl('mysql://root@db/kw')).toMatchObject({ flavor: undefined });
  });

  it('decodes an escaped database name', () => {
    expect(parseDatabaseUrl('mysql://root@db/key%2Dward')).toMatchObject({ database: 'key-ward' });
  });
});

describe('parseMasterKey', () => {
  it('accepts 32 bytes in base64 and base64url, with surrounding whitespace', () => {
    const bytes = Buffer.from(Array.from({ length: 32 }, (_, i) => 250 - i));
    expect(parseMasterKey(` ${bytes.toString('base64')}\n`).equals(bytes)).toBe(true);
    expect(parseMasterKey(bytes.toString('base64url')).equals(bytes)).toBe(true);
  });
});

describe('scale-out settings', () => {
  it('reads REDIS_CLUSTER_NODES as host:port seeds and takes the long key-cache TTL with it', () => {
    const config = loadConfig({ REDIS_CLUSTER_NODES: '10.0.0.1:7000, redis-b:7001,[::1]:7002' }, '/srv/keyward');
    expect(config.redisClusterNodes).toEqual([
      { host: '10.0.0.1', port: 7000 },
      { host: 'redis-b', port: 7001 },
      { host: '::1', port: 7002 },
    ]);
    expect(config.redisUrl).toBeUndefined();
    expect(config.keyCacheTtlMs).toBe(10_000);
    expect(loadConfig({}, '/srv/keyward').redisClusterNodes).toBeUndefined();
  });

  it('refuses a malformed REDIS_CLUSTER_NODES, and REDIS_URL beside it', () => {
    expect(configError({ REDIS_CLUSTER_NODES: 'redis-a' }).variable).toBe('REDIS_CLUSTER_NODES');
    expect(configError({ REDIS_CLUSTER_NODES: 'redis-a:70000' }).variable).toBe('REDIS_CLUSTER_NODES');
    expect(configError({ REDIS_CLUSTER_NODES: 'redis-a:7000,' }).variable).toBe('REDIS_CLUSTER_NODES');
    const both = configError({ REDIS_CLUSTER_NODES: 'redis-a:7000', REDIS_URL: 'redis://redis:6379' });
    expect(both.variable).toBe('REDIS_CLUSTER_NODES');
    expect(both.message).toMatch(/not both/);
  });

  it('reads DATABASE_REPLICA_URLS beside a MySQL primary only', () => {
    const config = loadConfig(
      {
        DATABASE_URL: 'mysql://kw:pw@primary:3306/keyward',
        DATABASE_REPLICA_URLS: 'mysql://kw:pw@replica-1:3306/keyward,mysql://kw:pw@replica-2/keyward',
      },
      '/srv/keyward',
    );
    expect(config.databaseReplicas.map((replica) => `${replica.host}:${replica.port}/${replica.database}`)).toEqual([
      'replica-1:3306/keyward',
      'replica-2:3306/keyward',
    ]);
    expect(loadConfig({}, '/srv/keyward').databaseReplicas).toEqual([]);
    expect(configError({ DATABASE_REPLICA_URLS: 'mysql://replica/keyward' }).message).toMatch(
      /need a MySQL\/MariaDB DATABASE_URL/,
    );
    const bad = configError({ DATABASE_URL: 'mysql://primary/keyward', DATABASE_REPLICA_URLS: 'mysql://replica' });
    expect(bad.variable).toBe('DATABASE_REPLICA_URLS');
    expect(bad.message).not.toMatch(/DATABASE_URL:/);
  });
});
