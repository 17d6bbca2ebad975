import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { UserGroup } from '../../src/db/entities/user-group.entity';
import { User } from '../../src/db/entities/user.entity';
import type { AccessLevel } from '../../src/core/access-level';
import { eventsForSuite } from '../helpers/domain-events';
import { createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { CREATE_PERSONAL } from '../helpers/api-keys';

const USER_FIELDS = `id email name active superUser grants { roleKey level } groups { id name } effectiveGrants { roleKey level }
  createdBy { ... on User { id } } updatedBy { ... on User { id } }`;
const CREATE = `mutation($input: CreateUserInput!) { createUser(input: $input) { ${USER_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateUserInput!) { updateUser(id: $id, input: $input) { ${USER_FIELDS} } }`;
const SET_GRANTS = `mutation($userId: ID!, $grants: [RoleGrantInput!]!) { setUserGrants(userId: $userId, grants: $grants) { ${USER_FIELDS} } }`;
const GET = `query($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`;
const LIST =
  'query($first: Int, $after: String) { users(first: $first, after: $after) { totalCount edges { node { email } } pageInfo { hasNextPage endCursor } } }';
const CREATE_GROUP =
  'mutation($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { id } }';
const LOGIN = 'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }';
const ME = '{ me { user { id } grants { roleKey level } } }';
const REVOKE_SESSIONS = 'mutation($userId: ID!) { revokeUserSessions(userId: $userId) { id } }';
const CHANGE_MY_PASSWORD =
  'mutation($current: String!, $next: String!) { changeMyPassword(currentPassword: $current, newPassword: $next) { token user { id } } }';

let n = 0;
const email = () => `person-${Date.now().toString(36)}-${n++}@example.test`;

describe('users', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);
  const userCount = (tenantId: string) => server.kw.dataSource.getRepository(User).countBy({ tenantId });
  const grantCount = (tenantId: string) => server.kw.dataSource.getRepository(RoleGrant).countBy({ tenantId });
  const group = async (owner: TenantUser, input: Record<string, unknown>) => {
    const res = await server.gql(CREATE_GROUP, { input }, { token: owner.token });
    expect(res.errors).toBeUndefined();
    return res.data!.createAuthorizationGroup.id as string;
  };

  describe('happy path', () => {
    it('creates a user with grants and groups; effective grants are the union; the user can sign in', async () => {
      const admin = await createTenantUser(server, {
        grants: { USER: 'EDITOR', ROLE_AND_PERMISSION: 'EDITOR', API_KEY: 'OWNER', WEBHOOK: 'VIEWER' },
      });
      const groupId = await group(admin, {
        name: 'Integrators',
        type: 'USER',
        grants: [
          { roleKey: 'API_KEY', level: 'EDITOR' },
          { roleKey: 'WEBHOOK', level: 'VIEWER' },
        ],
      });
      const address = email();
      const res = await server.gql(
        CREATE,
        {
          input: {
            email: address.toUpperCase(),
            name: ' Ada ',
            password: 'long enough',
            grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }],
            groupIds: [groupId],
          },
        },
        { token: admin.token },
      );
      expect(res.errors).toBeUndefined();
      const user = res.data!.createUser;
      expect(user).toMatchObject({
        email: address,
        name: 'Ada',
        active: true,
        superUser: false,
        grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }],
        groups: [{ id: groupId, name: 'Integrators' }],
      });
      expect(user.effectiveGrants).toEqual([
        { roleKey: 'API_KEY', level: 'EDITOR' },
        { roleKey: 'WEBHOOK', level: 'VIEWER' },
      ]);
      expect(user.createdBy).toEqual({ id: admin.userId });
      const created = events.find((e) => e.action === 'user.created' && e.targetId === user.id)!;
      expect(created.changes).toMatchObject({
        email: { after: address },
        grants: { after: [{ roleKey: 'API_KEY', level: 'VIEWER' }] },
        groupIds: { after: [groupId] },
      });
      expect(JSON.stringify(created)).not.toMatch(/long enough|scrypt/);

      const login = await server.gql(LOGIN, { e: address, p: 'long enough' });
      expect(login.errors).toBeUndefined();
      const me = await server.gql(ME, {}, { token: login.data!.login.token });
      expect(me.data!.me.grants).toEqual(user.effectiveGrants);
      expect((await server.gql(GET, { id: user.id }, { token: admin.token })).data!.user.id).toBe(user.id);
    });

    it('updates name, email and password and replaces grants; events carry before → after but never the password', async () => {
      const admin = await createTenantUser(server, {
        grants: { USER: 'EDITOR', API_KEY: 'OWNER', AUDIT_LOG: 'VIEWER' },
      });
      const user = (
        await server.gql(
          CREATE,
          { input: { email: email(), name: 'Bob', password: 'first-password' } },
          { token: admin.token },
        )
      ).data!.createUser;
      const newEmail = email();
      const updated = await server.gql(
        UPDATE,
        { id: user.id, input: { name: 'Robert', email: newEmail, password: 'second-password' } },
        { token: admin.token },
      );
      expect(updated.errors).toBeUndefined();
      expect(updated.data!.updateUser).toMatchObject({ name: 'Robert', email: newEmail });
      const event = events.filter((e) => e.action === 'user.updated' && e.targetId === user.id).at(-1)!;
      expect(event.changes).toMatchObject({
        name: { before: 'Bob', after: 'Robert' },
        email: { before: user.email, after: newEmail },
        password: { after: '(changed)' },
      });
      expect(JSON.stringify(event)).not.toMatch(/second-password|first-password|scrypt/);
      expect((await server.gql(LOGIN, { e: newEmail, p: 'second-password' })).errors).toBeUndefined();

      const granted = await server.gql(
        SET_GRANTS,
        {
          userId: user.id,
          grants: [
            { roleKey: 'API_KEY', level: 'OWNER' },
            { roleKey: 'AUDIT_LOG', level: 'VIEWER' },
          ],
        },
        { token: admin.token },
      );
      expect(granted.errors).toBeUndefined();
      expect(granted.data!.setUserGrants.grants).toEqual([
        { roleKey: 'API_KEY', level: 'OWNER' },
        { roleKey: 'AUDIT_LOG', level: 'VIEWER' },
      ]);
      const replaced = await server.gql(
        SET_GRANTS,
        { userId: user.id, grants: [{ roleKey: 'AUDIT_LOG', level: 'VIEWER' }] },
        { token: admin.token },
      );
      expect(replaced.data!.setUserGrants.grants).toEqual([{ roleKey: 'AUDIT_LOG', level: 'VIEWER' }]);
      expect(events.at(-1)).toMatchObject({
        action: 'user.grants_updated',
        changes: {
          grants: {
            before: [
              { roleKey: 'API_KEY', level: 'OWNER' },
              { roleKey: 'AUDIT_LOG', level: 'VIEWER' },
            ],
            after: [{ roleKey: 'AUDIT_LOG', level: 'VIEWER' }],
          },
        },
      });
    });

    it('lists users of the tenant only, in pages', async () => {
      const admin = await createTenantUser(server, { grants: { USER: 'EDITOR' } });
      for (let i = 0; i < 3; i++)
        await server.gql(
          CREATE,
          { input: { email: email(), name: `U${i}`, password: 'password-123' } },
          { token: admin.token },
        );
      const page = await server.gql(LIST, { first: 2 }, { token: admin.token });
      expect(page.data!.users.totalCount).toBe(4);
      expect(page.data!.users.edges).toHaveLength(2);
      const rest = await server.gql(
        LIST,
        { first: 10, after: page.data!.users.pageInfo.endCursor },
        { token: admin.token },
      );
      expect(rest.data!.users.edges).toHaveLength(2);
      expect(rest.data!.users.pageInfo.hasNextPage).toBe(false);
    });

    it('deactivating a user ends its sessions at once, reactivating lets it sign in again', async () => {
      const admin = await createTenantUser(server, { grants: { USER: 'EDITOR' } });
      const victim = await createTenantUser(server, { tenantId: admin.tenantId });
      expect((await server.gql(ME, {}, { token: victim.token })).data!.me.user.id).toBe(victim.userId);
      const off = await server.gql(UPDATE, { id: victim.userId, input: { active: false } }, { token: admin.token });
      expect(off.data!.updateUser.active).toBe(false);
      const me = await server.gql(ME, {}, { token: victim.token });
      expect([me.status, me.errors?.[0]?.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
      expect((await server.gql(LOGIN, { e: victim.email, p: victim.password })).errors?.[0]?.extensions.code).toBe(
        'UNAUTHENTICATED',
      );
      await server.gql(UPDATE, { id: victim.userId, input: { active: true } }, { token: admin.token });
      // regression: reactivating revives no session issued before the deactivation
      const old = await server.gql(ME, {}, { token: victim.token });
      expect([old.status, old.errors?.[0]?.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
      const again = await server.gql(LOGIN, { e: victim.email, p: victim.password });
      expect((await server.gql(ME, {}, { token: again.data!.login.token })).data!.me.user.id).toBe(victim.userId);
    });

    it('regression: a new password set by an administrator ends every session of the user; its personal key stays', async () => {
      const admin = await createTenantUser(server, { grants: { USER: 'EDITOR' } });
      const victim = await createTenantUser(server, { tenantId: admin.tenantId });
      const second = (await server.gql(LOGIN, { e: victim.email, p: victim.password })).data!.login.token as string;
      const personal = await server.gql(CREATE_PERSONAL, { title: 'my laptop' }, { token: victim.token });
      expect(personal.errors).toBeUndefined();
      const changed = await server.gql(
        UPDATE,
        { id: victim.userId, input: { password: 'brand-new-password' } },
        { token: admin.token },
      );
      expect(changed.errors).toBeUndefined();
      for (const token of [victim.token, second]) {
        const me = await server.gql(ME, {}, { token });
        expect([me.status, me.errors?.[0]?.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
      expect(
        [...events].reverse().find((e) => e.action === 'user.updated' && e.targetId === victim.userId)?.changes,
      ).toMatchObject({ password: { after: '(changed)' }, sessions: { after: 'revoked' } });
      // the personal key is a credential of its own (revoked explicitly; deactivation stops it)
      expect((await server.gql(ME, {}, { token: personal.data!.createSecretApiKey.secret })).data!.me.user.id).toBe(
        victim.userId,
      );
      const fresh = await server.gql(LOGIN, { e: victim.email, p: 'brand-new-password' });
      expect((await server.gql(ME, {}, { token: fresh.data!.login.token })).data!.me.user.id).toBe(victim.userId);
    });

    it('revokeUserSessions signs a user out everywhere (USER OWNER, no escalation); it can sign in again', async () => {
      const owner = await createTenantUser(server, { grants: { USER: 'OWNER' } });
      const editor = await createTenantUser(server, { tenantId: owner.tenantId, grants: { USER: 'EDITOR' } });
      const victim = await createTenantUser(server, { tenantId: owner.tenantId });
      const refused = await server.gql(REVOKE_SESSIONS, { userId: victim.userId }, { token: editor.token });
      expect(refused.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect((await server.gql(ME, {}, { token: victim.token })).data!.me.user.id).toBe(victim.userId);
      const revoked = await server.gql(REVOKE_SESSIONS, { userId: victim.userId }, { token: owner.token });
      expect(revoked.errors).toBeUndefined();
      expect((await server.gql(ME, {}, { token: victim.token })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(events.find((e) => e.action === 'user.sessions_revoked' && e.targetId === victim.userId)).toBeDefined();
      // no escalation: a USER OWNER cannot sign out a user holding more than it does
      const bigger = await createTenantUser(server, {
        tenantId: owner.tenantId,
        grants: { USER: 'OWNER', API_KEY: 'OWNER' },
      });
      expect(
        (await server.gql(REVOKE_SESSIONS, { userId: bigger.userId }, { token: owner.token })).errors?.[0]?.extensions
          .code,
      ).toBe('FORBIDDEN');
      expect((await server.gql(ME, {}, { token: bigger.token })).data!.me.user.id).toBe(bigger.userId);
      const fresh = await server.gql(LOGIN, { e: victim.email, p: victim.password });
      expect((await server.gql(ME, {}, { token: fresh.data!.login.token })).data!.me.user.id).toBe(victim.userId);
    });

    it('changing a user follows the no-escalation rule: a ROLE_AND_PERMISSION owner may change a holder of a tenant-defined area it may assign', async () => {
      const owner = await createTenantUser(server, { grants: { USER: 'OWNER', ROLE_AND_PERMISSION: 'OWNER' } });
      const userOwner = await createTenantUser(server, { tenantId: owner.tenantId, grants: { USER: 'OWNER' } });
      const role = await server.gql(
        'mutation($input: CreateRoleDefinitionInput!) { createRoleDefinition(input: $input) { key } }',
        { input: { key: 'LOYALTY', name: 'Loyalty' } },
        { token: owner.token },
      );
      expect(role.errors).toBeUndefined();
      const holder = await createTenantUser(server, { tenantId: owner.tenantId, grants: { LOYALTY: 'OWNER' } });
      // a USER owner holding nothing of LOYALTY may not; the area's assigner may
      expect(
        (await server.gql(REVOKE_SESSIONS, { userId: holder.userId }, { token: userOwner.token })).errors?.[0]
          ?.extensions.code,
      ).toBe('FORBIDDEN');
      expect((await server.gql(ME, {}, { token: holder.token })).data!.me.user.id).toBe(holder.userId);
      expect(
        (await server.gql(REVOKE_SESSIONS, { userId: holder.userId }, { token: owner.token })).errors,
      ).toBeUndefined();
      expect((await server.gql(ME, {}, { token: holder.token })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    });

    it('revokeMySessions signs yourself out everywhere, without any grant', async () => {
      const me = await createTenantUser(server);
      const other = (await server.gql(LOGIN, { e: me.email, p: me.password })).data!.login.token as string;
      const res = await server.gql('mutation { revokeMySessions }', {}, { token: me.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.revokeMySessions).toBe(true);
      for (const token of [me.token, other])
        expect((await server.gql(ME, {}, { token })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect((await server.gql(LOGIN, { e: me.email, p: me.password })).errors).toBeUndefined();
    });

    it('regression: changing your own password needs the current one (changeMyPassword), ends your other sessions and returns a new one', async () => {
      const me = await createTenantUser(server, { grants: { USER: 'OWNER' } });
      const other = (await server.gql(LOGIN, { e: me.email, p: me.password })).data!.login.token as string;
      // updateUser cannot change your own password (it asks for no current password)
      expect(
        (await server.gql(UPDATE, { id: me.userId, input: { password: 'taken-over-pass' } }, { token: me.token }))
          .errors?.[0]?.extensions.code,
      ).toBe('FORBIDDEN');
      const wrong = await server.gql(
        CHANGE_MY_PASSWORD,
        { current: 'not-my-password', next: 'my-new-password' },
        { token: me.token },
      );
      expect([wrong.errors?.[0]?.extensions.code, wrong.errors?.[0]?.extensions.field]).toEqual([
        'BAD_USER_INPUT',
        'currentPassword',
      ]);
      const short = await server.gql(CHANGE_MY_PASSWORD, { current: me.password, next: 'short' }, { token: me.token });
      expect([short.errors?.[0]?.extensions.code, short.errors?.[0]?.extensions.field]).toEqual([
        'BAD_USER_INPUT',
        'newPassword',
      ]);
      expect((await server.gql(ME, {}, { token: other })).data!.me.user.id).toBe(me.userId);
      const changed = await server.gql(
        CHANGE_MY_PASSWORD,
        { current: me.password, next: 'my-new-password' },
        { token: me.token },
      );
      expect(changed.errors).toBeUndefined();
      for (const token of [me.token, other])
        expect((await server.gql(ME, {}, { token })).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect((await server.gql(ME, {}, { token: changed.data!.changeMyPassword.token })).data!.me.user.id).toBe(
        me.userId,
      );
      expect((await server.gql(LOGIN, { e: me.email, p: me.password })).errors?.[0]?.extensions.code).toBe(
        'UNAUTHENTICATED',
      );
      expect((await server.gql(LOGIN, { e: me.email, p: 'my-new-password' })).errors).toBeUndefined();
      expect(JSON.stringify(events)).not.toMatch(/my-new-password|not-my-password/);
    });
  });

  describe('bad input', () => {
    it('rejects invalid emails, names, passwords, duplicates, unknown roles and groups, writing nothing', async () => {
      const admin = await createTenantUser(server, {
        grants: { USER: 'EDITOR', ROLE_AND_PERMISSION: 'EDITOR', API_KEY: 'OWNER' },
      });
      const keyGroup = await group(admin, { name: 'Key group', type: 'API_KEY' });
      const other = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'EDITOR' } });
      const foreignGroup = await group(other, { name: 'Foreign', type: 'USER' });
      const taken = email();
      expect(
        (
          await server.gql(
            CREATE,
            { input: { email: taken, name: 'First', password: 'password-1' } },
            { token: admin.token },
          )
        ).errors,
      ).toBeUndefined();
      const users = await userCount(admin.tenantId);
      const grants = await grantCount(admin.tenantId);
      const memberships = await server.kw.dataSource.getRepository(UserGroup).countBy({ tenantId: admin.tenantId });
      const eventsBefore = events.length;
      const valid = { email: email(), name: 'Valid', password: 'password-1' };
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ ...valid, email: 'not-an-email' }, 'BAD_USER_INPUT', 'input.email'],
        [{ ...valid, email: `${'a'.repeat(250)}@example.test` }, 'BAD_USER_INPUT', 'input.email'],
        [{ ...valid, name: '' }, 'BAD_USER_INPUT', 'input.name'],
        [{ ...valid, name: '   ' }, 'BAD_USER_INPUT', 'input.name'],
        [{ ...valid, name: 'n'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
        [{ ...valid, password: 'short12' }, 'BAD_USER_INPUT', 'input.password'],
        [{ ...valid, email: taken.toUpperCase() }, 'CONFLICT', 'input.email'],
        [
          { ...valid, grants: [{ roleKey: 'NO_SUCH_ROLE', level: 'VIEWER' }] },
          'BAD_USER_INPUT',
          'input.grants[0].roleKey',
        ],
        [
          {
            ...valid,
            grants: [
              { roleKey: 'API_KEY', level: 'VIEWER' },
              { roleKey: 'API_KEY', level: 'EDITOR' },
            ],
          },
          'BAD_USER_INPUT',
          'input.grants[1].roleKey',
        ],
        [{ ...valid, groupIds: ['00000000-0000-4000-8000-000000000000'] }, 'BAD_USER_INPUT', 'input.groupIds[0]'],
        [{ ...valid, groupIds: [keyGroup] }, 'BAD_USER_INPUT', 'input.groupIds[0]'],
        [{ ...valid, groupIds: [foreignGroup] }, 'BAD_USER_INPUT', 'input.groupIds[0]'],
      ];
      for (const [input, code, field] of cases) {
        const res = await server.gql(CREATE, { input }, { token: admin.token });
        expect([JSON.stringify(input).slice(0, 60), res.errors?.[0]?.extensions]).toEqual([
          JSON.stringify(input).slice(0, 60),
          expect.objectContaining({ code, field }),
        ]);
      }
      const user = (await server.gql(LIST, { first: 1 }, { token: admin.token })).data!.users;
      expect(user.totalCount).toBe(users);
      expect(await userCount(admin.tenantId)).toBe(users);
      expect(await grantCount(admin.tenantId)).toBe(grants);
      expect(await server.kw.dataSource.getRepository(UserGroup).countBy({ tenantId: admin.tenantId })).toBe(
        memberships,
      );
      expect(events.length).toBe(eventsBefore);
    });

    it('rejects bad updates naming the field and leaves the row as it was', async () => {
      const admin = await createTenantUser(server, { grants: { USER: 'EDITOR' } });
      const a = (
        await server.gql(
          CREATE,
          { input: { email: email(), name: 'A', password: 'password-1' } },
          { token: admin.token },
        )
      ).data!.createUser;
      const b = (
        await server.gql(
          CREATE,
          { input: { email: email(), name: 'B', password: 'password-1' } },
          { token: admin.token },
        )
      ).data!.createUser;
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ email: a.email, name: 'changed' }, 'CONFLICT', 'input.email'],
        [{ name: '', email: email() }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: null }, 'BAD_USER_INPUT', 'input.name'],
        [{ password: 'short', name: 'changed' }, 'BAD_USER_INPUT', 'input.password'],
        [{ active: null }, 'BAD_USER_INPUT', 'input.active'],
      ];
      for (const [input, code, field] of cases) {
        const res = await server.gql(UPDATE, { id: b.id, input }, { token: admin.token });
        expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
      }
      const row = await server.kw.dataSource.getRepository(User).findOneByOrFail({ id: b.id });
      expect([row.email, row.name]).toEqual([b.email, 'B']);
    });
  });

  describe('security', () => {
    const LEVELS: Array<AccessLevel | undefined> = [undefined, 'VIEWER', 'EDITOR', 'OWNER'];
    const RANK = (l: AccessLevel | undefined) => (l ? ['VIEWER', 'EDITOR', 'OWNER'].indexOf(l) + 1 : 0);

    it.each(LEVELS.map((held) => [held ?? 'none'] as const))(
      'no escalation: a USER editor holding API_KEY at %s grants only what it holds',
      async (heldName) => {
        const held = heldName === 'none' ? undefined : (heldName as AccessLevel);
        const admin = await createTenantUser(server, {
          grants: { USER: 'EDITOR', ...(held ? { API_KEY: held } : {}) },
        });
        const target = (
          await server.gql(
            CREATE,
            { input: { email: email(), name: 'Target', password: 'password-1' } },
            { token: admin.token },
          )
        ).data!.createUser;
        for (const wanted of ['VIEWER', 'EDITOR', 'OWNER'] as const) {
          const allowed = RANK(held) >= RANK(wanted);
          const before = await userCount(admin.tenantId);
          const created = await server.gql(
            CREATE,
            {
              input: {
                email: email(),
                name: 'New',
                password: 'password-1',
                grants: [{ roleKey: 'API_KEY', level: wanted }],
              },
            },
            { token: admin.token },
          );
          const set = await server.gql(
            SET_GRANTS,
            { userId: target.id, grants: [{ roleKey: 'API_KEY', level: wanted }] },
            { token: admin.token },
          );
          if (allowed) {
            expect(created.errors).toBeUndefined();
            expect(set.data!.setUserGrants.grants).toEqual([{ roleKey: 'API_KEY', level: wanted }]);
          } else {
            expect([created.errors?.[0]?.extensions.code, set.errors?.[0]?.extensions.code]).toEqual([
              'FORBIDDEN',
              'FORBIDDEN',
            ]);
            expect(await userCount(admin.tenantId)).toBe(before);
            const grants = (await server.gql(GET, { id: target.id }, { token: admin.token })).data!.user.grants;
            expect(grants.every((g: { level: AccessLevel }) => RANK(g.level) <= RANK(held))).toBe(true);
          }
        }
      },
    );

    it('cannot take away or lower a grant it does not hold, nor join a user to a group granting more', async () => {
      const owner = await createTenantUser(server, {
        grants: { USER: 'EDITOR', ROLE_AND_PERMISSION: 'EDITOR', AUDIT_LOG: 'OWNER' },
      });
      const limited = await createTenantUser(server, {
        grants: { USER: 'EDITOR', AUDIT_LOG: 'VIEWER' },
        tenantId: owner.tenantId,
      });
      const target = (
        await server.gql(
          CREATE,
          {
            input: {
              email: email(),
              name: 'T',
              password: 'password-1',
              grants: [{ roleKey: 'AUDIT_LOG', level: 'OWNER' }],
            },
          },
          { token: owner.token },
        )
      ).data!.createUser;
      const strip = await server.gql(SET_GRANTS, { userId: target.id, grants: [] }, { token: limited.token });
      expect(strip.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const lower = await server.gql(
        SET_GRANTS,
        { userId: target.id, grants: [{ roleKey: 'AUDIT_LOG', level: 'VIEWER' }] },
        { token: limited.token },
      );
      expect(lower.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const auditors = await group(owner, {
        name: 'Auditors',
        type: 'USER',
        grants: [{ roleKey: 'AUDIT_LOG', level: 'OWNER' }],
      });
      const join = await server.gql(
        UPDATE,
        { id: target.id, input: { groupIds: [auditors] } },
        { token: limited.token },
      );
      expect(join.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const viaCreate = await server.gql(
        CREATE,
        { input: { email: email(), name: 'X', password: 'password-1', groupIds: [auditors] } },
        { token: limited.token },
      );
      expect(viaCreate.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const row = (await server.gql(GET, { id: target.id }, { token: owner.token })).data!.user;
      expect([row.grants, row.groups]).toEqual([[{ roleKey: 'AUDIT_LOG', level: 'OWNER' }], []]);
    });

    it('cannot take over a user holding more: no password, email or state change on it', async () => {
      const admin = await createTenantUser(server, { grants: { USER: 'OWNER', API_KEY: 'OWNER' } });
      const helpdesk = await createTenantUser(server, {
        grants: { USER: 'EDITOR', API_KEY: 'VIEWER' },
        tenantId: admin.tenantId,
      });
      const strong = (
        await server.gql(
          CREATE,
          {
            input: {
              email: email(),
              name: 'Strong',
              password: 'password-1',
              grants: [{ roleKey: 'API_KEY', level: 'EDITOR' }],
            },
          },
          { token: admin.token },
        )
      ).data!.createUser;
      const weak = (
        await server.gql(
          CREATE,
          {
            input: {
              email: email(),
              name: 'Weak',
              password: 'password-1',
              grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }],
            },
          },
          { token: admin.token },
        )
      ).data!.createUser;
      for (const input of [
        { password: 'taken-over-now' },
        { email: email() },
        { active: false },
        { name: 'Renamed' },
      ]) {
        expect(
          (await server.gql(UPDATE, { id: strong.id, input }, { token: helpdesk.token })).errors?.[0]?.extensions.code,
        ).toBe('FORBIDDEN');
      }
      expect((await server.gql(LOGIN, { e: strong.email, p: 'password-1' })).errors).toBeUndefined();
      expect(
        (await server.gql(UPDATE, { id: weak.id, input: { password: 'reset-by-helpdesk' } }, { token: helpdesk.token }))
          .errors,
      ).toBeUndefined();
      expect((await server.gql(LOGIN, { e: weak.email, p: 'reset-by-helpdesk' })).errors).toBeUndefined();
    });

    it('a user cannot change its own grants, groups, super-user flag or deactivate itself', async () => {
      const me = await createTenantUser(server, {
        grants: { USER: 'OWNER', ROLE_AND_PERMISSION: 'OWNER', API_KEY: 'OWNER' },
        superUser: true,
      });
      const groupId = await group(me, { name: 'Mine', type: 'USER' });
      const attempts = [
        [SET_GRANTS, { userId: me.userId, grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] }],
        [UPDATE, { id: me.userId, input: { groupIds: [groupId] } }],
        [UPDATE, { id: me.userId, input: { superUser: false } }],
        [UPDATE, { id: me.userId, input: { active: false } }],
      ] as const;
      for (const [query, vars] of attempts)
        expect((await server.gql(query, vars, { token: me.token })).errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const renamed = await server.gql(UPDATE, { id: me.userId, input: { name: 'Still me' } }, { token: me.token });
      expect(renamed.data!.updateUser).toMatchObject({ name: 'Still me', superUser: true, active: true, groups: [] });
    });

    it('only super users make super users, and only super users change one', async () => {
      const admin = await createTenantUser(server, { grants: { USER: 'OWNER' } });
      const made = await server.gql(
        CREATE,
        { input: { email: email(), name: 'S', password: 'password-1', superUser: true } },
        { token: admin.token },
      );
      expect(made.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const plain = (
        await server.gql(
          CREATE,
          { input: { email: email(), name: 'P', password: 'password-1' } },
          { token: admin.token },
        )
      ).data!.createUser;
      expect(
        (await server.gql(UPDATE, { id: plain.id, input: { superUser: true } }, { token: admin.token })).errors?.[0]
          ?.extensions.code,
      ).toBe('FORBIDDEN');
      const superUser = await createTenantUser(server, {
        tenantId: admin.tenantId,
        superUser: true,
        grants: { USER: 'EDITOR' },
      });
      expect(
        (await server.gql(UPDATE, { id: superUser.userId, input: { active: false } }, { token: admin.token }))
          .errors?.[0]?.extensions.code,
      ).toBe('FORBIDDEN');
      const promoted = await server.gql(
        UPDATE,
        { id: plain.id, input: { superUser: true } },
        { token: superUser.token },
      );
      expect(promoted.data!.updateUser.superUser).toBe(true);
    });

    it("another tenant's user is NOT_FOUND and its data unchanged", async () => {
      const a = await createTenantUser(server, { grants: { USER: 'EDITOR' } });
      const b = await createTenantUser(server, { grants: { USER: 'OWNER', API_KEY: 'OWNER' } });
      const victim = (
        await server.gql(
          CREATE,
          { input: { email: email(), name: 'Victim', password: 'password-1' } },
          { token: a.token },
        )
      ).data!.createUser;
      const attempts = [
        [GET, { id: victim.id }],
        [UPDATE, { id: victim.id, input: { name: 'pwned', active: false } }],
        [SET_GRANTS, { userId: victim.id, grants: [{ roleKey: 'API_KEY', level: 'OWNER' }] }],
      ] as const;
      for (const [query, vars] of attempts) {
        const res = await server.gql(query, vars, { token: b.token });
        expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
        expect(JSON.stringify(res.data)).not.toContain(victim.id);
      }
      expect(
        (await server.gql(LIST, { first: 100 }, { token: b.token })).data!.users.edges.map((e: any) => e.node.email),
      ).not.toContain(victim.email);
      const row = (await server.gql(GET, { id: victim.id }, { token: a.token })).data!.user;
      expect(row).toMatchObject({ name: 'Victim', active: true, grants: [] });
      // the same email may exist in another tenant
      expect(
        (
          await server.gql(
            CREATE,
            { input: { email: victim.email, name: 'Twin', password: 'password-1' } },
            { token: b.token },
          )
        ).errors,
      ).toBeUndefined();
    });
  });
});
