import type { EntityManager } from 'typeorm';
import type { Principal } from '../../core/principal';
import { User } from '../../db/entities/user.entity';
import { hashPassword } from '../../crypto/password';
import { forbidden, notFound } from '../../core/errors';
import { paginate, type Connection, type PageArgs } from '../../db/pagination/connection';
import { channelScope } from '../channels/channel-scope';
import { diffFields, type FieldChange } from '../shared/domain-events';
import { sortGrants } from '../roles/grant-changes';
import { type GrantRow, insertNewGrants } from '../roles/grants';
import { mapUniqueViolation, NAME_MAX, notNull, requireText, rowLock } from '../shared/input-rules';
import type { Infrastructure } from '../shared/infrastructure';
import { findUserForChange } from './user-change-target';
import { replaceUserGroups, resolveUserGroups, userGroupIds } from './user-groups';
import { setUserGrants } from './user-grants';
import { assertEmailFree, checkEmail, checkPassword, type CreateUserInput, type UpdateUserInput } from './user-input';
import { insertUser } from './user-insert';
import { revokeSessions, saveEndingSessions } from './user-sessions';
import { USER_FIELDS, userView } from './user-view';

/**
 * User management: create and update (email, name, password, state, super-user flag, groups), sign
 * out everywhere, the caller's own password. Group memberships, grants, the change-target rule and
 * inserting rows are their own files; the service calls each in one line.
 */
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
      const email = checkEmail(input.email);
      const name = requireText('input.name', input.name, 1, NAME_MAX, 'Name');
      checkPassword(input.password);
      if (input.superUser && !principal.superUser) throw forbidden('Only super users may create super users');
      const groups = await resolveUserGroups(em, principal, input.groupIds ?? [], []);
      await assertEmailFree(em, principal.tenant, email, null);
      const user = await mapUniqueViolation('input.email', 'A user with this email exists', () =>
        insertUser(
          em,
          { tenantId: principal.tenant, email, name, password: input.password, superUser: input.superUser ?? false },
          principal.actor(),
        ),
      );
      const grants = await insertNewGrants(em, principal, 'USER', user.id, input.grants ?? [], 'input.grants');
      await replaceUserGroups(
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
      const user = await findUserForChange(em, this.deps.tx.dialect, principal, args.id);
      const { input } = args;
      const self = user.id === principal.userId;
      const before = userView(user);
      const changes: Record<string, FieldChange> = {};
      const email = notNull('input.email', input.email);
      if (email !== undefined) user.email = checkEmail(email);
      const name = notNull('input.name', input.name);
      if (name !== undefined) user.name = requireText('input.name', name, 1, NAME_MAX, 'Name');
      const password = notNull('input.password', input.password);
      if (password !== undefined) {
        if (self) throw forbidden('Change your own password with changeMyPassword, which asks for the current one');
        checkPassword(password, 'input.password');
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
        const beforeIds = await userGroupIds(em, principal.tenant, user.id);
        const groups = await resolveUserGroups(em, principal, groupIds, beforeIds);
        const afterIds = groups.map((g) => g.id).sort();
        if (JSON.stringify(beforeIds) !== JSON.stringify(afterIds)) {
          if (self) throw forbidden('You cannot change your own group memberships');
          await replaceUserGroups(em, principal, user.id, beforeIds, afterIds);
          changes.groupIds = { before: beforeIds, after: afterIds };
        }
      }
      if (user.email !== before.email) await assertEmailFree(em, principal.tenant, user.email, user.id);
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
    return this.endSessions(principal, (em) =>
      findUserForChange(em, this.deps.tx.dialect, principal, args.userId, 'userId'),
    );
  }

  /** "Sign out everywhere" for the caller's own user (any role): its current session ends too. */
  async revokeOwnSessions(principal: Principal): Promise<boolean> {
    if (!principal.userId) throw forbidden('Only a user (a session or personal key) has sessions to end');
    await this.endSessions(principal, (em) => this.findOwnUser(em, principal));
    return true;
  }

  private async endSessions(principal: Principal, find: (em: EntityManager) => Promise<User>): Promise<User> {
    return this.deps.tx.run(async (em) =>
      saveEndingSessions(this.deps.events, em, principal, await find(em), 'user.sessions_revoked'),
    );
  }

  /**
   * Sets the signed-in user's own password (the caller checked the current one) and ends every
   * session of it issued so far; returns the user with its new session epoch.
   */
  async changeOwnPassword(principal: Principal, newPassword: string): Promise<User> {
    return this.deps.tx.run(async (em) => {
      const user = await this.findOwnUser(em, principal);
      checkPassword(newPassword, 'newPassword');
      user.passwordHash = await hashPassword(newPassword);
      return saveEndingSessions(this.deps.events, em, principal, user, 'user.updated', {
        password: { before: null, after: '(changed)' },
      });
    });
  }

  /** The signed-in user itself, locked. */
  private async findOwnUser(em: EntityManager, principal: Principal): Promise<User> {
    const user = await em.findOne(User, {
      where: { id: principal.userId!, tenantId: principal.tenant },
      ...rowLock(this.deps.tx.dialect),
    });
    if (!user) throw notFound('User');
    return user;
  }

  setGrants(principal: Principal, args: { userId: string; grants: GrantRow[] }): Promise<User> {
    return setUserGrants(this.deps, principal, args);
  }
}
