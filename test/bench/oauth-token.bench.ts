/**
 * The OAuth 2.0 token endpoint against its peer, measured in the same run (docs/design.md §6):
 *   POST /oauth/token, client credentials → ES256 at+jwt   vs  panva's oidc-provider 9 doing the same   goal > 1
 * Both servers run in their own process on the same CPU (pinned as in key-auth.bench.ts), one client
 * each with client_secret_basic and one scope; the load (CONNECTIONS connections) asks for a token
 * per request. BENCH_SECONDS (default 3) per measurement, BENCH_ROUNDS (default 7) paired rounds.
 * Run: `npm run build && npx tsx test/bench/oauth-token.bench.ts` (or `npm run bench`).
 */
import path from 'node:path';
import { builtServer, cannon, compare, report, spawnNode, type Load } from './key-auth.bench';
import { gqlData, runAsScript } from './shared';

const SCOPE = 'order_data:viewer';

/** A REST credential with ORDER_DATA VIEWER, created through the API as an administrator would. */
async function restCredential(base: string, token: string): Promise<{ clientId: string; clientSecret: string }> {
  const data = await gqlData(
    base,
    'mutation { createRestCredential(input: { name: "bench", active: true, rateLimitPerMinute: 1000000, grants: [{ roleKey: "ORDER_DATA", level: VIEWER }] }) { clientId clientSecret } }',
    {},
    token,
  );
  return data.createRestCredential;
}

/** oidc-provider in its own process with one client; resolves once it listens. */
async function oidcProvider(
  clientId: string,
  clientSecret: string,
): Promise<{ url: string; pid?: number; close(): Promise<void> }> {
  const child = spawnNode([path.join(__dirname, 'oidc-provider-peer.mjs'), clientId, clientSecret], {
    stdio: ['ignore', 'pipe', 'ignore'], // stderr: its development warnings (in-memory adapter, Node 20)
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`oidc-provider exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}/token`,
    pid: child.pid,
    close: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

const tokenRequest = (clientId: string, clientSecret: string): Load => ({
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
  },
  body: `grant_type=client_credentials&scope=${encodeURIComponent(SCOPE)}`,
});

/** Both answers carry a token of the same shape: an ES256 at+jwt with the scope asked for. */
async function assertIssues(url: string, load: Load): Promise<void> {
  const response = await fetch(url, { method: 'POST', headers: load.headers, body: load.body });
  const body = (await response.json()) as { access_token?: string; scope?: string };
  const header = body.access_token && JSON.parse(Buffer.from(body.access_token.split('.')[0]!, 'base64url').toString());
  if (response.status !== 200 || header?.alg !== 'ES256' || header?.typ !== 'at+jwt' || body.scope !== SCOPE)
    throw new Error(`${url}: ${response.status} ${JSON.stringify(body)}`);
}

export async function main(): Promise<boolean> {
  const keyward = await builtServer();
  const credential = await restCredential(keyward.base, keyward.token!);
  const peer = await oidcProvider('bench-client', 'bench-secret-0123456789abcdef0123456789');
  try {
    const ours = tokenRequest(credential.clientId, credential.clientSecret);
    const theirs = tokenRequest('bench-client', 'bench-secret-0123456789abcdef0123456789');
    const url = `${keyward.base}/oauth/token`;
    await assertIssues(url, ours);
    await assertIssues(peer.url, theirs);
    // warm-up (JIT, caches) of both
    await cannon(url, ours, keyward.pid);
    await cannon(peer.url, theirs, peer.pid);
    const comparison = await compare(
      () => cannon(peer.url, theirs, peer.pid),
      () => cannon(url, ours, keyward.pid),
    );
    return report('POST /oauth/token (client credentials, ES256 at+jwt) vs oidc-provider 9', comparison, 1, [
      'Keyward /oauth/token',
      'oidc-provider /token',
    ]);
  } finally {
    await peer.close();
    await keyward.close();
  }
}

runAsScript(module, main);
