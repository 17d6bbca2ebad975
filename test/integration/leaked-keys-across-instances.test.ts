import { VERIFY_META as META, verifyCodeWithin } from '../helpers/api-keys';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { ecKey, GitHubKeyEndpoint, signed } from '../helpers/github-secret-scanning';
import { twoInstancesForSuite, describeWithRedis } from '../helpers/harness';

describeWithRedis('leaked keys across instances (Redis)', 'the cross-instance leak revocation test', (REDIS_URL) => {
  let endpoint: GitHubKeyEndpoint;
  const github = ecKey('github-1');
  beforeAll(async () => {
    endpoint = await new GitHubKeyEndpoint().start();
    endpoint.published = [github];
  });
  // a long cache TTL, so only the pub/sub invalidation can explain the other instance refusing the key
  const { a, b } = twoInstancesForSuite(() => ({
    env: { REDIS_URL, KEYWARD_KEY_CACHE_TTL_MS: '60000', KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL: endpoint.url },
  }));
  afterAll(() => endpoint?.close());

  it('a leak reported to one instance (REVOKE) is refused by the other within 1 s, though it had the key cached', async () => {
    const { tenantId } = await createTenantUser(a);
    const key = await insertKey(a, { tenantId });
    expect((await b.kw.services.keyVerifier.verify(key.secret, META)).code).toBe('VALID'); // cached on b
    const body = JSON.stringify([
      { token: key.secret, type: 'keyward_api_key', url: 'https://github.com/a/b', source: 'content' },
    ]);
    const res = await a.kw.app.inject({
      method: 'POST',
      url: '/v1/secret-scanning/github',
      headers: signed(body, github),
      payload: body,
    });
    expect(res.json()[0].label).toBe('true_positive');
    expect(await verifyCodeWithin(b, key.secret, 'REVOKED', 1000)).toBe('REVOKED');
  });
});
