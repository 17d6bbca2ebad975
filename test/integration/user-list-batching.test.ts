import { randomUUID } from 'node:crypto';
import { captureQueries } from '../helpers/query-counter';
import { AuthorizationGroup } from '../../src/db/entities/authorization-group.entity';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { UserGroup } from '../../src/db/entities/user-group.entity';
import { User } from '../../src/db/entities/user.entity';
import { createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

const USERS = `query($first: Int!) { users(first: $first) { totalCount edges { node {
  id email
  grants { roleKey level role { key builtIn } createdBy { ... on User { email } } }
  groups { name grants { roleKey level } createdBy { ... on User { email } } }
  effectiveGrants { roleKey level }
  createdBy { __typename ... on User { email } }
  updatedBy { __typename ... on User { email } }
} } } }`;

describe('listing users does not issue a query per user (no N+1)', () => {
  const server = testServerForSuite();
  let admin: TenantUser;
  beforeAll(async () => {
    admin = await createTenantUser(server, { grants: { USER: 'VIEWER' } });
    const editor = await createTenantUser(server, { tenantId: admin.tenantId });
    // 120 users with 2 grants each, in 2 of 3 groups, created by `admin`, changed by `editor`
    await server.kw.dataSource.transaction(async (em) => {
      const roles = await em.find(RoleDefinition, { where: { tenantId: admin.tenantId }, order: { key: 'ASC' } });
      const stamp = {
        createdByType: 'USER' as const,
        createdById: admin.userId,
        updatedByType: 'USER' as const,
        updatedById: editor.userId,
      };
      const groups = [0, 1, 2].map((i) =>
        em.create(AuthorizationGroup, {
          id: randomUUID(),
          tenantId: admin.tenantId,
          name: `Group ${i}`,
          description: null,
          type: 'USER',
          ...stamp,
        }),
      );
      await em.save(groups);
      const users = Array.from({ length: 120 }, (_, i) =>
        em.create(User, {
          id: randomUUID(),
          tenantId: admin.tenantId,
          email: `bulk-${String(i).padStart(3, '0')}@example.test`,
          name: `Bulk ${i}`,
          passwordHash: 'scrypt$x',
          active: true,
          superUser: false,
          lastLoginAt: null,
          ...stamp,
        }),
      );
      await em.save(users, { chunk: 50 });
      const grants: RoleGrant[] = [];
      for (const [i, subject] of [
        ...users.map((u) => ['USER', u.id] as const),
        ...groups.map((g) => ['GROUP', g.id] as const),
      ].entries()) {
        for (const role of [roles[i % roles.length]!, roles[(i + 3) % roles.length]!]) {
          grants.push(
            em.create(RoleGrant, {
              id: randomUUID(),
              tenantId: admin.tenantId,
              subjectType: subject[0],
              subjectId: subject[1],
              roleDefinitionId: role.id,
              level: 'EDITOR',
              ...stamp,
            }),
          );
        }
      }
      await em.save(grants, { chunk: 100 });
      await em.insert(
        UserGroup,
        users.flatMap((u, i) =>
          [groups[i % 3]!, groups[(i + 1) % 3]!].map((g) => ({
            userId: u.id,
            groupId: g.id,
            tenantId: admin.tenantId,
            createdAt: new Date(),
            updatedAt: new Date(),
            ...stamp,
          })),
        ),
      );
    });
  });

  async function statementsFor(first: number): Promise<{ count: number; users: number; sample: any }> {
    const capture = captureQueries(server);
    try {
      const res = await server.gql(USERS, { first }, { token: admin.token });
      expect(res.errors).toBeUndefined();
      return {
        count: capture.count,
        users: res.data!.users.edges.length,
        sample: res.data!.users.edges.find((e: any) => e.node.email === 'bulk-000@example.test')?.node,
      };
    } finally {
      capture.stop();
    }
  }

  it('resolves grants, groups and audit actors for the page', async () => {
    const { sample } = await statementsFor(10);
    expect(sample.grants).toHaveLength(2);
    expect(sample.grants[0].role.builtIn).toBe(true);
    expect(sample.grants[0].createdBy).toEqual({ email: admin.email });
    expect(sample.groups.map((g: { name: string }) => g.name)).toEqual(['Group 0', 'Group 1']);
    expect(sample.groups[0].grants).toHaveLength(2);
    expect(sample.effectiveGrants.length).toBeGreaterThanOrEqual(2);
    expect(sample.createdBy).toEqual({ __typename: 'User', email: admin.email });
    expect(sample.updatedBy.__typename).toBe('User');
  });

  it('issues the same, small number of SQL statements for 10 and for 100 users', async () => {
    const small = await statementsFor(10);
    const large = await statementsFor(100);
    expect(small.users).toBe(10);
    expect(large.users).toBe(100);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(12);
  });
});
