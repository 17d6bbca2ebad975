import { In, type EntityManager } from 'typeorm';
import type { AccessLevel } from '../../core/access-level';
import type { Principal } from '../../core/principal';
import type { ActorRef } from '../../db/entities/columns';
import type { AuthorizationGroup } from '../../db/entities/authorization-group.entity';
import { RoleDefinition } from '../../db/entities/role-definition.entity';
import { RoleGrant } from '../../db/entities/role-grant.entity';
import { UserGroup } from '../../db/entities/user-group.entity';
import { User } from '../../db/entities/user.entity';
import { hashPassword } from '../../crypto/password';
import { badInput, conflict, forbidden, notFound } from '../../core/errors';
import { paginate, type Connection, type PageArgs } from '../../db/pagination/connection';
import { channelScope } from '../channels/channel-scope';
import { diffFields, type DomainEvents, type FieldChange } from '../shared/domain-events';
import { assertMayAssign, assertMayChangeGrants, currentGrants, sortGrants } from '../roles/grant-changes';
import { GrantService, type GrantRow } from '../roles/grant.service';
import { mapUniqueViolation, NAME_MAX, notNull, requireText, rowLock } from '../shared/input-rules';
import { RoleService } from '../roles/role.service';
import type { Infrastructure } from '../shared/infrastructure';

export interface InsertUserInput {
  tenantId: string;
  email: string;
  name: string;
  password: string;
  superUser?: boolean;
}

export interface CreateUserInput {
  email: string;
  name: string;
  password: string;
  grants?: GrantRow[] | null;
  groupIds?: string[] | null;
  superUser?: boolean | null;
}

export interface UpdateUserInput {
  email?: string | null;
  name?: string | null;
  password?: string | null;
  active?: boolean | null;
  groupIds?: string[] | null;
  superUser?: boolean | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const MIN_PASSWORD = 8;
const MAX_PASSWORD = 1000;

/** The public view of a user (events); never the password hash. */
export function userView(user: User) {
  return { id: user.id, email: user.email, name: user.name, active: user.active, superUser: user.superUser };
}
const USER_FIELDS: Array<keyof ReturnType<typeof userView>> = ['email', 'name', 'active', 'superUser'];

/** Moves the user's session epoch on: every session token issued before stops working. */
function revokeSessions(user: User, changes: Record<string, FieldChange>): void {
  user.sessionEpoch += 1;
  changes.sessions = { before: null, after: 'revoked' };
}

export class UserService {
  constructor(private readonly deps: Pick<Infrastructure, 'dataSource' | 'tx' | 'events'>) {}

  async byId(principal: Principal, id: string): Promise<User> {
    channelScope.assertTenantWide(principal, 'read users');
    const user = await this.deps.dataSource.getRepository(User).findOneBy({ id, tenantId: principal.tenant });
    if (!user) throw notFound('User', 'id');
    return user;
  }

  list(principal: Principal, args: PageArgs): Promise<Connection<User>> {
    channelScope.assertTenantWide(principal, 'read users');
    const qb = this.deps.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.tenantId = :tenantId', { tenantId: principal.tenant });
    return paginate(qb, args, [
      { expression: 'u.email', property: 'email', direction: 'ASC', type: 'string' },
      { expression: 'u.id', property: 'id', direction: 'ASC', type: 'string' },
    ]);
  }

  async create(principal: Principal, args: { input: CreateUserInput }): Promise<User> {
    channelScope.assertTenantWide(principal, 'create users');
    return this.deps.tx.run(async (em) => {
      const { input } = args;
      const email = this.checkEmail(input.email);
      const name = requireText('input.name', input.name, 1, NAME_MAX, 'Name');
      this.checkPassword(input.password);
      if (input.superUser && !principal.superUser) throw forbidden('Only super users may create super users');
      const grants = await GrantService.resolveGrantInput(em, principal, input.grants ?? [], 'input.grants');
      const groups = await this.resolveGroups(em, principal, input.groupIds ?? [], []);
      await this.assertEmailFree(em, principal.tenant, email, null);
      const user = await mapUniqueViolation('input.email', 'A user with this email exists', () =>
        UserService.insert(
          em,
          { tenantId: principal.tenant, email, name, password: input.password, superUser: input.superUser ?? false },
          principal.actor(),
        ),
      );
      await GrantService.insertGrants(em, principal.tenant, 'USER', user.id, grants, principal.actor());
      await this.replaceGroups(
        em,
        principal,
        user.id,
        [],
        groups.map((g) => g.id),
      );
      await this.deps.events.emit(em, principal, {
        action: 'user.created',
        tenantId: principal.tenant,
        targetType: 'User',
        targetId: user.id,
        changes: {
          ...diffFields({}, userView(user), USER_FIELDS),
          grants: { before: null, after: sortGrants(grants) },
          groupIds: { before: null, after: groups.map((g) => g.id).sort() },
        },
        data: userView(user),
      });
      return user;
    });
  }

  async update(principal: Principal, args: { id: string; input: UpdateUserInput }): Promise<User> {
    return this.deps.tx.run(async (em) => {
      const user = await this.findForChange(em, principal, args.id);
      const { input } = args;
      const self = user.id === principal.userId;
      const before = userView(user);
      const changes: Record<string, FieldChange> = {};
      const email = notNull('input.email', input.email);
      if (email !== undefined) user.email = this.checkEmail(email);
      const name = notNull('input.name', input.name);
      if (name !== undefined) user.name = requireText('input.name', name, 1, NAME_MAX, 'Name');
      const password = notNull('input.password', input.password);
      if (password !== undefined) {
        if (self) throw forbidden('Change your own password with changeMyPassword, which asks for the current one');
        this.checkPassword(password, 'input.password');
        user.passwordHash = await hashPassword(password);
        changes.password = { before: null, after: '(changed)' };
      }
      const active = notNull('input.active', input.active);
      if (active !== undefined && active !== user.active) {
        if (self) throw forbidden('You cannot deactivate yourself');
        user.active = active;
      }
      // a new password or a deactivation ends every session issued so far (reactivating revives none)
      if (password !== undefined || active === false) revokeSessions(user, changes);
      const superUser = notNull('input.superUser', input.superUser);
      if (superUser !== undefined && superUser !== user.superUser) {
        if (!principal.superUser) throw forbidden('Only super users may change the super-user flag');
        if (self) throw forbidden('You cannot change your own super-user flag');
        user.superUser = superUser;
      }
      const groupIds = notNull('input.groupIds', input.groupIds);
      if (groupIds !== undefined) {
        const beforeIds = (await em.find(UserGroup, { where: { userId: user.id, tenantId: principal.tenant } }))
          .map((m) => m.groupId)
          .sort();
        const groups = await this.resolveGroups(em, principal, groupIds, beforeIds);
        const afterIds = groups.map((g) => g.id).sort();
        if (JSON.stringify(beforeIds) !== JSON.stringify(afterIds)) {
          if (self) throw forbidden('You cannot change your own group memberships');
          await this.replaceGroups(em, principal, user.id, beforeIds, afterIds);
          changes.groupIds = { before: beforeIds, after: afterIds };
        }
      }
      if (user.email !== before.email) await this.assertEmailFree(em, principal.tenant, user.email, user.id);
      Object.assign(changes, diffFields(before, userView(user), USER_FIELDS));
      if (Object.keys(changes).length === 0) return user;
      user.stampUpdated(principal.actor());
      await mapUniqueViolation('input.email', 'A user with this email exists', () => em.save(user));
      await this.deps.events.emit(em, principal, {
        action: 'user.updated',
        tenantId: principal.tenant,
        targetType: 'User',
        targetId: user.id,
        changes,
        data: userView(user),
      });
      return user;
    });
  }

  /**
   * "Sign out everywhere": every session token issued to the user so far stops working; its
   * personal keys are a separate credential and stay (revoke them on their own).
   */
  async revokeSessions(principal: Principal, args: { userId: string }): Promise<User> {
    return this.endSessions(principal, (em) => this.findForChange(em, principal, args.userId, 'userId'));
  }

  /** "Sign out everywhere" for the caller's own user (any role): its current session ends too. */
  async revokeOwnSessions(principal: Principal): Promise<boolean> {
    if (!principal.userId) throw forbidden('Only a user (a session or personal key) has sessions to end');
    await this.endSessions(principal, async (em) => {
      const user = await em.findOne(User, {
        where: { id: principal.userId!, tenantId: principal.tenant },
        ...rowLock(this.deps.tx.dialect),
      });
      if (!user) throw notFound('User');
      return user;
    });
    return true;
  }

  private async endSessions(principal: Principal, find: (em: EntityManager) => Promise<User>): Promise<User> {
    return this.deps.tx.run(async (em) => {
      const user = await find(em);
      const changes: Record<string, FieldChange> = {};
      revokeSessions(user, changes);
      await em.save(user.stampUpdated(principal.actor()));
      await this.deps.events.emit(em, principal, {
        action: 'user.sessions_revoked',
        tenantId: principal.tenant,
        targetType: 'User',
        targetId: user.id,
        changes,
        data: userView(user),
      });
      return user;
    });
  }

  /**
   * Sets the signed-in user's own password (the caller checked the current one) and ends every
   * session of it issued so far; returns the user with its new session epoch.
   */
  async changeOwnPassword(principal: Principal, newPassword: string): Promise<User> {
    return this.deps.tx.run(async (em) => {
      const user = await em.findOne(User, {
        where: { id: principal.userId!, tenantId: principal.tenant },
        ...rowLock(this.deps.tx.dialect),
      });
      if (!user) throw notFound('User');
      this.checkPassword(newPassword, 'newPassword');
      user.passwordHash = await hashPassword(newPassword);
      const changes: Record<string, FieldChange> = { password: { before: null, after: '(changed)' } };
      revokeSessions(user, changes);
      await em.save(user.stampUpdated(principal.actor()));
      await this.deps.events.emit(em, principal, {
        action: 'user.updated',
        tenantId: principal.tenant,
        targetType: 'User',
        targetId: user.id,
        changes,
        data: userView(user),
      });
      return user;
    });
  }

  /** Replaces a user's direct grants: not your own, only what you hold (to give and to take away). */
  async setGrants(principal: Principal, args: { userId: string; grants: GrantRow[] }): Promise<User> {
    return this.deps.tx.run(async (em) => {
      const user = await this.findForChange(em, principal, args.userId, 'userId');
      if (user.id === principal.userId) throw forbidden('You cannot change your own grants');
      const before = await currentGrants(em, principal.tenant, 'USER', user.id);
      const resolved = await GrantService.resolveGrantInput(em, principal, args.grants, 'grants', before);
      const after = sortGrants(resolved);
      if (JSON.stringify(before) === JSON.stringify(after)) return user;
      await GrantService.replaceGrants(em, principal.tenant, 'USER', user.id, resolved, principal.actor());
      await em.save(user.stampUpdated(principal.actor()));
      await this.deps.events.emit(em, principal, {
        action: 'user.grants_updated',
        tenantId: principal.tenant,
        targetType: 'User',
        targetId: user.id,
        changes: { grants: { before, after } },
        data: { ...userView(user), grants: after },
      });
      return user;
    });
  }

  /**
   * The target of a change, locked. Changing another user's email, password, state, groups or grants
   * could take over or demote its access, so the principal must be able to assign every grant the
   * target holds (own ∪ groups; the no-escalation rule, assertMayAssign), and only super users may
   * change a super user. Channel-bound principals change no users.
   */
  private async findForChange(em: EntityManager, principal: Principal, id: string, field = 'id'): Promise<User> {
    channelScope.assertTenantWide(principal, 'change users');
    const user = await em.findOne(User, {
      where: { id, tenantId: principal.tenant },
      ...rowLock(this.deps.tx.dialect),
    });
    if (!user) throw notFound('User', field);
    if (user.id === principal.userId || principal.superUser) return user;
    if (user.superUser) throw forbidden('Only super users may change a super user');
    const held = await GrantService.effectiveForUser(em, principal.tenant, user.id);
    assertMayAssign(
      principal,
      held.toArray(),
      (g) => `You cannot change a user holding ${g.roleKey} at level ${g.level}: you do not hold it yourself`,
    );
    return user;
  }

  private checkEmail(email: string): string {
    const normalized = normalizeEmail(email);
    if (normalized.length > 254 || !/^[^\s@]+@[^\s@]+$/.test(normalized))
      throw badInput('input.email', 'Not a valid email address');
    return normalized;
  }

  private checkPassword(password: string, field = 'input.password'): void {
    if (password.length < MIN_PASSWORD) throw badInput(field, `Password must have at least ${MIN_PASSWORD} characters`);
    if (password.length > MAX_PASSWORD) throw badInput(field, `Password must have at most ${MAX_PASSWORD} characters`);
  }

  private async assertEmailFree(
    em: EntityManager,
    tenantId: string,
    email: string,
    exceptId: string | null,
  ): Promise<void> {
    const existing = await em.findOne(User, { where: { tenantId, email } });
    if (existing && existing.id !== exceptId) throw conflict('input.email', 'A user with this email exists');
  }

  /**
   * USER groups of the tenant; joining or leaving a group changes the user's effective grants, so
   * the principal must hold the grants of every group added or removed (no escalation).
   */
  private async resolveGroups(
    em: EntityManager,
    principal: Principal,
    ids: string[],
    currentIds: string[],
  ): Promise<AuthorizationGroup[]> {
    const groups = await RoleService.resolveGroupIds(em, principal.tenant, ids, 'input.groupIds', 'USER');
    const next = new Set(groups.map((g) => g.id));
    for (const groupId of groups.map((g) => g.id).filter((id) => !currentIds.includes(id))) {
      assertMayChangeGrants(
        principal,
        [],
        await currentGrants(em, principal.tenant, 'GROUP', groupId),
        ' through a group membership',
      );
    }
    for (const groupId of currentIds.filter((id) => !next.has(id))) {
      assertMayChangeGrants(
        principal,
        await currentGrants(em, principal.tenant, 'GROUP', groupId),
        [],
        ' through a group membership',
      );
    }
    return groups;
  }

  /** Memberships from `beforeIds` to `afterIds`: the ones kept keep who added them and when. */
  private async replaceGroups(
    em: EntityManager,
    principal: Principal,
    userId: string,
    beforeIds: string[],
    afterIds: string[],
  ): Promise<void> {
    const tenantId = principal.tenant;
    const removed = beforeIds.filter((id) => !afterIds.includes(id));
    const added = afterIds.filter((id) => !beforeIds.includes(id));
    if (removed.length) await em.delete(UserGroup, { userId, tenantId, groupId: In(removed) });
    const now = new Date();
    if (added.length)
      await em.insert(
        UserGroup,
        added.map((groupId) =>
          em.create(UserGroup, { userId, groupId, tenantId, createdAt: now }).stampCreated(principal.actor()),
        ),
      );
  }

  /** Inserts a user (password hashed with scrypt) inside the caller's transaction. */
  static async insert(em: EntityManager, input: InsertUserInput, actor: ActorRef): Promise<User> {
    const user = em
      .create(User, {
        tenantId: input.tenantId,
        email: normalizeEmail(input.email),
        name: input.name,
        passwordHash: await hashPassword(input.password),
        active: true,
        superUser: input.superUser ?? false,
        lastLoginAt: null,
      })
      .stampCreated(actor);
    return em.save(user);
  }

  /**
   * A tenant administrator (bootstrap, `keyward create-admin`): OWNER on every area of its tenant,
   * a platform super user only when `input.superUser`; emits `user.created` as `principal`.
   */
  static async insertAdmin(
    em: EntityManager,
    events: DomainEvents,
    principal: Principal,
    input: InsertUserInput,
  ): Promise<{ user: User; areas: number }> {
    const user = await UserService.insert(em, input, principal.actor());
    const areas = await UserService.grantAllAreas(em, input.tenantId, user.id, 'OWNER', principal.actor());
    await events.emit(em, principal, {
      action: 'user.created',
      tenantId: input.tenantId,
      targetType: 'User',
      targetId: user.id,
      changes: {
        ...diffFields({}, userView(user), USER_FIELDS),
        grants: { before: null, after: `OWNER on all ${areas} areas` },
      },
      data: userView(user),
    });
    return { user, areas };
  }

  /** Grants `level` on every role definition of the tenant (bootstrap admins); returns how many. */
  static async grantAllAreas(
    em: EntityManager,
    tenantId: string,
    userId: string,
    level: AccessLevel,
    actor: ActorRef,
  ): Promise<number> {
    const roles = await em.find(RoleDefinition, { where: { tenantId } });
    await em.save(
      roles.map((role) =>
        em
          .create(RoleGrant, { tenantId, subjectType: 'USER', subjectId: userId, roleDefinitionId: role.id, level })
          .stampCreated(actor),
      ),
    );
    return roles.length;
  }
}
