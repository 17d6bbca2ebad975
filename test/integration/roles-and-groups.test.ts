import { AuthorizationGroup } from '../../src/db/entities/authorization-group.entity';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { eventsForSuite } from '../helpers/domain-events';
import { createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

const ROLES = '{ roleDefinitions { id key name description builtIn createdBy { __typename } } }';
const CREATE_ROLE =
  'mutation($input: CreateRoleDefinitionInput!) { createRoleDefinition(input: $input) { id key name description builtIn createdBy { ... on User { id } } } }';
const UPDATE_ROLE =
  'mutation($id: ID!, $input: UpdateRoleDefinitionInput!) { updateRoleDefinition(id: $id, input: $input) { id name description } }';
const DELETE_ROLE = 'mutation($id: ID!) { deleteRoleDefinition(id: $id) }';
const GROUP_FIELDS =
  'id name description type grants { roleKey level role { key } } createdBy { ... on User { id } } updatedBy { ... on User { id } }';
const GROUPS = `query($type: AuthorizationGroupType) { authorizationGroups(type: $type) { ${GROUP_FIELDS} } }`;
const GROUP = `query($id: ID!) { authorizationGroup(id: $id) { ${GROUP_FIELDS} } }`;
const CREATE_GROUP = `mutation($input: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $input) { ${GROUP_FIELDS} } }`;
const UPDATE_GROUP = `mutation($id: ID!, $input: UpdateAuthorizationGroupInput!) { updateAuthorizationGroup(id: $id, input: $input) { ${GROUP_FIELDS} } }`;
const DELETE_GROUP = 'mutation($id: ID!) { deleteAuthorizationGroup(id: $id) }';
const ME = '{ me { grants { roleKey level } } }';

const BUILT_INS = [
  'API_KEY',
  'AUDIT_LOG',
  'CONFIGURATION',
  'LOGISTICS',
  'ORDER_DATA',
  'PRICING',
  'PRODUCT_DATA',
  'ROLE_AND_PERMISSION',
  'SHOP_AND_CHANNEL',
  'USER',
  'WEBHOOK',
];

describe('role definitions and authorization groups', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);
  const roleCount = (tenantId: string) => server.kw.dataSource.getRepository(RoleDefinition).countBy({ tenantId });
  const groupCount = (tenantId: string) => server.kw.dataSource.getRepository(AuthorizationGroup).countBy({ tenantId });
  const grantCount = (tenantId: string) =>
    server.kw.dataSource.getRepository(RoleGrant).countBy({ tenantId, subjectType: 'GROUP' });
  const makeRole = async (who: TenantUser, key: string) =>
    (await server.gql(CREATE_ROLE, { input: { key, name: key } }, { token: who.token })).data!.createRoleDefinition;

  describe('role definitions', () => {
    it('seeds the built-in catalog for every tenant, and custom keys are per tenant', async () => {
      const editor = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'EDITOR' } });
      const res = await server.gql(ROLES, {}, { token: editor.token });
      expect(res.data!.roleDefinitions.map((r: { key: string }) => r.key)).toEqual(BUILT_INS);
      expect(
        res.data!.roleDefinitions.every(
          (r: { builtIn: boolean; createdBy: unknown }) => r.builtIn && r.createdBy === null,
        ),
      ).toBe(true);

      const created = await server.gql(
        CREATE_ROLE,
        { input: { key: 'INVENTORY', name: 'Inventory', description: 'Stock levels' } },
        { token: editor.token },
      );
      expect(created.errors).toBeUndefined();
      expect(created.data!.createRoleDefinition).toMatchObject({
        key: 'INVENTORY',
        name: 'Inventory',
        builtIn: false,
        createdBy: { id: editor.userId },
      });
      expect(events.at(-1)).toMatchObject({
        action: 'role_definition.created',
        changes: { key: { after: 'INVENTORY' } },
      });
      const other = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'EDITOR' } });
      expect(
        (await server.gql(ROLES, {}, { token: other.token })).data!.roleDefinitions.map((r: { key: string }) => r.key),
      ).not.toContain('INVENTORY');
      expect(
        (await server.gql(CREATE_ROLE, { input: { key: 'INVENTORY', name: 'Theirs' } }, { token: other.token })).errors,
      ).toBeUndefined();
    });

    it('updates and deletes custom definitions (removing their grants); built-ins are immutable', async () => {
      // ROLE_AND_PERMISSION owners manage custom areas (nobody holds a new one yet)
      const owner = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'OWNER' } });
      const role = await makeRole(owner, 'CUSTOMERS');
      const updated = await server.gql(
        UPDATE_ROLE,
        { id: role.id, input: { name: 'Customer data', description: 'CRM' } },
        { token: owner.token },
      );
      expect(updated.data!.updateRoleDefinition).toMatchObject({ name: 'Customer data', description: 'CRM' });
      expect(events.at(-1)).toMatchObject({
        action: 'role_definition.updated',
        changes: { name: { before: 'CUSTOMERS', after: 'Customer data' } },
      });
      const group = (
        await server.gql(
          CREATE_GROUP,
          { input: { name: 'CRM', type: 'API_KEY', grants: [{ roleKey: 'CUSTOMERS', level: 'OWNER' }] } },
          { token: owner.token },
        )
      ).data!.createAuthorizationGroup;
      expect(group.grants).toEqual([{ roleKey: 'CUSTOMERS', level: 'OWNER', role: { key: 'CUSTOMERS' } }]);

      const builtIn = (await server.gql(ROLES, {}, { token: owner.token })).data!.roleDefinitions.find(
        (r: { key: string }) => r.key === 'USER',
      );
      for (const [query, vars] of [
        [UPDATE_ROLE, { id: builtIn.id, input: { name: 'Hacked' } }],
        [DELETE_ROLE, { id: builtIn.id }],
      ] as const) {
        expect((await server.gql(query, vars, { token: owner.token })).errors?.[0]?.extensions).toMatchObject({
          code: 'BAD_USER_INPUT',
          field: 'id',
        });
      }
      const deleted = await server.gql(DELETE_ROLE, { id: role.id }, { token: owner.token });
      expect(deleted.data!.deleteRoleDefinition).toBe(role.id);
      expect(events.at(-1)).toMatchObject({ action: 'role_definition.deleted', targetId: role.id });
      expect(
        (await server.gql(GROUP, { id: group.id }, { token: owner.token })).data!.authorizationGroup.grants,
      ).toEqual([]);
      expect(await roleCount(owner.tenantId)).toBe(BUILT_INS.length);
    });

    it('rejects malformed and duplicate keys and bad names, writing nothing', async () => {
      const editor = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'EDITOR' } });
      await makeRole(editor, 'TAKEN');
      const count = await roleCount(editor.tenantId);
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ key: 'lower_case', name: 'x' }, 'BAD_USER_INPUT', 'input.key'],
        [{ key: 'A', name: 'x' }, 'BAD_USER_INPUT', 'input.key'],
        [{ key: '1ABC', name: 'x' }, 'BAD_USER_INPUT', 'input.key'],
        [{ key: 'A'.repeat(65), name: 'x' }, 'BAD_USER_INPUT', 'input.key'],
        [{ key: 'WITH-DASH', name: 'x' }, 'BAD_USER_INPUT', 'input.key'],
        [{ key: 'OK_KEY', name: '' }, 'BAD_USER_INPUT', 'input.name'],
        [{ key: 'OK_KEY', name: 'n'.repeat(201) }, 'BAD_USER_INPUT', 'input.name'],
        [{ key: 'TAKEN', name: 'again' }, 'CONFLICT', 'input.key'],
        [{ key: 'API_KEY', name: 'shadow a built-in' }, 'CONFLICT', 'input.key'],
      ];
      for (const [input, code, field] of cases) {
        expect(
          (await server.gql(CREATE_ROLE, { input }, { token: editor.token })).errors?.[0]?.extensions,
        ).toMatchObject({ code, field });
      }
      expect(await roleCount(editor.tenantId)).toBe(count);
    });
  });

  describe('authorization groups', () => {
    it('creates, lists, updates and deletes groups; members get and lose the group grants', async () => {
      const admin = await createTenantUser(server, {
        grants: { ROLE_AND_PERMISSION: 'OWNER', USER: 'EDITOR', WEBHOOK: 'OWNER', API_KEY: 'EDITOR' },
      });
      const created = await server.gql(
        CREATE_GROUP,
        {
          input: {
            name: ' Ops ',
            description: 'Operations',
            type: 'USER',
            grants: [{ roleKey: 'WEBHOOK', level: 'EDITOR' }],
          },
        },
        { token: admin.token },
      );
      expect(created.errors).toBeUndefined();
      const group = created.data!.createAuthorizationGroup;
      expect(group).toMatchObject({
        name: 'Ops',
        description: 'Operations',
        type: 'USER',
        grants: [{ roleKey: 'WEBHOOK', level: 'EDITOR' }],
        createdBy: { id: admin.userId },
      });
      expect(events.at(-1)).toMatchObject({
        action: 'authorization_group.created',
        changes: { name: { after: 'Ops' }, grants: { after: [{ roleKey: 'WEBHOOK', level: 'EDITOR' }] } },
      });
      await server.gql(CREATE_GROUP, { input: { name: 'Keys', type: 'API_KEY' } }, { token: admin.token });
      expect(
        (await server.gql(GROUPS, {}, { token: admin.token })).data!.authorizationGroups.map(
          (g: { name: string }) => g.name,
        ),
      ).toEqual(['Keys', 'Ops']);
      expect(
        (await server.gql(GROUPS, { type: 'USER' }, { token: admin.token })).data!.authorizationGroups.map(
          (g: { name: string }) => g.name,
        ),
      ).toEqual(['Ops']);

      const member = await createTenantUser(server, { tenantId: admin.tenantId });
      expect(
        (
          await server.gql(
            'mutation($id: ID!, $g: [ID!]) { updateUser(id: $id, input: { groupIds: $g }) { id } }',
            { id: member.userId, g: [group.id] },
            { token: admin.token },
          )
        ).errors,
      ).toBeUndefined();
      expect((await server.gql(ME, {}, { token: member.token })).data!.me.grants).toEqual([
        { roleKey: 'WEBHOOK', level: 'EDITOR' },
      ]);

      const updated = await server.gql(
        UPDATE_GROUP,
        {
          id: group.id,
          input: {
            name: 'Operations',
            grants: [
              { roleKey: 'WEBHOOK', level: 'OWNER' },
              { roleKey: 'API_KEY', level: 'VIEWER' },
            ],
          },
        },
        { token: admin.token },
      );
      expect(updated.errors).toBeUndefined();
      expect(
        updated.data!.updateAuthorizationGroup.grants.map(
          (g: { roleKey: string; level: string }) => `${g.roleKey}:${g.level}`,
        ),
      ).toEqual(['API_KEY:VIEWER', 'WEBHOOK:OWNER']);
      expect(events.at(-1)).toMatchObject({
        action: 'authorization_group.updated',
        changes: {
          name: { before: 'Ops', after: 'Operations' },
          grants: { before: [{ roleKey: 'WEBHOOK', level: 'EDITOR' }] },
        },
      });
      // a member's session sees the new grants at once
      expect((await server.gql(ME, {}, { token: member.token })).data!.me.grants).toEqual([
        { roleKey: 'API_KEY', level: 'VIEWER' },
        { roleKey: 'WEBHOOK', level: 'OWNER' },
      ]);

      expect(
        (await server.gql(DELETE_GROUP, { id: group.id }, { token: admin.token })).data!.deleteAuthorizationGroup,
      ).toBe(group.id);
      expect(events.at(-1)).toMatchObject({ action: 'authorization_group.deleted', targetId: group.id });
      expect((await server.gql(ME, {}, { token: member.token })).data!.me.grants).toEqual([]);
      expect(await grantCount(admin.tenantId)).toBe(0);
    });

    it('rejects empty or duplicate names and unknown roles, writing nothing', async () => {
      const admin = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'EDITOR', API_KEY: 'OWNER' } });
      const existing = (
        await server.gql(
          CREATE_GROUP,
          { input: { name: 'Existing', type: 'USER', grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] } },
          { token: admin.token },
        )
      ).data!.createAuthorizationGroup;
      const [groups, grants] = [await groupCount(admin.tenantId), await grantCount(admin.tenantId)];
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ name: '', type: 'USER' }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: '    ', type: 'USER' }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: 'n'.repeat(201), type: 'USER' }, 'BAD_USER_INPUT', 'input.name'],
        [{ name: 'existing', type: 'API_KEY' }, 'CONFLICT', 'input.name'],
        [
          { name: 'New', type: 'USER', grants: [{ roleKey: 'NOPE', level: 'VIEWER' }] },
          'BAD_USER_INPUT',
          'input.grants[0].roleKey',
        ],
        [{ name: 'New', type: 'BOTH' }, 'BAD_USER_INPUT', 'input.type'],
      ];
      for (const [input, code, field] of cases) {
        expect(
          (await server.gql(CREATE_GROUP, { input }, { token: admin.token })).errors?.[0]?.extensions,
        ).toMatchObject({ code, field });
      }
      for (const [input, code, field] of [
        [{ name: '' }, 'BAD_USER_INPUT', 'input.name'],
        [
          {
            grants: [
              { roleKey: 'API_KEY', level: 'OWNER' },
              { roleKey: 'UNKNOWN', level: 'OWNER' },
            ],
          },
          'BAD_USER_INPUT',
          'input.grants[1].roleKey',
        ],
      ] as const) {
        expect(
          (await server.gql(UPDATE_GROUP, { id: existing.id, input }, { token: admin.token })).errors?.[0]?.extensions,
        ).toMatchObject({ code, field });
      }
      expect([await groupCount(admin.tenantId), await grantCount(admin.tenantId)]).toEqual([groups, grants]);
      expect(
        (await server.gql(GROUP, { id: existing.id }, { token: admin.token })).data!.authorizationGroup,
      ).toMatchObject({ name: 'Existing', grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }] });
    });
  });

  describe('security', () => {
    it('custom areas are handed out by ROLE_AND_PERMISSION owners only, not by editors who do not hold them', async () => {
      const owner = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'OWNER' } });
      const editor = await createTenantUser(server, {
        grants: { ROLE_AND_PERMISSION: 'EDITOR' },
        tenantId: owner.tenantId,
      });
      await makeRole(owner, 'FRESH_AREA');
      const denied = await server.gql(
        CREATE_GROUP,
        { input: { name: 'Fresh', type: 'USER', grants: [{ roleKey: 'FRESH_AREA', level: 'VIEWER' }] } },
        { token: editor.token },
      );
      expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(await groupCount(owner.tenantId)).toBe(0);
      const allowed = await server.gql(
        CREATE_GROUP,
        { input: { name: 'Fresh', type: 'USER', grants: [{ roleKey: 'FRESH_AREA', level: 'OWNER' }] } },
        { token: owner.token },
      );
      expect(allowed.errors).toBeUndefined();
      // …but a built-in area still needs to be held
      const builtIn = await server.gql(
        CREATE_GROUP,
        { input: { name: 'Audit', type: 'USER', grants: [{ roleKey: 'AUDIT_LOG', level: 'VIEWER' }] } },
        { token: owner.token },
      );
      expect(builtIn.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(await groupCount(owner.tenantId)).toBe(1);
    });

    it.each(['VIEWER', 'EDITOR', 'OWNER'] as const)(
      'no escalation: a group editor holding API_KEY at %s cannot put more into a group',
      async (held) => {
        const admin = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'EDITOR', API_KEY: held } });
        const rank = ['VIEWER', 'EDITOR', 'OWNER'];
        for (const wanted of rank) {
          const res = await server.gql(
            CREATE_GROUP,
            {
              input: { name: `G ${held} ${wanted}`, type: 'API_KEY', grants: [{ roleKey: 'API_KEY', level: wanted }] },
            },
            { token: admin.token },
          );
          if (rank.indexOf(wanted) <= rank.indexOf(held)) expect(res.errors).toBeUndefined();
          else expect(res.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
        }
        const groups = (await server.gql(GROUPS, {}, { token: admin.token })).data!.authorizationGroups;
        expect(groups).toHaveLength(rank.indexOf(held) + 1);
      },
    );

    it('cannot strip or delete a group granting areas it does not hold', async () => {
      const owner = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'OWNER', AUDIT_LOG: 'OWNER' } });
      const limited = await createTenantUser(server, {
        grants: { ROLE_AND_PERMISSION: 'OWNER' },
        tenantId: owner.tenantId,
      });
      const group = (
        await server.gql(
          CREATE_GROUP,
          { input: { name: 'Auditors', type: 'USER', grants: [{ roleKey: 'AUDIT_LOG', level: 'OWNER' }] } },
          { token: owner.token },
        )
      ).data!.createAuthorizationGroup;
      expect(
        (await server.gql(UPDATE_GROUP, { id: group.id, input: { grants: [] } }, { token: limited.token })).errors?.[0]
          ?.extensions.code,
      ).toBe('FORBIDDEN');
      expect(
        (await server.gql(DELETE_GROUP, { id: group.id }, { token: limited.token })).errors?.[0]?.extensions.code,
      ).toBe('FORBIDDEN');
      expect(
        (await server.gql(GROUP, { id: group.id }, { token: owner.token })).data!.authorizationGroup.grants,
      ).toHaveLength(1);
    });

    it("another tenant's groups and role definitions are NOT_FOUND and unchanged", async () => {
      const a = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'OWNER' } });
      const b = await createTenantUser(server, { grants: { ROLE_AND_PERMISSION: 'OWNER' } });
      const group = (await server.gql(CREATE_GROUP, { input: { name: 'Private', type: 'USER' } }, { token: a.token }))
        .data!.createAuthorizationGroup;
      const role = await makeRole(a, 'PRIVATE_AREA');
      const attempts = [
        [GROUP, { id: group.id }],
        [UPDATE_GROUP, { id: group.id, input: { name: 'pwned' } }],
        [DELETE_GROUP, { id: group.id }],
        [UPDATE_ROLE, { id: role.id, input: { name: 'pwned' } }],
        [DELETE_ROLE, { id: role.id }],
      ] as const;
      for (const [query, vars] of attempts) {
        const res = await server.gql(query, vars, { token: b.token });
        expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
        expect(JSON.stringify(res.data)).not.toContain(group.id);
      }
      expect((await server.gql(GROUPS, {}, { token: b.token })).data!.authorizationGroups).toEqual([]);
      // another tenant's role key is unknown here
      const foreignKey = await server.gql(
        CREATE_GROUP,
        { input: { name: 'x', type: 'USER', grants: [{ roleKey: 'PRIVATE_AREA', level: 'VIEWER' }] } },
        { token: b.token },
      );
      expect(foreignKey.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'input.grants[0].roleKey',
      });
      expect((await server.gql(GROUP, { id: group.id }, { token: a.token })).data!.authorizationGroup.name).toBe(
        'Private',
      );
    });
  });
});
