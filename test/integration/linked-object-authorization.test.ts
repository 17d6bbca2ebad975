import { randomUUID } from 'node:crypto';
import { getNamedType, GraphQLObjectType, type GraphQLSchema } from 'graphql';
import type { AccessLevel } from '../../src/core/access-level';
import { levelSatisfies } from '../../src/core/access-level';
import { GrantSet, Principal } from '../../src/core/principal';
import { Tenant } from '../../src/db/entities/tenant.entity';
import {
  effectiveRequirement,
  ownRequirement,
  type FieldRequirement,
} from '../../src/graphql/directives/auth-directives';
import { buildSchema, OPERATION_LIMITS } from '../../src/graphql/server';
import {
  addressedType,
  describeRequirement,
  idArguments,
  reachableFields,
  reachableSelections,
  rootFields,
  type RootField,
} from '../helpers/authorization-matrix';
import { allAreas, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { type GqlResponse, testServerForSuite } from '../helpers/harness';

/**
 * Generated from the built schema: every object field reachable from every Query root field is read
 * by principals holding exactly what the root field requires (a user and a GraphQL key), and each
 * field answers per its own or its type's directive: denied fields are null with FORBIDDEN, the
 * principal's own User/ApiKey objects (@allowSelf) are readable, everything else is there.
 */
const schema = buildSchema();
const QUERIES = rootFields(schema).filter((root) => root.operation === 'query');
/** The root field and the leaf count as levels in the operation depth limit. */
const MAX_DEPTH = OPERATION_LIMITS.maxDepth - 2;
/** `<caller kind>:<type>` whose fields were read only because the object is the caller's own (@allowSelf). */
const selfRead = new Set<string>();

interface Caller {
  kind: 'user' | 'key';
  grants: Record<string, AccessLevel>;
  superUser: boolean;
  auth: { token?: string; headers?: Record<string, string> };
  /** ids of the User and ApiKey objects that are the caller's own */
  own: { User: Set<string>; ApiKey: Set<string> };
}

function meets(requirement: FieldRequirement | undefined, caller: Caller): boolean {
  if (!requirement || requirement.kind === 'public' || requirement.kind === 'authenticated') return true;
  if (requirement.kind === 'superUser') return caller.superUser;
  return levelSatisfies(caller.grants[requirement.role], requirement.level);
}

/** What the caller must see of one object: checks every field in it and descends into allowed ones. */
function checkObject(
  schema: GraphQLSchema,
  value: Record<string, unknown>,
  path: Array<string | number>,
  caller: Caller,
  errorsAt: Map<string, string>,
  seen: Set<string>,
  denied: Set<string>,
): void {
  const type = schema.getType(value.__typename as string) as GraphQLObjectType;
  const own = (type.name === 'User' || type.name === 'ApiKey') && caller.own[type.name].has(value.id as string);
  for (const [key, inner] of Object.entries(value)) {
    if (key === '__typename') continue;
    const where = [...path, key];
    const requirement = effectiveRequirement(schema, type, key);
    const byGrant = meets(requirement, caller);
    const allowed = byGrant || (own && !ownRequirement(schema, type, key));
    if (allowed && !byGrant) selfRead.add(`${caller.kind}:${type.name}`);
    seen.add(`${type.name}.${key}`);
    if (!allowed) {
      denied.add(`${type.name}.${key}`);
      expect({ at: where.join('.'), value: inner, error: errorsAt.get(where.join('.')) }).toEqual({
        at: where.join('.'),
        value: null,
        error: 'FORBIDDEN',
      });
      continue;
    }
    expect({ at: where.join('.'), error: errorsAt.get(where.join('.')) }).toEqual({
      at: where.join('.'),
      error: undefined,
    });
    checkValue(schema, inner, where, caller, errorsAt, seen, denied);
  }
}

function checkValue(
  schema: GraphQLSchema,
  value: unknown,
  path: Array<string | number>,
  caller: Caller,
  errorsAt: Map<string, string>,
  seen: Set<string>,
  denied: Set<string>,
): void {
  if (Array.isArray(value))
    value.forEach((item, i) => checkValue(schema, item, [...path, i], caller, errorsAt, seen, denied));
  else if (value && typeof value === 'object' && '__typename' in value)
    checkObject(schema, value as Record<string, unknown>, path, caller, errorsAt, seen, denied);
}

describe('every object field reachable from every root field (Query and Mutation) refuses a principal lacking its requirement', () => {
  const all = rootFields(schema).flatMap((root) => reachableFields(schema, root).map((f) => ({ ...f, root })));
  const guarded = [...new Map(all.map((f) => [`${f.type.name}.${f.field}`, f])).values()].filter((f) => {
    const r = effectiveRequirement(schema, f.type, f.field);
    return r && r.kind !== 'public' && r.kind !== 'authenticated';
  });

  it('includes the linked users and keys (createdBy, owner, actor, me.apiKey)', () => {
    const names = guarded.map((f) => `${f.type.name}.${f.field}`);
    for (const name of [
      'User.email',
      'User.grants',
      'User.groups',
      'User.effectiveGrants',
      'ApiKey.ipAllowlist',
      'ApiKey.owner',
      'ApiKey.effectiveGrants',
      'ApiKey.lastUsedIp',
    ])
      expect(names).toContain(name);
    // reached through the linked fields the review named, not only through users/apiKeys
    for (const rootName of ['me', 'channels', 'auditEvents', 'webhooks', 'createChannel', 'login']) {
      expect(all.filter((f) => f.root.field.name === rootName).map((f) => f.type.name)).toEqual(
        expect.arrayContaining(['User', 'ApiKey'].filter((t) => rootName !== 'login' || t === 'User')),
      );
    }
  });

  it.each(
    guarded.map(
      (f) =>
        [
          `${f.type.name}.${f.field} ${describeRequirement(effectiveRequirement(schema, f.type, f.field)!)}`,
          f,
        ] as const,
    ),
  )('%s', async (_name, { type, field }) => {
    const requirement = effectiveRequirement(schema, type, field)!;
    const grants = new GrantSet(Object.entries(allAreas('OWNER')).map(([roleKey, level]) => ({ roleKey, level })));
    const lacking = new GrantSet(
      grants.toArray().filter((g) => requirement.kind !== 'auth' || g.roleKey !== requirement.role),
    );
    const someoneElse = { id: randomUUID(), kind: 'GRAPHQL', ownerId: randomUUID() };
    const info = {
      path: { key: field, prev: { key: 'node', prev: undefined, typename: 'X' }, typename: type.name },
      operation: { selectionSet: { selections: [] } },
    };
    const resolve = type.getFields()[field]!.resolve!;
    for (const principal of [
      new Principal({ type: 'USER', tenantId: 't', userId: randomUUID(), grants: lacking }),
      new Principal({ type: 'API_KEY', tenantId: 't', apiKeyId: randomUUID(), grants: lacking }),
    ]) {
      let thrown: unknown;
      try {
        await resolve(someoneElse, {}, { principal, loaders: {}, services: {} }, info as never);
      } catch (error) {
        thrown = error;
      }
      expect((thrown as { extensions?: { code?: string } })?.extensions?.code).toBe('FORBIDDEN');
    }
  });
});

describe("linked objects: every reachable field answers per its own or its type's directive", () => {
  const server = testServerForSuite();
  let admin: TenantUser;
  let adminKey: { id: string; secret: string };
  const ids = new Map<string, string>();
  const seen = new Set<string>();
  const denied = new Set<string>();
  const mutationSeen = new Set<string>();

  const gqlAs = (
    who: { token?: string; headers?: Record<string, string> },
    query: string,
    variables?: Record<string, unknown>,
  ) => server.gql(query, variables, who);
  const must = async (res: Promise<GqlResponse>, field: string) => {
    const r = await res;
    if (!r.data?.[field]) throw new Error(`${field} failed: ${JSON.stringify(r.errors)}`);
    return r.data[field];
  };
  const createKey = async (
    who: { token?: string; headers?: Record<string, string> },
    name: string,
    grants: Record<string, AccessLevel>,
  ) => {
    const payload = await must(
      gqlAs(
        who,
        'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret apiKey { id } } }',
        {
          input: {
            name,
            active: true,
            ipAllowlist: ['10.0.0.0/8', '127.0.0.1'],
            grants: Object.entries(grants).map(([roleKey, level]) => ({ roleKey, level })),
          },
        },
      ),
      'createGraphQLApiKey',
    );
    return { id: payload.apiKey.id as string, secret: payload.secret as string };
  };

  beforeAll(async () => {
    admin = await createTenantUser(server, { grants: allAreas('OWNER') });
    await server.kw.dataSource.getRepository(Tenant).update({ id: admin.tenantId }, { apiKeyLimit: 100 });
    // objects created by a user and by a key, so createdBy/owner/actor lead to both
    adminKey = await createKey({ token: admin.token }, 'admin key', allAreas('OWNER'));
    const asKey = { headers: { 'x-api-key': adminKey.secret } };
    for (const who of [{ token: admin.token }, asKey]) {
      ids.set(
        'Channel',
        (
          await must(
            gqlAs(who, 'mutation($i: CreateChannelInput!) { createChannel(input: $i) { id } }', {
              i: { code: `c-${Math.random().toString(36).slice(2, 8)}`, name: 'Channel' },
            }),
            'createChannel',
          )
        ).id,
      );
      ids.set(
        'User',
        (
          await must(
            gqlAs(who, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
              i: {
                email: `u-${Math.random().toString(36).slice(2, 8)}@example.test`,
                name: 'Someone',
                password: 'a long password',
                grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }],
              },
            }),
            'createUser',
          )
        ).id,
      );
      ids.set(
        'AuthorizationGroup',
        (
          await must(
            gqlAs(who, 'mutation($i: CreateAuthorizationGroupInput!) { createAuthorizationGroup(input: $i) { id } }', {
              i: { name: `g-${Math.random()}`, type: 'API_KEY', grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }] },
            }),
            'createAuthorizationGroup',
          )
        ).id,
      );
      ids.set('ApiKey', (await createKey(who, 'some key', { ORDER_DATA: 'VIEWER' })).id);
      ids.set(
        'Webhook',
        (
          await must(
            gqlAs(who, 'mutation($i: CreateWebhookInput!) { createWebhook(input: $i) { webhook { id } } }', {
              i: { url: 'https://hooks.example.test/in', events: ['order.created', 'webhook.test'] },
            }),
            'createWebhook',
          )
        ).webhook.id,
      );
      await must(
        gqlAs(who, 'mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: ids.get('Webhook') }),
        'sendTestWebhook',
      );
      await must(
        gqlAs(who, 'mutation { publishEvent(type: "order.created", payload: { n: 1 }) { messageIds } }'),
        'publishEvent',
      );
    }
    await must(
      gqlAs({ token: admin.token }, 'mutation { createSecretApiKey(title: "admin personal") { secret } }'),
      'createSecretApiKey',
    );
  });

  const callers = new Map<string, Promise<Caller>>();
  /** A user or a GraphQL key (created by the admin, so its owner is the admin) holding exactly `grants`. */
  const caller = (kind: Caller['kind'], grants: Record<string, AccessLevel>, superUser = false): Promise<Caller> => {
    const cacheKey = JSON.stringify([kind, grants, superUser]);
    if (!callers.has(cacheKey)) {
      callers.set(
        cacheKey,
        (async (): Promise<Caller> => {
          if (kind === 'key') {
            const key = await createKey(
              { token: admin.token },
              `caller ${Object.keys(grants).join(' ') || 'none'}`,
              grants,
            );
            return {
              kind,
              grants,
              superUser,
              auth: { headers: { 'x-api-key': key.secret } },
              own: { User: new Set(), ApiKey: new Set([key.id]) },
            };
          }
          const user = await createTenantUser(server, { tenantId: admin.tenantId, grants, superUser });
          const personal = await must(
            gqlAs({ token: user.token }, 'mutation { createSecretApiKey(title: "mine") { apiKey { id } } }'),
            'createSecretApiKey',
          );
          return {
            kind,
            grants,
            superUser,
            auth: { token: user.token },
            own: { User: new Set([user.userId]), ApiKey: new Set([personal.apiKey.id]) },
          };
        })(),
      );
    }
    return callers.get(cacheKey)!;
  };

  const grantsFor = (root: RootField): [Record<string, AccessLevel>, boolean] =>
    root.requirement.kind === 'auth'
      ? [{ [root.requirement.role]: root.requirement.level }, false]
      : [{}, root.requirement.kind === 'superUser'];

  const cases = QUERIES.flatMap((root) =>
    (['user', 'key'] as const)
      .filter((kind) => kind === 'user' || root.requirement.kind !== 'superUser')
      .map((kind) => [`${root.field.name} ${describeRequirement(root.requirement)} as a ${kind}`, root, kind] as const),
  );

  /**
   * One answer read by `who`: every error is FORBIDDEN, every field answers per its directive, and
   * errors at fields whose parent was nulled (a non-null field denied) name a field `who` lacks.
   */
  const checkAnswer = (res: GqlResponse, rootName: string, who: Caller) => {
    const errorsAt = new Map<string, string>();
    for (const error of res.errors ?? []) {
      expect(`${error.extensions.code} ${error.path?.join('.')} ${error.message}`).toMatch(/^FORBIDDEN /);
      errorsAt.set((error.path ?? []).join('.'), error.extensions.code);
    }
    checkValue(schema, res.data?.[rootName], [rootName], who, errorsAt, seen, denied);
    for (const [at] of errorsAt) {
      const field = at.split('.').pop()!;
      const types = Object.values(schema.getTypeMap()).filter(
        (t): t is GraphQLObjectType => t instanceof GraphQLObjectType && field in t.getFields(),
      );
      const deniable = types.filter((t) => !meets(effectiveRequirement(schema, t, field), who));
      expect({ at, deniable: deniable.length > 0 }).toEqual({ at, deniable: true });
      for (const t of deniable) denied.add(`${t.name}.${field}`);
    }
  };

  it.each(cases)('%s', async (_name, root, kind) => {
    const who = await caller(kind, ...grantsFor(root));
    const args = idArguments(root.field);
    const variables: Record<string, unknown> = {};
    for (const arg of args)
      variables[arg.name] = ids.get(
        addressedType(root, arg) === 'Webhook' || arg.name === 'webhookId' ? 'Webhook' : addressedType(root, arg),
      );
    const declared = args.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
    const passed = args.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
    const selections = reachableSelections(schema, getNamedType(root.field.type).name, MAX_DEPTH);
    for (const selection of selections) {
      const query = `query${declared ? `(${declared})` : ''} { ${root.field.name}${passed ? `(${passed})` : ''} ${selection} }`;
      checkAnswer(await gqlAs(who.auth, query, variables), root.field.name, who);
    }
  });

  // Mutation payloads lead to the same linked objects (createdBy, owner, …): each is read with the
  // mutation's own requirement and nothing more, through every reachable selection.
  const unique = () => Math.random().toString(36).slice(2, 8);
  const MUTATIONS: Record<string, { args: string; variables: () => Record<string, unknown> }> = {
    createGraphQLApiKey: {
      args: 'input: { name: $name, grants: [] }',
      variables: () => ({ name: `payload ${unique()}` }),
    },
    updateApiKey: {
      args: 'id: $id, input: { description: $name }',
      variables: () => ({ id: ids.get('ApiKey'), name: `changed ${unique()}` }),
    },
    createChannel: { args: 'input: { code: $name, name: $name }', variables: () => ({ name: `m-${unique()}` }) },
    createWebhook: {
      args: 'input: { url: "https://hooks.example.test/payload", events: ["order.created"], description: $name }',
      variables: () => ({ name: unique() }),
    },
  };
  const mutationCases = Object.keys(MUTATIONS).flatMap((name) =>
    (['user', 'key'] as const).map((kind) => [`${name} payload as a ${kind}`, name, kind] as const),
  );

  it.each(mutationCases)('%s', async (_name, name, kind) => {
    const root = rootFields(schema).find((r) => r.operation === 'mutation' && r.field.name === name)!;
    await server.kw.dataSource.getRepository(Tenant).update({ id: admin.tenantId }, { apiKeyLimit: 1000 });
    const who = await caller(kind, ...grantsFor(root));
    const { args, variables } = MUTATIONS[name]!;
    const declared = ['$name: String!', ...(args.includes('$id') ? ['$id: ID!'] : [])].join(', ');
    for (const selection of reachableSelections(schema, getNamedType(root.field.type).name, MAX_DEPTH)) {
      checkAnswer(
        await gqlAs(who.auth, `mutation(${declared}) { ${name}(${args}) ${selection} }`, variables()),
        name,
        who,
      );
      mutationSeen.add(name);
    }
  });

  it('reached the fields that matter (the checks above are not vacuous)', () => {
    for (const field of [
      'User.email',
      'User.grants',
      'User.effectiveGrants',
      'ApiKey.ipAllowlist',
      'ApiKey.owner',
      'ApiKey.effectiveGrants',
      'ApiKey.lastUsedIp',
      'Channel.createdBy',
      'AuditEvent.actor',
      'Webhook.createdBy',
      'WebhookAttempt.createdBy',
      'WebhookMessage.createdBy',
    ]) {
      expect(seen).toContain(field);
    }
    // a denied non-null field nulls its object, so only the first denied fields of each show here
    for (const field of ['User.email', 'ApiKey.description', 'ApiKey.active']) expect(denied).toContain(field);
    expect(selfRead).toEqual(new Set(['user:User', 'user:ApiKey', 'key:ApiKey']));
    expect(mutationSeen).toEqual(new Set(Object.keys(MUTATIONS)));
  });

  it("regression: a key with no grants reads itself but not its owner's email or grants (me.apiKey.owner)", async () => {
    const key = await caller('key', {});
    const res = await gqlAs(key.auth, '{ me { apiKey { id name ipAllowlist owner { id name email } } } }');
    expect(res.data?.me.apiKey).toMatchObject({ name: 'caller none', ipAllowlist: expect.any(Array), owner: null });
    expect(res.errors?.map((e) => [e.path?.join('.'), e.extensions.code])).toEqual([
      ['me.apiKey.owner.email', 'FORBIDDEN'],
    ]);
    const grants = await gqlAs(
      key.auth,
      '{ me { apiKey { owner { grants { roleKey } effectiveGrants { roleKey } groups { id } } } } }',
    );
    expect(grants.data?.me.apiKey.owner).toBeNull();
    expect(grants.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const named = await gqlAs(key.auth, '{ me { apiKey { owner { id name } } } }');
    expect(named.data?.me.apiKey.owner).toEqual({ id: admin.userId, name: expect.any(String) });
  });

  it('login returns the signed-in user in full to the (still anonymous) request, and nobody linked to it', async () => {
    const email = `signed-in-${Math.random().toString(36).slice(2, 8)}@example.test`;
    const created = await must(
      gqlAs({ token: admin.token }, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
        i: { email, name: 'Signed In', password: 'a long password' },
      }),
      'createUser',
    );
    const res = await server.gql(
      'mutation($e: EmailAddress!, $p: String!) { signedIn: login(email: $e, password: $p) { user { id name email grants { roleKey } createdBy { ... on User { id name email } } } } }',
      { e: email, p: 'a long password' },
      { headers: { 'x-forwarded-for': '198.51.100.77' } },
    );
    expect(res.data?.signedIn.user).toEqual({ id: created.id, name: 'Signed In', email, grants: [], createdBy: null });
    // its creator (the admin) is not the one signed in: the anonymous request gets nothing of it
    expect((res.errors ?? []).filter((e) => e.extensions.code !== 'UNAUTHENTICATED')).toEqual([]);
  });

  it("regression: a SHOP_AND_CHANNEL VIEWER sees who created a channel (type, id, name) but not the key's allowlist or owner", async () => {
    const viewer = await caller('key', { SHOP_AND_CHANNEL: 'VIEWER' });
    const res = await gqlAs(
      viewer.auth,
      '{ channels { edges { node { createdBy { __typename ... on ApiKey { id kind name } ... on User { id name } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(
      new Set(
        res.data?.channels.edges.map(
          (e: { node: { createdBy: { __typename: string } } }) => e.node.createdBy.__typename,
        ),
      ),
    ).toEqual(new Set(['ApiKey', 'User']));
    const leak = await gqlAs(
      viewer.auth,
      '{ channels { edges { node { createdBy { ... on ApiKey { ipAllowlist owner { email } } ... on User { email } } } } } }',
    );
    expect(JSON.stringify(leak.data)).not.toMatch(/10\.0\.0\.0|@example\.test/);
    expect(new Set(leak.errors?.map((e) => e.extensions.code))).toEqual(new Set(['FORBIDDEN']));
  });
});
