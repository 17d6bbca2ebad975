import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import type { Principal } from '../../core/principal';
import { KeywardError } from '../../core/errors';

/**
 * Channel scope (docs/design.md §4), the one rule every service applies: a channel-bound principal (a GRAPHQL
 * key bound to a channel) sees and changes only objects of its own channel; another channel's object
 * answers NOT_FOUND, as another tenant's does. Data that carries no channel and spans the tenant
 * (users, role definitions and groups, creating channels, REST credentials, the audit log) is out of
 * its reach: FORBIDDEN.
 */
export const channelScope = {
  /** Restricts a query to the principal's channel; `column` holds the object's channel id (e.g. `k.channelId`). */
  where<T extends ObjectLiteral>(
    qb: SelectQueryBuilder<T>,
    principal: Principal,
    column: string,
  ): SelectQueryBuilder<T> {
    return principal.channelId
      ? qb.andWhere(`${column} = :scopeChannelId`, { scopeChannelId: principal.channelId })
      : qb;
  },

  /** The same for repository `find` options: `{ [property]: channel }` for a channel-bound principal, else nothing. */
  match(principal: Principal, property = 'channelId'): Record<string, string> {
    return principal.channelId ? { [property]: principal.channelId } : {};
  },

  /**
   * Whether an object of `channelId` is within the reach of a principal (or a caller) bound to `principal.channelId`.
   */
  allows(principal: Pick<Principal, 'channelId'>, channelId: string | null | undefined): boolean {
    return !principal.channelId || channelId === principal.channelId;
  },

  /**
   * The channel of an object the principal creates or moves: what it asked for, or for a
   * channel-bound principal its own (the default); naming another channel is FORBIDDEN.
   */
  bind(principal: Principal, requested: string | null, field: string): string | null {
    if (!principal.channelId) return requested;
    if (requested !== null && requested !== principal.channelId)
      throw new KeywardError('FORBIDDEN', 'A channel-bound key works only in its own channel', { field });
    return principal.channelId;
  },

  /** Refuses a channel-bound principal an operation on tenant-wide data (`what`: "manage users"). */
  assertTenantWide(principal: Principal, what: string): void {
    if (principal.channelId)
      throw new KeywardError('FORBIDDEN', `A channel-bound key cannot ${what}: it works only in its own channel`);
  },
};
