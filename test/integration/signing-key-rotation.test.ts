/**
 * Signing-key rotation across instances: a new key is published (JWKS) by every instance before
 * any of them signs with it; the key that signed until then keeps verifying; a rotation that would
 * retire a key whose tokens may still be live is refused unless forced; retireAll ends every token.
 */
import { decodeProtectedHeader } from 'jose';
import { RotationTooSoonError } from '../../src/credentials/signing-keys';
import { createTenantUser, insertKey, type TestKey } from '../helpers/fixtures';
import { twoInstancesForSuite, type TestServer } from '../helpers/harness';

const ACTIVATION_MS = 1500;
const RELOAD_MS = 200;

describe('signing-key rotation', () => {
  const { a, b } = twoInstancesForSuite({
    signingKeys: { activationDelayMs: ACTIVATION_MS, reloadIntervalMs: RELOAD_MS },
  });
  let rest: TestKey;
  /** Signed with the first key (test 1), which test 2's forced rotation retires. */
  let signedByFirst: string;
  beforeAll(async () => {
    const { tenantId } = await createTenantUser(a);
    rest = await insertKey(a, { tenantId, kind: 'REST' });
  });

  const basic = () => `Basic ${Buffer.from(`${rest.clientId}:${rest.secret}`).toString('base64')}`;
  const issue = async (server: TestServer) => {
    const res = await server.kw.app.inject({
      method: 'POST',
      url: '/oauth/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic() },
      payload: 'grant_type=client_credentials',
    });
    expect(res.statusCode).toBe(200);
    return res.json().access_token as string;
  };
  const kidOf = (token: string) => decodeProtectedHeader(token).kid;
  const jwks = async (server: TestServer) =>
    (
      (await server.kw.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json().keys as Array<{
        kid: string;
      }>
    ).map((k) => k.kid);
  const accepted = async (server: TestServer, token: string) =>
    (await server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { authorization: `Bearer ${token}` } }))
      .statusCode;
  const until = async (what: () => Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms;
    while (!(await what())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 50));
    }
  };

  it('publishes a new key on every instance before any signs with it; the previous key keeps verifying', async () => {
    const before = await issue(b);
    signedByFirst = before;
    const first = kidOf(before);
    const rotated = await a.kw.signingKeys.rotate();
    expect(rotated.kept).toEqual([first]);
    expect(rotated.activeFrom.getTime() - Date.now()).toBeGreaterThan(ACTIVATION_MS - 500);
    // A publishes it at once, B within its reload interval; neither signs with it yet
    expect(await jwks(a)).toEqual([rotated.kid, first]);
    await until(async () => (await jwks(b)).includes(rotated.kid), RELOAD_MS * 10);
    expect(Date.now()).toBeLessThan(rotated.activeFrom.getTime());
    expect(kidOf(await issue(a))).toBe(first);
    expect(kidOf(await issue(b))).toBe(first);
    // once active, both sign with it; tokens of either key verify on either instance
    await until(async () => Date.now() >= rotated.activeFrom.getTime(), ACTIVATION_MS * 2);
    const after = [await issue(a), await issue(b)];
    expect(after.map(kidOf)).toEqual([rotated.kid, rotated.kid]);
    for (const token of [before, ...after])
      for (const server of [a, b]) expect(await accepted(server, token)).toBe(200);
  });

  it('refuses a rotation that would retire a key whose tokens may be live; forced, those tokens stop working', async () => {
    const live = await issue(a);
    const [current, previous] = await jwks(a);
    expect(kidOf(live)).toBe(current);
    expect(kidOf(signedByFirst)).toBe(previous);
    expect(await accepted(a, signedByFirst)).toBe(200);
    // the previous key signed until a moment ago: its tokens live for up to the session TTL
    await expect(a.kw.signingKeys.rotate()).rejects.toBeInstanceOf(RotationTooSoonError);
    expect(await jwks(a)).toEqual([current, previous]);
    const forced = await a.kw.signingKeys.rotate({ force: true });
    expect(forced.retired).toEqual([previous]);
    expect(await jwks(a)).toEqual([forced.kid, current]);
    await until(async () => !(await jwks(b)).includes(previous!), RELOAD_MS * 10);
    for (const server of [a, b]) {
      expect(await accepted(server, signedByFirst)).toBe(401);
      expect(await accepted(server, live)).toBe(200);
    }
  });

  it('a token with an unknown kid makes at most one reload per 10 s, however many arrive (no database read per forged token)', async () => {
    const reload = jest.spyOn(a.kw.signingKeys, 'reload');
    try {
      const token = await issue(a);
      const [header, payload] = token.split('.');
      const forged = (i: number) => {
        const h = JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>;
        return [
          Buffer.from(JSON.stringify({ ...h, kid: `forged-${i}` })).toString('base64url'),
          payload,
          'c2lnbmF0dXJl',
        ].join('.');
      };
      for (let i = 0; i < 20; i++) expect(await accepted(a, forged(i))).toBe(401);
      expect(reload.mock.calls.length).toBeLessThanOrEqual(1);
      expect(await accepted(a, token)).toBe(200);
    } finally {
      reload.mockRestore();
    }
  });

  it('retireAll (a leaked key): the new key alone is published and signs at once; every earlier token stops working', async () => {
    const earlier = await issue(a);
    const result = await a.kw.signingKeys.rotate({ retireAll: true });
    expect(result.kept).toEqual([]);
    expect(result.activeFrom.getTime()).toBeLessThanOrEqual(Date.now());
    expect(await jwks(a)).toEqual([result.kid]);
    expect(kidOf(await issue(a))).toBe(result.kid);
    await until(async () => (await jwks(b)).join() === result.kid, RELOAD_MS * 10);
    expect(kidOf(await issue(b))).toBe(result.kid);
    for (const server of [a, b]) expect(await accepted(server, earlier)).toBe(401);
  });
});
