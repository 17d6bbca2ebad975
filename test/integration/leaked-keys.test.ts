import fc from 'fast-check';
import { generateSecret, hashSecret } from '../../src/credentials/tokens';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { AuditEvent } from '../../src/db/entities/audit-event.entity';
import { Tenant } from '../../src/db/entities/tenant.entity';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { dumpAllTables } from '../helpers/api-keys';
import { eventsForSuite } from '../helpers/domain-events';
import { createTenantUser, type TenantUser, insertKey, type TestKey, createWebhook } from '../helpers/fixtures';
import { startTestServer, testServerForSuite } from '../helpers/harness';
import { wrongChecksum } from '../helpers/secret-fixture-tree';
import { ecKey, GitHubKeyEndpoint, signed, type SigningKey } from '../helpers/github-secret-scanning';

const PATH = '/v1/secret-scanning/github';
const KEY_FIELDS = 'id status revokedAt revokedReason revokedBy { __typename } leakedAt leakSource';
const GET = `query($id: ID!) { apiKey(id: $id) { ${KEY_FIELDS} } }`;
const LIST =
  'query($filter: ApiKeyFilter) { apiKeys(filter: $filter, first: 50) { totalCount edges { node { id leakedAt } } } }';
const UPDATE_TENANT =
  'mutation($id: ID!, $input: UpdateTenantInput!) { updateTenant(id: $id, input: $input) { id name apiKeyLimit leakedKeyAction } }';
const TENANT = '{ tenant { id leakedKeyAction } }';

describe('leaked keys: GitHub secret-scanning reports, leakedKeyAction, leaked flag and filter', () => {
  let keysEndpoint: GitHubKeyEndpoint;
  let github: SigningKey;
  let revokeTenant: TenantUser;
  let notifyTenant: TenantUser;
  const allSecrets: string[] = [];

  beforeAll(async () => {
    keysEndpoint = await new GitHubKeyEndpoint().start();
    github = ecKey('github-key-1');
    keysEndpoint.published = [github, ecKey('github-key-0')];
  });
  const server = testServerForSuite(() => ({
    env: {
      KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL: keysEndpoint.url,
      KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true',
      KEYWARD_KEY_CACHE_TTL_MS: '300000',
    },
  }));
  const events = eventsForSuite(server);
  beforeAll(async () => {
    revokeTenant = await createTenantUser(server, { grants: { API_KEY: 'OWNER', WEBHOOK: 'OWNER' } });
    notifyTenant = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const set = await server.gql(
      UPDATE_TENANT,
      { id: notifyTenant.tenantId, input: { leakedKeyAction: 'NOTIFY' } },
      { token: notifyTenant.token },
    );
    expect(set.errors).toBeUndefined();
  });
  afterAll(() => keysEndpoint.close());

  const key = async (
    tenant: TenantUser,
    options: Parameters<typeof insertKey>[1] extends infer O ? Partial<O> : never = {},
  ) => {
    const created = await insertKey(server, { tenantId: tenant.tenantId, grants: { API_KEY: 'VIEWER' }, ...options });
    allSecrets.push(created.secret);
    return created;
  };
  const responses: string[] = [];
  const report = async (body: string, headers: Record<string, string>) => {
    const res = await server.kw.app.inject({ method: 'POST', url: PATH, headers, payload: body });
    responses.push(res.body);
    return res;
  };
  /** Whether the secret verifies now (POST /v1/keys/verify, asked by another key of its tenant). */
  const worksWith = async (secret: string, tenant: TenantUser) => {
    const caller = callers.get(tenant.tenantId) ?? (await insertKey(server, { tenantId: tenant.tenantId }));
    callers.set(tenant.tenantId, caller);
    allSecrets.push(caller.secret);
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/v1/keys/verify',
      headers: { 'content-type': 'application/json', 'x-api-key': caller.secret },
      payload: JSON.stringify({ key: secret }),
    });
    return res.json().valid as boolean;
  };
  const callers = new Map<string, TestKey>();
  const get = async (tenant: TenantUser, id: string) =>
    (await server.gql(GET, { id }, { token: tenant.token })).data!.apiKey;
  const leakEvents = (id: string) => events.filter((e) => e.action === 'api_key.leaked' && e.targetId === id);

  it('labels Keyward keys true_positive and acts per tenant: REVOKE revokes at once (cache too), NOTIFY only flags', async () => {
    const revoked = await key(revokeTenant);
    const notified = await key(notifyTenant, { kind: 'REST' });
    const bystander = await key(revokeTenant);
    const { id: webhookId } = await createWebhook(server, revokeTenant.token, {
      url: 'http://127.0.0.1:5698/hook',
      events: ['api_key.leaked', 'api_key.revoked'],
    });
    // both keys work, and are now in the verified-key cache (5 min TTL here: only invalidation can drop them)
    expect(await worksWith(revoked.secret, revokeTenant)).toBe(true);
    expect(await worksWith(notified.secret, notifyTenant)).toBe(true);

    const unknownButWellFormed = generateSecret('GRAPHQL');
    const tokens = [
      {
        token: revoked.secret,
        type: 'keyward_api_key',
        url: 'https://github.com/acme/app/blob/abc123/config.js',
        source: 'content',
      },
      {
        token: notified.secret,
        type: 'keyward_rest_secret',
        url: 'https://github.com/other/repo/commit/def456',
        source: 'commit',
      },
      {
        token: 'ghp_notakeywardtoken0000000000000000000',
        type: 'keyward_api_key',
        url: 'https://github.com/x/y',
        source: 'content',
      },
      {
        token: wrongChecksum(bystander.secret),
        type: 'keyward_api_key',
        url: 'https://github.com/x/y',
        source: 'content',
      },
      { token: unknownButWellFormed, type: 'keyward_api_key', url: 'https://github.com/x/y', source: 'content' },
    ];
    const body = JSON.stringify(tokens);
    const res = await report(body, signed(body, github));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual(
      tokens.map((t, i) => ({
        token_hash: hashSecret(t.token),
        token_type: t.type,
        label: i < 2 ? 'true_positive' : 'false_positive',
      })),
    );

    // REVOKE: revoked at once with reason "leaked" by the system, and refused at once despite the cache
    expect(await get(revokeTenant, revoked.id)).toMatchObject({
      status: 'REVOKED',
      revokedReason: 'leaked',
      revokedBy: null,
      leakSource: 'https://github.com/acme/app/blob/abc123/config.js',
      leakedAt: expect.any(String),
    });
    expect(await worksWith(revoked.secret, revokeTenant)).toBe(false);
    // NOTIFY: still working, flagged
    expect(await get(notifyTenant, notified.id)).toMatchObject({
      status: 'ACTIVE',
      revokedAt: null,
      leakSource: 'https://github.com/other/repo/commit/def456',
      leakedAt: expect.any(String),
    });
    expect(await worksWith(notified.secret, notifyTenant)).toBe(true);
    // the bystander (wrong checksum reported) is untouched
    expect(await get(revokeTenant, bystander.id)).toMatchObject({ status: 'ACTIVE', leakedAt: null, leakSource: null });

    // events: api_key.leaked for each key in its own tenant, by the system; api_key.revoked only for REVOKE
    expect(leakEvents(revoked.id)).toEqual([
      expect.objectContaining({ tenantId: revokeTenant.tenantId, actorLabel: 'system' }),
    ]);
    expect(leakEvents(notified.id)).toEqual([
      expect.objectContaining({ tenantId: notifyTenant.tenantId, actorLabel: 'system' }),
    ]);
    expect(
      events
        .filter((e) => e.action === 'api_key.revoked' && [revoked.id, notified.id].includes(e.targetId!))
        .map((e) => e.targetId),
    ).toEqual([revoked.id]);
    const audit = await server.kw.dataSource
      .getRepository(AuditEvent)
      .find({ where: { action: 'api_key.leaked', targetId: revoked.id } });
    expect(audit).toEqual([
      expect.objectContaining({ actorType: 'SYSTEM', actorId: null, tenantId: revokeTenant.tenantId }),
    ]);
    // the webhook catalog carries it: outbox rows for the subscribed tenant's webhook
    const messages = await server.kw.dataSource.getRepository(WebhookMessage).find({ where: { webhookId } });
    expect(messages.map((m) => m.eventType).sort()).toEqual(['api_key.leaked', 'api_key.revoked']);
    expect(JSON.parse(messages.find((m) => m.eventType === 'api_key.leaked')!.payload).data).toMatchObject({
      id: revoked.id,
      leakSource: 'https://github.com/acme/app/blob/abc123/config.js',
    });

    // the filter: leaked true / false
    const leakedList = (await server.gql(LIST, { filter: { leaked: true } }, { token: revokeTenant.token })).data!
      .apiKeys;
    expect(leakedList.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([revoked.id]);
    const notLeaked = (await server.gql(LIST, { filter: { leaked: false } }, { token: revokeTenant.token })).data!
      .apiKeys;
    expect(notLeaked.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(bystander.id);
    expect(notLeaked.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(revoked.id);
  });

  it('a replayed report gets the same labels and changes nothing more (no second event)', async () => {
    const leaked = await key(notifyTenant);
    const body = JSON.stringify([
      { token: leaked.secret, type: 'keyward_api_key', url: 'https://github.com/a/b', source: 'content' },
    ]);
    const headers = signed(body, github);
    const first = await report(body, headers);
    const leakedAt = (await get(notifyTenant, leaked.id)).leakedAt;
    const again = await report(body, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    expect(first.json()[0].label).toBe('true_positive');
    expect(leakEvents(leaked.id)).toHaveLength(1);
    expect((await get(notifyTenant, leaked.id)).leakedAt).toBe(leakedAt);
  });

  it("a rotated-out secret still in its grace period counts as the key's", async () => {
    const rotated = await key(revokeTenant);
    const oldSecret = generateSecret('GRAPHQL');
    allSecrets.push(oldSecret);
    await server.kw.dataSource
      .getRepository(ApiKey)
      .update(
        { id: rotated.id },
        { previousSecretHash: hashSecret(oldSecret), previousSecretExpiresAt: new Date(Date.now() + 3600_000) },
      );
    const body = JSON.stringify([
      { token: oldSecret, type: 'keyward_api_key', url: 'https://gist.github.com/x/1', source: 'gist' },
    ]);
    const res = await report(body, signed(body, github));
    expect(res.json()[0].label).toBe('true_positive');
    expect(await get(revokeTenant, rotated.id)).toMatchObject({ status: 'REVOKED', revokedReason: 'leaked' });
  });

  it('refuses unsigned, wrongly signed, altered and unknown-key requests (401 problem+json), changing nothing', async () => {
    const target = await key(notifyTenant);
    const body = JSON.stringify([
      { token: target.secret, type: 'keyward_api_key', url: 'https://github.com/a/b', source: 'content' },
    ]);
    const stranger = ecKey('not-published');
    const altered = JSON.stringify([
      { token: target.secret, type: 'keyward_api_key', url: 'https://github.com/evil/x', source: 'content' },
    ]);
    const hitsBefore = keysEndpoint.hits;
    const cases: Array<[string, string, Record<string, string>]> = [
      ['unsigned', body, { 'content-type': 'application/json' }],
      [
        'signature only',
        body,
        {
          'content-type': 'application/json',
          'github-public-key-signature': signed(body, github)['github-public-key-signature'],
        },
      ],
      ['signed by an unpublished key', body, signed(body, stranger)],
      ['unpublished key under a published id', body, signed(body, stranger, github.id)],
      ['signed by another published key than named', body, signed(body, github, 'github-key-0')],
      ['altered body', altered, signed(body, github)],
      ['not base64 DER', body, { ...signed(body, github), 'github-public-key-signature': 'bm90IGEgc2lnbmF0dXJl' }],
      ['unknown key id again', body, signed(body, stranger)],
    ];
    for (const [name, payload, headers] of cases) {
      const res = await report(payload, headers);
      expect([name, res.statusCode, res.headers['content-type']]).toEqual([
        name,
        401,
        'application/problem+json; charset=utf-8',
      ]);
      expect(res.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });
    }
    expect(await get(notifyTenant, target.id)).toMatchObject({ leakedAt: null, leakSource: null });
    expect(leakEvents(target.id)).toHaveLength(0);
    // unknown key ids refetch the key set at most once a minute, however many arrive
    expect(keysEndpoint.hits - hitsBefore).toBeLessThanOrEqual(1);
  });

  it('picks up a key GitHub publishes later (refetch on an unknown key id)', async () => {
    const target = await key(notifyTenant);
    const next = ecKey('github-key-2');
    keysEndpoint.published = [next, github];
    // the once-a-minute refetch budget may be spent by the test above: move the clock instead of waiting
    const body = JSON.stringify([
      { token: target.secret, type: 'keyward_api_key', url: 'https://github.com/a/c', source: 'content' },
    ]);
    const realNow = Date.now;
    Date.now = () => realNow() + 61_000;
    try {
      const res = await report(body, signed(body, next));
      expect(res.statusCode).toBe(200);
      expect(res.json()[0].label).toBe('true_positive');
    } finally {
      Date.now = realNow;
    }
  });

  it('answers 400 for a signed body that is not a report, 413 for an oversized one', async () => {
    for (const body of ['{"token":"x"}', 'not json', JSON.stringify([{ token: 5, type: 'x' }])]) {
      const res = await report(body, signed(body, github));
      expect([body, res.statusCode, res.json().code]).toEqual([body, 400, 'BAD_USER_INPUT']);
    }
    const huge = JSON.stringify([{ token: 'x'.repeat(600 * 1024), type: 'x' }]);
    const res = await report(huge, signed(huge, github));
    expect(res.statusCode).toBe(413);
  });

  it('hostile input never gets a 500: random headers and bodies, signed or not', async () => {
    const json = fc.oneof(
      fc.json(),
      fc
        .array(
          fc.record({
            token: fc.oneof(fc.string(), fc.constant(generateSecret('PERSONAL'))),
            type: fc.string(),
            url: fc.option(fc.webUrl(), { nil: undefined }),
          }),
          { maxLength: 5 },
        )
        .map((a) => JSON.stringify(a)),
    );
    await fc.assert(
      fc.asyncProperty(
        json,
        fc.boolean(),
        fc.string({ maxLength: 40 }),
        fc.string({ maxLength: 120 }),
        async (body, sign, keyId, signature) => {
          const headers = sign
            ? signed(body, github)
            : {
                'content-type': 'application/json',
                'github-public-key-identifier': keyId,
                'github-public-key-signature': signature,
              };
          const res = await report(body, headers);
          expect(sign ? [200, 400] : [401]).toContain(res.statusCode);
        },
      ),
      { numRuns: 60 },
    );
  });

  describe('leakedKeyAction through updateTenant', () => {
    it("defaults to REVOKE; the tenant's API_KEY owner sets it (and only it) on its own tenant", async () => {
      const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
      expect((await server.gql(TENANT, {}, { token: owner.token })).data!.tenant.leakedKeyAction).toBe('REVOKE');
      const set = await server.gql(
        UPDATE_TENANT,
        { id: owner.tenantId, input: { leakedKeyAction: 'NOTIFY' } },
        { token: owner.token },
      );
      expect(set.errors).toBeUndefined();
      expect(set.data!.updateTenant.leakedKeyAction).toBe('NOTIFY');
      expect(events.at(-1)).toMatchObject({
        action: 'tenant.updated',
        tenantId: owner.tenantId,
        changes: { leakedKeyAction: { before: 'REVOKE', after: 'NOTIFY' } },
      });

      const before = await server.kw.dataSource.getRepository(Tenant).findOneByOrFail({ id: owner.tenantId });
      for (const input of [
        { name: 'Mine now' },
        { apiKeyLimit: 1000 },
        { leakedKeyAction: 'REVOKE', apiKeyLimit: 1000 },
      ]) {
        const res = await server.gql(UPDATE_TENANT, { id: owner.tenantId, input }, { token: owner.token });
        expect([res.errors?.[0]?.extensions.code, res.data]).toEqual(['FORBIDDEN', null]);
        expect(res.errors?.[0]?.extensions.field).toMatch(/^input\.(name|apiKeyLimit)$/);
      }
      expect(await server.kw.dataSource.getRepository(Tenant).findOneByOrFail({ id: owner.tenantId })).toEqual(before);
    });

    it('another tenant answers NOT_FOUND; without API_KEY OWNER it is FORBIDDEN; null is bad input', async () => {
      const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
      const editor = await createTenantUser(server, { grants: { API_KEY: 'EDITOR', ROLE_AND_PERMISSION: 'OWNER' } });
      const other = await server.gql(
        UPDATE_TENANT,
        { id: editor.tenantId, input: { leakedKeyAction: 'NOTIFY' } },
        { token: owner.token },
      );
      expect(other.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'id' });
      const weak = await server.gql(
        UPDATE_TENANT,
        { id: editor.tenantId, input: { leakedKeyAction: 'NOTIFY' } },
        { token: editor.token },
      );
      expect(weak.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const nulled = await server.gql(
        UPDATE_TENANT,
        { id: owner.tenantId, input: { leakedKeyAction: null } },
        { token: owner.token },
      );
      expect(nulled.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.leakedKeyAction' });
      const repo = server.kw.dataSource.getRepository(Tenant);
      expect((await repo.findOneByOrFail({ id: editor.tenantId })).leakedKeyAction).toBe('REVOKE');
      expect((await repo.findOneByOrFail({ id: owner.tenantId })).leakedKeyAction).toBe('REVOKE');
      // a GraphQL key with API_KEY OWNER of the tenant may set it too (it is the tenant's API_KEY owner)
      const ownerKey = await insertKey(server, { tenantId: owner.tenantId, grants: { API_KEY: 'OWNER' } });
      const byKey = await server.gql(
        UPDATE_TENANT,
        { id: owner.tenantId, input: { leakedKeyAction: 'NOTIFY' } },
        { headers: { 'x-api-key': ownerKey.secret } },
      );
      expect(byKey.data?.updateTenant.leakedKeyAction).toBe('NOTIFY');
    });

    it('a super user sets it on any tenant, with the other fields, and at creation', async () => {
      const owner = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
      const res = await server.gql(
        UPDATE_TENANT,
        { id: owner.tenantId, input: { leakedKeyAction: 'NOTIFY', apiKeyLimit: 3 } },
        { token: await server.adminToken() },
      );
      expect(res.data!.updateTenant).toMatchObject({ leakedKeyAction: 'NOTIFY', apiKeyLimit: 3 });
      const created = await server.gql(
        'mutation($input: CreateTenantInput!) { createTenant(input: $input) { leakedKeyAction } }',
        { input: { name: 'Notify Co', slug: `notify-${Date.now()}`, leakedKeyAction: 'NOTIFY' } },
        { token: await server.adminToken() },
      );
      expect(created.data!.createTenant.leakedKeyAction).toBe('NOTIFY');
    });
  });

  it('no secret in any response, log line, audit event, webhook payload or table', async () => {
    const text = [...responses, server.logs.text, JSON.stringify(events), await dumpAllTables(server)].join('\n');
    expect(allSecrets.length).toBeGreaterThan(4);
    for (const secret of allSecrets) expect(text).not.toContain(secret);
  });
});

describe('GitHub secret scanning without KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL', () => {
  it('is off: 404 problem+json, and documented in /openapi.json', async () => {
    const server = await startTestServer();
    try {
      const res = await server.kw.app.inject({
        method: 'POST',
        url: PATH,
        headers: { 'content-type': 'application/json' },
        payload: '[]',
      });
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'NOT_FOUND' });
      // documented in the OpenAPI document all the same
      const doc = (await server.kw.app.inject({ method: 'GET', url: '/openapi.json' })).json();
      const operation = doc.paths[PATH].post;
      expect(operation.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`).sort()).toEqual([
        'header:github-public-key-identifier',
        'header:github-public-key-signature',
      ]);
      expect(operation.requestBody.content['application/json'].schema.items.required).toEqual(['token', 'type']);
      expect(Object.keys(operation.responses).sort()).toEqual(['200', '400', '401', '404', '413', '503']);
    } finally {
      await server.close();
    }
  });
});

describe('GitHub secret scanning when the key set cannot be had', () => {
  it.each([
    ['an HTTP error', (res: import('node:http').ServerResponse) => res.writeHead(500).end('down')],
    [
      'a key set larger than 256 KiB',
      (res: import('node:http').ServerResponse) =>
        res.end(JSON.stringify({ public_keys: [], pad: 'x'.repeat(300 * 1024) })),
    ],
    ['no public_keys', (res: import('node:http').ServerResponse) => res.end('{"keys":[]}')],
  ])(
    '%s: signed reports answer 503 (retry later, not 500), the failure is logged, the fetch is not repeated at once',
    async (_name, override) => {
      const endpoint = await new GitHubKeyEndpoint().start();
      const github = ecKey('github-1');
      endpoint.published = [github];
      endpoint.override = override;
      const server = await startTestServer({ env: { KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL: endpoint.url } });
      try {
        const body = JSON.stringify([{ token: generateSecret('GRAPHQL'), type: 'keyward_api_key' }]);
        for (let i = 0; i < 3; i++) {
          const res = await server.kw.app.inject({
            method: 'POST',
            url: PATH,
            headers: signed(body, github),
            payload: body,
          });
          expect([res.statusCode, res.json().code]).toEqual([503, 'SERVICE_UNAVAILABLE']);
        }
        expect(server.logs.text).toContain('could not fetch the GitHub secret-scanning public keys');
        expect(endpoint.hits).toBe(1);
      } finally {
        await server.close();
        await endpoint.close();
      }
    },
  );
});
