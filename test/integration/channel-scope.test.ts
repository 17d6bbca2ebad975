import { Tenant } from '../../src/db/entities/tenant.entity';
import { buildSchema } from '../../src/graphql/server';
import { buildOperation, idArguments, inputIdPaths, rootFields, withInputValue } from '../helpers/authorization-matrix';
import { User } from '../../src/db/entities/user.entity';
import { allAreas, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { type GqlResponse, testServerForSuite } from '../helpers/harness';

/**
 * Channel scope (docs/design.md §4) from the review: a channel-bound key holding every grant stays in its
 * channel in every service — keys, webhooks, channels, users, roles, the audit log and linked objects.
 */
describe('channel scope: a channel-bound key cannot leave its channel', () => {
  const server = testServerForSuite();
  let admin: TenantUser;
  let web: string;
  let pos: string;
  let bound: { id: string; headers: Record<string, string> };
  let adminKey: { id: string; headers: Record<string, string> };

  const gql = (
    who: { headers?: Record<string, string>; token?: string },
    query: string,
    variables?: Record<string, unknown>,
  ) => server.gql(query, variables, who);
  const code = (res: GqlResponse) => res.errors?.[0]?.extensions;
  const createKey = async (
    who: { headers?: Record<string, string>; token?: string },
    input: Record<string, unknown>,
  ) => {
    const res = await gql(
      who,
      'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret apiKey { id channelId } } }',
      {
        input: {
          active: true,
          ipAllowlist: ['10.9.8.0/24', '127.0.0.1', '::1', '::ffff:127.0.0.1'],
          grants: Object.entries(allAreas('OWNER')).map(([roleKey, level]) => ({ roleKey, level })),
          ...input,
        },
      },
    );
    if (!res.data?.createGraphQLApiKey) throw new Error(JSON.stringify(res.errors));
    return {
      id: res.data.createGraphQLApiKey.apiKey.id as string,
      channelId: res.data.createGraphQLApiKey.apiKey.channelId,
      headers: { 'x-api-key': res.data.createGraphQLApiKey.secret as string },
    };
  };
  const channel = async (code: string) =>
    (
      await gql({ token: admin.token }, 'mutation($i: CreateChannelInput!) { createChannel(input: $i) { id } }', {
        i: { code, name: code },
      })
    ).data!.createChannel.id as string;

  beforeAll(async () => {
    admin = await createTenantUser(server, { grants: allAreas('OWNER') });
    await server.kw.dataSource.getRepository(Tenant).update({ id: admin.tenantId }, { apiKeyLimit: 100 });
    web = await channel('web');
    pos = await channel('pos');
    adminKey = await createKey({ token: admin.token }, { name: 'unbound admin key' });
    bound = await createKey(adminKey, { name: 'web key', channelId: web });
  });

  it("generated: no root field taking an id (Query or Mutation) reaches another channel's key, webhook, message or channel, nor a user; no channelId input names another channel", async () => {
    const roots = rootFields(buildSchema());
    // another channel's objects, made by the unbound admin key
    const posKey = await createKey(adminKey, { name: 'pos key', channelId: pos });
    const hook = (
      await gql(
        adminKey,
        'mutation($c: ID) { createWebhook(input: { url: "https://hooks.example.test/pos", events: ["order.created"], channelId: $c }) { webhook { id } } }',
        { c: pos },
      )
    ).data!.createWebhook.webhook.id as string;
    const message = (
      await gql(
        adminKey,
        'mutation($c: ID) { publishEvent(type: "order.created", payload: { n: 1 }, channelId: $c) { messageIds } }',
        { c: pos },
      )
    ).data!.publishEvent.messageIds[0] as string;
    const foreign = { ApiKey: posKey.id, Webhook: hook, WebhookMessage: message, Channel: pos, User: admin.userId };
    let calls = 0;
    for (const root of roots.filter((r) => r.requirement.kind !== 'public' && r.requirement.kind !== 'superUser')) {
      for (const arg of idArguments(root.field)) {
        for (const [type, id] of Object.entries(foreign)) {
          const op = buildOperation(root, { [arg.name]: arg.type.toString().startsWith('[') ? [id] : id });
          const res = await server.gql(op.query, op.variables, bound);
          calls++;
          const code = res.errors?.[0]?.extensions.code ?? null;
          expect({
            field: `${root.field.name}(${arg.name}: ${type})`,
            refused: code === null ? (res.data?.[root.field.name] ?? null) : code,
          }).toEqual({
            field: `${root.field.name}(${arg.name}: ${type})`,
            refused: code === null ? null : expect.stringMatching(/^(NOT_FOUND|FORBIDDEN|BAD_USER_INPUT)$/),
          });
          expect(JSON.stringify(res.data ?? null)).not.toContain(id);
        }
      }
      if (root.operation !== 'mutation') continue;
      for (const reference of inputIdPaths(root.field).filter((r) => r.addressed === 'Channel')) {
        const op = buildOperation(root, withInputValue(root.field, reference, pos));
        const res = await server.gql(op.query, op.variables, bound);
        calls++;
        // refused (placeholders may fail validation first; the tests below pin FORBIDDEN with valid input)
        expect({
          field: `${root.field.name}(${reference.arg}.${reference.path.join('.')})`,
          code: res.errors?.[0]?.extensions.code,
        }).toEqual({
          field: `${root.field.name}(${reference.arg}.${reference.path.join('.')})`,
          code: expect.stringMatching(/^(FORBIDDEN|BAD_USER_INPUT)$/),
        });
        expect(JSON.stringify(res.data ?? null)).not.toContain(pos);
      }
    }
    expect(calls).toBeGreaterThan(60);
    // the other channel's objects are all still there, unchanged
    expect(
      (await gql(adminKey, 'query($id: ID!) { apiKey(id: $id) { name revokedAt } }', { id: posKey.id })).data!.apiKey,
    ).toEqual({ name: 'pos key', revokedAt: null });
    expect((await gql(adminKey, 'query($id: ID!) { webhook(id: $id) { url } }', { id: hook })).data!.webhook.url).toBe(
      'https://hooks.example.test/pos',
    );
  });

  it('regression: cannot create users (no unbound user with API_KEY OWNER), nor change or read them', async () => {
    const before = await server.kw.dataSource.getRepository(User).count();
    const created = await gql(bound, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: {
        email: 'escape@example.test',
        name: 'Escape',
        password: 'a long password',
        grants: [{ roleKey: 'API_KEY', level: 'OWNER' }],
      },
    });
    expect(code(created)).toMatchObject({ code: 'FORBIDDEN' });
    expect(await server.kw.dataSource.getRepository(User).count()).toBe(before);
    expect(
      code(
        await gql(bound, 'mutation($id: ID!) { updateUser(id: $id, input: { name: "x" }) { id } }', {
          id: admin.userId,
        }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      code(
        await gql(bound, 'mutation($id: ID!) { setUserGrants(userId: $id, grants: []) { id } }', { id: admin.userId }),
      ),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(code(await gql(bound, '{ users { totalCount } }'))).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('regression: cannot update, delete or see another channel; sees and updates its own; cannot create channels', async () => {
    const res = await gql(bound, 'mutation($id: ID!) { updateChannel(id: $id, input: { name: "hijacked" }) { id } }', {
      id: pos,
    });
    expect(code(res)).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    expect(code(await gql(bound, 'mutation($id: ID!) { deleteChannel(id: $id) }', { id: pos }))).toMatchObject({
      code: 'NOT_FOUND',
    });
    expect(
      (await gql({ token: admin.token }, 'query($id: ID!) { channel(id: $id) { name } }', { id: pos })).data!.channel
        .name,
    ).toBe('pos');
    expect((await gql(bound, '{ channels { edges { node { id } } } }')).data!.channels.edges).toEqual([
      { node: { id: web } },
    ]);
    expect(
      (
        await gql(bound, 'mutation($id: ID!) { updateChannel(id: $id, input: { name: "Web shop" }) { name } }', {
          id: web,
        })
      ).data!.updateChannel.name,
    ).toBe('Web shop');
    expect(
      code(await gql(bound, 'mutation { createChannel(input: { code: "new", name: "new" }) { id } }')),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('regression: cannot read the audit log (its events carry no channel), in GraphQL or the NDJSON export', async () => {
    expect(code(await gql(bound, '{ auditEvents { edges { node { action targetId } } } }'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(code(await gql(bound, '{ verifyAuditChain { ok } }'))).toMatchObject({ code: 'FORBIDDEN' });
    const exported = await server.kw.app.inject({ method: 'GET', url: '/v1/audit-events', headers: bound.headers });
    expect(exported.statusCode).toBe(403);
    expect(exported.body).not.toContain('api_key.created');
  });

  it('creates keys and webhooks only in its channel (its own by default), no REST credentials, no roles or groups', async () => {
    expect((await createKey(bound, { name: 'child', grants: [] })).channelId).toBe(web);
    const other = await gql(
      bound,
      'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret } }',
      { input: { name: 'other', channelId: pos } },
    );
    expect(code(other)).toMatchObject({ code: 'FORBIDDEN', field: 'input.channelId' });
    expect(
      code(await gql(bound, 'mutation { createRestCredential(input: { name: "rest" }) { clientId } }')),
    ).toMatchObject({ code: 'FORBIDDEN' });
    const hook = await gql(
      bound,
      'mutation($id: ID) { createWebhook(input: { url: "https://hooks.example.test/x", events: ["order.created"], channelId: $id }) { webhook { id } } }',
      { id: pos },
    );
    expect(code(hook)).toMatchObject({ code: 'FORBIDDEN', field: 'input.channelId' });
    expect(
      code(await gql(bound, 'mutation { createAuthorizationGroup(input: { name: "g", type: API_KEY }) { id } }')),
    ).toMatchObject({ code: 'FORBIDDEN' });
    expect(
      code(await gql(bound, 'mutation { createRoleDefinition(input: { key: "ESCAPE", name: "e" }) { id } }')),
    ).toMatchObject({ code: 'FORBIDDEN' });
  });

  it('regression: /v1/keys/verify and /oauth/introspect answer NOT_FOUND / inactive for keys outside its channel', async () => {
    const webKey = await createKey(adminKey, { name: 'web sibling', channelId: web });
    const posKey = await createKey(adminKey, { name: 'pos sibling', channelId: pos });
    const rest = (
      await gql(
        { token: admin.token },
        'mutation { createRestCredential(input: { name: "rest", active: true }) { clientId clientSecret } }',
      )
    ).data!.createRestCredential;
    const basic = `Basic ${Buffer.from(`${rest.clientId}:${rest.clientSecret}`).toString('base64')}`;
    const minted = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'grant_type=client_credentials',
    });
    const accessToken = minted.json().access_token as string;
    expect(accessToken).toBeTruthy();
    const verify = async (who: { headers: Record<string, string> }, key: string) => {
      const res = await server.kw.app.inject({
        method: 'POST',
        url: '/v1/keys/verify',
        headers: { ...who.headers, 'content-type': 'application/json' },
        payload: { key },
      });
      expect(res.statusCode).toBe(200);
      return res.json() as { valid: boolean; code: string; keyId: string | null };
    };
    const introspect = async (who: { headers: Record<string, string> }, token: string) => {
      const res = await server.kw.app.inject({
        method: 'POST',
        url: '/oauth/introspect',
        headers: { ...who.headers, 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ token }).toString(),
      });
      expect(res.statusCode).toBe(200);
      return res.json() as { active: boolean; key_id?: string };
    };
    const secretOf = (key: { headers: Record<string, string> }) => key.headers['x-api-key']!;

    expect(await verify(bound, secretOf(webKey))).toMatchObject({ valid: true, keyId: webKey.id });
    expect(await verify(bound, secretOf(posKey))).toEqual(
      expect.objectContaining({ valid: false, code: 'NOT_FOUND', keyId: null }),
    );
    expect(await verify(bound, rest.clientSecret)).toEqual(
      expect.objectContaining({ valid: false, code: 'NOT_FOUND' }),
    );
    expect(await introspect(bound, secretOf(webKey))).toMatchObject({ active: true, key_id: webKey.id });
    expect(await introspect(bound, secretOf(posKey))).toEqual({ active: false });
    expect(await introspect(bound, accessToken)).toEqual({ active: false });
    expect(await introspect(bound, admin.token)).toEqual({ active: false });
    // the unbound key sees all of them
    expect(await verify(adminKey, secretOf(posKey))).toMatchObject({ valid: true, keyId: posKey.id });
    expect(await verify(adminKey, rest.clientSecret)).toMatchObject({ valid: true });
    expect(await introspect(adminKey, accessToken)).toMatchObject({ active: true });
    expect(await introspect(adminKey, admin.token)).toMatchObject({ active: true });
  });

  it('linked keys of another channel (here: the unbound key that created it) show who, not the allowlist or owner', async () => {
    const res = await gql(
      bound,
      '{ me { apiKey { ipAllowlist createdBy { __typename ... on ApiKey { id name } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.me.apiKey).toEqual({
      ipAllowlist: expect.arrayContaining(['10.9.8.0/24']),
      createdBy: { __typename: 'ApiKey', id: adminKey.id, name: 'unbound admin key' },
    });
    const leak = await gql(bound, '{ me { apiKey { createdBy { ... on ApiKey { ipAllowlist owner { id } } } } } }');
    expect(leak.data!.me.apiKey.createdBy).toBeNull();
    expect(leak.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    // an unbound key with the same grants reads it
    expect((await gql(adminKey, '{ me { apiKey { ipAllowlist } } }')).errors).toBeUndefined();
  });
});
