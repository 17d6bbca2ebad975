import { ApiKey } from '../../src/db/entities/api-key.entity';
import { RoleGrant } from '../../src/db/entities/role-grant.entity';
import { allAreas, createTenantUser, type TenantUser, createChannel, createGroup } from '../helpers/fixtures';
import { eventsForSuite } from '../helpers/domain-events';
import { testServerForSuite } from '../helpers/harness';
import {
  CREATE_GRAPHQL,
  CREATE_PERSONAL,
  CREATE_REST,
  DELETE,
  GET,
  inDays,
  LIST,
  REVOKE,
  ROTATE,
  UPDATE,
} from '../helpers/api-keys';

describe('API key validation: clear errors, nothing written', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);
  let me: TenantUser;
  beforeAll(async () => {
    me = await createTenantUser(server, { grants: { API_KEY: 'OWNER', ORDER_DATA: 'EDITOR' } });
  });

  async function snapshot() {
    const ds = server.kw.dataSource;
    return {
      keys: JSON.stringify(await ds.getRepository(ApiKey).find({ order: { id: 'ASC' } })),
      grants: await ds.getRepository(RoleGrant).count(),
      events: events.length,
    };
  }

  /** Runs the operation, expects code (+ field), and that nothing changed. */
  async function expectRejected(
    query: string,
    variables: Record<string, unknown>,
    code: string,
    field?: string,
    caller: TenantUser = me,
  ) {
    const before = await snapshot();
    const res = await server.gql(query, variables, { token: caller.token });
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(res.errors![0]!.extensions.code).toBe(code);
    if (field !== undefined) expect(res.errors![0]!.extensions.field).toBe(field);
    expect(res.errors![0]!.message.length).toBeGreaterThan(5);
    expect(await snapshot()).toEqual(before);
    return res.errors![0]!;
  }

  const validInput = { name: 'Valid key' };

  it.each([
    ['name too short', { name: 'x' }, 'input.name'],
    ['name blank after trim', { name: '   ' }, 'input.name'],
    ['name too long', { name: 'n'.repeat(201) }, 'input.name'],
    ['description too long', { ...validInput, description: 'd'.repeat(1001) }, 'input.description'],
    [
      'expiresAt in the past',
      { ...validInput, expiresAt: new Date(Date.now() - 1000).toISOString() },
      'input.expiresAt',
    ],
    ['rateLimitPerMinute 0', { ...validInput, rateLimitPerMinute: 0 }, 'input.rateLimitPerMinute'],
    [
      'rateLimitPerMinute above 1,000,000',
      { ...validInput, rateLimitPerMinute: 1_000_001 },
      'input.rateLimitPerMinute',
    ],
    ['bad IP in line 3', { ...validInput, ipAllowlist: ['10.0.0.1', '::1', '10.0.0.300'] }, 'input.ipAllowlist[2]'],
    ['bad CIDR prefix', { ...validInput, ipAllowlist: ['10.0.0.0/33'] }, 'input.ipAllowlist[0]'],
    ['IPv6 prefix too long', { ...validInput, ipAllowlist: ['192.0.2.1', '2001:db8::/129'] }, 'input.ipAllowlist[1]'],
    ['hostname', { ...validInput, ipAllowlist: ['example.com'] }, 'input.ipAllowlist[0]'],
    ['empty entry', { ...validInput, ipAllowlist: [''] }, 'input.ipAllowlist[0]'],
    ['unknown role', { ...validInput, grants: [{ roleKey: 'NOPE', level: 'VIEWER' }] }, 'input.grants[0].roleKey'],
    [
      'unknown role after a known one',
      {
        ...validInput,
        grants: [
          { roleKey: 'ORDER_DATA', level: 'VIEWER' },
          { roleKey: 'NOT_DEFINED', level: 'VIEWER' },
        ],
      },
      'input.grants[1].roleKey',
    ],
    // MariaDB's collation compares without case and trailing spaces: the key's exact form decides
    [
      'role key in lower case',
      { ...validInput, grants: [{ roleKey: 'order_data', level: 'VIEWER' }] },
      'input.grants[0].roleKey',
    ],
    [
      'role key with a trailing space',
      { ...validInput, grants: [{ roleKey: 'ORDER_DATA ', level: 'VIEWER' }] },
      'input.grants[0].roleKey',
    ],
    [
      'role twice',
      {
        ...validInput,
        grants: [
          { roleKey: 'ORDER_DATA', level: 'VIEWER' },
          { roleKey: 'ORDER_DATA', level: 'EDITOR' },
        ],
      },
      'input.grants[1].roleKey',
    ],
  ])('createGraphQLApiKey rejects %s', async (_label, input, field) => {
    const error = await expectRejected(CREATE_GRAPHQL, { input }, 'BAD_USER_INPUT', field);
    if (field.startsWith('input.ipAllowlist['))
      expect(error.message).toContain(`entry ${Number(/\[(\d+)\]/.exec(field)![1]) + 1}`);
  });

  it('REST credentials are validated the same way', async () => {
    await expectRejected(
      CREATE_REST,
      { input: { name: 'ok name', ipAllowlist: ['1.2.3.4/8', 'fe80::1%eth0'] } },
      'BAD_USER_INPUT',
      'input.ipAllowlist[1]',
    );
    await expectRejected(CREATE_REST, { input: { name: 'y' } }, 'BAD_USER_INPUT', 'input.name');
  });

  it('no escalation: grants the caller does not hold are FORBIDDEN', async () => {
    await expectRejected(
      CREATE_GRAPHQL,
      { input: { ...validInput, grants: [{ roleKey: 'ORDER_DATA', level: 'OWNER' }] } },
      'FORBIDDEN',
    );
    await expectRejected(
      CREATE_REST,
      { input: { ...validInput, grants: [{ roleKey: 'PRICING', level: 'VIEWER' }] } },
      'FORBIDDEN',
    );
    const powerful = await createGroup(server, me.tenantId, 'API_KEY', { PRICING: 'OWNER' });
    await expectRejected(CREATE_GRAPHQL, { input: { ...validInput, authorizationGroupId: powerful.id } }, 'FORBIDDEN');
  });

  it('no escalation on removal: an API_KEY EDITOR cannot take away grants or a group it does not hold (grants: [], group unset or swapped), a holder can', async () => {
    const admin = await createTenantUser(server, { tenantId: me.tenantId, grants: allAreas('OWNER') });
    const editor = await createTenantUser(server, {
      tenantId: me.tenantId,
      grants: { API_KEY: 'EDITOR', ORDER_DATA: 'VIEWER' },
    });
    const powerful = await createGroup(server, me.tenantId, 'API_KEY', { PRICING: 'OWNER' });
    const empty = await createGroup(server, me.tenantId, 'API_KEY', {});
    const created = await server.gql(
      CREATE_REST,
      {
        input: {
          name: 'Held by the admin',
          grants: [{ roleKey: 'ORDER_DATA', level: 'OWNER' }],
          authorizationGroupId: powerful.id,
        },
      },
      { token: admin.token },
    );
    const key = created.data!.createRestCredential.apiKey;
    const asEditor = (input: Record<string, unknown>) =>
      server.gql(UPDATE, { id: key.id, input }, { token: editor.token });
    for (const input of [
      { grants: [] },
      { grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] },
      { authorizationGroupId: null },
      { authorizationGroupId: empty.id },
    ]) {
      const res = await asEditor(input);
      expect([input, res.errors?.[0]?.extensions.code]).toEqual([input, 'FORBIDDEN']);
    }
    const row = await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: key.id });
    expect(row.authorizationGroupId).toBe(powerful.id);
    expect((await server.gql(GET, { id: key.id }, { token: admin.token })).data!.apiKey.grants).toEqual([
      { roleKey: 'ORDER_DATA', level: 'OWNER' },
    ]);
    // unchanged grants it does not hold do not stop an edit of other fields; a holder may remove them
    expect(
      (await asEditor({ name: 'Renamed by the editor', grants: [{ roleKey: 'ORDER_DATA', level: 'OWNER' }] })).data
        ?.updateApiKey.name,
    ).toBe('Renamed by the editor');
    const removed = await server.gql(
      UPDATE,
      { id: key.id, input: { grants: [], authorizationGroupId: null } },
      { token: admin.token },
    );
    expect(removed.data?.updateApiKey).toMatchObject({ grants: [], authorizationGroupId: null });
  });

  it('channel and group must belong to the tenant; groups must be of type API_KEY', async () => {
    const other = await createTenantUser(server, {});
    const foreignChannel = await createChannel(server, other.tenantId);
    const foreignGroup = await createGroup(server, other.tenantId);
    const userGroup = await createGroup(server, me.tenantId, 'USER');
    await expectRejected(
      CREATE_GRAPHQL,
      { input: { ...validInput, channelId: foreignChannel.id } },
      'NOT_FOUND',
      'input.channelId',
    );
    await expectRejected(
      CREATE_GRAPHQL,
      { input: { ...validInput, authorizationGroupId: foreignGroup.id } },
      'NOT_FOUND',
      'input.authorizationGroupId',
    );
    await expectRejected(
      CREATE_REST,
      { input: { ...validInput, authorizationGroupId: userGroup.id } },
      'BAD_USER_INPUT',
      'input.authorizationGroupId',
    );
  });

  it('update: GraphQL grants immutable, expiry not editable, same checks as create', async () => {
    const gql = (
      await server.gql(
        CREATE_GRAPHQL,
        { input: { name: 'Immutable', grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] } },
        { token: me.token },
      )
    ).data!.createGraphQLApiKey.apiKey;
    const rest = (await server.gql(CREATE_REST, { input: { name: 'Editable' } }, { token: me.token })).data!
      .createRestCredential.apiKey;
    await expectRejected(UPDATE, { id: gql.id, input: { grants: [] } }, 'BAD_USER_INPUT', 'input.grants');
    await expectRejected(UPDATE, { id: gql.id, input: { name: 'x' } }, 'BAD_USER_INPUT', 'input.name');
    await expectRejected(UPDATE, { id: gql.id, input: { name: null } }, 'BAD_USER_INPUT', 'input.name');
    await expectRejected(UPDATE, { id: gql.id, input: { active: null } }, 'BAD_USER_INPUT', 'input.active');
    await expectRejected(
      UPDATE,
      { id: gql.id, input: { description: 'd'.repeat(1001) } },
      'BAD_USER_INPUT',
      'input.description',
    );
    await expectRejected(
      UPDATE,
      { id: gql.id, input: { ipAllowlist: ['1.1.1.1', 'nope'] } },
      'BAD_USER_INPUT',
      'input.ipAllowlist[1]',
    );
    await expectRejected(
      UPDATE,
      { id: gql.id, input: { rateLimitPerMinute: -5 } },
      'BAD_USER_INPUT',
      'input.rateLimitPerMinute',
    );
    await expectRejected(
      UPDATE,
      { id: rest.id, input: { grants: [{ roleKey: 'ORDER_DATA', level: 'OWNER' }] } },
      'FORBIDDEN',
    );
    await expectRejected(
      UPDATE,
      { id: rest.id, input: { name: 'Renamed but', grants: [{ roleKey: 'NOPE', level: 'OWNER' }] } },
      'BAD_USER_INPUT',
      'input.grants[0].roleKey',
    );
    // expiresAt is not part of UpdateApiKeyInput at all
    await expectRejected(UPDATE, { id: gql.id, input: { expiresAt: inDays(3) } }, 'BAD_USER_INPUT');
    await expectRejected(
      UPDATE,
      { id: '00000000-0000-4000-8000-000000000000', input: { name: 'Whatever' } },
      'NOT_FOUND',
      'id',
    );
  });

  it('rotate: grace 0..604800, expiresAt in the future', async () => {
    const key = (await server.gql(CREATE_REST, { input: { name: 'Rot' } }, { token: me.token })).data!
      .createRestCredential.apiKey;
    await expectRejected(ROTATE, { id: key.id, grace: -1 }, 'BAD_USER_INPUT', 'gracePeriodSeconds');
    await expectRejected(ROTATE, { id: key.id, grace: 604_801 }, 'BAD_USER_INPUT', 'gracePeriodSeconds');
    await expectRejected(
      ROTATE,
      { id: key.id, expiresAt: new Date(Date.now() - 60_000).toISOString() },
      'BAD_USER_INPUT',
      'expiresAt',
    );
  });

  it('rotate: the caller must hold the grants of the key it receives a secret for', async () => {
    const strong = await createTenantUser(server, {
      tenantId: me.tenantId,
      grants: { API_KEY: 'OWNER', PRICING: 'OWNER' },
    });
    const key = (
      await server.gql(
        CREATE_REST,
        { input: { name: 'Pricing', grants: [{ roleKey: 'PRICING', level: 'OWNER' }] } },
        { token: strong.token },
      )
    ).data!.createRestCredential.apiKey;
    await expectRejected(ROTATE, { id: key.id }, 'FORBIDDEN');
  });

  it('revoke reason ≤ 500; delete: all or nothing, naming the unknown id', async () => {
    const a = (await server.gql(CREATE_REST, { input: { name: 'Del A' } }, { token: me.token })).data!
      .createRestCredential.apiKey;
    await expectRejected(REVOKE, { id: a.id, reason: 'r'.repeat(501) }, 'BAD_USER_INPUT', 'reason');
    const other = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const foreign = (await server.gql(CREATE_REST, { input: { name: 'Foreign' } }, { token: other.token })).data!
      .createRestCredential.apiKey;
    const error = await expectRejected(DELETE, { ids: [a.id, foreign.id] }, 'NOT_FOUND', 'ids[1]');
    expect(error.message).toContain(foreign.id);
    await expectRejected(DELETE, { ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) }, 'BAD_USER_INPUT', 'ids');
  });

  it('personal key title 2–200; only users; list filters and cursors are checked', async () => {
    await expectRejected(CREATE_PERSONAL, { title: 'x' }, 'BAD_USER_INPUT', 'title');
    await expectRejected(LIST, { first: 101 }, 'BAD_USER_INPUT', 'first');
    await expectRejected(LIST, { after: 'garbage' }, 'BAD_USER_INPUT', 'after');
    await expectRejected(
      LIST,
      { filter: { createdAt: { from: inDays(1), to: inDays(-1) } } },
      'BAD_USER_INPUT',
      'filter.createdAt.from',
    );
    await expectRejected(LIST, { filter: { search: 's'.repeat(201) } }, 'BAD_USER_INPUT', 'filter.search');
  });

  it('the tenant limit answers LIMIT_EXCEEDED', async () => {
    const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    await server.kw.dataSource.query(
      server.kw.dataSource.options.type === 'better-sqlite3'
        ? 'UPDATE "tenant" SET "apiKeyLimit" = 1 WHERE "id" = ?'
        : 'UPDATE `tenant` SET `apiKeyLimit` = 1 WHERE `id` = ?',
      [owner.tenantId],
    );
    expect(
      (await server.gql(CREATE_GRAPHQL, { input: { name: 'First' } }, { token: owner.token })).errors,
    ).toBeUndefined();
    await expectRejected(CREATE_REST, { input: { name: 'Second' } }, 'LIMIT_EXCEEDED', undefined, owner);
  });
});
