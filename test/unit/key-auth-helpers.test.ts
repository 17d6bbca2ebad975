import { credentialKind } from '../../src/auth/credential-kind';
import { mintedBeforeRotation, narrowGrants, parseScope, uncoveredScope } from '../../src/auth/access-tokens';
import { rateLimitPolicy, rateLimitValue, verifyFailureError } from '../../src/auth/key-authentication';
import { scopeOf } from '../../src/auth/key-verifier';
import { compileIpAllowlist } from '../../src/credentials/ip-allowlist';
import { GrantSet } from '../../src/core/principal';

describe('compiled IP allowlists on the verify path', () => {
  it('allows anything when empty, else only listed addresses and CIDRs (IPv4, IPv6, IPv4-mapped)', () => {
    expect(compileIpAllowlist([]).allows('1.2.3.4')).toBe(true);
    const m = compileIpAllowlist(['10.0.0.0/8', '192.0.2.7', '2001:db8::/48', 'garbage', '10.0.0.0/99']);
    expect(m.allows('10.200.1.1')).toBe(true);
    expect(m.allows('::ffff:10.1.1.1')).toBe(true);
    expect(m.allows('192.0.2.7')).toBe(true);
    expect(m.allows('192.0.2.8')).toBe(false);
    expect(m.allows('2001:db8:0:ffff::1')).toBe(true);
    expect(m.allows('2001:db8:1::1')).toBe(false);
    expect(m.allows('not-an-ip')).toBe(false);
    // a list of only unparseable entries matches nothing (fail closed)
    expect(compileIpAllowlist(['nope']).allows('1.2.3.4')).toBe(false);
  });
});

describe('scopes', () => {
  const held = new GrantSet([
    { roleKey: 'ORDER_DATA', level: 'EDITOR' },
    { roleKey: 'PRODUCT_DATA', level: 'VIEWER' },
  ]);
  it('formats and parses `role:level` lists', () => {
    expect(scopeOf(held)).toBe('order_data:editor product_data:viewer');
    expect(parseScope('order_data:viewer  inventory:owner')).toEqual([
      { roleKey: 'ORDER_DATA', level: 'VIEWER' },
      { roleKey: 'INVENTORY', level: 'OWNER' },
    ]);
    expect(parseScope('ORDER_DATA:viewer')).toBeUndefined();
    expect(parseScope('order_data')).toBeUndefined();
    expect(parseScope('order_data:admin')).toBeUndefined();
  });
  it('may only narrow', () => {
    expect(uncoveredScope(held, parseScope('order_data:viewer product_data:viewer')!)).toEqual([]);
    expect(uncoveredScope(held, parseScope('order_data:owner pricing:viewer')!)).toHaveLength(2);
    expect(narrowGrants(held, parseScope('order_data:viewer')!).toArray()).toEqual([
      { roleKey: 'ORDER_DATA', level: 'VIEWER' },
    ]);
    // a token whose credential lost a grant since issuance keeps only what is still held
    expect(narrowGrants(held, parseScope('order_data:owner pricing:viewer')!).toArray()).toEqual([
      { roleKey: 'ORDER_DATA', level: 'EDITOR' },
    ]);
  });
});

describe('edge mapping', () => {
  it('writes RateLimit-Policy and RateLimit as in draft-ietf-httpapi-ratelimit-headers', () => {
    expect(rateLimitPolicy(60)).toBe('"per-key";q=60;w=60');
    expect(rateLimitValue({ limit: 60, remaining: 59, reset: 42 })).toBe('"per-key";r=59;t=42');
  });
  it('maps failure codes to 401, 403 and 429', () => {
    for (const code of ['MALFORMED', 'NOT_FOUND', 'REVOKED', 'INACTIVE', 'EXPIRED'] as const)
      expect(verifyFailureError(code).code).toBe('UNAUTHENTICATED');
    const ip = verifyFailureError('IP_NOT_ALLOWED');
    expect(ip.code).toBe('FORBIDDEN');
    expect((ip.extensions.http as { status: number }).status).toBe(403);
    const limited = verifyFailureError('RATE_LIMITED', { limit: 1, remaining: 0, reset: 30, retryAfter: 30 });
    expect(limited.code).toBe('RATE_LIMITED');
    expect(limited.retryAfter).toBe(30);
  });
  it('tells credentials apart by shape: secrets by prefix, access tokens by their typ header only, other JWTs are sessions', () => {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    expect(credentialKind(`${b64({ alg: 'ES256', typ: 'at+jwt' })}.${b64({})}.sig`)).toBe('ACCESS_TOKEN');
    expect(credentialKind(`${b64({ alg: 'ES256', typ: 'application/at+jwt' })}.${b64({})}.sig`)).toBe('ACCESS_TOKEN');
    expect(credentialKind(`${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({})}.sig`)).toBe('SESSION');
    expect(credentialKind('not-json.payload.sig')).toBe('SESSION');
    expect(credentialKind('kwk_abc')).toBe('SECRET');
    expect(credentialKind('kws_abc')).toBe('SECRET');
    expect(credentialKind('Basic abc')).toBe('UNKNOWN');
  });
});

describe('access tokens and credential rotation', () => {
  const rotatedAt = new Date('2026-01-01T10:00:00.500Z');
  it('compares the rotation a token was minted after (rot, ms) exactly: same-second tokens after the rotation stay valid', () => {
    expect(mintedBeforeRotation({ rot: 0, iat: 1 }, null)).toBe(false);
    expect(mintedBeforeRotation({ rot: 0 }, rotatedAt)).toBe(true);
    expect(mintedBeforeRotation({ rot: rotatedAt.getTime() - 1 }, rotatedAt)).toBe(true);
    expect(
      mintedBeforeRotation({ rot: rotatedAt.getTime(), iat: Math.floor(rotatedAt.getTime() / 1000) }, rotatedAt),
    ).toBe(false);
  });
  it('tokens without rot fall back to iat (seconds): the rotation second itself counts as before it', () => {
    const second = Math.floor(rotatedAt.getTime() / 1000);
    expect(mintedBeforeRotation({ iat: second - 1 }, rotatedAt)).toBe(true);
    expect(mintedBeforeRotation({ iat: second }, rotatedAt)).toBe(true);
    expect(mintedBeforeRotation({ iat: second + 1 }, rotatedAt)).toBe(false);
    expect(mintedBeforeRotation({}, rotatedAt)).toBe(true);
  });
});
