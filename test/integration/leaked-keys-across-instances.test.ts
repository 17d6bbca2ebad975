import { createTenantUser, insertKey } from '../helpers/fixtures';
import { ecKey, GitHubKeyEndpoint, signed } from '../helpers/github-secret-scanning';
import { startTestServer, type TestServer } from '../helpers/harness';

const REDIS_URL = process.env.KEYWARD_TEST_REDIS_URL;
const META = { ip: '203.0.113.9', userAgent: 'jest', requestId: 'test' };

if (!REDIS_URL) {
  describe('leaked keys across instances (Redis)', () => {
    it.skip('SKIPPED: set KEYWARD_TEST_REDIS_URL (e.g. redis://127.0.0.1:6379) to run the cross-instance leak revocation test', () =>
      undefined);
  });
} else {
  describe('leaked keys across instances (Redis)', () => {
    let a: TestServer;
    let b: TestServer;
    let endpoint: GitHubKeyEndpoint;
    const github = ecKey('github-1');
    beforeAll(async () => {
      endpoint = await new GitHubKeyEndpoint().start();
      endpoint.published = [github];
      // a long cache TTL, so only the pub/sub invalidation can explain the other instance refusing the key
      const env = {
        REDIS_URL,
        KEYWARD_KEY_CACHE_TTL_MS: '60000',
        KEYWARD_GITHUB_SECRET_SCANNING_KEYS_URL: endpoint.url,
      };
      a = await startTestServer({ keepDatabase: true, env });
      b = await startTestServer({
        db: a.db,
        keepDatabase: true,
        env: { ...env, KEYWARD_MASTER_KEY: a.config.masterKey!.toString('base64') },
      });
      await Promise.all([a.kw.app.ready(), b.kw.app.ready()]);
    });
    afterAll(async () => {
      await a?.close();
      await b?.close();
      await a?.db.drop();
      await endpoint?.close();
    });

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
      const deadline = Date.now() + 1000;
      let code = 'VALID';
      while (Date.now() < deadline) {
        code = (await b.kw.services.keyVerifier.verify(key.secret, META)).code;
        if (code === 'REVOKED') break;
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(code).toBe('REVOKED');
    });
  });
}
