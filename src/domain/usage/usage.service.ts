import type { Principal } from '../../core/principal';
import type { ApiKey } from '../../db/entities/api-key.entity';
import type { Infrastructure } from '../shared/infrastructure';
import { UsageQuery, type KeyUsageModel, type TopKeysArgs, type UsagePoint } from './usage-query';
import type { UsageRangeArgs } from './usage-range';
import { UsageRecorder } from './usage-recorder';
import { UsageRollUp } from './usage-rollup';

// the types of the service's API, for its callers (GraphQL mappers, loaders)
export type { KeyUsageModel, TopKeysArgs, UsagePoint } from './usage-query';
export type { UsageRangeArgs } from './usage-range';

export interface UsageServiceOptions {
  /** The clock (epoch ms) roll-ups, retention and "the last 24 hours" go by (default Date.now). */
  now?: () => number;
}

/**
 * Key usage analytics (docs/design.md §14): the recorder counts uses into minute buckets
 * (usage-recorder), the roll-up makes hour and day buckets and applies retention (usage-rollup),
 * the reads take each point from the finest buckets still kept (usage-query). The service owns the
 * three and calls each in one line.
 */
export class UsageService {
  /** null when KEYWARD_USAGE_ANALYTICS=false: nothing is counted, what was counted stays readable. */
  readonly recorder: UsageRecorder | null;
  private readonly rollUps: UsageRollUp;
  private readonly queries: UsageQuery;

  constructor(
    deps: Pick<Infrastructure, 'config' | 'dataSource' | 'tx' | 'log'> & {
      metrics?: Infrastructure['metrics'];
    },
    options: UsageServiceOptions = {},
  ) {
    const now = options.now ?? Date.now;
    this.recorder = deps.config.usageAnalytics ? new UsageRecorder(deps.tx, deps.log, deps.metrics) : null;
    this.rollUps = new UsageRollUp(deps, this.recorder, now);
    this.queries = new UsageQuery(deps, now);
  }

  /** Starts the periodic roll-up (the first one right away). */
  start(): void {
    this.rollUps.start();
  }

  /** Stops the roll-up, waits for a running one and writes pending counts. */
  async stop(): Promise<void> {
    await this.rollUps.stop();
    await this.recorder?.close();
  }

  /** Rolls minutes up into hours and hours into days, then applies retention (serialised per instance). */
  rollUp(): Promise<void> {
    return this.rollUps.run();
  }

  /** Uses of each key per point of [from, to); keys the caller may not see answer FORBIDDEN. */
  keysUsage(principal: Principal, keys: readonly ApiKey[], args: UsageRangeArgs): Promise<Array<UsagePoint[] | Error>> {
    return this.queries.keysUsage(principal, keys, args);
  }

  /** Uses of every key of the tenant (a channel-bound caller: of its channel's keys) per point of [from, to). */
  tenantUsage(principal: Principal, tenantId: string, args: UsageRangeArgs): Promise<UsagePoint[]> {
    return this.queries.tenantUsage(principal, tenantId, args);
  }

  /** The keys used most in [from, to), by total uses (ties: by id). */
  topKeys(principal: Principal, tenantId: string, args: TopKeysArgs): Promise<KeyUsageModel[]> {
    return this.queries.topKeys(principal, tenantId, args);
  }

  /** Uses of each key in the last 24 hours; keys the caller may not see answer FORBIDDEN. */
  usage24h(principal: Principal, keys: readonly ApiKey[]): Promise<Array<number | Error>> {
    return this.queries.usage24h(principal, keys);
  }

  /** SQL for a key's uses in the last 24 hours (alias `k` for the key): the USAGE_24H sort key. */
  usage24hSql(): { expression: string; parameters: Record<string, unknown> } {
    return this.queries.usage24hSql();
  }
}
