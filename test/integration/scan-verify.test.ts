import { generateSecret } from '../../src/credentials/tokens';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { runCliProcess } from '../helpers/keyward-process';
import { createSecretFixtureTree, type SecretFixtureTree } from '../helpers/secret-fixture-tree';

/** `keyward scan --verify URL`: a real CLI process asking a listening Keyward server which found keys are live. */
describe('keyward scan --verify', () => {
  const server = testServerForSuite();
  let url: string;
  let tree: SecretFixtureTree;
  let caller: string;
  const keys: Record<string, { id: string; secret: string }> = {};

  beforeAll(async () => {
    await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
    const address = server.kw.app.server.address() as { port: number };
    url = `http://127.0.0.1:${address.port}`;
    const tenant = await createTenantUser(server);
    const other = await createTenantUser(server);
    caller = (await insertKey(server, { tenantId: tenant.tenantId })).secret;
    keys.live = await insertKey(server, { tenantId: tenant.tenantId });
    keys.personal = await insertKey(server, { tenantId: tenant.tenantId, kind: 'PERSONAL', ownerId: tenant.userId });
    keys.rest = await insertKey(server, { tenantId: tenant.tenantId, kind: 'REST' });
    keys.expired = await insertKey(server, { tenantId: tenant.tenantId, expiresAt: new Date(Date.now() - 60_000) });
    keys.revoked = await insertKey(server, { tenantId: tenant.tenantId, revokedAt: new Date() });
    keys.inactive = await insertKey(server, { tenantId: tenant.tenantId, active: false });
    keys.otherTenant = await insertKey(server, { tenantId: other.tenantId });
    tree = createSecretFixtureTree({
      graphql: keys.live.secret,
      personal: keys.personal.secret,
      rest: keys.rest.secret,
      extra: [
        keys.expired.secret,
        keys.revoked.secret,
        keys.inactive.secret,
        keys.otherTenant.secret,
        generateSecret('GRAPHQL'),
      ],
    });
  });
  afterAll(async () => {
    tree.remove();
  });

  it("reports each found key as live or not with the server's code, printing no secret", async () => {
    const res = await runCliProcess(['scan', '--format', 'json', '--verify', url, '.'], {
      cwd: tree.root,
      env: { KEYWARD_API_KEY: caller },
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(1);
    const findings: Array<{ file: string; kind: string; live: boolean | null; verifyCode: string }> = JSON.parse(
      res.stdout,
    ).findings;
    const byFile = Object.fromEntries(findings.map((f) => [f.file, [f.live, f.verifyCode]]));
    expect(byFile).toEqual({
      'src/config.ts': [true, 'VALID'],
      'deploy/.env': [true, 'VALID'],
      'deploy/values.yaml': [true, 'VALID'],
      'webhooks.json': [null, 'NOT_VERIFIABLE'],
      'extra/key0.txt': [false, 'EXPIRED'],
      'extra/key1.txt': [false, 'REVOKED'],
      'extra/key2.txt': [false, 'INACTIVE'],
      'extra/key3.txt': [false, 'NOT_FOUND'], // another tenant's key: the server does not tell
      'extra/key4.txt': [false, 'NOT_FOUND'], // well-formed, but no key
    });
    for (const secret of [...tree.allSecrets, caller]) {
      expect(res.stdout).not.toContain(secret);
      expect(server.logs.text).not.toContain(secret);
    }
    // the key travels in the body only: no request line carries it
    expect(server.logs.lines.filter((line) => line.includes('/v1/keys/verify')).length).toBeGreaterThan(0);
  });

  it('text and SARIF carry the verification too', async () => {
    const text = await runCliProcess(['scan', '--verify', url, 'src', 'extra/key1.txt'], {
      cwd: tree.root,
      env: { KEYWARD_API_KEY: caller },
    });
    expect(text.stdout.split('\n').slice(0, 2)).toEqual([
      `extra/key1.txt:1:1  GRAPHQL  ${keys.revoked.secret.slice(0, 12)}…${keys.revoked.secret.slice(-4)}  not live (REVOKED)`,
      `src/config.ts:3:12  GRAPHQL  ${keys.live.secret.slice(0, 12)}…${keys.live.secret.slice(-4)}  LIVE (VALID)`,
    ]);
    const sarif = await runCliProcess(['scan', '--format', 'sarif', '--verify', url, 'src'], {
      cwd: tree.root,
      env: { KEYWARD_API_KEY: caller },
    });
    expect(JSON.parse(sarif.stdout).runs[0].results[0].properties).toEqual({ live: true, verifyCode: 'VALID' });
  });

  it('a refused KEYWARD_API_KEY stops with exit 2 and one line', async () => {
    const res = await runCliProcess(['scan', '--verify', url, 'src'], {
      cwd: tree.root,
      env: { KEYWARD_API_KEY: generateSecret('GRAPHQL') },
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toBe(`keyward scan: error: --verify: ${url} refused KEYWARD_API_KEY (HTTP 401)`);
    expect(res.stdout).toBe('');
  });
});
