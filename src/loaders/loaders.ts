import DataLoader from 'dataloader';
import { In, type DataSource, type ObjectLiteral, type EntityTarget } from 'typeorm';
import type { Principal } from '../auth/principal';
import { createApiKeyLoaders } from './api-key-loaders';
import { Tenant } from '../entities/tenant.entity';
import { User } from '../entities/user.entity';

/** Batches `id IN (…)` lookups, restricted to the principal's tenant where the entity has one. */
function byId<T extends ObjectLiteral & { id: string }>(dataSource: DataSource, entity: EntityTarget<T>, tenantId: string | null, scoped = true) {
  return new DataLoader<string, T | null>(async (ids) => {
    const where: Record<string, unknown> = { id: In([...ids]) };
    if (scoped) where.tenantId = tenantId ?? '';
    const rows = await dataSource.getRepository(entity).find({ where: where as never });
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** Per-request DataLoaders; never shared between requests or principals. */
export function createLoaders(dataSource: DataSource, principal: Principal) {
  return {
    ...createApiKeyLoaders(dataSource, principal),
    user: byId(dataSource, User, principal.tenantId),
    tenant: new DataLoader<string, Tenant | null>(async (ids) => {
      // a principal sees only its own tenant (super users list others through tenant queries)
      const allowed = ids.filter((id) => id === principal.tenantId || principal.superUser);
      const rows = allowed.length ? await dataSource.getRepository(Tenant).findBy({ id: In(allowed) }) : [];
      const map = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => map.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
export { byId };
