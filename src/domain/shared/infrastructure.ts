import type { FastifyBaseLogger } from 'fastify';
import type { DataSource } from 'typeorm';
import type { SigningKeys } from '../../credentials/signing-keys';
import type { Config } from '../../config/config';
import type { MasterKey } from '../../crypto/master-key';
import type { Metrics } from '../../observability/metrics';
import type { RateLimiterFactory } from '../../redis/rate-limiter-factory';
import type { TransactionRunner } from '../../db/transaction-runner';
import type { DomainEvents } from './domain-events';

/**
 * The process's shared infrastructure, built by the composition root (server/keyward.ts). Each
 * service states the few parts it uses as `Pick<Infrastructure, …>` and is handed only those.
 */
export interface Infrastructure {
  config: Config;
  dataSource: DataSource;
  tx: TransactionRunner;
  masterKey: MasterKey;
  signingKeys: SigningKeys;
  limiters: RateLimiterFactory;
  log: FastifyBaseLogger;
  /** Audit + webhook outbox, written in the caller's transaction. */
  events: DomainEvents;
  metrics: Metrics;
}
