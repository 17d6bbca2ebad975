import { emitInTransaction, userPrincipal } from '../helpers/audit';
import { createTenantUser, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

describe('audit log: NDJSON export at GET /v1/audit-events', () => {
  const server = testServerForSuite();

  const exportEvents = async (user: TenantUser | undefined, query = '', headers: Record<string, string> = {}) => {
    const res = await server.kw.app.inject({
      method: 'GET',
      url: `/v1/audit-events${query}`,
      headers: { ...(user ? { authorization: `Bearer ${user.token}` } : {}), ...headers },
    });
    return res;
  };
  const lines = (body: string) =>
    body
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));

  it('streams the tenant events oldest first, one JSON object per line', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    await emitInTransaction(
      server,
      userPrincipal(viewer.tenantId, viewer.userId, viewer.email),
      [1, 2, 3].map((i) => ({ tenantId: viewer.tenantId, targetId: `ch-${i}`, changes: { name: { after: `C${i}` } } })),
    );
    const res = await exportEvents(viewer);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.body.endsWith('\n')).toBe(true);
    const events = lines(res.body);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(events[0]).toMatchObject({
      action: 'auth.login_succeeded',
      actorType: 'USER',
      actorId: viewer.userId,
      actorLabel: viewer.email,
      targetType: 'User',
    });
    expect(events[3]).toMatchObject({
      action: 'channel.created',
      targetId: 'ch-3',
      changes: { name: { after: 'C3' } },
      ip: '203.0.113.7',
      userAgent: 'audit-test/1.0',
      requestId: 'req-audit-1',
    });
    expect(Object.keys(events[3]).sort()).toEqual(
      [
        'action',
        'actorId',
        'actorLabel',
        'actorType',
        'changes',
        'createdAt',
        'hash',
        'id',
        'ip',
        'prevHash',
        'requestId',
        'seq',
        'targetId',
        'targetType',
        'userAgent',
      ].sort(),
    );
    for (let i = 1; i < events.length; i++) expect(events[i].prevHash).toBe(events[i - 1].hash);
  });

  it('applies the same filters as the auditEvents query, and afterSeq to resume', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const start = new Date();
    await emitInTransaction(
      server,
      userPrincipal(viewer.tenantId, 'user-alice', 'alice@example.test'),
      [1, 2].map((i) => ({ tenantId: viewer.tenantId, action: 'channel.updated', targetId: `ch-${i}` })),
    );
    await emitInTransaction(server, userPrincipal(viewer.tenantId, 'user-bob', 'bob@example.test'), [
      { tenantId: viewer.tenantId, action: 'api_key.revoked', targetType: 'ApiKey', targetId: 'key-9' },
    ]);
    const ids = async (query: string) => lines((await exportEvents(viewer, query)).body).map((e) => e.targetId);
    expect(await ids('?actorId=user-alice')).toEqual(['ch-1', 'ch-2']);
    expect(await ids('?action=api_key.revoked')).toEqual(['key-9']);
    expect(await ids('?targetType=Channel&targetId=ch-2')).toEqual(['ch-2']);
    expect(
      await ids(`?from=${encodeURIComponent(new Date(start.getTime() - 1000).toISOString())}&targetType=Channel`),
    ).toEqual(['ch-1', 'ch-2']);
    expect(await ids(`?from=${encodeURIComponent(new Date(Date.now() + 3600_000).toISOString())}`)).toEqual([]);
    expect(await ids(`?to=${encodeURIComponent(new Date(start.getTime() - 3600_000).toISOString())}`)).toEqual([]);
    expect(await ids('?afterSeq=2')).toEqual(['ch-2', 'key-9']);
  });

  it('streams across many keyset batches', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const actor = userPrincipal(viewer.tenantId, viewer.userId, viewer.email);
    for (let chunk = 0; chunk < 5; chunk++) {
      await emitInTransaction(
        server,
        actor,
        Array.from({ length: 500 }, (_, i) => ({ tenantId: viewer.tenantId, targetId: `c-${chunk * 500 + i}` })),
      );
    }
    const events = lines((await exportEvents(viewer, '?targetType=Channel')).body);
    expect(events).toHaveLength(2500);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 2500 }, (_, i) => i + 2));
    // the service reads in batches, never the whole log at once
    const batches: number[] = [];
    for await (const batch of server.kw.services.auditLog.exportBatches(
      userPrincipal(viewer.tenantId, viewer.userId, viewer.email),
      {},
      { batchSize: 1000 },
    ))
      batches.push(batch.length);
    expect(batches).toEqual([1000, 1000, 501]);
  });

  it('is tenant-isolated', async () => {
    const a = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const b = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    await emitInTransaction(server, userPrincipal(a.tenantId, a.userId, a.email), [
      { tenantId: a.tenantId, targetId: 'only-in-a' },
    ]);
    const seenByB = lines((await exportEvents(b)).body);
    expect(seenByB.length).toBeGreaterThan(0);
    expect(seenByB.every((e) => e.actorId !== a.userId && e.targetId !== 'only-in-a')).toBe(true);
    expect(lines((await exportEvents(b, '?targetId=only-in-a')).body)).toEqual([]);
    expect(lines((await exportEvents(b, `?actorId=${a.userId}`)).body)).toEqual([]);
  });

  it('answers 401/403/400 as application/problem+json', async () => {
    const noGrant = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });

    const anonymous = await exportEvents(undefined);
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="keyward"');
    expect(anonymous.json()).toMatchObject({ status: 401, code: 'UNAUTHENTICATED' });

    // a bad credential is rejected before the query string is even looked at
    const garbage = await exportEvents(undefined, '?from=not-a-date', { authorization: 'Bearer not.a.token' });
    expect(garbage.statusCode).toBe(401);
    expect(garbage.json()).toMatchObject({ code: 'UNAUTHENTICATED' });

    const forbidden = await exportEvents(noGrant);
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(forbidden.json()).toMatchObject({ status: 403, code: 'FORBIDDEN' });

    const badDate = await exportEvents(viewer, '?from=yesterday');
    expect(badDate.statusCode).toBe(400);
    expect(badDate.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(badDate.json()).toMatchObject({ code: 'BAD_USER_INPUT' });

    const backwards = await exportEvents(
      viewer,
      `?from=${encodeURIComponent(new Date().toISOString())}&to=${encodeURIComponent(new Date(Date.now() - 86400_000).toISOString())}`,
    );
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json()).toMatchObject({ code: 'BAD_USER_INPUT' });
  });

  it('accepts the session as X-API-Key too (same credential rules as GraphQL)', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const res = await server.kw.app.inject({
      method: 'GET',
      url: '/v1/audit-events',
      headers: { 'x-api-key': viewer.token },
    });
    expect(res.statusCode).toBe(200);
    expect(lines(res.body).length).toBeGreaterThan(0);
  });
});
