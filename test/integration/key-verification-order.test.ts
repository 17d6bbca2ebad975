import { createTenantUser, insertKey, serviceDeps, updateKey } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import { captureQueries } from '../helpers/query-counter';
import { generateSecret, hashSecret } from '../../src/credentials/tokens';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import type { DomainEvent } from '../../src/domain/shared/domain-events';

const META = { ip: '203.0.113.7', userAgent: 'jest', requestId: 'test' };

describe('key verification: codes and check order (docs/design.md §6)', () => {
  const server = testServerForSuite();
  let tenantId: string;
  const events: DomainEvent[] = [];
  beforeAll(async () => {
    // a sink that records the domain events verification emits, beside the audit and outbox sinks
    serviceDeps(server).events.register({ write: async (_em, _p, event) => void events.push(event) });
    ({ tenantId } = await createTenantUser(server));
  });
  const verify = (secret: string, ip = META.ip) => server.kw.services.keyVerifier.verify(secret, { ...META, ip });

  it('rejects malformed keys and bad checksums without touching the database', async () => {
    const good = generateSecret('GRAPHQL');
    const flipped = good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A');
    const capture = captureQueries(server);
    try {
      for (const raw of ['', 'kwk_short', 'nope', flipped, good.replace('kwk_', 'kwx_'), good + 'x']) {
        expect(await verify(raw)).toEqual({ valid: false, code: 'MALFORMED' });
      }
    } finally {
      capture.stop();
    }
    expect(capture.queries).toEqual([]);
  });

  it('answers NOT_FOUND for a well-formed unknown key', async () => {
    expect(await verify(generateSecret('GRAPHQL'))).toEqual({ valid: false, code: 'NOT_FOUND' });
  });

  it('returns VALID with the principal, grants and rate-limit state', async () => {
    const key = await insertKey(server, { tenantId, grants: { ORDER_DATA: 'EDITOR' }, rateLimitPerMinute: 5 });
    const result = await verify(key.secret);
    expect(result.valid).toBe(true);
    if (!result.valid) return;
    expect(result.key.id).toBe(key.id);
    expect(result.principal.type).toBe('API_KEY');
    expect(result.principal.apiKeyId).toBe(key.id);
    expect(result.principal.grants.toArray()).toEqual([{ roleKey: 'ORDER_DATA', level: 'EDITOR' }]);
    expect(result.principal.request.ip).toBe(META.ip);
    expect(result.ratelimit).toEqual({ limit: 5, remaining: 4, reset: expect.any(Number) });
  });

  it('checks REVOKED → INACTIVE → EXPIRED → IP_NOT_ALLOWED → RATE_LIMITED, first failure wins', async () => {
    const past = new Date(Date.now() - 60_000);
    const everything = {
      revokedAt: past,
      active: false,
      expiresAt: past,
      ipAllowlist: ['10.0.0.0/8'],
      rateLimitPerMinute: 1,
    };
    const cases: Array<[Parameters<typeof insertKey>[1], string]> = [
      [{ tenantId, ...everything }, 'REVOKED'],
      [{ tenantId, ...everything, revokedAt: null }, 'INACTIVE'],
      [{ tenantId, ...everything, revokedAt: null, active: true }, 'EXPIRED'],
      [
        { tenantId, ...everything, revokedAt: null, active: true, expiresAt: new Date(Date.now() + 3600_000) },
        'IP_NOT_ALLOWED',
      ],
      [
        { tenantId, ...everything, revokedAt: null, active: true, expiresAt: null, ipAllowlist: ['203.0.113.0/24'] },
        'VALID',
      ],
    ];
    for (const [options, code] of cases) {
      const key = await insertKey(server, options);
      expect((await verify(key.secret)).code).toBe(code);
      if (code === 'VALID') {
        // the second request in the same minute exceeds a limit of 1
        const limited = await verify(key.secret);
        expect(limited.code).toBe('RATE_LIMITED');
        expect(limited.ratelimit).toMatchObject({ limit: 1, remaining: 0, retryAfter: expect.any(Number) });
      }
    }
  });

  it('matches IPv4, IPv6 and CIDR allowlist entries', async () => {
    const key = await insertKey(server, { tenantId, ipAllowlist: ['198.51.100.10', '2001:db8::/32'] });
    expect((await verify(key.secret, '198.51.100.10')).code).toBe('VALID');
    expect((await verify(key.secret, '::ffff:198.51.100.10')).code).toBe('VALID');
    expect((await verify(key.secret, '2001:db8:1::5')).code).toBe('VALID');
    expect((await verify(key.secret, '198.51.100.11')).code).toBe('IP_NOT_ALLOWED');
    expect((await verify(key.secret, '2001:db9::1')).code).toBe('IP_NOT_ALLOWED');
  });

  it('takes revocation into account at once on this instance (invalidate), and emits api_key.used_after_revoke once a minute', async () => {
    const key = await insertKey(server, { tenantId });
    expect((await verify(key.secret)).code).toBe('VALID'); // now cached
    await updateKey(server, key.id, { revokedAt: new Date() });
    expect((await verify(key.secret)).code).toBe('REVOKED');
    expect((await verify(key.secret)).code).toBe('REVOKED');
    await server.kw.services.keyVerifier.flush();
    await waitFor(() => events.some((e) => e.action === 'api_key.used_after_revoke' && e.targetId === key.id));
    const emitted = events.filter((e) => e.action === 'api_key.used_after_revoke' && e.targetId === key.id);
    expect(emitted).toHaveLength(1);
    expect(emitted[0]!.tenantId).toBe(tenantId);
    expect(JSON.stringify(emitted[0])).not.toContain(key.secret);
    expect(emitted[0]!.data).toMatchObject({ id: key.id, status: 'REVOKED', ip: META.ip });
  });

  describe('invalidations while a key is being loaded', () => {
    const lookups = async (secret: string) => {
      const capture = captureQueries(server);
      try {
        expect((await verify(secret)).code).toBe('VALID');
        return capture.queries.filter((q) => /FROM [`"]?api_key/i.test(q)).length;
      } finally {
        capture.stop();
      }
    };

    it('still caches a key when only other keys were invalidated meanwhile (key management does not defeat the cache)', async () => {
      const [a, b] = [await insertKey(server, { tenantId }), await insertKey(server, { tenantId })];
      const loading = verify(a.secret); // a miss: the load is in flight
      server.kw.services.keyVerifier.invalidate(b.id);
      expect((await loading).code).toBe('VALID');
      expect(await lookups(a.secret)).toBe(0);
    });

    it('lets a later request share the load in flight when only other keys were invalidated since it started (no load per request under key management)', async () => {
      const [a, b] = [await insertKey(server, { tenantId }), await insertKey(server, { tenantId })];
      const capture = captureQueries(server);
      try {
        const first = verify(a.secret); // a miss: the load is in flight
        server.kw.services.keyVerifier.invalidate(b.id);
        const second = verify(a.secret);
        expect([(await first).code, (await second).code]).toEqual(['VALID', 'VALID']);
        expect(capture.queries.filter((q) => /FROM [`"]?api_key/i.test(q))).toHaveLength(1);
      } finally {
        capture.stop();
      }
    });

    it('does not cache a key invalidated (or everything dropped) while its load was in flight, nor hand that load to later requests', async () => {
      const key = await insertKey(server, { tenantId });
      const loading = verify(key.secret);
      await updateKey(server, key.id, { revokedAt: new Date() }); // commit, then invalidate(key.id)
      const after = verify(key.secret); // must not join the load that started before the revocation
      await loading;
      expect((await after).code).toBe('REVOKED');
      expect((await verify(key.secret)).code).toBe('REVOKED');

      const other = await insertKey(server, { tenantId });
      const pending = verify(other.secret);
      server.kw.services.keyVerifier.invalidateAll();
      await pending;
      expect(await lookups(other.secret)).toBeGreaterThan(0); // not cached: loaded again
      expect(await lookups(other.secret)).toBe(0); // and cached from then on
    });
  });

  it('accepts the previous secret only during its grace period and counts each use', async () => {
    const key = await insertKey(server, { tenantId });
    const next = generateSecret('GRAPHQL');
    await updateKey(server, key.id, {
      secretHash: hashSecret(next),
      previousSecretHash: hashSecret(key.secret),
      previousSecretExpiresAt: new Date(Date.now() + 3600_000),
      rotatedAt: new Date(),
    });
    for (let i = 0; i < 3; i++) expect((await verify(key.secret)).code).toBe('VALID');
    const current = await verify(next);
    expect(current.code).toBe('VALID');
    expect(current.valid && current.usedPreviousSecret).toBe(false);
    await server.kw.services.keyVerifier.flush();
    const row = await server.kw.dataSource.getRepository(ApiKey).findOneByOrFail({ id: key.id });
    expect(row.previousSecretUseCount).toBe(3);
    expect(row.previousSecretLastUsedAt).not.toBeNull();
    // grace over: the old secret is unknown, the new one works
    await updateKey(server, key.id, { previousSecretExpiresAt: new Date(Date.now() - 1000) });
    expect((await verify(key.secret)).code).toBe('NOT_FOUND');
    expect((await verify(next)).code).toBe('VALID');
  });

  it('answers NOT_FOUND for a key of another tenant when the caller names its tenant', async () => {
    const other = await createTenantUser(server);
    const key = await insertKey(server, { tenantId: other.tenantId });
    expect((await server.kw.services.keyVerifier.verify(key.secret, META, { tenantId })).code).toBe('NOT_FOUND');
    expect((await server.kw.services.keyVerifier.verify(key.secret, META, { tenantId: other.tenantId })).code).toBe(
      'VALID',
    );
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met');
    await new Promise((r) => setTimeout(r, 20));
  }
}
