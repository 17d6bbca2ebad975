import fc from 'fast-check';
import { getNamedType, type GraphQLInputType } from 'graphql';
import { buildSchema } from '../../src/graphql/server';
import { MAX_JSON_DEPTH, MAX_LIST_ITEMS } from '../../src/graphql/input-limits';
import {
  argumentsWith,
  listInputPaths,
  operationWith,
  placeholderValue,
  rootFields,
  type RootField,
} from '../helpers/authorization-matrix';
import { allAreas, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { type GqlResponse, testServerForSuite } from '../helpers/harness';

/**
 * Bad sizes and tampered cursors answer BAD_USER_INPUT naming the argument, never a 500. The
 * connections and list arguments are read from the built schema, so new ones are covered too.
 */
const schema = buildSchema();
const ROOTS = rootFields(schema);
const CONNECTIONS = ROOTS.filter((root) => getNamedType(root.field.type).name.endsWith('Connection'));
const LISTS = ROOTS.flatMap((root) => listInputPaths(root.field).map((list) => ({ root, list })));

const outcome = (res: GqlResponse) => ({
  status: res.status,
  code: res.errors?.[0]?.extensions.code ?? null,
  field: res.errors?.[0]?.extensions.field ?? null,
  message: res.errors?.[0]?.message,
});

describe('input limits and cursors (generated from the schema)', () => {
  const server = testServerForSuite();
  let admin: TenantUser;
  let webhookId: string;

  beforeAll(async () => {
    admin = await createTenantUser(server, { grants: allAreas('OWNER'), superUser: true });
    const as = (query: string, variables?: Record<string, unknown>) =>
      server.gql(query, variables, { token: admin.token });
    await as('mutation { createChannel(input: { code: "web", name: "Web" }) { id } }');
    await as('mutation { createGraphQLApiKey(input: { name: "some key" }) { secret } }');
    await as('mutation { createSecretApiKey(title: "mine") { secret } }');
    webhookId = (
      await as(
        'mutation { createWebhook(input: { url: "https://hooks.example.test/in", events: ["order.created"] }) { webhook { id } } }',
      )
    ).data!.createWebhook.webhook.id;
    await as('mutation($id: ID!) { sendTestWebhook(id: $id) { id } }', { id: webhookId });
    await as('mutation { publishEvent(type: "order.created", payload: { n: 1 }) { messageIds } }');
  });

  /** Required arguments: a real webhook for webhookId, placeholders for the rest. */
  const baseArgs = (root: RootField): Record<string, unknown> => {
    const args = argumentsWith(root.field, [root.field.args[0]!.name], undefined);
    for (const arg of root.field.args) if (arg.name === 'webhookId') args[arg.name] = webhookId;
    for (const key of Object.keys(args)) if (args[key] === undefined) delete args[key];
    return args;
  };
  const call = (root: RootField, args: Record<string, unknown>) => {
    const op = operationWith(root, args);
    return server.gql(op.query, op.variables, { token: admin.token });
  };

  it('covers every connection and list argument', () => {
    expect(CONNECTIONS.map((c) => c.field.name)).toEqual(
      expect.arrayContaining(['apiKeys', 'channels', 'users', 'auditEvents', 'webhookAttempts', 'webhookMessages']),
    );
    expect(LISTS.map(({ root, list }) => `${root.field.name}(${list.path.join('.')})`)).toEqual(
      expect.arrayContaining([
        'apiKeys(filter.status)',
        'createUser(input.groupIds)',
        'deleteApiKeys(ids)',
        'updateApiKey(input.grants)',
      ]),
    );
  });

  const cursorValue = fc.oneof(
    fc.string(),
    fc.double(),
    fc.integer(),
    fc.constant(null),
    fc.boolean(),
    fc.constant('NaN'),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
    fc.object({ maxDepth: 2 }),
  );
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

  describe.each(CONNECTIONS.map((root) => [root.field.name, root] as const))(
    '%s: tampered and random cursors',
    (_name, root) => {
      const cursorArgs = root.field.args
        .filter((arg) => arg.name === 'after' || arg.name === 'before')
        .map((arg) => arg.name);

      it('regression: a real cursor with a value replaced (a string where a number or date belongs) is BAD_USER_INPUT on the cursor argument', async () => {
        const first = await call(root, { ...baseArgs(root), first: 1 });
        const data = first.data![root.field.name];
        expect(data.__typename).toMatch(/Connection$/);
        const page = await server.gql(
          `query($a: ID!) { x: ${root.field.name}${root.field.args.some((a) => a.name === 'webhookId') ? '(webhookId: $a, first: 1)' : '(first: 1)'} { pageInfo { endCursor } } }`.replace(
            'query($a: ID!)',
            root.field.args.some((a) => a.name === 'webhookId') ? 'query($a: ID!)' : 'query',
          ),
          root.field.args.some((a) => a.name === 'webhookId') ? { a: webhookId } : {},
          { token: admin.token },
        );
        const cursor = page.data!.x.pageInfo.endCursor as string;
        expect(cursor).toEqual(expect.any(String));
        const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
        for (let i = 0; i < values.length; i++) {
          for (const bad of ['not-a-number', 12.5e300, -1, {}, [1]]) {
            const tampered = [...values];
            tampered[i] = typeof values[i] === 'string' && typeof bad === 'string' ? 7 : bad;
            const res = await call(root, { ...baseArgs(root), after: encode(tampered) });
            const got = outcome(res);
            expect(`${got.status} ${got.code} ${got.message}`).not.toMatch(/^500|INTERNAL/);
            if (got.code !== null)
              expect({ code: got.code, field: got.field }).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
          }
        }
      });

      it('random cursors never give a 500, only data or BAD_USER_INPUT on the cursor argument', async () => {
        await fc.assert(
          fc.asyncProperty(
            fc.constantFrom(...cursorArgs),
            fc.oneof(fc.string({ maxLength: 60 }), fc.array(cursorValue, { maxLength: 4 }).map(encode)),
            async (arg, cursor) => {
              const res = await call(root, {
                ...baseArgs(root),
                [arg]: cursor,
                ...(arg === 'before' && root.field.args.some((a) => a.name === 'last') ? { last: 2 } : {}),
              });
              const got = outcome(res);
              expect(`${got.status} ${got.code} ${got.message}`).not.toMatch(/^500|INTERNAL/);
              if (got.code !== null)
                expect({ code: got.code, field: got.field }).toEqual({
                  code: 'BAD_USER_INPUT',
                  field: arg === 'before' && !root.field.args.some((a) => a.name === 'last') ? expect.any(String) : arg,
                });
            },
          ),
          { numRuns: 15 },
        );
      });
    },
  );

  describe.each(
    LISTS.map(
      ({ root, list }) => [`${root.operation} ${root.field.name}(${list.path.join('.')})`, root, list] as const,
    ),
  )('%s: list sizes', (_name, root, list) => {
    const item = (type: GraphQLInputType) => placeholderValue(type);
    it(`more than ${MAX_LIST_ITEMS} items is BAD_USER_INPUT naming the list; up to it never a 500`, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.integer({ min: 0, max: MAX_LIST_ITEMS }), fc.integer({ min: MAX_LIST_ITEMS + 1, max: 400 })),
          async (size) => {
            const value = Array.from({ length: size }, () => item(list.itemType));
            const res = await call(root, argumentsWith(root.field, list.path, value));
            const got = outcome(res);
            expect(`${got.status} ${got.code} ${got.message}`).not.toMatch(/^500|INTERNAL/);
            if (size > MAX_LIST_ITEMS)
              expect({ code: got.code, field: got.field }).toEqual({
                code: 'BAD_USER_INPUT',
                field: list.path.join('.'),
              });
          },
        ),
        { numRuns: 4, examples: [[MAX_LIST_ITEMS + 1]] },
      );
    });
  });

  it('regression: 2,000 statuses, 40,000 groupIds and a payload nested 6,000 deep are BAD_USER_INPUT naming the argument', async () => {
    const apiKeys = ROOTS.find((r) => r.field.name === 'apiKeys')!;
    const status = outcome(await call(apiKeys, { filter: { status: Array.from({ length: 2000 }, () => 'ACTIVE') } }));
    expect(status).toMatchObject({ status: 200, code: 'BAD_USER_INPUT', field: 'filter.status' });
    const createUser = ROOTS.find((r) => r.field.name === 'createUser')!;
    const groups = outcome(
      await call(createUser, {
        input: {
          email: 'many@example.test',
          name: 'Many',
          password: 'a long password',
          groupIds: Array.from({ length: 40_000 }, (_, i) => `g${i}`),
        },
      }),
    );
    expect(groups).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.groupIds' });
    // written by hand: JSON.stringify itself overflows the stack on such a value
    const publish = ROOTS.find((r) => r.field.name === 'publishEvent')!;
    const op = operationWith(publish, { type: 'order.created', payload: null });
    const body = `{"query":${JSON.stringify(op.query)},"variables":{"type":"order.created","payload":${'{"a":'.repeat(6000)}1${'}'.repeat(6000)}}}`;
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/graphql',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      payload: body,
    });
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'payload' });
    let fine: unknown = 1;
    for (let i = 0; i < MAX_JSON_DEPTH; i++) fine = [fine];
    expect(outcome(await call(publish, { type: 'order.created', payload: { fine } })).code).toBe('BAD_USER_INPUT');
    expect(outcome(await call(publish, { type: 'order.created', payload: { ok: [[{ n: 1 }]] } })).code).toBeNull();
  });
});
