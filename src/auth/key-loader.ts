import type { DataSource, EntityManager } from 'typeorm';
import { ApiKey } from '../db/entities/api-key.entity';
import { Tenant } from '../db/entities/tenant.entity';
import { User } from '../db/entities/user.entity';
import { hasReplicas, onReplica } from '../db/database';
import { effectiveForKey, effectiveForUser } from '../domain/roles/grants';
import { compileIpAllowlist } from '../credentials/ip-allowlist';
import { Principal } from '../core/principal';
import type { CacheEntry, VerifiedKey } from './verify-result';

/** How far a read replica may lag: for this long after an invalidation, cache misses read from the primary. */
const REPLICA_LAG_ALLOWANCE_MS = 5000;

const unknownKey = (): CacheEntry => ({
  key: null,
  ip: null,
  previousUntil: undefined,
  principal: null,
  ownerActive: false,
  expires: 0,
});

/** Loads a key, its owner and its grants into a cache entry (the verifier's cache misses). */
export class KeyLoader {
  constructor(
    private readonly dataSource: DataSource,
    /** When the key cache last dropped something (replica reads wait REPLICA_LAG_ALLOWANCE_MS after it). */
    private readonly lastDropAt: () => number,
  ) {}

  byHash(hash: string): Promise<CacheEntry> {
    return this.fromReplica((em) => this.loadByHash(em, hash));
  }

  byClientId(clientId: string): Promise<CacheEntry> {
    return this.fromReplica((em) => this.loadByClientId(em, clientId));
  }

  /**
   * Cache misses read from a replica (DATABASE_REPLICA_URLS) except shortly after an invalidation
   * (a replica may not have the change yet: the key would be cached as it was); a secret a replica
   * does not know is looked up on the primary too (the key may have been created a moment ago).
   */
  private async fromReplica(load: (em: EntityManager) => Promise<CacheEntry>): Promise<CacheEntry> {
    const dataSource = this.dataSource;
    if (!hasReplicas(dataSource) || Date.now() - this.lastDropAt() < REPLICA_LAG_ALLOWANCE_MS)
      return load(dataSource.manager);
    const entry = await onReplica(dataSource, load);
    return entry.key ? entry : load(dataSource.manager);
  }

  private async loadByHash(em: EntityManager, hash: string): Promise<CacheEntry> {
    // two single-index lookups (the current secret first: the common case costs one)
    const repo = em.getRepository(ApiKey);
    const current = await repo.findOne({ where: { secretHash: hash } });
    if (current) return this.build(em, current, undefined);
    const previous = await repo.findOne({ where: { previousSecretHash: hash } });
    if (!previous) return unknownKey();
    return this.build(em, previous, previous.previousSecretExpiresAt);
  }

  private async loadByClientId(em: EntityManager, clientId: string): Promise<CacheEntry> {
    const row = await em.getRepository(ApiKey).findOneBy({ clientId });
    if (!row) return unknownKey();
    return this.build(em, row, undefined);
  }

  private async build(em: EntityManager, row: ApiKey, previousUntil: Date | null | undefined): Promise<CacheEntry> {
    const key: VerifiedKey = {
      id: row.id,
      tenantId: row.tenantId,
      kind: row.kind,
      name: row.name,
      prefix: row.prefix,
      clientId: row.clientId,
      channelId: row.channelId,
      ownerId: row.ownerId,
      authorizationGroupId: row.authorizationGroupId,
      active: row.active,
      revokedAt: row.revokedAt,
      expiresAt: row.expiresAt,
      rateLimitPerMinute: row.rateLimitPerMinute,
      tenantRateLimitPerMinute: null,
      ipAllowlist: row.ipAllowlist ?? [],
      rotatedAt: row.rotatedAt,
    };
    const entry: CacheEntry = {
      key,
      ip: compileIpAllowlist(key.ipAllowlist),
      previousUntil,
      principal: null,
      ownerActive: true,
      expires: 0,
    };
    if (row.revokedAt || !row.active) return entry;
    if (row.rateLimitPerMinute === null) {
      const tenant = await em.findOne(Tenant, {
        where: { id: row.tenantId },
        select: { id: true, defaultRateLimitPerMinute: true },
      });
      key.tenantRateLimitPerMinute = tenant?.defaultRateLimitPerMinute ?? null;
    }
    if (row.kind === 'PERSONAL') {
      const owner = row.ownerId ? await em.findOneBy(User, { id: row.ownerId, tenantId: row.tenantId }) : null;
      if (!owner || !owner.active) {
        entry.ownerActive = false;
        return entry;
      }
      const grants = await effectiveForUser(em, row.tenantId, owner.id);
      entry.principal = new Principal({
        type: 'USER',
        tenantId: row.tenantId,
        userId: owner.id,
        apiKeyId: row.id,
        grants,
        superUser: owner.superUser,
        label: `${owner.email} (personal key ${row.prefix})`,
      });
      return entry;
    }
    const grants = await effectiveForKey(em, row.tenantId, row.id, row.authorizationGroupId);
    entry.principal = new Principal({
      type: row.kind === 'REST' ? 'REST_CLIENT' : 'API_KEY',
      tenantId: row.tenantId,
      apiKeyId: row.id,
      channelId: row.channelId,
      userId: null,
      grants,
      label: `key ${row.name}`,
    });
    return entry;
  }
}
