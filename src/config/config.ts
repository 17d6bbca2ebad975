import path from 'node:path';

/** Thrown when the environment is invalid; the message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string,
  ) {
    super(`${variable}: ${message}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig =
  | { type: 'sqlite'; path: string }
  | { type: 'mysql'; url: string; host: string; port: number; database: string; flavor?: 'mysql' | 'mariadb' };

export interface Config {
  port: number;
  host: string;
  database: DatabaseConfig;
  redisUrl: string | undefined;
  /** REDIS_CLUSTER_NODES: seed nodes of a Redis Cluster (instead of REDIS_URL); undefined when unset. */
  redisClusterNodes: Array<{ host: string; port: number }> | undefined;
  /**
   * DATABASE_REPLICA_URLS: read replicas of the MySQL/MariaDB primary (cache-miss lookups and lists); empty when unset.
   */
  databaseReplicas: Array<Extract<DatabaseConfig, { type: 'mysql' }>>;
  /** 32 raw bytes, or undefined when a key file under dataDir should be used / generated. */
  masterKey: Buffer | undefined;
  dataDir: string;
  bootstrapEmail: string | undefined;
  bootstrapPassword: string | undefined;
  trustProxy: boolean;
  webhookAllowPrivate: boolean;
  /** Multiplies the webhook retry schedule (KEYWARD_WEBHOOK_RETRY_SCALE, default 1; tests use e.g. 0.001). */
  webhookRetryScale: number;
  production: boolean;
  introspection: boolean;
  logLevel: string;
  sessionTtlSeconds: number;
  /** KEYWARD_AUDIT_RETENTION_DAYS: audit events older than this are pruned; null = kept forever. */
  auditRetentionDays: number | null;
  /** How long to keep retrying an unreachable database at start (0: try once). */
  dbConnectTimeoutSeconds: number;
  /** Requests per minute for keys whose rateLimitPerMinute is null (KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE). */
  defaultRateLimitPerMinute: number;
  /**
   * Failed authentications (unknown credentials) per minute from one address before it is throttled; 0: off
   * (KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE, default 100).
   */
  failedAuthLimitPerMinute: number;
  /**
   * TTL of the verified-key cache in ms; 0 turns it off (KEYWARD_KEY_CACHE_TTL_MS; default 1000, 10000 with Redis or a
   * Redis Cluster).
   */
  keyCacheTtlMs: number;
  /** Public base URL used as OAuth issuer (KEYWARD_ISSUER); unset: derived from each request. */
  issuer: string | undefined;
  /**
   * GitHub's secret-scanning public keys (KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL); unset: POST
   * /v1/secret-scanning/github is off (404).
   */
  githubSecretScanningKeysUrl: string | undefined;
  /** Lifetime of OAuth access tokens (KEYWARD_ACCESS_TOKEN_TTL_SECONDS, default 900). */
  accessTokenTtlSeconds: number;
  /** Browser origins allowed to call the API cross-origin (KEYWARD_CORS_ORIGINS, exact matches; default none). */
  corsOrigins: string[];
  /** Count every key's uses by outcome for usage analytics (KEYWARD_USAGE_ANALYTICS, default true). */
  usageAnalytics: boolean;
  /**
   * Days hour buckets of key usage are kept (KEYWARD_USAGE_RETENTION_DAYS, default 90); minute buckets: 48 h, day
   * buckets: the key's lifetime.
   */
  usageRetentionDays: number;
  /** Serve the admin console at /console (KEYWARD_CONSOLE, default true). */
  console: boolean;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

function parseBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(name, `expected true or false, got "${raw}"`);
}

function parseInteger(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw.trim())) throw new ConfigError(name, `expected a whole number, got "${raw}"`);
  const value = Number(raw.trim());
  if (value < min || value > max) throw new ConfigError(name, `expected a number from ${min} to ${max}, got ${value}`);
  return value;
}

function parseScale(env: NodeJS.ProcessEnv, name: string): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return 1;
  const value = Number(raw.trim());
  if (!/^\d*\.?\d+(e-?\d+)?$/i.test(raw.trim()) || !(value > 0) || value > 1)
    throw new ConfigError(name, `expected a number greater than 0 and at most 1, got "${raw}"`);
  return value;
}

export function parseDatabaseUrl(raw: string, cwd = process.cwd()): DatabaseConfig {
  if (raw.startsWith('sqlite:')) {
    const file = raw.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file) throw new ConfigError('DATABASE_URL', 'sqlite URL needs a file path, e.g. sqlite:./data/keyward.sqlite');
    return { type: 'sqlite', path: file === ':memory:' ? file : path.resolve(cwd, file) };
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', `not a valid URL; use sqlite:<path> or mysql://user:pass@host:3306/db`);
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError(
      'DATABASE_URL',
      `unsupported scheme "${url.protocol.replace(/:$/, '')}"; use sqlite: or mysql:`,
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database)
    throw new ConfigError(
      'DATABASE_URL',
      'the mysql URL must name a database, e.g. mysql://root@127.0.0.1:3306/keyward',
    );
  if (!url.hostname) throw new ConfigError('DATABASE_URL', 'the mysql URL must name a host');
  const flavor = url.protocol === 'mariadb:' ? 'mariadb' : undefined; // mysql:// is detected at connect
  return {
    type: 'mysql',
    url: raw.replace(/^mariadb:/, 'mysql:'),
    host: url.hostname,
    port: url.port ? Number(url.port) : 3306,
    database,
    flavor,
  };
}

/** `host:port,host:port` (REDIS_CLUSTER_NODES); undefined when unset. */
export function parseRedisClusterNodes(raw: string | undefined): Array<{ host: string; port: number }> | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  return value.split(',').map((part) => {
    const match = /^\[?([^\s[\]]+?)\]?:(\d{1,5})$/.exec(part.trim());
    const port = Number(match?.[2]);
    if (!match || port < 1 || port > 65535)
      throw new ConfigError('REDIS_CLUSTER_NODES', `expected host:port[,host:port…], got "${part.trim()}"`);
    return { host: match[1]!, port };
  });
}

/** DATABASE_REPLICA_URLS: comma-separated mysql:// URLs, only beside a MySQL/MariaDB primary. */
function parseReplicaUrls(
  raw: string | undefined,
  primary: DatabaseConfig,
): Array<Extract<DatabaseConfig, { type: 'mysql' }>> {
  const value = raw?.trim();
  if (!value) return [];
  if (primary.type !== 'mysql')
    throw new ConfigError('DATABASE_REPLICA_URLS', 'read replicas need a MySQL/MariaDB DATABASE_URL');
  return value.split(',').map((url) => {
    let replica: DatabaseConfig;
    try {
      replica = parseDatabaseUrl(url.trim());
    } catch (error) {
      throw new ConfigError('DATABASE_REPLICA_URLS', (error as ConfigError).message.replace(/^DATABASE_URL: /, ''));
    }
    if (replica.type !== 'mysql') throw new ConfigError('DATABASE_REPLICA_URLS', 'replicas must be mysql:// URLs');
    return replica;
  });
}

export function parseMasterKey(raw: string): Buffer {
  const trimmed = raw.trim();
  const key = Buffer.from(trimmed, 'base64');
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(trimmed) || key.length !== 32) {
    throw new ConfigError(
      'KEYWARD_MASTER_KEY',
      `must be 32 bytes encoded as base64 (got ${key.length} bytes); generate one with: openssl rand -base64 32`,
    );
  }
  return key;
}

/**
 * A set URL variable as a URL (undefined when unset or blank); ConfigError naming it, with `expected`, when it is no
 * URL.
 */
function optionalUrl(name: string, raw: string | undefined, expected: string): URL | undefined {
  const value = raw?.trim();
  if (!value) return undefined;
  try {
    return new URL(value);
  } catch {
    throw new ConfigError(name, `${expected}, got "${raw}"`);
  }
}

function parseIssuer(raw: string | undefined): string | undefined {
  const url = optionalUrl('KEYWARD_ISSUER', raw, 'expected the public base URL, e.g. https://keyward.example.com');
  if (!url) return undefined;
  const value = raw!.trim();
  if (!/^https?:$/.test(url.protocol) || url.search || url.hash)
    throw new ConfigError('KEYWARD_ISSUER', 'expected an http(s) URL without query or fragment');
  return value.replace(/\/+$/, '');
}

function parseKeysUrl(raw: string | undefined, production: boolean): string | undefined {
  const name = 'KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL';
  const url = optionalUrl(name, raw, 'expected a URL, e.g. https://api.github.com/meta/public_keys/secret_scanning');
  if (!url) return undefined;
  if (!(url.protocol === 'https:' || (url.protocol === 'http:' && !production)))
    throw new ConfigError(name, production ? 'expected an https URL' : 'expected an http(s) URL');
  return url.href;
}

/** KEYWARD_CORS_ORIGINS: comma-separated exact origins (scheme://host[:port]), no paths or wildcards. */
function parseCorsOrigins(raw: string | undefined): string[] {
  const origins = (raw ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const origin of origins) {
    let url: URL | undefined;
    try {
      url = new URL(origin);
    } catch {
      url = undefined;
    }
    if (!url || !/^https?:$/.test(url.protocol) || url.origin !== origin) {
      throw new ConfigError(
        'KEYWARD_CORS_ORIGINS',
        `expected comma-separated origins like https://admin.example.com (scheme, host and port only), got "${origin}"`,
      );
    }
  }
  return origins;
}

/** Reads and validates the environment. Throws ConfigError naming the first bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const production = (env.NODE_ENV ?? 'development') === 'production';
  const logLevel = (env.LOG_LEVEL ?? 'info').toLowerCase();
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError('LOG_LEVEL', `expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);
  const redisUrl = env.REDIS_URL?.trim() || undefined;
  if (redisUrl && !/^rediss?:\/\//.test(redisUrl))
    throw new ConfigError('REDIS_URL', 'expected redis://host:port or rediss://…');
  const redisClusterNodes = parseRedisClusterNodes(env.REDIS_CLUSTER_NODES);
  if (redisUrl && redisClusterNodes)
    throw new ConfigError(
      'REDIS_CLUSTER_NODES',
      'set either REDIS_URL (one Redis) or REDIS_CLUSTER_NODES (a Redis Cluster), not both',
    );
  const sharedRedis = !!(redisUrl || redisClusterNodes);
  const database = parseDatabaseUrl(env.DATABASE_URL?.trim() || 'sqlite:./data/keyward.sqlite', cwd);
  const email = env.KEYWARD_BOOTSTRAP_EMAIL?.trim() || undefined;
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    throw new ConfigError('KEYWARD_BOOTSTRAP_EMAIL', `"${email}" is not an email address`);
  const password = env.KEYWARD_BOOTSTRAP_PASSWORD || undefined;
  if (password !== undefined && password.length < 8)
    throw new ConfigError('KEYWARD_BOOTSTRAP_PASSWORD', 'must be at least 8 characters');
  return {
    port: parseInteger(env, 'PORT', 4000, 0, 65535),
    host: env.HOST?.trim() || '0.0.0.0',
    database,
    redisUrl,
    redisClusterNodes,
    databaseReplicas: parseReplicaUrls(env.DATABASE_REPLICA_URLS, database),
    masterKey: env.KEYWARD_MASTER_KEY ? parseMasterKey(env.KEYWARD_MASTER_KEY) : undefined,
    dataDir: path.resolve(cwd, env.KEYWARD_DATA_DIR?.trim() || './data'),
    bootstrapEmail: email,
    bootstrapPassword: password,
    trustProxy: parseBoolean(env, 'KEYWARD_TRUST_PROXY', false),
    webhookAllowPrivate: parseBoolean(env, 'KEYWARD_WEBHOOK_ALLOW_PRIVATE', false),
    webhookRetryScale: parseScale(env, 'KEYWARD_WEBHOOK_RETRY_SCALE'),
    production,
    introspection: parseBoolean(env, 'KEYWARD_INTROSPECTION', !production),
    logLevel,
    sessionTtlSeconds: parseInteger(env, 'KEYWARD_SESSION_TTL_SECONDS', 12 * 3600, 60, 30 * 24 * 3600),
    auditRetentionDays: env.KEYWARD_AUDIT_RETENTION_DAYS?.trim()
      ? parseInteger(env, 'KEYWARD_AUDIT_RETENTION_DAYS', 0, 1, 36500)
      : null,
    dbConnectTimeoutSeconds: parseInteger(env, 'KEYWARD_DB_CONNECT_TIMEOUT_SECONDS', 60, 0, 3600),
    defaultRateLimitPerMinute: parseInteger(env, 'KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE', 600, 1, 1_000_000),
    failedAuthLimitPerMinute: parseInteger(env, 'KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE', 100, 0, 1_000_000),
    keyCacheTtlMs: parseInteger(env, 'KEYWARD_KEY_CACHE_TTL_MS', sharedRedis ? 10_000 : 1000, 0, 300_000),
    issuer: parseIssuer(env.KEYWARD_ISSUER),
    accessTokenTtlSeconds: parseInteger(env, 'KEYWARD_ACCESS_TOKEN_TTL_SECONDS', 900, 60, 24 * 3600),
    githubSecretScanningKeysUrl: parseKeysUrl(env.KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL, production),
    corsOrigins: parseCorsOrigins(env.KEYWARD_CORS_ORIGINS),
    usageAnalytics: parseBoolean(env, 'KEYWARD_USAGE_ANALYTICS', true),
    usageRetentionDays: parseInteger(env, 'KEYWARD_USAGE_RETENTION_DAYS', 90, 3, 3650),
    console: parseBoolean(env, 'KEYWARD_CONSOLE', true),
  };
}
