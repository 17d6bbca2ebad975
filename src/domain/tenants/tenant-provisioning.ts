import type { EntityManager } from 'typeorm';
import { BUILT_IN_ROLES } from '../../core/access-level';
import type { ActorRef } from '../../db/entities/columns';
import { RoleDefinition } from '../../db/entities/role-definition.entity';
import { TenantKeyCount } from '../../db/entities/tenant-key-count.entity';
import { Tenant, type LeakedKeyAction } from '../../db/entities/tenant.entity';

export interface ProvisionTenantInput {
  name: string;
  slug: string;
  apiKeyLimit?: number | null;
  defaultRateLimitPerMinute?: number | null;
  leakedKeyAction?: LeakedKeyAction | null;
}

/** Creates a tenant with the built-in role definitions seeded, inside the caller's transaction. */
export async function provisionTenant(
  em: EntityManager,
  input: ProvisionTenantInput,
  actor: ActorRef,
): Promise<Tenant> {
  const tenant = em
    .create(Tenant, {
      name: input.name,
      slug: input.slug,
      apiKeyLimit: input.apiKeyLimit ?? 10,
      defaultRateLimitPerMinute: input.defaultRateLimitPerMinute ?? null,
      leakedKeyAction: input.leakedKeyAction ?? 'REVOKE',
    })
    .stampCreated(actor);
  await em.save(tenant);
  await em.insert(TenantKeyCount, { tenantId: tenant.id, limitedKeyCount: 0 });
  const roles = BUILT_IN_ROLES.map((role) =>
    em
      .create(RoleDefinition, {
        tenantId: tenant.id,
        key: role.key,
        name: role.name,
        description: null,
        builtIn: true,
      })
      .stampCreated(actor),
  );
  await em.save(roles);
  return tenant;
}
