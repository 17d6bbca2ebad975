/**
 * What the hot-path optimisations (lazy loaders, batched counters, callback hooks, Apollo's
 * cache-control plugin replaced) must leave unchanged: exact metrics, `Cache-Control: no-store`
 * on GraphQL responses, the request id header, per-request loaders.
 */
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_TYP } from '../../src/auth/access-tokens';
import { Principal } from '../../src/core/principal';
import { createLoaders } from '../../src/graphql/loaders';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

function metricValue(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('hot path behaviour', () => {
  const server = testServerForSuite();

  const scrape = async () => (await server.kw.app.inject({ method: 'GET', url: '/metrics' })).body;

  it('counts every verification, cache lookup and rejection exactly, once, at every scrape', async () => {
    const { tenantId } = await createTenantUser(server);
    const key = await insertKey(server, { tenantId, rateLimitPerMinute: 4 });
    const before = await scrape();
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': key.secret } });
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    const after = await scrape();
    const delta = (series: string) => metricValue(after, series) - metricValue(before, series);
    expect(delta('keyward_key_verifications_total{code="VALID"}')).toBe(4);
    expect(delta('keyward_key_verifications_total{code="RATE_LIMITED"}')).toBe(2);
    expect(delta('keyward_rate_limit_rejections_total')).toBe(2);
    expect(
      delta('keyward_key_cache_lookups_total{result="miss"}') + delta('keyward_key_cache_lookups_total{result="hit"}'),
    ).toBe(6);
    expect(delta('keyward_http_request_duration_seconds_count{method="GET",route="/v1/auth",status="200"}')).toBe(4);
    expect(delta('keyward_http_request_duration_seconds_count{method="GET",route="/v1/auth",status="429"}')).toBe(2);
    // a second scrape without requests in between adds nothing
    const again = await scrape();
    expect(metricValue(again, 'keyward_key_verifications_total{code="VALID"}')).toBe(
      metricValue(after, 'keyward_key_verifications_total{code="VALID"}'),
    );
    expect(metricValue(again, 'keyward_rate_limit_rejections_total')).toBe(
      metricValue(after, 'keyward_rate_limit_rejections_total'),
    );
  });

  it('counts access tokens refused before their credential is looked at (bad signature, expired)', async () => {
    const { tenantId } = await createTenantUser(server);
    const rest = await insertKey(server, { tenantId, kind: 'REST' });
    const claims = { client_id: rest.clientId, scope: '', tenant: tenantId, channel: null };
    const sign = (expiresInSeconds: number) =>
      server.kw.signingKeys.sign(claims, {
        audience: ACCESS_TOKEN_AUDIENCE,
        subject: rest.clientId!,
        expiresInSeconds,
        typ: ACCESS_TOKEN_TYP,
        issuer: 'http://localhost',
      });
    const valid = (await sign(60)).token;
    const forged = valid.slice(0, -4) + (valid.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    const expired = (await sign(-60)).token;
    const before = await scrape();
    const status = async (token: string) =>
      (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { authorization: `Bearer ${token}` } }))
        .statusCode;
    expect([await status(forged), await status(expired), await status(valid)]).toEqual([401, 401, 200]);
    const after = await scrape();
    const delta = (series: string) => metricValue(after, series) - metricValue(before, series);
    expect(delta('keyward_key_verifications_total{code="NOT_FOUND"}')).toBe(1);
    expect(delta('keyward_key_verifications_total{code="EXPIRED"}')).toBe(1);
    expect(delta('keyward_key_verifications_total{code="VALID"}')).toBe(1);
  });

  it('answers GraphQL with Cache-Control: no-store and the request id, for data and for errors', async () => {
    const { tenantId } = await createTenantUser(server);
    const key = await insertKey(server, { tenantId, grants: { ORDER_DATA: 'VIEWER' } });
    const ok = await server.gql(
      '{ me { __typename } }',
      {},
      { headers: { 'x-api-key': key.secret, 'x-request-id': 'hot-path-1' } },
    );
    expect(ok.status).toBe(200);
    expect(ok.data).toEqual({ me: { __typename: 'Principal' } });
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.headers['x-request-id']).toBe('hot-path-1');
    expect(ok.headers['ratelimit-policy']).toMatch(/^"per-key";q=\d+;w=60$/);
    const anonymous = await server.gql('{ __typename }');
    expect(anonymous.headers['cache-control']).toBe('no-store');
    expect(anonymous.headers['ratelimit-policy']).toBeUndefined();
    const denied = await server.gql('{ me { __typename } }');
    expect(denied.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(denied.headers['cache-control']).toBe('no-store');
    const invalid = await server.gql('{ me { ');
    expect(invalid.status).toBe(400);
    expect(invalid.headers['cache-control']).toBe('no-store');
  });

  it('builds each DataLoader on first use, once per request, scoped to the principal', async () => {
    const principal = new Principal({ type: 'USER', tenantId: 'tenant-a', userId: 'u1' });
    const loaders = createLoaders(server.kw.dataSource, principal);
    const other = createLoaders(server.kw.dataSource, principal);
    expect(loaders.user).toBe(loaders.user);
    expect(loaders.channel).toBe(loaders.channel);
    expect(loaders.userGroups).toBe(loaders.userGroups);
    expect(loaders.user).not.toBe(other.user);
    await expect(loaders.tenant.load('tenant-b')).resolves.toBeNull();
    await expect(loaders.actor('USER', null)).resolves.toBeNull();
  });
});
