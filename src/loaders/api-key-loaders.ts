import DataLoader from 'dataloader';
import { In, type DataSource } from 'typeorm';
import { GrantSet, type Principal } from '../auth/principal';
import { Channel } from '../entities/channel.entity';
import { UserGroup } from '../entities/user-group.entity';
import { GrantService, type GrantRow } from '../services/grant.service';

const grantRows = (rows: Array<GrantRow & { subjectId: string }>, ids: readonly string[]): GrantRow[][] => {
  const bySubject = new Map<string, GrantRow[]>();
  for (const row of rows) {
    const list = bySubject.get(row.subjectId) ?? [];
    list.push({ roleKey: row.roleKey, level: row.level });
    bySubject.set(row.subjectId, list);
  }
  return ids.map((id) => new GrantSet(bySubject.get(id) ?? []).toArray());
};

/**
 * Per-request loaders for API key fields (channel, group, grants, actors). Each batches one
 * `IN (…)` query per tick, restricted to the principal's tenant, so listing 100 keys costs the
 * same number of statements as listing 10. Built on first use (RequestLoaders' getters): a request
 * that reads no key field creates none.
 */
export const apiKeyLoaderFactories = {
  channel(dataSource: DataSource, principal: Principal) {
    const tenantId = principal.tenantId ?? '';
    const em = dataSource.manager;
    return new DataLoader<string, Channel | null>(async (ids) => {
      const rows = await em.find(Channel, { where: { id: In([...ids]), tenantId } });
      const map = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => map.get(id) ?? null);
    });
  },

  /** Inline grants of keys (role_grant, subjectType API_KEY). */
  apiKeyGrantRows(dataSource: DataSource) {
    const em = dataSource.manager;
    return new DataLoader<string, GrantRow[]>(async (ids) => grantRows(await GrantService.grantsOf(em, 'API_KEY', [...ids]), ids));
  },

  /** Grants of authorization groups. */
  groupGrantRows(dataSource: DataSource) {
    const em = dataSource.manager;
    return new DataLoader<string, GrantRow[]>(async (ids) => grantRows(await GrantService.grantsOf(em, 'GROUP', [...ids]), ids));
  },

  /** Grants held directly by users, and through their groups: effective = own ∪ groups'. */
  userEffectiveGrants(dataSource: DataSource, principal: Principal) {
    const tenantId = principal.tenantId ?? '';
    const em = dataSource.manager;
    return new DataLoader<string, GrantRow[]>(async (userIds) => {
      const memberships = await em.find(UserGroup, { where: { userId: In([...userIds]), tenantId } });
      const groupIds = [...new Set(memberships.map((m) => m.groupId))];
      const [own, viaGroups] = await Promise.all([
        GrantService.grantsOf(em, 'USER', [...userIds]),
        GrantService.grantsOf(em, 'GROUP', groupIds),
      ]);
      const groupGrants = new Map<string, GrantRow[]>();
      for (const row of viaGroups) groupGrants.set(row.subjectId, [...(groupGrants.get(row.subjectId) ?? []), row]);
      return userIds.map((userId) => {
        const set = new GrantSet(own.filter((row) => row.subjectId === userId));
        for (const m of memberships) if (m.userId === userId) for (const g of groupGrants.get(m.groupId) ?? []) set.add(g.roleKey, g.level);
        return set.toArray();
      });
    });
  },
};
