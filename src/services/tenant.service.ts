import type { EntityManager } from 'typeorm';
import { BUILT_IN_ROLES } from '../auth/access-level';
import type { ActorRef } from '../entities/columns';
import { RoleDefinition } from '../entities/role-definition.entity';
import { Tenant } from '../entities/tenant.entity';
import type { Principal } from '../auth/principal';
import { notFound } from '../errors';
import type { ServiceDeps } from './service-deps';

export interface ProvisionTenantInput {
  name: string;
  slug: string;
  apiKeyLimit?: number | null;
}

export class TenantService {
  constructor(private readonly deps: ServiceDeps) {}

  /** The caller's own tenant. */
  async current(principal: Principal): Promise<Tenant> {
    const tenant = await this.deps.dataSource.getRepository(Tenant).findOneBy({ id: principal.tenant });
    if (!tenant) throw notFound('Tenant');
    return tenant;
  }

  /** Creates a tenant with the built-in role definitions seeded, inside the caller's transaction. */
  static async provision(em: EntityManager, input: ProvisionTenantInput, actor: ActorRef): Promise<Tenant> {
    const tenant = em.create(Tenant, { name: input.name, slug: input.slug, apiKeyLimit: input.apiKeyLimit ?? 10 }).stampCreated(actor);
    await em.save(tenant);
    const roles = BUILT_IN_ROLES.map((role) =>
      em.create(RoleDefinition, { tenantId: tenant.id, key: role.key, name: role.name, description: null, builtIn: true }).stampCreated(actor),
    );
    await em.save(roles);
    return tenant;
  }
}
