import type { AccessLevel } from '../../src/core/access-level';
import { generateClientId, generateSecret, hashSecret, secretDisplay } from '../../src/credentials/tokens';
import { ApiKey, type ApiKeyKind } from '../../src/db/entities/api-key.entity';
import { Channel } from '../../src/db/entities/channel.entity';
import { AuthorizationGroup } from '../../src/db/entities/authorization-group.entity';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { changeLimitedKeyCount, countsAgainstLimit } from '../../src/domain/api-keys/api-key-limit';
import type { Infrastructure } from '../../src/domain/shared/infrastructure';
import type { TestServer } from './harness';
import { SYSTEM_ACTOR as SYSTEM } from '../../src/db/entities/columns';

/** The infrastructure the server's services were built with (transaction runner, domain events). */
export function serviceDeps(server: TestServer): Infrastructure {
  return server.kw.infrastructure;
}

export interface TestKey {
  id: string;
  secret: string;
  clientId: string | null;
  tenantId: string;
}

export interface InsertKeyOptions {
  tenantId: string;
  kind?: ApiKeyKind;
  active?: boolean;
  /** Inline grants: role key → level. */
  grants?: Record<string, AccessLevel>;
  authorizationGroupId?: string | null;
  ownerId?: string | null;
  channelId?: string | null;
  expiresAt?: Date | null;
  revokedAt?: Date | null;
  ipAllowlist?: string[];
  rateLimitPerMinute?: number | null;
  name?: string;
}

/**
 * Inserts a key row directly, for tests that need many keys or states the API refuses: the secret is
 * generated and hashed exactly as the management service does, and a GraphQL key or REST credential
 * not revoked counts in tenant.limitedKeyCount as one created through the service.
 */
export async function insertKey(server: TestServer, options: InsertKeyOptions): Promise<TestKey> {
  const kind = options.kind ?? 'GRAPHQL';
  const secret = generateSecret(kind === 'REST' ? 'REST_SECRET' : kind);
  const clientId = kind === 'REST' ? generateClientId() : null;
  const id = await serviceDeps(server).tx.run(async (em) => {
    const key = em
      .create(ApiKey, {
        tenantId: options.tenantId,
        kind,
        name: options.name ?? `${kind.toLowerCase()} key`,
        description: null,
        active: options.active ?? true,
        secretHash: hashSecret(secret),
        ...secretDisplay(secret),
        clientId,
        expiresAt: options.expiresAt ?? null,
        ipAllowlist: options.ipAllowlist ?? [],
        rateLimitPerMinute: options.rateLimitPerMinute ?? null,
        channelId: options.channelId ?? null,
        authorizationGroupId: options.authorizationGroupId ?? null,
        ownerId: options.ownerId ?? null,
        revokedAt: options.revokedAt ?? null,
      })
      .stampCreated(SYSTEM);
    await em.save(key);
    // counted as the service counts what it creates, past the limit too (tests fill tenants directly)
    if (countsAgainstLimit(key)) await changeLimitedKeyCount(em, options.tenantId, 1);
    await grantTo(em, options.tenantId, 'API_KEY', key.id, options.grants ?? {});
    return key.id;
  });
  return { id, secret, clientId, tenantId: options.tenantId };
}

async function grantTo(
  em: import('typeorm').EntityManager,
  tenantId: string,
  subjectType: 'API_KEY' | 'GROUP',
  subjectId: string,
  grants: Record<string, AccessLevel>,
): Promise<void> {
  const roles = await em.find(RoleDefinition, { where: { tenantId } });
  for (const [roleKey, level] of Object.entries(grants)) {
    const role = roles.find((r) => r.key === roleKey);
    if (!role) throw new Error(`no role ${roleKey}`);
    await em.save(
      em.create(RoleGrant, { tenantId, subjectType, subjectId, roleDefinitionId: role.id, level }).stampCreated(SYSTEM),
    );
  }
}

/** An API_KEY authorization group holding `grants`. */
/** A channel of the tenant. */
export async function insertChannel(server: TestServer, tenantId: string): Promise<string> {
  const code = `ch-${Math.random().toString(36).slice(2, 8)}`;
  const channel = await server.kw.dataSource
    .getRepository(Channel)
    .save(
      server.kw.dataSource
        .getRepository(Channel)
        .create({ tenantId, code, name: code, description: null })
        .stampCreated(SYSTEM),
    );
  return channel.id;
}

export async function insertKeyGroup(
  server: TestServer,
  tenantId: string,
  grants: Record<string, AccessLevel>,
): Promise<string> {
  return serviceDeps(server).tx.run(async (em) => {
    const group = em
      .create(AuthorizationGroup, {
        tenantId,
        name: `group ${Math.random().toString(36).slice(2, 8)}`,
        description: null,
        type: 'API_KEY',
      })
      .stampCreated(SYSTEM);
    await em.save(group);
    await grantTo(em, tenantId, 'GROUP', group.id, grants);
    return group.id;
  });
}

/** Updates a key row behind the cache's back (as the management service would), then invalidates. */
export async function updateKey(
  server: TestServer,
  id: string,
  changes: Partial<ApiKey>,
  invalidate = true,
): Promise<void> {
  await server.kw.dataSource.getRepository(ApiKey).update({ id }, changes);
  if (invalidate) server.kw.services.keyVerifier.invalidate(id);
}
