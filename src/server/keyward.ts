import path from 'node:path';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { buildApp } from '../http/app';
import { longestTokenLifetimeMs, SigningKeys, type SigningKeysOptions } from '../credentials/signing-keys';
import type { Config } from '../config/config';
import { MasterKey } from '../crypto/master-key';
import { connectWithRetry, describeDatabase, galeraProblem, runMigrations } from '../db/database';
import { NO_REDIS_KEY_CACHE_TTL_MS, RateLimiterFactory, watchRedis } from '../redis/rate-limiter-factory';
import { createRedisClient, type RedisClient } from '../redis/redis-client';
import { DomainEvents } from '../domain/shared/domain-events';
import type { Infrastructure } from '../domain/shared/infrastructure';
import { Metrics } from '../observability/metrics';
import { bootstrap, type BootstrapResult } from '../domain/tenants/bootstrap.service';
import { createServices, type Services } from '../services/services';
import { TransactionRunner } from '../db/transaction-runner';

export interface KeywardOptions {
  /** How long to keep retrying an unreachable database at start (default: the config's). */
  connectTimeoutMs?: number;
  /** Where JSON logs go (default stdout); tests read what is logged through this. */
  logStream?: NodeJS.WritableStream;
  /** Run migrations at start (default true). */
  migrate?: boolean;
  /** Signing-key timing (tests shorten the reload interval and activation delay). */
  signingKeys?: Pick<SigningKeysOptions, 'reloadIntervalMs' | 'activationDelayMs'>;
}

export interface Keyward {
  app: FastifyInstance;
  dataSource: DataSource;
  /** What the services were built from (tests build a second instance of a service from it). */
  infrastructure: Infrastructure;
  services: Services;
  signingKeys: SigningKeys;
  bootstrap: BootstrapResult;
  redis: RedisClient | undefined;
  /** The domain-event bus every mutation emits on (audit log and webhook outbox are its sinks). */
  events: DomainEvents;
  /** Starts background work (webhook dispatcher); `main` calls it once the server listens. */
  startBackgroundWork(): void;
  close(): Promise<void>;
}

export { connectWithRetry } from '../db/database';

/** host:port/db of a Redis URL without its password, or the cluster's seed nodes. */
function describeRedis(config: Config): string {
  if (config.redisClusterNodes)
    return `cluster ${config.redisClusterNodes.map((n) => `${n.host}:${n.port}`).join(',')}`;
  const url = new URL(config.redisUrl!);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** The Redis client (undefined without REDIS_URL / REDIS_CLUSTER_NODES) and its outage watch; logs what it chose. */
function connectRedis(
  config: Config,
  log: FastifyBaseLogger,
): { redis: RedisClient | undefined; redisWatch: { stop(): void } | undefined } {
  const redis = createRedisClient(config);
  if (redis) log.info({ redis: describeRedis(config) }, 'using Redis for rate limits and cache invalidation');
  if (!redis && config.keyCacheTtlMs > NO_REDIS_KEY_CACHE_TTL_MS) {
    log.warn(
      { keyCacheTtlMs: config.keyCacheTtlMs },
      'KEYWARD_KEY_CACHE_TTL_MS above 1000 without REDIS_URL: with several instances, a key revoked on one keeps working on the others until its cache entry expires (set REDIS_URL or REDIS_CLUSTER_NODES, or keep the TTL at 1000 or less)',
    );
  }
  return { redis, redisWatch: redis ? watchRedis(redis, log) : undefined };
}

/** The database connection, retried until `connectTimeoutMs`; each retry and a database created are logged. */
function connectDatabase(config: Config, options: KeywardOptions, log: FastifyBaseLogger): Promise<DataSource> {
  return connectWithRetry(config.database, {
    timeoutMs: options.connectTimeoutMs ?? config.dbConnectTimeoutSeconds * 1000,
    onRetry: (error, attempt, delay) =>
      log.warn(
        {
          attempt,
          retryInMs: delay,
          reason: error.message || (error as { code?: string }).code,
          database: describeDatabase(config.database),
        },
        'database unreachable; retrying',
      ),
    onDatabaseCreated: (name) => log.info({ database: name }, 'created the database'),
    replicas: config.databaseReplicas,
  });
}

/** Runs the migrations (unless `migrate: false`); warns when a Galera node's settings break a guarantee. */
async function prepareDatabase(
  dataSource: DataSource,
  config: Config,
  options: KeywardOptions,
  log: FastifyBaseLogger,
): Promise<void> {
  if (options.migrate !== false) {
    const applied = await runMigrations(dataSource);
    log.info({ database: describeDatabase(config.database), applied: applied.map((m) => m.name) }, 'database migrated');
  }
  const galera = await galeraProblem(dataSource);
  if (galera) log.warn(galera);
}

/** A signing-key decryption failure says which master key is missing; other errors pass unchanged. */
function masterKeyMismatch(error: Error, config: Config): Error {
  return /unable to authenticate data|malformed sealed value/i.test(error.message)
    ? new Error(
        `the signing keys in the database cannot be decrypted with this master key: set KEYWARD_MASTER_KEY (or restore ${path.join(config.dataDir, 'master.key')}) to the key this database was created with`,
        { cause: error },
      )
    : error;
}

/** Builds a whole Keyward instance: DataSource (migrated), keys, services, app. Does not listen. */
export async function createKeyward(config: Config, options: KeywardOptions = {}): Promise<Keyward> {
  const log = options.logStream
    ? pino({ level: config.logLevel }, options.logStream)
    : pino({ level: config.logLevel });
  const masterKey = MasterKey.load(config.masterKey, config.dataDir, (message) => log.warn(message));
  const dataSource = await connectDatabase(config, options, log);
  let redis: RedisClient | undefined;
  let redisWatch: { stop(): void } | undefined;
  let signingKeys: SigningKeys | undefined;
  try {
    await prepareDatabase(dataSource, config, options, log);
    ({ redis, redisWatch } = connectRedis(config, log));
    signingKeys = new SigningKeys(dataSource, masterKey, 'keyward', {
      maxTokenLifetimeMs: longestTokenLifetimeMs(config),
      ...options.signingKeys,
    });
    await signingKeys.init().catch((error: Error) => {
      throw masterKeyMismatch(error, config);
    });
    const tx = new TransactionRunner(dataSource, (error) => log.error({ err: error }, 'after-commit callback failed'));
    const events = new DomainEvents();
    const metrics = new Metrics(dataSource);
    const infrastructure: Infrastructure = {
      config,
      dataSource,
      tx,
      masterKey,
      signingKeys,
      limiters: new RateLimiterFactory(redis),
      log,
      events,
      metrics,
    };
    const services = createServices(infrastructure);
    const bootstrapped = await bootstrap({ config, tx, events });
    const app = await buildApp({ config, dataSource, services, metrics, logStream: options.logStream });
    let closed = false;
    return {
      app,
      dataSource,
      infrastructure,
      services,
      signingKeys,
      bootstrap: bootstrapped,
      redis,
      events,
      startBackgroundWork() {
        services.webhookDispatcher.start();
        services.usage.start();
        services.auditRetention.start();
      },
      /**
       * Stops accepting requests, lets in-flight ones finish (Apollo's drain), stops background
       * work (in-flight webhook deliveries finish), then closes Redis and the database.
       */
      async close() {
        if (closed) return;
        closed = true;
        try {
          await app.apollo.stop();
          await services.webhookDispatcher.stop();
          services.webhooks.sender.close();
          // after the drain: every counted use is written before the database closes
          await services.usage.stop();
          services.auditRetention.stop();
        } finally {
          signingKeys!.close();
          services.cacheInvalidation.close();
          redisWatch?.stop();
          redis?.disconnect();
          if (dataSource.isInitialized) await dataSource.destroy();
          app.log.info('database connection closed');
        }
      },
    };
  } catch (error) {
    signingKeys?.close();
    redisWatch?.stop();
    redis?.disconnect();
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
}
