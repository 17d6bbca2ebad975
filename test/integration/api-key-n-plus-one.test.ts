import { randomUUID } from 'node:crypto';
import { ApiKey, type ApiKeyKind } from '../../src/db/entities/api-key.entity';
import { KeyUsageBucket } from '../../src/db/entities/key-usage-bucket.entity';
import { RoleDefinition } from '../../src/db/entities/role-definition.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { apiKeyRow, createChannel, createGroup, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { KEY_FIELDS } from '../helpers/api-keys';
import { captureQueries, type QueryCapture } from '../helpers/query-counter';
import { SYSTEM_ACTOR as SYSTEM } from '../../src/db/entities/columns';

// with the keys table's sparkline (usage per hour of the last day) and 24-hour total per row
const QUERY = `query($first: Int, $from: DateTime!, $to: DateTime!) { apiKeys(first: $first) { totalCount edges { node { ${KEY_FIELDS} usage24h usage(from: $from, to: $to, granularity: HOUR) { start total } } } } }`;

describe('listing keys with every nested field issues a bounded number of statements', () => {
  const server = testServerForSuite();
  let me: TenantUser;
  let counter: QueryCapture;
  let used: Record<string, number>;

  beforeAll(async () => {
    // USER VIEWER too: the owners' and creators' emails are read (and batched) as well
    me = await createTenantUser(server, { grants: { API_KEY: 'VIEWER', USER: 'VIEWER' } });
    const users = [me];
    for (let i = 0; i < 4; i++) users.push(await createTenantUser(server, { tenantId: me.tenantId }));
    const channels = [await createChannel(server, me.tenantId), await createChannel(server, me.tenantId)];
    const groups = [
      await createGroup(server, me.tenantId, 'API_KEY', { ORDER_DATA: 'VIEWER' }),
      await createGroup(server, me.tenantId, 'API_KEY', { PRICING: 'EDITOR' }),
    ];
    const em = server.kw.dataSource.manager;
    const roles = await em.find(RoleDefinition, { where: { tenantId: me.tenantId } });
    const keys: ApiKey[] = [];
    for (let i = 0; i < 120; i++) {
      const kind = (['GRAPHQL', 'REST', 'PERSONAL'] as ApiKeyKind[])[i % 3]!;
      const key = apiKeyRow(em, {
        id: randomUUID(),
        tenantId: me.tenantId,
        kind,
        name: `Key ${i}`,
        clientId: kind === 'REST' ? `kwc_n1_${i}` : null,
        channelId: kind === 'GRAPHQL' ? channels[i % 2]!.id : null,
        authorizationGroupId: kind === 'PERSONAL' ? null : groups[i % 2]!.id,
        ownerId: users[i % users.length]!.userId,
        revokedAt: i % 10 === 0 ? new Date() : null,
        revokedByType: i % 10 === 0 ? 'USER' : null,
        revokedById: i % 10 === 0 ? users[(i + 1) % users.length]!.userId : null,
        createdAt: new Date(Date.now() - i * 1000),
      });
      key.stampCreated({ type: 'USER', id: users[(i + 2) % users.length]!.userId });
      if (i > 0 && i % 4 === 0) key.stampUpdated({ type: 'API_KEY', id: keys[i - 1]!.id });
      keys.push(key);
    }
    await em.save(keys, { chunk: 50 });
    const grants = keys
      .filter((k) => k.kind !== 'PERSONAL')
      .flatMap((k, i) =>
        [roles[i % roles.length]!, roles[(i + 3) % roles.length]!].map((role) =>
          em
            .create(RoleGrant, {
              tenantId: me.tenantId,
              subjectType: 'API_KEY',
              subjectId: k.id,
              roleDefinitionId: role.id,
              level: 'VIEWER',
            })
            .stampCreated(SYSTEM),
        ),
      );
    await em.save(grants, { chunk: 100 });
    // usage of two keys half an hour ago: each row's series must show its own key's counts only
    const minute = Math.floor(Date.now() / 60_000) - 30;
    used = { [keys[1]!.id]: 5, [keys[2]!.id]: 7 };
    await em.save(
      Object.entries(used).map(([apiKeyId, count]) =>
        em.create(KeyUsageBucket, {
          apiKeyId,
          tenantId: me.tenantId,
          granularity: 'MINUTE',
          bucket: minute,
          outcome: 'VALID',
          count: String(count),
        }),
      ),
    );
    counter = captureQueries(server);
  });

  async function statementsFor(first: number): Promise<number> {
    counter.reset();
    const res = await server.gql(
      QUERY,
      { first, from: new Date(Date.now() - 86_400_000).toISOString(), to: new Date().toISOString() },
      { token: me.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.apiKeys.edges).toHaveLength(first);
    const nodes = res.data!.apiKeys.edges.map((e: any) => e.node);
    // the nested fields really were resolved
    expect(
      nodes.some(
        (n: any) =>
          n.owner && n.createdBy?.__typename === 'User' && n.grants.length > 0 && n.effectiveGrants.length > 2,
      ),
    ).toBe(true);
    expect(nodes.some((n: any) => n.updatedBy?.__typename === 'ApiKey')).toBe(true);
    expect(nodes.some((n: any) => n.revokedBy?.__typename === 'User')).toBe(true);
    expect(nodes.some((n: any) => n.kind === 'PERSONAL' && n.effectiveGrants.length > 0)).toBe(true);
    for (const n of nodes) {
      const total = n.usage.reduce((sum: number, p: { total: number }) => sum + p.total, 0);
      expect({ id: n.id, total, usage24h: n.usage24h, points: n.usage.length >= 24 }).toEqual({
        id: n.id,
        total: used[n.id] ?? 0,
        usage24h: used[n.id] ?? 0,
        points: true,
      });
    }
    return counter.count;
  }

  it('the same for 10 and for 100 keys, and small', async () => {
    await statementsFor(10); // the session's first use reads the user and its grants (then cached)
    const ten = await statementsFor(10);
    const hundred = await statementsFor(100);
    expect(hundred).toBe(ten);
    expect(hundred).toBeLessThanOrEqual(15);
  });
});
