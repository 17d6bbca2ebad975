import Redis, { Cluster } from 'ioredis';
import type { Config } from '../config/config';

/** The shared Redis: one server (REDIS_URL) or a Redis Cluster (REDIS_CLUSTER_NODES); both speak the same commands. */
export type RedisClient = Redis | Cluster;

/**
 * Fail fast while Redis (or a node of the cluster) is away: no offline queue, a command caught by a
 * dropped connection gives up after 1 s (the rate limiters then answer from their insurance) and is
 * not sent again on reconnect (its caller has moved on: a resent INCR would count a request twice).
 */
const FAIL_FAST = { maxRetriesPerRequest: 1, commandTimeout: 1000, autoResendUnfulfilledCommands: false } as const;

/**
 * The shared Redis connection of the configuration; undefined when neither REDIS_URL nor REDIS_CLUSTER_NODES is set.
 */
export function createRedisClient(config: Pick<Config, 'redisUrl' | 'redisClusterNodes'>): RedisClient | undefined {
  if (config.redisClusterNodes) {
    // slots are refreshed when a node fails or answers MOVED, so a promoted replica is found by itself
    return new Cluster(config.redisClusterNodes, {
      enableOfflineQueue: false,
      redisOptions: FAIL_FAST,
      slotsRefreshInterval: 2000,
      retryDelayOnClusterDown: 200,
    });
  }
  if (config.redisUrl)
    return new Redis(config.redisUrl, { ...FAIL_FAST, enableOfflineQueue: false, lazyConnect: false });
  return undefined;
}

/**
 * A second connection for pub/sub (a subscribed connection can send nothing else). It queues and
 * retries commands, so the subscription is made again whenever the connection comes back; on a
 * cluster, ioredis moves the subscription to another node when its node fails.
 */
export function subscriberOf(client: RedisClient): RedisClient {
  return client instanceof Cluster
    ? client.duplicate(undefined, {
        enableOfflineQueue: true,
        redisOptions: { ...FAIL_FAST, maxRetriesPerRequest: null },
      })
    : client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
}
