import { randomBytes } from 'node:crypto';
import type { AccessLevel } from '../../src/core/access-level';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { provisionTenant } from '../../src/domain/tenants/tenant-provisioning';
import { insertUser } from '../../src/domain/users/user-insert';
import type { TestServer } from './harness';
import { SYSTEM_ACTOR as SYSTEM } from '../../src/db/entities/columns';

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
    const roles = await em.find(RoleDefinition, { where: { tenantId: tenant.id } });
    for (const [roleKey, level] of Object.entries(options.grants ?? {})) {
      const role = roles.find((r) => r.key === roleKey);
      if (!role) throw new Error(`no role ${roleKey}`);
      await em.save(
        em
          .create(RoleGrant, {
            tenantId: tenant.id,
            subjectType: 'USER',
            subjectId: user.id,
            roleDefinitionId: role.id,
            level,
          })
          .stampCreated(SYSTEM),
      );
    }
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
