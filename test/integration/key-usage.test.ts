import { Principal } from '../../src/core/principal';
import { hashSecret } from '../../src/credentials/tokens';
import { createDataSource, resolveDatabase } from '../../src/db/database';
import { KeyUsageBucket } from '../../src/db/entities/key-usage-bucket.entity';
import { UsageService, type UsagePoint, type UsageRangeArgs } from '../../src/domain/usage/usage.service';
import {
  createTenantUser,
  type TenantUser,
  createChannel,
  insertKey,
  serviceDeps,
  updateKey,
  type TestKey,
} from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

const KEY_USAGE = `query($id: ID!, $from: DateTime!, $to: DateTime!, $g: UsageGranularity) {
  apiKey(id: $id) { id usage24h usage(from: $from, to: $to, granularity: $g) { start valid rateLimited denied total } }
}`;
const TENANT_USAGE = `query($from: DateTime!, $to: DateTime!, $g: UsageGranularity, $first: Int) {
  tenant { usage(from: $from, to: $to, granularity: $g) { start valid rateLimited denied total } topKeys(from: $from, to: $to, first: $first) { apiKey { id } total valid rateLimited denied } }
}`;
const LIST = `query($filter: ApiKeyFilter, $orderBy: ApiKeyOrder, $first: Int, $after: String) {
  apiKeys(filter: $filter, orderBy: $orderBy, first: $first, after: $after) { edges { cursor node { id usage24h } } pageInfo { hasNextPage endCursor } totalCount }
}`;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

describe('key usage analytics (docs/design.md §14)', () => {
  const server = testServerForSuite({ keepDatabase: true });

  const auth = (secret: string, ip = '192.0.2.10') =>
    server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': secret }, remoteAddress: ip });
  const flush = () => server.kw.services.usage.recorder!.flush();
  const lastHour = () => ({
    from: new Date(Date.now() - HOUR).toISOString(),
    to: new Date(Date.now() + MINUTE).toISOString(),
  });
  const sum = (points: Array<Record<string, number | string>>, field: string) =>
    points.reduce((n, p) => n + Number(p[field]), 0);
  const rows = (keyId: string) => server.kw.dataSource.getRepository(KeyUsageBucket).findBy({ apiKeyId: keyId });

  async function admin(): Promise<TenantUser> {
    return createTenantUser(server, { grants: { API_KEY: 'VIEWER' } });
  }

  it('counts every use by outcome (VALID, RATE_LIMITED, DENIED), written behind as one row per key, minute and outcome', async () => {
    const user = await admin();
    const key = await insertKey(server, {
      tenantId: user.tenantId,
      rateLimitPerMinute: 5,
      ipAllowlist: ['192.0.2.0/24'],
    });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await auth(key.secret)).statusCode);
    statuses.push((await auth(key.secret, '198.51.100.1')).statusCode); // outside the allowlist: DENIED
    expect(statuses.filter((s) => s === 200)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(3);
    // nothing written per request: only the flush writes
    expect(await rows(key.id)).toHaveLength(0);
    await flush();
    const written = await rows(key.id);
    // one row per minute and outcome (the requests may straddle a minute)
    expect(written.length).toBeLessThanOrEqual(6);
    const byOutcome: Record<string, number> = {};
    for (const r of written) byOutcome[r.outcome] = (byOutcome[r.outcome] ?? 0) + Number(r.count);
    expect(byOutcome).toEqual({ VALID: 5, RATE_LIMITED: 3, DENIED: 1 });
    expect(new Set(written.map((r) => r.granularity))).toEqual(new Set(['MINUTE']));

    const res = await server.gql(KEY_USAGE, { id: key.id, ...lastHour(), g: 'MINUTE' }, { token: user.token });
    expect(res.errors).toBeUndefined();
    const points = res.data!.apiKey.usage;
    expect(points.length).toBeGreaterThanOrEqual(60); // zero-filled, one point per minute
    expect([sum(points, 'valid'), sum(points, 'rateLimited'), sum(points, 'denied'), sum(points, 'total')]).toEqual([
      5, 3, 1, 9,
    ]);
    expect(res.data!.apiKey.usage24h).toBe(9);
    // consecutive, aligned starts
    const starts = points.map((p: { start: string }) => Date.parse(p.start));
    expect(starts.every((t: number, i: number) => t % MINUTE === 0 && (i === 0 || t - starts[i - 1] === MINUTE))).toBe(
      true,
    );
  });

  it('revoked, inactive and expired keys count as DENIED; the grace-period secret counts as VALID', async () => {
    const user = await admin();
    const revoked = await insertKey(server, { tenantId: user.tenantId, revokedAt: new Date() });
    const inactive = await insertKey(server, { tenantId: user.tenantId, active: false });
    const expired = await insertKey(server, { tenantId: user.tenantId, expiresAt: new Date(Date.now() - 1000) });
    for (const key of [revoked, inactive, expired]) expect((await auth(key.secret)).statusCode).toBe(401);
    const rotated = await insertKey(server, { tenantId: user.tenantId });
    // rotate behind the service's back: the old secret becomes the previous one, valid for an hour
    await updateKey(server, rotated.id, {
      previousSecretHash: hashSecret(rotated.secret),
      secretHash: 'f'.repeat(64),
      previousSecretExpiresAt: new Date(Date.now() + HOUR),
    });
    expect((await auth(rotated.secret)).statusCode).toBe(200);
    await flush();
    for (const key of [revoked, inactive, expired])
      expect((await rows(key.id)).map((r) => [r.outcome, Number(r.count)])).toEqual([['DENIED', 1]]);
    expect((await rows(rotated.id)).map((r) => [r.outcome, Number(r.count)])).toEqual([['VALID', 1]]);
    // and its own grace-period count, as before
    await server.kw.services.keyVerifier.flush();
    expect(
      (
        await server.gql(
          KEY_USAGE.replace('usage24h', 'usage24h previousSecretUseCount'),
          { id: rotated.id, ...lastHour() },
          { token: user.token },
        )
      ).data!.apiKey.previousSecretUseCount,
    ).toBe(1);
  });

  it('GraphQL, /v1/keys/verify, /oauth/token and access tokens count too', async () => {
    const user = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const gqlKey = await insertKey(server, { tenantId: user.tenantId, grants: { API_KEY: 'VIEWER' } });
    const rest = await insertKey(server, { tenantId: user.tenantId, kind: 'REST', grants: { API_KEY: 'VIEWER' } });
    expect((await server.gql('{ tenant { id } }', {}, { token: gqlKey.secret })).errors).toBeUndefined();
    const verify = await server.kw.app.inject({
      method: 'POST',
      url: '/v1/keys/verify',
      headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
      payload: { key: gqlKey.secret },
    });
    expect(verify.statusCode).toBe(200);
    const token = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `grant_type=client_credentials&client_id=${rest.clientId}&client_secret=${rest.secret}`,
    });
    expect(token.statusCode).toBe(200);
    const accessToken = JSON.parse(token.body).access_token as string;
    expect((await server.gql('{ tenant { id } }', {}, { token: accessToken })).errors).toBeUndefined();
    await flush();
    const valid = async (key: TestKey) =>
      (await rows(key.id)).filter((r) => r.outcome === 'VALID').reduce((n, r) => n + Number(r.count), 0);
    expect(await valid(gqlKey)).toBe(2); // the GraphQL request and its verification by /v1/keys/verify
    expect(await valid(rest)).toBe(2); // the token request and the request with the access token
  });

  it("Tenant.usage sums the tenant's keys; topKeys orders by total; another tenant sees none of it", async () => {
    const user = await admin();
    const busy = await insertKey(server, { tenantId: user.tenantId });
    const quiet = await insertKey(server, { tenantId: user.tenantId });
    for (let i = 0; i < 4; i++) await auth(busy.secret);
    await auth(quiet.secret);
    await flush();
    const res = await server.gql(TENANT_USAGE, { ...lastHour(), g: 'HOUR' }, { token: user.token });
    expect(res.errors).toBeUndefined();
    expect(sum(res.data!.tenant.usage, 'valid')).toBe(5);
    expect(
      res.data!.tenant.topKeys.map((k: { apiKey: { id: string }; total: number }) => [k.apiKey.id, k.total]),
    ).toEqual([
      [busy.id, 4],
      [quiet.id, 1],
    ]);
    const one = await server.gql(TENANT_USAGE, { ...lastHour(), first: 1 }, { token: user.token });
    expect(one.data!.tenant.topKeys).toHaveLength(1);

    const other = await admin();
    const theirs = await server.gql(TENANT_USAGE, { ...lastHour() }, { token: other.token });
    expect(sum(theirs.data!.tenant.usage, 'total')).toBe(0);
    expect(theirs.data!.tenant.topKeys).toEqual([]);
    // another tenant's key is not reachable at all
    const foreign = await server.gql(KEY_USAGE, { id: busy.id, ...lastHour() }, { token: other.token });
    expect(foreign.data!.apiKey).toBeNull();
  });

  it("a channel-bound key sees nothing of other channels' keys", async () => {
    const user = await admin();
    const channelA = (await createChannel(server, user.tenantId)).id;
    const channelB = (await createChannel(server, user.tenantId)).id;
    const inA = await insertKey(server, { tenantId: user.tenantId, channelId: channelA });
    const inB = await insertKey(server, { tenantId: user.tenantId, channelId: channelB });
    const viewerA = await insertKey(server, {
      tenantId: user.tenantId,
      channelId: channelA,
      grants: { API_KEY: 'VIEWER' },
    });
    for (let i = 0; i < 3; i++) await auth(inA.secret);
    for (let i = 0; i < 7; i++) await auth(inB.secret);
    await flush();
    const res = await server.gql(TENANT_USAGE, { ...lastHour() }, { token: viewerA.secret });
    expect(res.errors).toBeUndefined();
    // inA's 3 uses (viewerA's own request is counted after this point's read, or in it: at most 1 more)
    const valid = sum(res.data!.tenant.usage, 'valid');
    expect(valid).toBeGreaterThanOrEqual(3);
    expect(valid).toBeLessThanOrEqual(4);
    const top = res.data!.tenant.topKeys.map((k: { apiKey: { id: string } }) => k.apiKey.id);
    expect(top).toContain(inA.id);
    expect(top).not.toContain(inB.id);
    const list = await server.gql(
      LIST,
      { orderBy: { field: 'USAGE_24H', direction: 'DESC' } },
      { token: viewerA.secret },
    );
    expect(list.data!.apiKeys.edges.map((e: { node: { id: string } }) => e.node.id)).not.toContain(inB.id);
    expect(
      (await server.gql(KEY_USAGE, { id: inB.id, ...lastHour() }, { token: viewerA.secret })).data!.apiKey,
    ).toBeNull();
    // the tenant-wide viewer sees both
    const all = await server.gql(TENANT_USAGE, { ...lastHour() }, { token: user.token });
    expect(sum(all.data!.tenant.usage, 'valid')).toBeGreaterThanOrEqual(10);
  });

  it('every new field requires API_KEY VIEWER', async () => {
    const nobody = await createTenantUser(server, { grants: {} });
    for (const field of ['usage(from: $from, to: $to) { total }', 'topKeys(from: $from, to: $to) { total }']) {
      const res = await server.gql(`query($from: DateTime!, $to: DateTime!) { tenant { ${field} } }`, lastHour(), {
        token: nobody.token,
      });
      expect(res.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    }
    // its own personal key's usage it may read (ApiKey's @allowSelf), with no grant
    const key = await insertKey(server, { tenantId: nobody.tenantId, kind: 'PERSONAL', ownerId: nobody.userId });
    const own = await server.gql(
      `query($from: DateTime!, $to: DateTime!) { mySecretApiKeys { edges { node { id usage24h usage(from: $from, to: $to) { total } } } } }`,
      lastHour(),
      { token: nobody.token },
    );
    expect(own.errors).toBeUndefined();
    expect(
      own.data!.mySecretApiKeys.edges.map((e: { node: { id: string; usage24h: number } }) => [
        e.node.id,
        e.node.usage24h,
      ]),
    ).toEqual([[key.id, 0]]);
    // another user's key it may not
    const other = await insertKey(server, { tenantId: nobody.tenantId, name: 'not mine' });
    const foreign = await server.gql(
      `query($id: ID!) { apiKey(id: $id) { usage24h } }`,
      { id: other.id },
      { token: nobody.token },
    );
    expect(foreign.errors?.map((e) => e.extensions.code)).toEqual(['FORBIDDEN']);
    const anonymous = await server.gql(TENANT_USAGE, { ...lastHour() });
    expect(anonymous.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('unusedSince: keys without a VALID use since then, never-used keys included', async () => {
    const user = await admin();
    const used = await insertKey(server, { tenantId: user.tenantId, name: 'used' });
    const never = await insertKey(server, { tenantId: user.tenantId, name: 'never' });
    const stale = await insertKey(server, { tenantId: user.tenantId, name: 'stale' });
    const denied = await insertKey(server, { tenantId: user.tenantId, name: 'denied', ipAllowlist: ['10.0.0.0/8'] });
    await updateKey(server, stale.id, { lastUsedAt: new Date(Date.now() - 40 * DAY) });
    await auth(used.secret);
    await auth(denied.secret); // a DENIED use is no use
    await server.kw.services.keyVerifier.flush();
    await flush();
    const since = new Date(Date.now() - 30 * DAY).toISOString();
    const res = await server.gql(LIST, { filter: { unusedSince: since }, first: 100 }, { token: user.token });
    expect(res.errors).toBeUndefined();
    const ids = res.data!.apiKeys.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(new Set(ids)).toEqual(new Set([never.id, stale.id, denied.id]));
    expect(res.data!.apiKeys.totalCount).toBe(3);
  });

  it('USAGE_24H sorts by uses in the last 24 hours, and keyset pagination walks every key once in order', async () => {
    const user = await admin();
    const keys: TestKey[] = [];
    for (let i = 0; i < 7; i++) keys.push(await insertKey(server, { tenantId: user.tenantId, name: `k${i}` }));
    const uses = [3, 0, 5, 1, 3, 0, 2];
    for (const [i, n] of uses.entries()) for (let j = 0; j < n; j++) await auth(keys[i]!.secret);
    await flush();
    for (const direction of ['DESC', 'ASC'] as const) {
      const seen: Array<{ id: string; usage24h: number }> = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const res: { data?: Record<string, any> | null; errors?: unknown } = await server.gql(
          LIST,
          { orderBy: { field: 'USAGE_24H', direction }, first: 2, after },
          { token: user.token },
        );
        expect(res.errors).toBeUndefined();
        seen.push(...res.data!.apiKeys.edges.map((e: { node: { id: string; usage24h: number } }) => e.node));
        if (!res.data!.apiKeys.pageInfo.hasNextPage) break;
        after = res.data!.apiKeys.pageInfo.endCursor;
      }
      expect(seen.map((n) => n.id).sort()).toEqual(keys.map((k) => k.id).sort());
      const counts = seen.map((n) => n.usage24h);
      expect(counts).toEqual([...counts].sort((a, b) => (direction === 'DESC' ? b - a : a - b)));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(14);
    }
  });

  it('bad ranges and sizes answer BAD_USER_INPUT with the field, never a 500', async () => {
    const user = await admin();
    const key = await insertKey(server, { tenantId: user.tenantId });
    const now = Date.now();
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ from: new Date(now).toISOString(), to: new Date(now - HOUR).toISOString() }, 'to'],
      [{ from: new Date(now).toISOString(), to: new Date(now).toISOString() }, 'to'],
      [{ from: new Date(now - 2 * DAY).toISOString(), to: new Date(now).toISOString(), g: 'MINUTE' }, 'from'],
      [{ from: new Date(now - 100 * DAY).toISOString(), to: new Date(now).toISOString(), g: 'HOUR' }, 'from'],
      [{ from: new Date(now - 11 * 365 * DAY).toISOString(), to: new Date(now).toISOString(), g: 'DAY' }, 'from'],
    ];
    for (const [vars, field] of cases) {
      const res = await server.gql(KEY_USAGE, { id: key.id, ...vars }, { token: user.token });
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    for (const first of [0, 101, -1]) {
      const res = await server.gql(TENANT_USAGE, { ...lastHour(), first }, { token: user.token });
      expect(res.errors?.map((e) => e.extensions)).toContainEqual(
        expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'first' }),
      );
    }
    // the ends of DateTime's range: zero points, no overflow
    for (const [from, to] of [
      ['9999-12-30T00:00:00Z', '9999-12-31T00:00:00Z'],
      ['0001-01-01T00:00:00Z', '0001-01-02T00:00:00Z'],
    ]) {
      const res = await server.gql(KEY_USAGE, { id: key.id, from, to, g: 'DAY' }, { token: user.token });
      expect(res.errors).toBeUndefined();
      expect(res.data!.apiKey.usage).toEqual([
        { start: from.replace('Z', '.000Z'), valid: 0, rateLimited: 0, denied: 0, total: 0 },
      ]);
    }
    // the limits themselves are accepted
    const day = await server.gql(
      KEY_USAGE,
      { id: key.id, from: new Date(now - DAY + MINUTE).toISOString(), to: new Date(now).toISOString(), g: 'MINUTE' },
      { token: user.token },
    );
    expect(day.errors).toBeUndefined();
    expect(day.data!.apiKey.usage.length).toBeLessThanOrEqual(1440);
  });

  it('roll-ups (minute → hour → day) and retention follow the injected clock; reads stay exact across them', async () => {
    const user = await admin();
    const key = await insertKey(server, { tenantId: user.tenantId });
    const other = await insertKey(server, { tenantId: user.tenantId });
    const recorder = server.kw.services.usage.recorder!;
    // uses three days ago, spread over two hours of one day, and one today
    const t0 = Math.floor(Date.now() / DAY) * DAY - 3 * DAY + 10 * HOUR; // 10:00 UTC, three days ago
    let clock = t0;
    const usage = new UsageService(serviceDeps(server), { now: () => clock });
    for (let i = 0; i < 5; i++) recorder.record(key.id, key.tenantId, 'VALID', t0 + i * MINUTE);
    recorder.record(key.id, key.tenantId, 'DENIED', t0 + 30 * MINUTE);
    recorder.record(key.id, key.tenantId, 'RATE_LIMITED', t0 + HOUR + 5 * MINUTE);
    recorder.record(other.id, other.tenantId, 'VALID', t0);
    await recorder.flush();

    // two hours later: the roll-up makes hour and day buckets; running it twice (or on two instances) changes nothing
    clock = t0 + 2 * HOUR;
    await usage.rollUp();
    await usage.rollUp();
    // two instances at once
    const second = new UsageService(serviceDeps(server), { now: () => clock });
    await Promise.all([usage.rollUp(), second.rollUp()]);
    await second.stop();
    const buckets = async (granularity: string) =>
      (await rows(key.id))
        .filter((r) => r.granularity === granularity)
        .map((r) => [r.bucket * MINUTE - t0, r.outcome, Number(r.count)])
        .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])));
    expect(await buckets('HOUR')).toEqual([
      [0, 'DENIED', 1],
      [0, 'VALID', 5],
      [HOUR, 'RATE_LIMITED', 1],
    ]);
    expect(await buckets('DAY')).toEqual([
      [-10 * HOUR, 'DENIED', 1],
      [-10 * HOUR, 'RATE_LIMITED', 1],
      [-10 * HOUR, 'VALID', 5],
    ]);
    expect((await buckets('MINUTE')).length).toBe(7);

    // a late flush into an hour already rolled up (another instance's): the next roll-up adds it
    recorder.record(key.id, key.tenantId, 'VALID', t0 + 10 * MINUTE);
    await recorder.flush();
    await usage.rollUp();
    expect((await buckets('HOUR')).find((b) => b[0] === 0 && b[1] === 'VALID')).toEqual([0, 'VALID', 6]);

    // 51 hours later the minutes are gone; hours and days remain, and reads use them
    clock = t0 + 51 * HOUR;
    await usage.rollUp();
    expect(await buckets('MINUTE')).toEqual([]);
    expect((await buckets('HOUR')).length).toBe(3);
    const principal = Principal.system(user.tenantId);
    const apiKey = (await server.kw.services.apiKeys.get(principal, key.id))!;
    const keyUsage = async (args: UsageRangeArgs) =>
      (await usage.keysUsage(principal, [apiKey], args))[0] as UsagePoint[];
    const hourly = await keyUsage({ from: new Date(t0), to: new Date(t0 + 3 * HOUR), granularity: 'HOUR' });
    expect(hourly.map((p) => [p.start.getTime() - t0, p.valid, p.rateLimited, p.denied, p.total])).toEqual([
      [0, 6, 0, 1, 7],
      [HOUR, 0, 1, 0, 1],
      [2 * HOUR, 0, 0, 0, 0],
    ]);
    const daily = await usage.tenantUsage(principal, user.tenantId, {
      from: new Date(t0),
      to: new Date(t0 + HOUR),
      granularity: 'DAY',
    });
    expect(daily.map((p) => [p.start.getTime() - t0, p.total])).toEqual([[-10 * HOUR, 9]]);

    // past KEYWARD_USAGE_RETENTION_DAYS (90) the hours go too; the days stay for the key's lifetime
    clock = t0 + 92 * DAY;
    await usage.rollUp();
    expect(await buckets('HOUR')).toEqual([]);
    expect((await buckets('DAY')).length).toBe(3);
    const old = await keyUsage({ from: new Date(t0), to: new Date(t0 + HOUR), granularity: 'DAY' });
    expect(old.map((p) => p.total)).toEqual([8]);
    const hoursNow = await keyUsage({ from: new Date(t0), to: new Date(t0 + 2 * HOUR), granularity: 'HOUR' });
    expect(hoursNow.map((p) => p.total)).toEqual([0, 0]); // hours past retention read as zero (DAY keeps them)
    await usage.stop();
  });

  it('deleting a key deletes its usage', async () => {
    const user = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const key = await insertKey(server, { tenantId: user.tenantId });
    await auth(key.secret);
    await flush();
    expect((await rows(key.id)).length).toBe(1);
    const res = await server.gql(
      'mutation($ids: [ID!]!) { deleteApiKeys(ids: $ids) { deletedIds } }',
      { ids: [key.id] },
      { token: user.token },
    );
    expect(res.errors).toBeUndefined();
    expect(await rows(key.id)).toEqual([]);
    // uses counted after the delete are dropped at the flush, not retried forever
    server.kw.services.usage.recorder!.record(key.id, key.tenantId, 'VALID', Date.now());
    await flush();
    expect(await rows(key.id)).toEqual([]);
    expect(server.logs.text).not.toMatch(/could not write usage analytics/);
  });

  it('closing the app writes pending counts (SIGTERM path)', async () => {
    const user = await admin();
    const key = await insertKey(server, { tenantId: user.tenantId });
    for (let i = 0; i < 3; i++) expect((await auth(key.secret)).statusCode).toBe(200);
    await server.close();
    const dataSource = createDataSource(await resolveDatabase(server.db.config));
    await dataSource.initialize();
    try {
      const written = await dataSource.getRepository(KeyUsageBucket).findBy({ apiKeyId: key.id });
      expect(written.map((r: KeyUsageBucket) => r.outcome)).toEqual(written.map(() => 'VALID'));
      expect(written.reduce((n: number, r: KeyUsageBucket) => n + Number(r.count), 0)).toBe(3);
    } finally {
      await dataSource.destroy();
    }
  });
});

describe('KEYWARD_USAGE_ANALYTICS=false', () => {
  const server = testServerForSuite({ env: { KEYWARD_USAGE_ANALYTICS: 'false' } });

  it('counts nothing (no recorder, no row), and the fields answer zeros', async () => {
    const user = await createTenantUser(server, { grants: { API_KEY: 'VIEWER' } });
    const key = await insertKey(server, { tenantId: user.tenantId });
    expect(
      (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': key.secret } })).statusCode,
    ).toBe(200);
    expect(server.kw.services.usage.recorder).toBeNull();
    await server.kw.services.keyVerifier.flush();
    expect(await server.kw.dataSource.getRepository(KeyUsageBucket).countBy({ apiKeyId: key.id })).toBe(0);
    const res = await server.gql(
      KEY_USAGE,
      { id: key.id, from: new Date(Date.now() - HOUR).toISOString(), to: new Date().toISOString() },
      { token: user.token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.apiKey.usage24h).toBe(0);
    expect(res.data!.apiKey.usage.every((p: { total: number }) => p.total === 0)).toBe(true);
  });
});
