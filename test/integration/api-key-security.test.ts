import { GrantSet, Principal } from '../../src/core/principal';
import { createTenantUser, type TenantUser, createChannel } from '../helpers/fixtures';
import { eventsForSuite } from '../helpers/domain-events';
import { testServerForSuite } from '../helpers/harness';
import {
  CREATE_GRAPHQL,
  CREATE_PERSONAL,
  CREATE_REST,
  DELETE,
  DELETE_OWN,
  dumpAllTables,
  GET,
  inDays,
  KEY_FIELDS,
  LIST,
  MY_KEYS,
  REVOKE,
  REVOKE_OWN,
  ROTATE,
  UPDATE,
} from '../helpers/api-keys';

const FULL_LIST = `query { apiKeys(first: 100) { totalCount edges { cursor node { ${KEY_FIELDS} } } } }`;

describe('API key security', () => {
  const server = testServerForSuite();
  const events = eventsForSuite(server);

  it('after a full lifecycle no read path, error, log, event or table holds a plaintext secret', async () => {
    const me = await createTenantUser(server, { grants: { API_KEY: 'OWNER', ORDER_DATA: 'OWNER' } });
    const secrets: string[] = [];
    const gql = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await server.gql(query, variables, { token: me.token });
      return res;
    };
    const g = (
      await gql(CREATE_GRAPHQL, {
        input: { name: 'Lifecycle GQL', grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }], active: true },
      })
    ).data!.createGraphQLApiKey;
    secrets.push(g.secret);
    const r = (await gql(CREATE_REST, { input: { name: 'Lifecycle REST', expiresAt: inDays(10) } })).data!
      .createRestCredential;
    secrets.push(r.clientSecret);
    const p = (await gql(CREATE_PERSONAL, { title: 'Lifecycle personal' })).data!.createSecretApiKey;
    secrets.push(p.secret);
    for (const id of [g.apiKey.id, r.apiKey.id]) {
      secrets.push((await gql(ROTATE, { id, grace: 600 })).data!.rotateApiKey.secret);
      secrets.push((await gql(ROTATE, { id, grace: 60 })).data!.rotateApiKey.secret);
    }
    await gql(UPDATE, {
      id: g.apiKey.id,
      input: { name: 'Lifecycle GQL renamed', active: false, ipAllowlist: ['10.1.0.0/16'] },
    });
    await gql(UPDATE, { id: r.apiKey.id, input: { grants: [{ roleKey: 'ORDER_DATA', level: 'OWNER' }] } });
    const extra = (await gql(CREATE_GRAPHQL, { input: { name: 'To be deleted' } })).data!.createGraphQLApiKey;
    secrets.push(extra.secret);
    await gql(REVOKE, { id: g.apiKey.id, reason: 'done' });
    await gql(DELETE, { ids: [extra.apiKey.id] });
    await gql(REVOKE_OWN, { id: p.apiKey.id });

    // error paths, including a pasted secret where an id belongs
    const errors = [
      await gql(DELETE, { ids: [secrets[0]] }),
      await gql(UPDATE, { id: secrets[1], input: { name: 'x' } }),
      await gql(ROTATE, { id: g.apiKey.id }),
      await gql(DELETE_OWN, { id: secrets[2] }),
      await gql(CREATE_PERSONAL, { title: secrets[3]!.slice(0, 1) }),
    ];
    for (const res of errors) expect(res.errors).toBeDefined();

    const reads = [
      await gql(FULL_LIST),
      await gql(GET, { id: g.apiKey.id }),
      await gql(GET, { id: r.apiKey.id }),
      await gql(GET, { id: secrets[0] }),
      await gql(MY_KEYS),
      await gql(LIST, { filter: { search: secrets[1] } }),
    ];
    expect(reads[0]!.errors).toBeUndefined();
    expect(reads[0]!.data!.apiKeys.totalCount).toBe(3);
    expect(reads[3]!.data!.apiKey).toBeNull();
    expect(reads[5]!.data!.apiKeys.totalCount).toBe(0);

    const everything = [
      JSON.stringify(reads),
      JSON.stringify(errors.map((e) => e.errors)),
      server.logs.text,
      JSON.stringify(events),
      await dumpAllTables(server),
    ];
    expect(secrets).toHaveLength(8);
    for (const secret of secrets) {
      const randomPart = secret.slice(4, 34);
      everything.forEach((text, i) => {
        if (text.includes(randomPart)) throw new Error(`secret ${secret.slice(0, 12)}… found in source #${i}`);
      });
    }
    // events and read paths carry no hashes either
    const dump = everything[4]!;
    const hashes = [...dump.matchAll(/"(?:secretHash|previousSecretHash)":"([0-9a-f]{64})"/g)].map((m) => m[1]!);
    expect(hashes.length).toBeGreaterThan(0);
    for (const hash of hashes) {
      expect(everything[0]).not.toContain(hash);
      expect(everything[3]).not.toContain(hash);
    }
  });

  it('the ApiKey type has no secret or hash field', async () => {
    const me = await createTenantUser(server, { grants: { API_KEY: 'VIEWER' } });
    const res = await server.gql('{ __type(name: "ApiKey") { fields { name } } }', {}, { token: me.token });
    const names: string[] = res.data!.__type.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n) => /secret|hash/i.test(n)).sort()).toEqual([
      'previousSecretExpiresAt',
      'previousSecretLastUsedAt',
      'previousSecretUseCount',
    ]);
  });

  describe('authorization by level', () => {
    let owner: TenantUser;
    let keyId: string;
    beforeAll(async () => {
      owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
      keyId = (await server.gql(CREATE_REST, { input: { name: 'Guarded' } }, { token: owner.token })).data!
        .createRestCredential.apiKey.id;
    });

    const ops = () =>
      ({
        list: [LIST, {}],
        get: [GET, { id: keyId }],
        createGraphQL: [CREATE_GRAPHQL, { input: { name: 'Nope' } }],
        createRest: [CREATE_REST, { input: { name: 'Nope' } }],
        update: [UPDATE, { id: keyId, input: { name: 'Changed' } }],
        rotate: [ROTATE, { id: keyId }],
        revoke: [REVOKE, { id: keyId }],
        delete: [DELETE, { ids: [keyId] }],
      }) as Record<string, [string, Record<string, unknown>]>;
    const allowed: Record<string, string[]> = {
      NONE: [],
      VIEWER: ['list', 'get'],
      EDITOR: ['list', 'get', 'update'],
    };

    it.each(Object.keys(allowed))('API_KEY %s may call exactly its operations', async (level) => {
      const caller = await createTenantUser(server, {
        tenantId: owner.tenantId,
        grants: level === 'NONE' ? {} : { API_KEY: level as 'VIEWER' },
      });
      for (const [name, [query, vars]] of Object.entries(ops())) {
        const res = await server.gql(query, vars, { token: caller.token });
        // a key's owner and creator are users: their email takes USER VIEWER (linked-object-authorization.test.ts)
        const unexpected = (res.errors ?? []).filter(
          (e) => !(e.extensions.code === 'FORBIDDEN' && /\.(owner|createdBy)\.email$/.test(e.path?.join('.') ?? '')),
        );
        if (allowed[level]!.includes(name))
          expect([name, unexpected, res.data?.[Object.keys(res.data ?? {})[0]!] ? 'data' : 'none']).toEqual([
            name,
            [],
            'data',
          ]);
        else expect([name, res.errors?.[0]?.extensions.code]).toEqual([name, 'FORBIDDEN']);
      }
    });

    it('without a credential every operation is UNAUTHENTICATED; a bad credential is rejected', async () => {
      for (const [query, vars] of [
        ...Object.values(ops()),
        [MY_KEYS, {}],
        [CREATE_PERSONAL, { title: 'anon' }],
      ] as Array<[string, Record<string, unknown>]>) {
        const res = await server.gql(query, vars);
        expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
        const bad = await server.gql(query, vars, { token: 'kwk_notarealkeyatallxxxxxxxxxxxxxxxxxxxx' });
        expect(bad.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
      }
    });
  });

  it("tenant isolation: another tenant's keys are invisible and NOT_FOUND", async () => {
    const a = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const b = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const aKey = (await server.gql(CREATE_REST, { input: { name: 'Tenant A key', active: true } }, { token: a.token }))
      .data!.createRestCredential.apiKey;
    const aChannel = await createChannel(server, a.tenantId);
    const asB = (query: string, vars: Record<string, unknown>) => server.gql(query, vars, { token: b.token });
    expect((await asB(GET, { id: aKey.id })).data!.apiKey).toBeNull();
    const listed = await asB(LIST, { filter: { search: a.email } });
    expect(listed.data!.apiKeys.totalCount).toBe(0);
    expect((await asB(LIST, { filter: { ownerId: a.userId } })).data!.apiKeys.totalCount).toBe(0);
    for (const [query, vars] of [
      [UPDATE, { id: aKey.id, input: { name: 'Stolen' } }],
      [ROTATE, { id: aKey.id }],
      [REVOKE, { id: aKey.id }],
    ] as Array<[string, Record<string, unknown>]>) {
      const res = await asB(query, vars);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
    }
    const del = await asB(DELETE, { ids: [aKey.id] });
    expect(del.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'ids[0]' });
    const bound = await asB(CREATE_GRAPHQL, { input: { name: 'Cross channel', channelId: aChannel.id } });
    expect(bound.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'input.channelId' });
    const still = await server.gql(GET, { id: aKey.id }, { token: a.token });
    expect(still.data!.apiKey).toMatchObject({ name: 'Tenant A key', status: 'ACTIVE' });
  });

  it('non-user principals cannot create personal keys; channel-bound principals see their channel only', async () => {
    const me = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const channel = await createChannel(server, me.tenantId);
    const inChannel = (
      await server.gql(CREATE_GRAPHQL, { input: { name: 'In channel', channelId: channel.id } }, { token: me.token })
    ).data!.createGraphQLApiKey.apiKey;
    const outside = (await server.gql(CREATE_GRAPHQL, { input: { name: 'Unbound' } }, { token: me.token })).data!
      .createGraphQLApiKey.apiKey;
    const keyPrincipal = new Principal({
      type: 'API_KEY',
      tenantId: me.tenantId,
      apiKeyId: inChannel.id,
      channelId: channel.id,
      grants: new GrantSet([{ roleKey: 'API_KEY', level: 'OWNER' }]),
    });
    await expect(server.kw.services.apiKeys.createSecretKey(keyPrincipal, 'Key-owned')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const page = await server.kw.services.apiKeys.list(keyPrincipal, {});
    expect(page.edges.map((e) => e.node.id)).toEqual([inChannel.id]);
    expect(await server.kw.services.apiKeys.get(keyPrincipal, outside.id)).toBeNull();
    expect((await server.kw.services.apiKeys.listOwnSecretKeys(keyPrincipal, {})).edges).toEqual([]);
    await expect(
      server.kw.services.apiKeys.createGraphQLKey(keyPrincipal, { name: 'Escape channel', channelId: null }),
    ).resolves.toMatchObject({ apiKey: { channelId: channel.id } });
    const other = await createChannel(server, me.tenantId);
    await expect(
      server.kw.services.apiKeys.createGraphQLKey(keyPrincipal, { name: 'Escape channel', channelId: other.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'input.channelId' });
    await expect(
      server.kw.services.apiKeys.createRestCredential(keyPrincipal, { name: 'Unbound REST' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});
