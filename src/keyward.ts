import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { buildApp } from './app';
import { longestTokenLifetimeMs, SigningKeys, type SigningKeysOptions } from './auth/signing-keys';
import type { Config } from './config';
import { MasterKey } from './crypto/master-key';
import { connectWithRetry, describeDatabase, runMigrations } from './database';
import { NO_REDIS_KEY_CACHE_TTL_MS, RateLimiterFactory, watchRedis } from './rate-limiter-factory';
import { DomainEvents } from './services/domain-events';
import { bootstrap, type BootstrapResult } from './services/bootstrap.service';
import { createServices, type Services } from './services/services';
import { TransactionRunner } from './transaction-runner';

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
  services: Services;
  signingKeys: SigningKeys;
  bootstrap: BootstrapResult;
  redis: Redis | undefined;
  /** The domain-event bus every mutation emits on (audit log and webhook outbox are its sinks). */
  events: DomainEvents;
  /** Starts background work (webhook dispatcher); `main` calls it once the server listens. */
  startBackgroundWork(): void;
  close(): Promise<void>;
}

export { connectWithRetry } from './database';

/** host:port/db of a Redis URL, without its password. */
function describeRedis(raw: string): string {
  const url = new URL(raw);
  return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
}

/** Builds a whole Keyward instance: DataSource (migrated), keys, services, app. Does not listen. */
export async function createKeyward(config: Config, options: KeywardOptions = {}): Promise<Keyward> {
  const log = options.logStream ? pino({ level: config.logLevel }, options.logStream) : pino({ level: config.logLevel });
  const masterKey = MasterKey.load(config.masterKey, config.dataDir, (message) => log.warn(message));
  const dataSource = await connectWithRetry(config.database, {
    timeoutMs: options.connectTimeoutMs ?? config.dbConnectTimeoutSeconds * 1000,
    onRetry: (error, attempt, delay) =>
      log.warn({ attempt, retryInMs: delay, reason: error.message || (error as { code?: string }).code, database: describeDatabase(config.database) }, 'database unreachable; retrying'),
    onDatabaseCreated: (name) => log.info({ database: name }, 'created the database'),
  });
  let redis: Redis | undefined;
  let redisWatch: { stop(): void } | undefined;
  let signingKeys: SigningKeys | undefined;
  try {
    if (options.migrate !== false) {
      const applied = await runMigrations(dataSource);
      log.info({ database: describeDatabase(config.database), applied: applied.map((m) => m.name) }, 'database migrated');
    }
    // fail fast while Redis is away: no offline queue, a command caught by a dropped connection gives
    // up after 1 s (the rate limiters then answer from their insurance) and is not sent again on
    // reconnect (its caller has moved on: a resent INCR would count a request twice)
    redis = config.redisUrl
      ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 1000, autoResendUnfulfilledCommands: false, lazyConnect: false })
      : undefined;
    redisWatch = redis ? watchRedis(redis, log) : undefined;
    if (redis) log.info({ redis: describeRedis(config.redisUrl!) }, 'using Redis for rate limits and cache invalidation');
    if (!redis && config.keyCacheTtlMs > NO_REDIS_KEY_CACHE_TTL_MS) {
      log.warn({ keyCacheTtlMs: config.keyCacheTtlMs }, 'KEYWARD_KEY_CACHE_TTL_MS above 1000 without REDIS_URL: with several instances, a key revoked on one keeps working on the others until its cache entry expires (set REDIS_URL, or keep the TTL at 1000 or less)');
    }
    signingKeys = new SigningKeys(dataSource, masterKey, 'keyward', {
      maxTokenLifetimeMs: longestTokenLifetimeMs(config),
      ...options.signingKeys,
    });
    await signingKeys.init().catch((error: Error) => {
      throw /unable to authenticate data|malformed sealed value/i.test(error.message)
        ? new Error(`the signing keys in the database cannot be decrypted with this master key: set KEYWARD_MASTER_KEY (or restore ${path.join(config.dataDir, 'master.key')}) to the key this database was created with`, { cause: error })
        : error;
    });
    const tx = new TransactionRunner(dataSource, (error) => log.error({ err: error }, 'after-commit callback failed'));
    const events = new DomainEvents();
    const services = createServices({ config, dataSource, tx, masterKey, signingKeys, limiters: new RateLimiterFactory(redis), log, events });
    const bootstrapped = await bootstrap({ config, tx, events });
    const app = await buildApp({ config, dataSource, services, logStream: options.logStream });
    let closed = false;
    return {
      app,
      dataSource,
      services,
      signingKeys,
      bootstrap: bootstrapped,
      redis,
      events,
      startBackgroundWork() {
        services.webhookDispatcher.start();
        services.usage.start();
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
          // after the drain: every counted use is written before the database closes
          await services.usage.stop();
          services.audit.stopRetention();
        } finally {
          signingKeys!.close();
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
