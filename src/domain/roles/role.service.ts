import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { ApiKey } from '../../db/entities/api-key.entity';
import { AuthorizationGroup, type AuthorizationGroupType } from '../../db/entities/authorization-group.entity';
import { RoleDefinition } from '../../db/entities/role-definition.entity';
import { RoleGrant } from '../../db/entities/role-grant.entity';
import { badInput, conflict, notFound } from '../../core/errors';
import { channelScope } from '../channels/channel-scope';
import { diffFields } from '../shared/domain-events';
import { assertMayChangeGrants, currentGrants, sortGrants } from './grant-changes';
import { type GrantRow, insertNewGrants, replaceGrants, resolveGrantInput } from './grants';
import { ROLE_KEY } from './role-key';
import {
  DESCRIPTION_MAX,
  mapUniqueViolation,
  NAME_MAX,
  notNull,
  optionalText,
  requireText,
  rowLock,
} from '../shared/input-rules';
import type { Infrastructure } from '../shared/infrastructure';

export interface RoleDefinitionInput {
  key?: string | null;
  name?: string | null;
  description?: string | null;
}

export interface AuthorizationGroupInput {
  name?: string | null;
  description?: string | null;
  type?: AuthorizationGroupType | null;
  grants?: GrantRow[] | null;
}

export function roleDefinitionView(role: RoleDefinition) {
  return { id: role.id, key: role.key, name: role.name, description: role.description, builtIn: role.builtIn };
}

export function groupView(group: AuthorizationGroup, grants: GrantRow[]) {
  return { id: group.id, name: group.name, description: group.description, type: group.type, grants };
}

const ROLE_FIELDS: Array<keyof ReturnType<typeof roleDefinitionView>> = ['key', 'name', 'description', 'builtIn'];
const GROUP_FIELDS: Array<'name' | 'description' | 'type'> = ['name', 'description', 'type'];
const groupFields = (group: AuthorizationGroup) => ({
  name: group.name,
  description: group.description,
  type: group.type,
});

/** Role definitions (built-in catalog + custom areas) and authorization groups (docs/design.md §3, §4). */
export class RoleService {
  constructor(private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events'>) {}

  listDefinitions(principal: Principal): Promise<RoleDefinition[]> {
    return this.deps.dataSource
      .getRepository(RoleDefinition)
      .find({ where: { tenantId: principal.tenant }, order: { key: 'ASC' } });
  }

  async createDefinition(
    principal: Principal,
    args: { input: RoleDefinitionInput & { key: string; name: string } },
  ): Promise<RoleDefinition> {
    channelScope.assertTenantWide(principal, 'manage role definitions and authorization groups');
    return this.deps.tx.run(async (em) => {
      const key = args.input.key.trim();
      if (!ROLE_KEY.test(key))
        throw badInput('input.key', 'Key must be 2–64 characters of A–Z, 0–9 and "_", starting with a letter');
      const name = requireText('input.name', args.input.name, 1, NAME_MAX, 'Name');
      const description = optionalText('input.description', args.input.description, DESCRIPTION_MAX, 'Description');
      if (await em.findOne(RoleDefinition, { where: { tenantId: principal.tenant, key } }))
        throw conflict('input.key', `A role definition with key "${key}" exists`);
      const role = em
        .create(RoleDefinition, { tenantId: principal.tenant, key, name, description, builtIn: false })
        .stampCreated(principal.actor());
      await mapUniqueViolation('input.key', `A role definition with key "${key}" exists`, () => em.save(role));
      await this.deps.events.emit(em, principal, {
        action: 'role_definition.created',
        tenantId: principal.tenant,
        targetType: 'RoleDefinition',
        targetId: role.id,
        changes: diffFields({}, roleDefinitionView(role), ROLE_FIELDS),
        data: roleDefinitionView(role),
      });
      return role;
    });
  }

  async updateDefinition(
    principal: Principal,
    args: { id: string; input: RoleDefinitionInput },
  ): Promise<RoleDefinition> {
    channelScope.assertTenantWide(principal, 'manage role definitions and authorization groups');
    return this.deps.tx.run(async (em) => {
      const role = await this.findDefinition(em, principal, args.id);
      if (role.builtIn) throw badInput('id', 'Built-in role definitions cannot be changed');
      const before = roleDefinitionView(role);
      const name = notNull('input.name', args.input.name);
      if (name !== undefined) role.name = requireText('input.name', name, 1, NAME_MAX, 'Name');
      if (args.input.description !== undefined)
        role.description = optionalText('input.description', args.input.description, DESCRIPTION_MAX, 'Description');
      const changes = diffFields(before, roleDefinitionView(role), ROLE_FIELDS);
      if (Object.keys(changes).length === 0) return role;
      await em.save(role.stampUpdated(principal.actor()));
      await this.deps.events.emit(em, principal, {
        action: 'role_definition.updated',
        tenantId: principal.tenant,
        targetType: 'RoleDefinition',
        targetId: role.id,
        changes,
        data: roleDefinitionView(role),
      });
      return role;
    });
  }

  /**
   * Custom definitions only; every grant on the area goes with it (the caller must hold OWNER on it to take it away).
   */
  async deleteDefinition(principal: Principal, args: { id: string }): Promise<string> {
    channelScope.assertTenantWide(principal, 'manage role definitions and authorization groups');
    return this.deps.tx.run(async (em) => {
      const role = await this.findDefinition(em, principal, args.id);
      if (role.builtIn) throw badInput('id', 'Built-in role definitions cannot be deleted');
      const holders = await em.count(RoleGrant, { where: { tenantId: principal.tenant, roleDefinitionId: role.id } });
      if (holders > 0) assertMayChangeGrants(principal, [{ roleKey: role.key, level: 'OWNER' }], []);
      await em.delete(RoleGrant, { tenantId: principal.tenant, roleDefinitionId: role.id });
      await em.delete(RoleDefinition, { id: role.id, tenantId: principal.tenant });
      await this.deps.events.emit(em, principal, {
        action: 'role_definition.deleted',
        tenantId: principal.tenant,
        targetType: 'RoleDefinition',
        targetId: role.id,
        changes: diffFields(roleDefinitionView(role), {}, ROLE_FIELDS),
        data: roleDefinitionView(role),
      });
      return role.id;
    });
  }

  listGroups(principal: Principal, args: { type?: AuthorizationGroupType | null }): Promise<AuthorizationGroup[]> {
    return this.deps.dataSource.getRepository(AuthorizationGroup).find({
      where: { tenantId: principal.tenant, ...(args.type ? { type: args.type } : {}) },
      order: { name: 'ASC', id: 'ASC' },
    });
  }

  groupById(principal: Principal, args: { id: string }): Promise<AuthorizationGroup> {
    return this.findGroup(this.deps.dataSource.manager, principal, args.id);
  }

  async createGroup(
    principal: Principal,
    args: { input: AuthorizationGroupInput & { name: string; type: AuthorizationGroupType } },
  ): Promise<AuthorizationGroup> {
    channelScope.assertTenantWide(principal, 'manage role definitions and authorization groups');
    return this.deps.tx.run(async (em) => {
      const { input } = args;
      const name = requireText('input.name', input.name, 1, NAME_MAX, 'Name');
      const description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
      if (input.type !== 'USER' && input.type !== 'API_KEY')
        throw badInput('input.type', 'Type must be USER or API_KEY');
      await this.assertNameFree(em, principal.tenant, name, null);
      const group = em
        .create(AuthorizationGroup, { tenantId: principal.tenant, name, description, type: input.type })
        .stampCreated(principal.actor());
      await mapUniqueViolation('input.name', `A group named "${name}" exists`, () => em.save(group));
      const grants = await insertNewGrants(em, principal, 'GROUP', group.id, input.grants ?? [], 'input.grants');
      const after = sortGrants(grants);
      await this.deps.events.emit(em, principal, {
        action: 'authorization_group.created',
        tenantId: principal.tenant,
        targetType: 'AuthorizationGroup',
        targetId: group.id,
        changes: { ...diffFields({}, groupFields(group), GROUP_FIELDS), grants: { before: null, after } },
        data: groupView(group, after),
      });
      return group;
    });
  }

  async updateGroup(
    principal: Principal,
    args: { id: string; input: AuthorizationGroupInput },
  ): Promise<AuthorizationGroup> {
    channelScope.assertTenantWide(principal, 'manage role definitions and authorization groups');
    return this.deps.tx.run(async (em) => {
      const group = await this.findGroup(em, principal, args.id, true);
      const { input } = args;
      const before = groupFields(group);
      const name = notNull('input.name', input.name);
      if (name !== undefined) group.name = requireText('input.name', name, 1, NAME_MAX, 'Name');
      if (input.description !== undefined)
        group.description = optionalText('input.description', input.description, DESCRIPTION_MAX, 'Description');
      const grantsBefore = await currentGrants(em, principal.tenant, 'GROUP', group.id);
      let grantsAfter = grantsBefore;
      const grantInput = notNull('input.grants', input.grants);
      if (grantInput !== undefined) {
        const resolved = await resolveGrantInput(em, principal, grantInput, 'input.grants', grantsBefore);
        grantsAfter = sortGrants(resolved);
        if (JSON.stringify(grantsAfter) !== JSON.stringify(grantsBefore))
          await replaceGrants(em, principal.tenant, 'GROUP', group.id, resolved, principal.actor());
      }
      if (group.name !== before.name) await this.assertNameFree(em, principal.tenant, group.name, group.id);
      const changes = diffFields(before, groupFields(group), GROUP_FIELDS);
      if (JSON.stringify(grantsAfter) !== JSON.stringify(grantsBefore))
        changes.grants = { before: grantsBefore, after: grantsAfter };
      if (Object.keys(changes).length === 0) return group;
      group.stampUpdated(principal.actor());
      await mapUniqueViolation('input.name', `A group named "${group.name}" exists`, () => em.save(group));
      await this.deps.events.emit(em, principal, {
        action: 'authorization_group.updated',
        tenantId: principal.tenant,
        targetType: 'AuthorizationGroup',
        targetId: group.id,
        changes,
        data: groupView(group, grantsAfter),
      });
      return group;
    });
  }

  /** Members lose the group's grants: the caller must hold them (no demotion of areas it does not hold). */
  async deleteGroup(principal: Principal, args: { id: string }): Promise<string> {
    channelScope.assertTenantWide(principal, 'manage role definitions and authorization groups');
    return this.deps.tx.run(async (em) => {
      const group = await this.findGroup(em, principal, args.id, true);
      const grants = await currentGrants(em, principal.tenant, 'GROUP', group.id);
      assertMayChangeGrants(principal, grants, [], ` (members of group "${group.name}" lose it)`);
      await em.delete(RoleGrant, { tenantId: principal.tenant, subjectType: 'GROUP', subjectId: group.id });
      await em.update(
        ApiKey,
        { tenantId: principal.tenant, authorizationGroupId: group.id },
        { authorizationGroupId: null },
      );
      await em.delete(AuthorizationGroup, { id: group.id, tenantId: principal.tenant });
      await this.deps.events.emit(em, principal, {
        action: 'authorization_group.deleted',
        tenantId: principal.tenant,
        targetType: 'AuthorizationGroup',
        targetId: group.id,
        changes: { ...diffFields(groupFields(group), {}, GROUP_FIELDS), grants: { before: grants, after: null } },
        data: groupView(group, grants),
      });
      return group.id;
    });
  }

  private async findDefinition(em: EntityManager, principal: Principal, id: string): Promise<RoleDefinition> {
    const role = await em.findOne(RoleDefinition, {
      where: { id, tenantId: principal.tenant },
      ...rowLock(this.deps.tx.dialect),
    });
    if (!role) throw notFound('Role definition', 'id');
    return role;
  }

  private async findGroup(
    em: EntityManager,
    principal: Principal,
    id: string,
    lock = false,
  ): Promise<AuthorizationGroup> {
    const group = await em.findOne(AuthorizationGroup, {
      where: { id, tenantId: principal.tenant },
      ...(lock ? rowLock(this.deps.tx.dialect) : {}),
    });
    if (!group) throw notFound('Authorization group', 'id');
    return group;
  }

  private async assertNameFree(
    em: EntityManager,
    tenantId: string,
    name: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await em
      .getRepository(AuthorizationGroup)
      .createQueryBuilder('g')
      .where('g.tenantId = :tenantId', { tenantId })
      .andWhere('LOWER(g.name) = LOWER(:name)', { name })
      .getOne();
    if (existing && existing.id !== exceptId) throw conflict('input.name', `A group named "${name}" exists`);
  }
}
