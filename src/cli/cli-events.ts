import type { DataSource } from 'typeorm';
import { INVALIDATION_CHANNEL } from '../auth/cache-invalidation';
import type { Config } from '../config/config';
import { createRedisClient } from '../redis/redis-client';
import { AuditService } from '../domain/audit/audit.service';
import { DomainEvents } from '../domain/shared/domain-events';
import { TransactionRunner } from '../db/transaction-runner';

/**
 * Domain events for CLI commands: into the tenant's audit log (hash chain included), like the
 * server writes them. No webhook outbox: the events operators cause are not in the webhook catalog.
 */
export function cliEvents(dataSource: DataSource): { events: DomainEvents; tx: TransactionRunner } {
  const tx = new TransactionRunner(dataSource);
  const events = new DomainEvents();
  events.register(new AuditService({ tx }));
  return { events, tx };
}

/**
 * Tells running instances to drop what a command changed (the servers' cache invalidation channel):
 * true once published; false without Redis (their caches expire within KEYWARD_KEY_CACHE_TTL_MS) or
 * when Redis cannot be reached within 3 s.
 */
export async function tellRunningInstances(
  config: Pick<Config, 'redisUrl' | 'redisClusterNodes'>,
  message: string,
): Promise<boolean> {
  const redis = createRedisClient(config);
  if (!redis) return false;
  redis.on('error', () => undefined); // unreachable: reported by the answer
  try {
    await new Promise<void>((resolve, reject) => {
      if (redis.status === 'ready') return resolve();
      const timer = setTimeout(() => reject(new Error('timeout')), 3000);
      redis.once('ready', () => (clearTimeout(timer), resolve()));
    });
    await redis.publish(INVALIDATION_CHANNEL, message);
    return true;
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}
