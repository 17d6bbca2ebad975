import { ApiKey, type ApiKeyKind } from '../../src/db/entities/api-key.entity';
import { apiKeyStatus, expirationState } from '../../src/domain/api-keys/api-key-status';
import { apiKeyRow, createChannel, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { LIST } from '../helpers/api-keys';

const DAY = 24 * 3600 * 1000;
type SortField = 'NAME' | 'ACTIVE' | 'CREATED_AT' | 'UPDATED_AT' | 'LAST_USED_AT' | 'EXPIRES_AT';

describe('apiKeys connection: keyset pagination, filters, sorts', () => {
  const server = testServerForSuite();
  let me: TenantUser;
  let colleague: TenantUser;
  let rows: ApiKey[];
  let channelId: string;

  beforeAll(async () => {
    me = await createTenantUser(server, { grants: { API_KEY: 'VIEWER' } });
    colleague = await createTenantUser(server, { tenantId: me.tenantId });
    const stranger = await createTenantUser(server, {});
    channelId = (await createChannel(server, me.tenantId)).id;
    const now = Date.now();
    const em = server.kw.dataSource.manager;
    const make = (tenantId: string, i: number, over: Partial<ApiKey>) =>
      apiKeyRow(em, {
        tenantId,
        kind: (['GRAPHQL', 'REST', 'PERSONAL'] as ApiKeyKind[])[i % 3],
        // duplicate names on purpose: ties must be broken by id; mixed case: names sort
        // case-insensitively on both dialects
        name: `${i % 2 ? 'Key' : 'key'} ${String.fromCharCode((i % 3 === 0 ? 65 : 97) + (i % 7))}`,
        active: i % 4 !== 0 && i % 6 !== 5, // a revoked key is inactive
        clientId: i % 3 === 1 ? `kwc_client${String(i).padStart(12, '0')}` : null,
        expiresAt:
          i % 5 === 0
            ? null
            : i % 5 === 1
              ? new Date(now - DAY)
              : i % 5 === 2
                ? new Date(now + 3 * DAY)
                : new Date(now + (30 + i) * DAY),
        channelId: i % 2 === 0 ? channelId : null,
        ownerId: i % 3 === 2 ? colleague.userId : me.userId,
        lastUsedAt: i % 3 === 0 ? null : new Date(now - (i % 4) * 3600_000),
        revokedAt: i % 6 === 5 ? new Date(now - 3600_000) : null,
        // several keys share a createdAt: ties again
        createdAt: new Date(now - 100 * DAY + Math.floor(i / 3) * DAY),
        updatedAt: new Date(now - 50 * DAY + (i % 8) * DAY),
        ...over,
      });
    rows = Array.from({ length: 23 }, (_, i) => make(me.tenantId, i, {}));
    await em.save(rows);
    await em.save(
      Array.from({ length: 5 }, (_, i) =>
        make(stranger.tenantId, i, { ownerId: stranger.userId, channelId: null, clientId: null }),
      ),
    );
  });

  const list = async (variables: Record<string, unknown>) => {
    const res = await server.gql(LIST, variables, { token: me.token });
    expect(res.errors).toBeUndefined();
    return res.data!.apiKeys;
  };

  function value(key: ApiKey, field: SortField): number | string | null {
    switch (field) {
      case 'NAME':
        return key.name.toLowerCase();
      case 'ACTIVE':
        return key.active ? 1 : 0;
      case 'CREATED_AT':
        return key.createdAt.getTime();
      case 'UPDATED_AT':
        return key.updatedAt.getTime();
      case 'LAST_USED_AT':
        return key.lastUsedAt?.getTime() ?? null;
      case 'EXPIRES_AT':
        return key.expiresAt?.getTime() ?? null;
    }
  }

  /** Nulls last in both directions; equal values ordered by id in the sort direction. */
  function expected(keys: ApiKey[], field: SortField, direction: 'ASC' | 'DESC'): string[] {
    const sign = direction === 'ASC' ? 1 : -1;
    return [...keys]
      .sort((a, b) => {
        const va = value(a, field);
        const vb = value(b, field);
        if (va === null && vb !== null) return 1;
        if (vb === null && va !== null) return -1;
        if (va !== null && vb !== null && va !== vb) return (va < vb ? -1 : 1) * sign;
        return (a.id < b.id ? -1 : 1) * sign;
      })
      .map((k) => k.id);
  }

  async function walkForward(variables: Record<string, unknown>, size: number) {
    const ids: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: any = await list({ ...variables, first: size, after });
      ids.push(...page.edges.map((e: any) => e.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      pages++;
      if (!page.pageInfo.hasNextPage) return { ids, totalCount: page.totalCount, pages };
      after = page.pageInfo.endCursor;
    }
  }

  async function walkBackward(variables: Record<string, unknown>, size: number) {
    const ids: string[] = [];
    let before: string | null = null;
    for (;;) {
      const page: any = await list({ ...variables, last: size, before });
      ids.unshift(...page.edges.map((e: any) => e.node.id));
      if (!page.pageInfo.hasPreviousPage) return ids;
      before = page.pageInfo.startCursor;
    }
  }

  const fields: SortField[] = ['NAME', 'ACTIVE', 'CREATED_AT', 'UPDATED_AT', 'LAST_USED_AT', 'EXPIRES_AT'];
  it.each(fields.flatMap((field) => (['ASC', 'DESC'] as const).map((direction) => [field, direction] as const)))(
    'sorts by %s %s, stable for equal values, the same walking forward and backward',
    async (field, direction) => {
      const orderBy = { field, direction };
      const want = expected(rows, field, direction);
      const forward = await walkForward({ orderBy }, 7);
      expect(forward.ids).toEqual(want);
      expect(forward.totalCount).toBe(23);
      expect(forward.pages).toBe(4);
      expect(await walkBackward({ orderBy }, 7)).toEqual(want);
    },
  );

  it('defaults to CREATED_AT DESC, 20 per page; only the own tenant', async () => {
    const page = await list({});
    expect(page.edges).toHaveLength(20);
    expect(page.totalCount).toBe(23);
    expect(page.edges.map((e: any) => e.node.id)).toEqual(expected(rows, 'CREATED_AT', 'DESC').slice(0, 20));
  });

  const now = () => new Date();
  const filters: Array<[string, Record<string, unknown>, (k: ApiKey) => boolean]> = [
    ['kind', { kind: 'REST' }, (k) => k.kind === 'REST'],
    ['active', { active: false }, (k) => !k.active],
    ['status ACTIVE', { status: ['ACTIVE'] }, (k) => apiKeyStatus(k, now()) === 'ACTIVE'],
    ['status INACTIVE', { status: ['INACTIVE'] }, (k) => apiKeyStatus(k, now()) === 'INACTIVE'],
    [
      'status EXPIRED|REVOKED',
      { status: ['EXPIRED', 'REVOKED'] },
      (k) => ['EXPIRED', 'REVOKED'].includes(apiKeyStatus(k, now())),
    ],
    ['expirationState NEVER', { expirationState: ['NEVER'] }, (k) => expirationState(k, now()) === 'NEVER'],
    [
      'expirationState EXPIRING_SOON|EXPIRED',
      { expirationState: ['EXPIRING_SOON', 'EXPIRED'] },
      (k) => ['EXPIRING_SOON', 'EXPIRED'].includes(expirationState(k, now())),
    ],
    ['expirationState VALID', { expirationState: ['VALID'] }, (k) => expirationState(k, now()) === 'VALID'],
    [
      'channelId',
      {
        get channelId() {
          return channelId;
        },
      },
      (k) => k.channelId === channelId,
    ],
    [
      'ownerId',
      {
        get ownerId() {
          return colleague.userId;
        },
      },
      (k) => k.ownerId === colleague.userId,
    ],
    ['search by name', { search: 'KEY C' }, (k) => k.name.toLowerCase() === 'key c'],
    ['search by clientId', { search: 'client000000000004' }, (k) => k.clientId === 'kwc_client000000000004'],
    [
      'search by owner email',
      {
        get search() {
          return colleague.email.toUpperCase();
        },
      },
      (k) => k.ownerId === colleague.userId,
    ],
    ['search with LIKE wildcards is literal', { search: '%' }, () => false],
    [
      'combined',
      { kind: 'GRAPHQL', status: ['ACTIVE', 'INACTIVE'] },
      (k) => k.kind === 'GRAPHQL' && ['ACTIVE', 'INACTIVE'].includes(apiKeyStatus(k, now())),
    ],
  ];
  it.each(filters)('filters by %s in SQL (pages and totalCount agree)', async (_label, filter, predicate) => {
    const want = expected(rows.filter(predicate), 'NAME', 'ASC');
    const walked = await walkForward({ filter: { ...filter }, orderBy: { field: 'NAME', direction: 'ASC' } }, 3);
    expect(walked.ids).toEqual(want);
    expect(walked.totalCount).toBe(want.length);
  });

  it('searches by prefix', async () => {
    const target = rows[4]!;
    const page = await list({ filter: { search: target.prefix } });
    expect(page.edges.map((e: any) => e.node.id)).toEqual([target.id]);
  });

  it('filters by createdAt and updatedAt ranges (inclusive)', async () => {
    const sorted = [...rows].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const from = sorted[5]!.createdAt;
    const to = sorted[15]!.createdAt;
    const want = expected(
      rows.filter((k) => k.createdAt >= from && k.createdAt <= to),
      'CREATED_AT',
      'DESC',
    );
    const walked = await walkForward({ filter: { createdAt: { from: from.toISOString(), to: to.toISOString() } } }, 4);
    expect(walked.ids).toEqual(want);
    const upTo = rows[3]!.updatedAt;
    const wantUpdated = expected(
      rows.filter((k) => k.updatedAt <= upTo),
      'CREATED_AT',
      'DESC',
    );
    expect((await walkForward({ filter: { updatedAt: { to: upTo.toISOString() } } }, 5)).ids).toEqual(wantUpdated);
  });

  it('first: 0 and an empty filter list answer an empty page', async () => {
    const empty = await list({ first: 0 });
    expect(empty.edges).toEqual([]);
    expect(empty.totalCount).toBe(23);
    const none = await list({ filter: { status: [] } });
    expect(none.totalCount).toBe(0);
  });
});
