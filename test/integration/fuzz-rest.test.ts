/**
 * Property-based fuzzing (fast-check) of the REST credential endpoints: POST /oauth/token,
 * POST /oauth/introspect, POST /v1/keys/verify and GET /v1/auth get random and adversarial form
 * bodies, JSON bodies, content types and credential headers (Basic strings, bearer tokens, mangled
 * real secrets). Properties: never a 5xx, always a well-formed answer of the documented shape, no
 * error log, and no database change other than the key's use bookkeeping.
 */
import fc from 'fast-check';
import { VERIFY_CODES } from '../../src/auth/key-verifier';
import { testServerForSuite } from '../helpers/harness';
import { CREATE_GRAPHQL, CREATE_REST } from '../helpers/api-keys';
import { snapshotTables } from '../helpers/table-snapshot';

const server = testServerForSuite();
let clientId: string;
let clientSecret: string;
let callerKey: string;

// What a use of a key may touch: last-use bookkeeping and its usage counts (docs/design.md §14), nothing else.
const USE_COLUMNS = {
  api_key: ['lastUsedAt', 'lastUsedIp', 'previousSecretLastUsedAt', 'previousSecretUseCount'],
  key_usage: 'whole table' as const,
};

beforeAll(async () => {
  const token = await server.adminToken();
  const rest = await server.gql(
    CREATE_REST,
    {
      input: {
        name: 'fuzz client',
        active: true,
        grants: [
          { roleKey: 'ORDER_DATA', level: 'EDITOR' },
          { roleKey: 'PRODUCT_DATA', level: 'VIEWER' },
        ],
        rateLimitPerMinute: 100000,
      },
    },
    { token },
  );
  expect(rest.errors).toBeUndefined();
  clientId = rest.data!.createRestCredential.clientId;
  clientSecret = rest.data!.createRestCredential.clientSecret;
  const key = await server.gql(
    CREATE_GRAPHQL,
    {
      input: {
        name: 'fuzz caller',
        active: true,
        grants: [{ roleKey: 'API_KEY', level: 'VIEWER' }],
        rateLimitPerMinute: 100000,
      },
    },
    { token },
  );
  expect(key.errors).toBeUndefined();
  callerKey = key.data!.createGraphQLApiKey.secret;
});

/** Visible ASCII (what a real HTTP client can put in a header value) plus some latin-1. */
const headerChar = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.integer({ min: 0xa0, max: 0xff }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constant('\t') },
);
const headerValue = fc.string({ unit: headerChar, maxLength: 200 });
const hostile = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({
    unit: fc.constantFrom('%', '&', '=', '+', ':', ' ', '\u0000', '\n', 'k', 'w', '_', '\u00ff', '\ud83d\ude00'),
    maxLength: 40,
  }),
  fc.string({ minLength: 4000, maxLength: 70_000 }),
);

/** Mangled versions of a real secret: one char changed, cut, padded, case-flipped, wrapped in spaces. */
const mangle = (secret: () => string) =>
  fc
    .tuple(fc.nat(), fc.constantFrom('flip', 'cut', 'pad', 'space', 'same', 'upper'), fc.string({ maxLength: 3 }))
    .map(([at, how, extra]) => {
      const s = secret();
      const i = at % s.length;
      switch (how) {
        case 'flip':
          return s.slice(0, i) + (s[i] === 'a' ? 'b' : 'a') + s.slice(i + 1);
        case 'cut':
          return s.slice(0, i);
        case 'pad':
          return s + extra;
        case 'space':
          return ` ${s} `;
        case 'upper':
          return s.toUpperCase();
        default:
          return s;
      }
    });

const secretLike = fc.oneof(
  hostile,
  mangle(() => clientSecret),
  mangle(() => callerKey),
  fc.constantFrom('kwk_', 'kws_', 'kwp_', 'eyJhbGciOiJub25lIn0.e30.', 'eyJhbGciOiJIUzI1NiJ9.e30.x'),
);
const idLike = fc.oneof(
  hostile,
  mangle(() => clientId),
  fc.constant('kwc_'),
);

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
const authorization = fc.oneof(
  fc.constant(undefined),
  headerValue,
  fc
    .tuple(idLike, secretLike)
    .map(([id, secret]) => `Basic ${b64(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`)}`),
  fc.tuple(idLike, secretLike).map(([id, secret]) => `Basic ${b64(`${id}:${secret}`)}`),
  fc.string({ unit: fc.constantFrom(...'ABCxyz019+/=%:'.split('')), maxLength: 60 }).map((s) => `Basic ${s}`),
  hostile.map((s) => `Basic ${b64(s)}`),
  fc.constantFrom('Basic', 'Basic ', 'basic Og==', 'Bearer', 'Bearer ', 'Digest x'),
  secretLike.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, '')}`),
);

const formField = fc.constantFrom(
  'grant_type',
  'scope',
  'client_id',
  'client_secret',
  'token',
  'token_type_hint',
  'x',
  '',
  'grant_type[]',
  '__proto__',
  'constructor',
);
const formValue = fc.oneof(
  hostile,
  secretLike,
  idLike,
  fc.constantFrom(
    'client_credentials',
    'CLIENT_CREDENTIALS',
    'password',
    'order_data:editor',
    'order_data:owner',
    'api_key:viewer product_data:viewer',
    ' ',
    'access_token',
  ),
);
const formBody = fc.oneof(
  {
    weight: 6,
    arbitrary: fc
      .array(fc.tuple(formField, formValue), { maxLength: 6 })
      .map((pairs) => new URLSearchParams(pairs).toString()),
  },
  { weight: 1, arbitrary: hostile },
  { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
);
const contentType = fc.constantFrom(
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
  'APPLICATION/X-WWW-FORM-URLENCODED',
  'application/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded;;;',
  undefined,
);

function headers(entries: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined)) as Record<string, string>;
}

function expectSane(
  res: { statusCode: number; body: string; headers: Record<string, unknown> },
  allowed: number[],
): void {
  if (!allowed.includes(res.statusCode)) throw new Error(`unexpected ${res.statusCode}: ${res.body.slice(0, 300)}`);
  if (res.body) {
    const parsed = JSON.parse(res.body) as Record<string, unknown>;
    if (res.statusCode >= 400) expect(typeof (parsed.error ?? parsed.title ?? parsed.code)).toBe('string');
  }
}

function noErrorLogs(): void {
  const errors = server.logs.lines.filter((line) => /"level":(50|60)/.test(line));
  expect(errors).toEqual([]);
}

describe('fuzz: OAuth endpoints', () => {
  it('POST /oauth/token: random forms, content types and Basic strings never get a 5xx; only the real credentials get a token', async () => {
    const before = await snapshotTables(server.kw.dataSource, USE_COLUMNS);
    await fc.assert(
      fc.asyncProperty(formBody, contentType, authorization, async (payload, type, auth) => {
        const res = await server.kw.app.inject({
          method: 'POST',
          url: '/oauth/token',
          headers: headers({ 'content-type': type, authorization: auth }),
          payload,
        });
        expectSane(res, [200, 400, 401, 413, 415, 429]);
        if (res.statusCode === 200) {
          expect(JSON.parse(res.body)).toMatchObject({ token_type: 'Bearer', access_token: expect.any(String) });
          // Base62 secrets survive form encoding unchanged: the real secret must have been presented.
          const basic = auth ? Buffer.from(auth.replace(/^\s*Basic\s+/i, ''), 'base64').toString('utf8') : '';
          expect(`${payload} ${basic}`.includes(clientSecret)).toBe(true);
        }
      }),
      { numRuns: 1200 },
    );
    // A control: the endpoint does issue tokens to the right credentials.
    const ok = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${b64(`${clientId}:${clientSecret}`)}`,
      },
      payload: 'grant_type=client_credentials',
    });
    expect(ok.statusCode).toBe(200);
    expect(await snapshotTables(server.kw.dataSource, USE_COLUMNS)).toEqual(before);
    noErrorLogs();
  });

  it('POST /oauth/introspect: random tokens and caller credentials never get a 5xx; answers are {active} documents', async () => {
    const access = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${b64(`${clientId}:${clientSecret}`)}`,
      },
      payload: 'grant_type=client_credentials',
    });
    const accessToken = JSON.parse(access.body).access_token as string;
    const jwtMangled = fc.tuple(fc.nat(), fc.constantFrom('.', 'A', '-', '_', '')).map(([at, c]) => {
      const i = at % accessToken.length;
      return accessToken.slice(0, i) + c + accessToken.slice(i + 1);
    });
    const token = fc.oneof(secretLike, jwtMangled, fc.constant(accessToken));
    const body = fc.oneof(
      {
        weight: 5,
        arbitrary: fc
          .tuple(token, fc.option(formValue), fc.array(fc.tuple(formField, formValue), { maxLength: 3 }))
          .map(([t, hint, rest]) =>
            new URLSearchParams([['token', t], ...(hint ? [['token_type_hint', hint]] : []), ...rest] as Array<
              [string, string]
            >).toString(),
          ),
      },
      { weight: 1, arbitrary: formBody },
    );
    const caller = fc.oneof(
      { weight: 3, arbitrary: fc.constant({ 'x-api-key': callerKey } as Record<string, string | undefined>) },
      { weight: 1, arbitrary: authorization.map((a) => ({ authorization: a })) },
      { weight: 1, arbitrary: headerValue.map((v) => ({ 'x-api-key': v })) },
    );
    const before = await snapshotTables(server.kw.dataSource, USE_COLUMNS);
    const seen = { active: 0, inactive: 0 };
    await fc.assert(
      fc.asyncProperty(body, contentType, caller, async (payload, type, who) => {
        const res = await server.kw.app.inject({
          method: 'POST',
          url: '/oauth/introspect',
          headers: headers({ 'content-type': type, ...who }),
          payload,
        });
        expectSane(res, [200, 400, 401, 413, 415, 429]);
        if (res.statusCode === 200) seen[JSON.parse(res.body).active === true ? 'active' : 'inactive']++;
      }),
      { numRuns: 1000 },
    );
    // The generator reaches the interesting paths: both active and inactive answers occurred.
    expect(seen.active).toBeGreaterThan(0);
    expect(seen.inactive).toBeGreaterThan(0);
    expect(await snapshotTables(server.kw.dataSource, USE_COLUMNS)).toEqual(before);
    noErrorLogs();
  });
});

describe('fuzz: key verification and forward-auth', () => {
  it('POST /v1/keys/verify: random JSON bodies and keys never get a 5xx; a 200 is a tagged result', async () => {
    const body = fc.oneof(
      { weight: 4, arbitrary: fc.record({ key: secretLike }, { requiredKeys: ['key'] }).map((b) => JSON.stringify(b)) },
      {
        weight: 2,
        arbitrary: fc
          .record(
            { key: fc.oneof(secretLike, fc.jsonValue()), ip: fc.oneof(hostile, fc.ipV4(), fc.ipV6(), fc.jsonValue()) },
            { requiredKeys: [] },
          )
          .map((b) => JSON.stringify(b)),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v)) },
      { weight: 1, arbitrary: hostile },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '{"key":"x","__proto__":{"valid":true}}',
          '{"constructor":{"prototype":{"valid":true}},"key":"a"}',
          '[]',
          'null',
          '{"key":null}',
          '{"key":"' + 'a'.repeat(5000) + '"}',
        ),
      },
    );
    const caller = fc.oneof(
      { weight: 4, arbitrary: fc.constant({ 'x-api-key': callerKey } as Record<string, string | undefined>) },
      { weight: 1, arbitrary: authorization.map((a) => ({ authorization: a })) },
    );
    const type = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      undefined,
      'application/x-www-form-urlencoded',
    );
    const before = await snapshotTables(server.kw.dataSource, USE_COLUMNS);
    let valid = 0;
    await fc.assert(
      fc.asyncProperty(body, caller, type, async (payload, who, ct) => {
        const res = await server.kw.app.inject({
          method: 'POST',
          url: '/v1/keys/verify',
          headers: headers({ 'content-type': ct, ...who }),
          payload,
        });
        expectSane(res, [200, 400, 401, 403, 413, 415, 429]);
        if (res.statusCode === 200) {
          const result = JSON.parse(res.body);
          expect(VERIFY_CODES).toContain(result.code);
          if (result.valid) valid++;
        }
      }),
      { numRuns: 1200 },
    );
    // Only the caller key itself (mangle "same") or the REST secret can be valid: never a prototype-polluted body.
    expect(({} as Record<string, unknown>).valid).toBeUndefined();
    expect(valid).toBeGreaterThan(0); // the real keys among the generated ones did verify
    expect(await snapshotTables(server.kw.dataSource, USE_COLUMNS)).toEqual(before);
    noErrorLogs();
  });

  it('GET /v1/auth: random credential and forwarding headers never get a 5xx and never authenticate a non-key', async () => {
    const before = await snapshotTables(server.kw.dataSource, USE_COLUMNS);
    await fc.assert(
      fc.asyncProperty(
        fc.option(secretLike.map((s) => s.replace(/[^\x20-\x7e]/g, ''))),
        authorization,
        fc.option(fc.oneof(headerValue, fc.ipV4(), fc.ipV6(), fc.constant('1.2.3.4, 5.6.7.8'))),
        async (apiKey, auth, forwarded) => {
          const res = await server.kw.app.inject({
            method: 'GET',
            url: '/v1/auth',
            headers: headers({
              'x-api-key': apiKey ?? undefined,
              authorization: auth,
              'x-forwarded-for': forwarded ?? undefined,
            }),
          });
          expectSane(res, [200, 400, 401, 403, 429]);
          if (res.statusCode === 200) {
            const presented = `${apiKey ?? ''} ${auth ?? ''}`;
            expect(presented.includes(callerKey) || presented.includes(clientSecret)).toBe(true);
            expect(res.headers['x-keyward-tenant']).toEqual(expect.any(String));
          }
        },
      ),
      { numRuns: 1200 },
    );
    expect(await snapshotTables(server.kw.dataSource, USE_COLUMNS)).toEqual(before);
    noErrorLogs();
  });
});
