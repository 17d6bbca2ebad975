import type { FastifyInstance } from 'fastify';
import Redis from 'ioredis';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import { buildApp } from './app';
import { SigningKeys } from './auth/signing-keys';
import type { Config, DatabaseConfig } from './config';
import { MasterKey } from './crypto/master-key';
import { createDataSource, resolveDatabase } from './database';
import { RateLimiterFactory } from './rate-limiter-factory';
import { DomainEvents } from './services/domain-events';
import { bootstrap, type BootstrapResult } from './services/bootstrap.service';
import { createServices, type Services } from './services/services';
import { TransactionRunner } from './transaction-runner';

export interface KeywardOptions {
  /** How long to keep retrying an unreachable database at start. */
  connectTimeoutMs?: number;
  /** Where JSON logs go (default stdout); tests read what is logged through this. */
  logStream?: NodeJS.WritableStream;
  /** Run migrations at start (default true). */
  migrate?: boolean;
}

export interface Keyward {
  app: FastifyInstance;
  dataSource: DataSource;
  services: Services;
  signingKeys: SigningKeys;
  bootstrap: BootstrapResult;
  redis: Redis | undefined;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Connects, retrying with exponential backoff (0.25 s doubling to 5 s) until `timeoutMs` passes. */
export async function connectWithRetry(db: DatabaseConfig, timeoutMs: number, onRetry: (error: Error, attempt: number, delayMs: number) => void): Promise<DataSource> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 1; ; attempt++) {
    try {
      const dataSource = createDataSource(await resolveDatabase(db));
      await dataSource.initialize();
      return dataSource;
    } catch (error) {
      const delay = Math.min(5000, 250 * 2 ** (attempt - 1));
      if (Date.now() + delay > deadline) {
        throw new Error(`database unreachable after ${attempt} attempts: ${(error as Error).message}`);
      }
      onRetry(error as Error, attempt, delay);
      await sleep(delay);
    }
  }
}

/** Builds a whole Keyward instance: DataSource (migrated), keys, services, app. Does not listen. */
export async function createKeyward(config: Config, options: KeywardOptions = {}): Promise<Keyward> {
  const log = options.logStream ? pino({ level: config.logLevel }, options.logStream) : pino({ level: config.logLevel });
  const masterKey = MasterKey.load(config.masterKey, config.dataDir, (message) => log.warn(message));
  const dataSource = await connectWithRetry(config.database, options.connectTimeoutMs ?? 60_000, (error, attempt, delay) =>
    log.warn({ attempt, retryInMs: delay, reason: error.message }, 'database unreachable; retrying'),
  );
  try {
    if (options.migrate !== false) await dataSource.runMigrations({ transaction: 'each' });
    const redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : undefined;
    redis?.on('error', (error) => log.warn({ reason: error.message }, 'redis error'));
    const signingKeys = new SigningKeys(dataSource, masterKey, 'keyward');
    await signingKeys.init();
    const tx = new TransactionRunner(dataSource);
    const services = createServices({ config, dataSource, tx, masterKey, signingKeys, limiters: new RateLimiterFactory(redis), log, events: new DomainEvents() });
    const bootstrapped = await bootstrap({ config, tx });
    const app = await buildApp({ config, dataSource, services, logStream: options.logStream });
    let closed = false;
    return {
      app,
      dataSource,
      services,
      signingKeys,
      bootstrap: bootstrapped,
      redis,
      async close() {
        if (closed) return;
        closed = true;
        await app.close();
        redis?.disconnect();
        if (dataSource.isInitialized) await dataSource.destroy();
      },
    };
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    throw error;
  }
}
