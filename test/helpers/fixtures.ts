/**
 * The tests' one fixtures module: tenants, users, keys, channels, authorization groups and webhooks,
 * written as the services write them (SYSTEM_ACTOR stamps what no user did), or created through
 * GraphQL where the test wants the API's own path (createWebhook).
 */
import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { AccessLevel } from '../../src/core/access-level';
import { generateClientId, generateSecret, hashSecret, secretDisplay } from '../../src/credentials/tokens';
import { ApiKey, type ApiKeyKind } from '../../src/db/entities/api-key.entity';
import { AuthorizationGroup, type AuthorizationGroupType } from '../../src/db/entities/authorization-group.entity';
import { Channel } from '../../src/db/entities/channel.entity';
import { SYSTEM_ACTOR as SYSTEM } from '../../src/db/entities/columns';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { Tenant } from '../../src/db/entities/tenant.entity';
import type { User } from '../../src/db/entities/user.entity';
import { changeLimitedKeyCount, countsAgainstLimit } from '../../src/domain/api-keys/api-key-limit';
import type { Infrastructure } from '../../src/domain/shared/infrastructure';
import { provisionTenant } from '../../src/domain/tenants/tenant-provisioning';
import { insertUser } from '../../src/domain/users/user-insert';
import type { TestServer } from './harness';
import { CREATE_WEBHOOK } from './webhook-receiver';

const randomSuffix = () => Math.random().toString(36).slice(2, 8);

/** The infrastructure the server's services were built with (transaction runner, domain events). */
export function serviceDeps(server: TestServer): Infrastructure {
  return server.kw.infrastructure;
}

/** Grants `grants` (role key → level) of the tenant's roles to a user, key or group. */
async function grantTo(
  em: EntityManager,
  tenantId: string,
  subjectType: 'USER' | 'API_KEY' | 'GROUP',
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

// ---- tenants and users

export interface TenantUser {
  tenantId: string;
  tenantSlug: string;
  userId: string;
  email: string;
  password: string;
  token: string;
}

export interface TenantUserOptions {
  /** role key → level, e.g. { API_KEY: 'OWNER' }. */
  grants?: Record<string, AccessLevel>;
  superUser?: boolean;
  /** Add the user to an existing tenant instead of a fresh one. */
  tenantId?: string;
}

/** A tenant as an operator provisions it (its built-in roles and audit chain), random unless named. */
export async function createTenant(server: TestServer, input: { name?: string; slug?: string } = {}): Promise<Tenant> {
  const suffix = randomBytes(4).toString('hex');
  return server.kw.dataSource.transaction((em) =>
    provisionTenant(em, { name: input.name ?? `Tenant ${suffix}`, slug: input.slug ?? `t-${suffix}` }, SYSTEM),
  );
}

/** A user of the tenant, not signed in (createTenantUser signs one in). */
export async function createUser(
  server: TestServer,
  input: { tenantId: string; email: string; password: string; name?: string; superUser?: boolean },
): Promise<User> {
  return server.kw.dataSource.transaction((em) =>
    insertUser(em, { ...input, name: input.name ?? input.email }, SYSTEM),
  );
}

/** A fresh tenant (unless tenantId is given) with one signed-in user holding exactly `grants`. */
export async function createTenantUser(server: TestServer, options: TenantUserOptions = {}): Promise<TenantUser> {
  const suffix = randomBytes(4).toString('hex');
  const email = `user-${suffix}@example.test`;
  const password = `pw-${randomBytes(8).toString('hex')}`;
  const { tenantId, tenantSlug, userId } = await server.kw.dataSource.transaction(async (em) => {
    const tenant = options.tenantId
      ? { id: options.tenantId, slug: '' }
      : await provisionTenant(em, { name: `Tenant ${suffix}`, slug: `t-${suffix}` }, SYSTEM);
    const user = await insertUser(
      em,
      { tenantId: tenant.id, email, name: `User ${suffix}`, password, superUser: options.superUser },
      SYSTEM,
    );
    await grantTo(em, tenant.id, 'USER', user.id, options.grants ?? {});
    return { tenantId: tenant.id, tenantSlug: tenant.slug, userId: user.id };
  });
  const res = await server.gql<{ login: { token: string } }>(
    'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }',
    { e: email, p: password },
    { headers: { 'x-forwarded-for': `198.51.100.${Math.floor(Math.random() * 250)}` } },
  );
  if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
  return { tenantId, tenantSlug, userId, email, password, token: res.data.login.token };
}

/** Every built-in area at one level. */
export function allAreas(level: AccessLevel): Record<string, AccessLevel> {
  const keys = [
    'PRODUCT_DATA',
    'LOGISTICS',
    'CONFIGURATION',
    'ORDER_DATA',
    'PRICING',
    'ROLE_AND_PERMISSION',
    'SHOP_AND_CHANNEL',
    'USER',
    'API_KEY',
    'WEBHOOK',
    'AUDIT_LOG',
  ];
  return Object.fromEntries(keys.map((k) => [k, level]));
}

export async function setApiKeyLimit(server: TestServer, tenantId: string, limit: number): Promise<void> {
  await server.kw.dataSource.getRepository(Tenant).update({ id: tenantId }, { apiKeyLimit: limit });
}

// ---- channels and authorization groups

/** A channel of the tenant. */
export async function createChannel(
  server: TestServer,
  tenantId: string,
  code = `ch-${randomSuffix()}`,
): Promise<Channel> {
  const em = server.kw.dataSource.manager;
  return em.save(
    em.create(Channel, { tenantId, code, name: `Channel ${code}`, description: null }).stampCreated(SYSTEM),
  );
}

/** An authorization group of the tenant (API_KEY unless `type` says USER) holding `grants`. */
export async function createGroup(
  server: TestServer,
  tenantId: string,
  type: AuthorizationGroupType = 'API_KEY',
  grants: Record<string, AccessLevel> = {},
): Promise<AuthorizationGroup> {
  return serviceDeps(server).tx.run(async (em) => {
    const group = await em.save(
      em
        .create(AuthorizationGroup, { tenantId, name: `Group ${randomSuffix()}`, description: null, type })
        .stampCreated(SYSTEM),
    );
    await grantTo(em, tenantId, 'GROUP', group.id, grants);
    return group;
  });
}

// ---- keys

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
 * An unsaved key row: a fresh secret of its kind (hashed; prefix and last4 shown), active, no expiry, limit,
 * channel, group, owner, use, revocation or rotation, with `row` on top. For tests that write many keys at
 * once or set columns no mutation sets (createdAt, lastUsedAt…); the caller stamps and saves it.
 */
export function apiKeyRow(em: EntityManager, row: Partial<ApiKey> & { tenantId: string }): ApiKey {
  return keyRowAndSecret(em, row).key;
}

function keyRowAndSecret(em: EntityManager, row: Partial<ApiKey> & { tenantId: string }) {
  const kind = row.kind ?? 'GRAPHQL';
  const secret = generateSecret(kind === 'REST' ? 'REST_SECRET' : kind);
  const key = em.create(ApiKey, {
    kind,
    name: `${kind.toLowerCase()} key`,
    description: null,
    active: true,
    secretHash: hashSecret(secret),
    ...secretDisplay(secret),
    clientId: null,
    expiresAt: null,
    ipAllowlist: [],
    rateLimitPerMinute: null,
    channelId: null,
    authorizationGroupId: null,
    ownerId: null,
    lastUsedAt: null,
    lastUsedIp: null,
    revokedAt: null,
    revokedByType: null,
    revokedById: null,
    revokedReason: null,
    rotatedAt: null,
    previousSecretHash: null,
    previousSecretExpiresAt: null,
    previousSecretLastUsedAt: null,
    previousSecretUseCount: 0,
    expiringSoonNotifiedAt: null,
    ...row,
  });
  return { key, secret };
}

/**
 * Inserts a key row directly: the secret is generated and hashed exactly as the management service
 * does, and a GraphQL key or REST credential not revoked counts in TenantKeyCount as one
 * created through the service.
 */
export async function insertKey(server: TestServer, options: InsertKeyOptions): Promise<TestKey> {
  const { tenantId, grants, ...columns } = options;
  const kind = options.kind ?? 'GRAPHQL';
  const defined = Object.fromEntries(Object.entries(columns).filter(([, value]) => value !== undefined));
  const { id, secret, clientId } = await serviceDeps(server).tx.run(async (em) => {
    const { key, secret } = keyRowAndSecret(em, {
      tenantId,
      clientId: kind === 'REST' ? generateClientId() : null,
      ...defined,
    });
    await em.save(key.stampCreated(SYSTEM));
    // counted as the service counts what it creates, past the limit too (tests fill tenants directly)
    if (countsAgainstLimit(key)) await changeLimitedKeyCount(serviceDeps(server).events, em, tenantId, 1);
    await grantTo(em, tenantId, 'API_KEY', key.id, grants ?? {});
    return { id: key.id, secret, clientId: key.clientId };
  });
  return { id, secret, clientId, tenantId };
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

// ---- webhooks

/** Creates a webhook through GraphQL; returns its id and signing secret. */
export async function createWebhook(
  server: {
    gql: (q: string, v?: Record<string, unknown>, o?: { token?: string }) => Promise<{ data: any; errors?: unknown }>;
  },
  token: string,
  input: Record<string, unknown>,
): Promise<{ id: string; secret: string; webhook: any }> {
  const res = await server.gql(CREATE_WEBHOOK, { input }, { token });
  if (!res.data?.createWebhook) throw new Error(`createWebhook failed: ${JSON.stringify(res.errors)}`);
  return {
    id: res.data.createWebhook.webhook.id,
    secret: res.data.createWebhook.signingSecret,
    webhook: res.data.createWebhook.webhook,
  };
}
