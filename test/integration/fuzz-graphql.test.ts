/**
 * Property-based fuzzing (fast-check) of EVERY GraphQL root field, generated from the built schema
 * (whichever branch added the field): each argument is declared as a variable of its schema type and
 * filled by an arbitrary derived from that type — hostile strings (unicode, control characters,
 * lone surrogates, SQL/LIKE metacharacters, 20k characters), numbers at and beyond the Int limits,
 * wrong types, nulls for non-null inputs, unknown input fields, deep JSON, real and foreign ids.
 * Run as a super user holding OWNER on every area of its tenant. Properties per call: HTTP status
 * is 200 or 400, never INTERNAL_SERVER_ERROR (or any code outside the closed set), every error has
 * a message, and a REJECTED mutation leaves every table exactly as it was (row checksums).
 * KEYWARD_FUZZ_RUNS (default 40) sets the runs per field.
 */
import fc from 'fast-check';
import {
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  getNamedType,
  isCompositeType,
  type GraphQLInputType,
} from 'graphql';
import { buildSchema } from '../../src/graphql/server';
import { rootFields, type RootField } from '../helpers/authorization-matrix';
import { allAreas, createTenantUser, type TenantUser } from '../helpers/fixtures';
import { type GqlResponse, testServerForSuite } from '../helpers/harness';
import { objectFactories } from '../helpers/tenant-objects';
import { snapshotTables } from '../helpers/table-snapshot';

const RUNS = Number(process.env.KEYWARD_FUZZ_RUNS ?? 40);
const CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'LIMIT_EXCEEDED',
  'RATE_LIMITED',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
];

const schema = buildSchema();
const FIELDS = rootFields(schema);

const server = testServerForSuite();
let admin: TenantUser;
/** Ids of real objects in the admin's tenant (never the admin itself) and in another tenant. */
const ids: string[] = [];

beforeAll(async () => {
  admin = await createTenantUser(server, { grants: allAreas('OWNER'), superUser: true });
  const other = await createTenantUser(server, { grants: allAreas('OWNER') });
  for (const owner of [admin, other]) {
    for (const [type, factory] of Object.entries(objectFactories)) {
      if (type === 'Tenant' && owner === admin) continue; // updating our own tenant's slug/limit is fine, but keep the pool foreign
      ids.push(await factory(server, owner));
    }
    const webhook = await server.gql(
      'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }',
      { input: { url: 'https://hooks.example.test/in', events: ['api_key.created'] } },
      { token: owner.token },
    );
    if (webhook.data?.createWebhook) ids.push(webhook.data.createWebhook.webhook.id);
  }
  expect(ids.length).toBeGreaterThan(8);
});

// ---- arbitraries derived from the schema -------------------------------------------------------

const weird = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\u0000abc',
  "'; DROP TABLE api_key; --",
  '%',
  '_%\\',
  '\\',
  '"',
  '`',
  '𝕂𝕖𝕪'.repeat(80),
  'a'.repeat(201),
  'a'.repeat(1001),
  'a'.repeat(65_536),
  '__proto__',
  'constructor',
  'null',
  'NaN',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '\ud800',
  '\udfff\ud800',
  '\u202e\u200b\ufeff',
  '0x7fffffff',
  '1e309',
  'kwk_',
  '2026-02-30T00:00:00Z',
  '9999-12-31T23:59:59.999Z',
  '0000-01-01T00:00:00Z',
  'http://127.0.0.1/',
  'http://[::1]/',
  'mailto:x@y',
  'a@b',
  'x@example.test',
  'API_KEY',
  'ORDER_DATA',
);
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 4, arbitrary: weird },
  { weight: 1, arbitrary: fc.string({ minLength: 1000, maxLength: 5000 }) },
);
const hostileNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(
    0,
    -1,
    1,
    2 ** 31 - 1,
    2 ** 31,
    -(2 ** 31),
    -(2 ** 31) - 1,
    Number.MAX_SAFE_INTEGER,
    -Number.MAX_SAFE_INTEGER,
    2 ** 53 + 2,
    1e308,
    -1e308,
    5e-324,
    0.5,
    -0,
    100,
    101,
    604_800,
    604_801,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const wrongType = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.jsonValue({ maxDepth: 3 }),
);
/** Deep or odd JSON: nested 64-deep arrays/objects, big arrays, prototype keys. */
const oddJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth))),
  fc.integer({ min: 1, max: 200 }).map((depth) => JSON.parse('{"a":'.repeat(depth) + '1' + '}'.repeat(depth))),
  fc.constant(JSON.parse('{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}')),
  fc.constant(Array.from({ length: 5000 }, (_, i) => i)),
);
const idValue = fc.oneof(
  { weight: 4, arbitrary: fc.nat().map((i) => ids[i % ids.length]!) },
  { weight: 2, arbitrary: fc.uuid() },
  { weight: 2, arbitrary: hostileString },
  { weight: 1, arbitrary: fc.integer() },
);

function scalarArb(type: GraphQLScalarType): fc.Arbitrary<unknown> {
  const good = (() => {
    switch (type.name) {
      case 'ID':
        return idValue;
      case 'Int':
      case 'PositiveInt':
        return hostileNumber;
      case 'Float':
        return fc.double();
      case 'Boolean':
        return fc.boolean();
      case 'EmailAddress':
        return fc.oneof(fc.emailAddress(), hostileString);
      case 'URL':
        return fc.oneof(
          fc.webUrl().map((u) => u.replace(/\/\/[^/]+/, '//hooks.example.test')),
          fc.constantFrom(
            'http://127.0.0.1/x',
            'http://169.254.169.254/',
            'http://[::ffff:7f00:1]/',
            'ftp://x.test/',
            'https://user:pw@x.test/',
          ),
          hostileString,
        );
      case 'DateTime':
        return fc.oneof(
          fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
          hostileString,
          hostileNumber,
        );
      case 'JSON':
        return oddJson;
      default:
        return hostileString;
    }
  })();
  return fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: wrongType });
}

const cache = new Map<GraphQLInputType, fc.Arbitrary<unknown>>();

/** An arbitrary for values of an input type: mostly the right shape with hostile leaves, sometimes wrong. */
function valueArb(type: GraphQLInputType, depth = 0): fc.Arbitrary<unknown> {
  if (type instanceof GraphQLNonNull) {
    return fc.oneof(
      { weight: 20, arbitrary: valueArb(type.ofType, depth) },
      { weight: 1, arbitrary: fc.constant(null) },
    );
  }
  if (depth > 4) return fc.constant(null);
  if (cache.has(type)) return cache.get(type)!;
  let arb: fc.Arbitrary<unknown>;
  if (type instanceof GraphQLList) {
    const item = valueArb(type.ofType, depth + 1);
    arb = fc.oneof(
      { weight: 8, arbitrary: fc.array(item, { maxLength: 4 }) },
      { weight: 1, arbitrary: item }, // a single value (list coercion)
      { weight: 1, arbitrary: fc.array(item, { minLength: 101, maxLength: 150 }) }, // more than any list limit
      { weight: 1, arbitrary: fc.constant(null) },
    );
  } else if (type instanceof GraphQLEnumType) {
    arb = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom(...type.getValues().map((v) => v.name)) },
      { weight: 1, arbitrary: wrongType },
    );
  } else if (type instanceof GraphQLInputObjectType) {
    const fields = Object.values(type.getFields());
    const model: Record<string, fc.Arbitrary<unknown>> = {};
    for (const f of fields) model[f.name] = valueArb(f.type, depth + 1);
    const required = fields
      .filter((f) => f.type instanceof GraphQLNonNull && f.defaultValue === undefined)
      .map((f) => f.name);
    const record = fc.record(model, { requiredKeys: required });
    arb = fc.oneof(
      { weight: 6, arbitrary: record },
      { weight: 2, arbitrary: fc.record(model, { requiredKeys: [] }) }, // required fields missing too
      {
        weight: 1,
        arbitrary: fc
          .tuple(record, fc.constantFrom('__proto__', 'unknownField', 'tenantId', 'superUser', 'id'), wrongType)
          .map(([r, k, v]) => ({ ...(r as object), [k]: v })),
      },
      { weight: 1, arbitrary: wrongType },
    );
  } else {
    arb = scalarArb(type as GraphQLScalarType);
  }
  cache.set(type, arb);
  return arb;
}

/** `mutation Fuzz($a: T, …) { field(a: $a, …) { __typename } }` with every argument, plus random values. */
function operationArb(root: RootField): fc.Arbitrary<{ query: string; variables: Record<string, unknown> }> {
  const args = root.field.args;
  const declared = args.map((a) => `$${a.name}: ${a.type.toString()}`);
  const passed = args.map((a) => `${a.name}: $${a.name}`);
  const selection = isCompositeType(getNamedType(root.field.type)) ? ' { __typename }' : '';
  const query = `${root.operation} Fuzz${declared.length ? `(${declared.join(', ')})` : ''} { ${root.field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`;
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of args) model[a.name] = valueArb(a.type);
  const required = args.filter((a) => a.type instanceof GraphQLNonNull).map((a) => a.name);
  return fc
    .record(model, { requiredKeys: required })
    .map((variables) => ({ query, variables: variables as Record<string, unknown> }));
}

const NAME = /^[_A-Za-z][_0-9A-Za-z]*$/;

/** A generated value printed as a GraphQL literal for its type (enum names bare, objects as input objects). */
function literal(value: unknown, type: GraphQLInputType | undefined): string {
  if (type instanceof GraphQLNonNull) return literal(value, type.ofType);
  if (value === null || value === undefined) return 'null';
  if (type instanceof GraphQLList && !Array.isArray(value)) return literal(value, type.ofType);
  if (Array.isArray(value))
    return `[${value.map((v) => literal(v, type instanceof GraphQLList ? type.ofType : undefined)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = type instanceof GraphQLInputObjectType ? type.getFields() : {};
    return `{${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${NAME.test(k) ? k : JSON.stringify(k)}: ${literal(v, fields[k]?.type)}`)
      .join(', ')}}`;
  }
  if (typeof value === 'string')
    return type instanceof GraphQLEnumType && NAME.test(value) ? value : JSON.stringify(value);
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return String(value);
}

/** The same operations with every argument inlined as a literal (scalars' parseLiteral, not parseValue). */
function literalOperationArb(root: RootField): fc.Arbitrary<{ query: string; variables: Record<string, unknown> }> {
  const selection = isCompositeType(getNamedType(root.field.type)) ? ' { __typename }' : '';
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const a of root.field.args) model[a.name] = valueArb(a.type);
  const required = root.field.args.filter((a) => a.type instanceof GraphQLNonNull).map((a) => a.name);
  return fc.record(model, { requiredKeys: required }).map((values) => {
    const passed = root.field.args
      .filter((a) => a.name in values)
      .map((a) => `${a.name}: ${literal((values as Record<string, unknown>)[a.name], a.type)}`);
    return {
      query: `${root.operation} Fuzz { ${root.field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`,
      variables: {},
    };
  });
}

// ---- the properties ----------------------------------------------------------------------------

const show = (res: GqlResponse) =>
  JSON.stringify({
    status: res.status,
    data: res.data,
    errors: res.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.field]),
  }).slice(0, 800);

/** A rejected mutation must change nothing; the audit/outbox rows of accepted ones are expected. */
async function snapshot() {
  return snapshotTables(server.kw.dataSource);
}

describe('fuzz: every GraphQL root field with hostile arguments (as a super user with OWNER everywhere)', () => {
  const counts = { accepted: 0, rejected: 0, literalsAccepted: 0, literalsExecuted: 0 };

  afterAll(() => {
    // The generators reach both sides: some calls are accepted, most are rejected.
    expect(counts.accepted).toBeGreaterThan(0);
    expect(counts.rejected).toBeGreaterThan(0);
    // Inline literals are not all syntax/validation errors: some reach the resolvers, some succeed.
    expect(counts.literalsExecuted).toBeGreaterThan(0);
    expect(counts.literalsAccepted).toBeGreaterThan(0);
  });

  const cases = FIELDS.flatMap((f) => [
    [`${f.typeName}.${f.field.name} (variables)`, f, operationArb, RUNS] as const,
    [`${f.typeName}.${f.field.name} (inline literals)`, f, literalOperationArb, Math.ceil(RUNS / 3)] as const,
  ]);
  it.each(cases)(
    '%s: no 5xx, no INTERNAL_SERVER_ERROR, rejected input changes nothing',
    async (_name, root, arb, runs) => {
      const isMutation = root.operation === 'mutation';
      const outcome = await fc.check(
        fc.asyncProperty(arb(root), async ({ query, variables }) => {
          const before = isMutation ? await snapshot() : undefined;
          const res = await server.gql(query, variables, { token: admin.token });
          // revokeMySessions ends the caller's own session (its contract): sign in again for the next run
          if (root.field.name === 'revokeMySessions' && !res.errors) {
            const again = await server.gql(
              'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }',
              { e: admin.email, p: admin.password },
            );
            admin.token = again.data!.login.token;
          }
          // 401/429 only where the contract says so: a failed sign-in, and sign-in throttling (which
          // also guards the current-password check of changeMyPassword).
          const code = res.errors?.[0]?.extensions.code;
          const expectedStatus =
            res.status === 200 ||
            res.status === 400 ||
            (root.field.name === 'login' && res.status === 401 && code === 'UNAUTHENTICATED') ||
            (['login', 'changeMyPassword'].includes(root.field.name) && res.status === 429 && code === 'RATE_LIMITED');
          if (!expectedStatus) throw new Error(`HTTP ${res.status}: ${show(res)}`);
          for (const error of res.errors ?? []) {
            if (!CODES.includes(error.extensions?.code)) throw new Error(`unexpected error code: ${show(res)}`);
            expect(typeof error.message).toBe('string');
          }
          const rejected = !res.data || res.data[root.field.name] === null || res.data[root.field.name] === undefined;
          if (res.errors?.length && rejected) {
            counts.rejected++;
            if (before) {
              const after = await snapshot();
              if (JSON.stringify(after) !== JSON.stringify(before))
                throw new Error(
                  `rejected ${root.field.name} changed the database: ${show(res)}\nbefore ${JSON.stringify(before)}\nafter ${JSON.stringify(after)}`,
                );
            }
          } else {
            counts.accepted++;
            if (arb === literalOperationArb) counts.literalsAccepted++;
          }
          if (arb === literalOperationArb && res.status === 200) counts.literalsExecuted++;
        }),
        { numRuns: runs, endOnFailure: true },
      );
      // fast-check's own report prints the (huge) counterexample in full; keep the failure readable.
      if (outcome.failed) {
        const example = JSON.stringify(outcome.counterexample?.[0] ?? null);
        throw new Error(
          `seed ${outcome.seed}, path ${outcome.counterexamplePath}: ${String((outcome.errorInstance as Error | undefined)?.message ?? outcome.errorInstance).slice(0, 3000)}\ncounterexample (first 2000 chars): ${example.slice(0, 2000)}`,
        );
      }
    },
  );

  it('regression: more than 50 bad variable values are BAD_USER_INPUT, not INTERNAL_SERVER_ERROR', async () => {
    const grants = Array.from({ length: 60 }, () => ({ roleKey: null, level: 'NOPE' }));
    const res = await server.gql(
      'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }',
      { input: { email: 'x@example.test', name: 'X', password: 'long enough password', grants } },
      { token: admin.token },
    );
    expect(res.status).toBe(400);
    expect(res.errors!.length).toBeGreaterThan(50);
    expect(new Set(res.errors!.map((e) => e.extensions.code))).toEqual(new Set(['BAD_USER_INPUT']));
  });

  it('the server still answers normally afterwards, and logged no unexpected error', async () => {
    const res = await server.gql('{ me { __typename } }', {}, { token: admin.token });
    expect(res.errors).toBeUndefined();
    const unexpected = server.logs.lines.filter((line) => /"level":(50|60)/.test(line));
    expect(unexpected).toEqual([]);
  });
});
