import { In, type EntityManager } from 'typeorm';
import { badInput } from '../../core/errors';
import { AuthorizationGroup, type AuthorizationGroupType } from '../../db/entities/authorization-group.entity';

/** Groups by id within the tenant, for membership input; unknown ids are bad input at `field[i]`. */
export async function resolveGroupIds(
  em: EntityManager,
  tenantId: string,
  ids: string[],
  field: string,
  type: AuthorizationGroupType,
): Promise<AuthorizationGroup[]> {
  const unique = [...new Set(ids)];
  const groups = unique.length ? await em.find(AuthorizationGroup, { where: { tenantId, id: In(unique) } }) : [];
  const byId = new Map(groups.map((g) => [g.id, g]));
  ids.forEach((id, i) => {
    const group = byId.get(id);
    if (!group) throw badInput(`${field}[${i}]`, 'Unknown authorization group');
    if (group.type !== type) throw badInput(`${field}[${i}]`, `Only groups of type ${type} can be assigned here`);
  });
  return unique.map((id) => byId.get(id)!);
}
