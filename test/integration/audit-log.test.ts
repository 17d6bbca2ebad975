import { AuditChainHead } from '../../src/db/entities/audit-chain-head.entity';
import { AuditEvent } from '../../src/db/entities/audit-event.entity';
import { buildSchema } from '../../src/graphql/server';
import { AUDIT_EVENTS, emitInTransaction, storedEvents, TEST_REQUEST, userPrincipal, VERIFY } from '../helpers/audit';
import { createTenantUser, serviceDeps } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

const LOGIN = 'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }';

describe('audit log: writing and querying events', () => {
  const server = testServerForSuite();

  it('records a successful login with actor, IP, user agent and request id', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const login = await server.gql(
      LOGIN,
      { e: viewer.email, p: viewer.password },
      { headers: { 'user-agent': 'LoginAgent/2.0', 'x-request-id': 'req-login-42' } },
    );
    expect(login.errors).toBeUndefined();
    const res = await server.gql(AUDIT_EVENTS, { filter: { action: 'auth.login_succeeded' } }, { token: viewer.token });
    expect(res.errors).toBeUndefined();
    const conn = res.data!.auditEvents;
    expect(conn.totalCount).toBe(2); // the fixture's login and ours
    const newest = conn.edges[0].node;
    expect(newest).toMatchObject({
      action: 'auth.login_succeeded',
      actorType: 'USER',
      actorId: viewer.userId,
      actorLabel: viewer.email,
      targetType: 'User',
      targetId: viewer.userId,
      userAgent: 'LoginAgent/2.0',
      requestId: 'req-login-42',
      ip: '127.0.0.1',
      changes: null,
    });
    expect(newest.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(conn.edges[1].node.hash).toBe(newest.prevHash);
    expect(newest.seq).toBe(conn.edges[1].node.seq + 1);
    expect(Math.abs(new Date(newest.createdAt).getTime() - Date.now())).toBeLessThan(60_000);
  });

  it('records a failed login in the tenant of the email tried, and nothing for an unknown email', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const wrong = await server.gql(
      LOGIN,
      { e: viewer.email.toUpperCase(), p: 'wrong-password-123' },
      { headers: { 'user-agent': 'Brute/1.0', 'x-request-id': 'req-fail-1' } },
    );
    expect(wrong.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    const res = await server.gql(AUDIT_EVENTS, { filter: { action: 'auth.login_failed' } }, { token: viewer.token });
    expect(res.data!.auditEvents.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({
        actorType: 'ANONYMOUS',
        actorId: null,
        actorLabel: viewer.email,
        targetType: 'User',
        targetId: viewer.userId,
        userAgent: 'Brute/1.0',
        requestId: 'req-fail-1',
        changes: { reason: { after: 'INVALID_PASSWORD' } },
      }),
    ]);

    const total = await server.kw.dataSource.getRepository(AuditEvent).count();
    const unknown = await server.gql(LOGIN, { e: 'nobody-here@example.test', p: 'whatever-123' });
    expect(unknown.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    expect(await server.kw.dataSource.getRepository(AuditEvent).count()).toBe(total);
    expect(server.logs.text).toContain('sign-in failed for an unknown email');
  });

  it('records a sign-in by a deactivated user as failed with reason USER_INACTIVE', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const other = await createTenantUser(server, { tenantId: viewer.tenantId });
    await server.kw.dataSource.query('UPDATE `user` SET `active` = ? WHERE `id` = ?', [false, other.userId]);
    const res = await server.gql(LOGIN, { e: other.email, p: other.password });
    expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    const events = await server.gql(
      AUDIT_EVENTS,
      { filter: { action: 'auth.login_failed', targetId: other.userId } },
      { token: viewer.token },
    );
    expect(events.data!.auditEvents.edges.map((e: any) => e.node.changes)).toEqual([
      { reason: { after: 'USER_INACTIVE' } },
    ]);
  });

  it('writes events emitted by a mutation with the principal as actor and the request facts', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const actor = userPrincipal(viewer.tenantId, viewer.userId, viewer.email);
    await emitInTransaction(server, actor, [
      {
        tenantId: viewer.tenantId,
        action: 'channel.created',
        targetType: 'Channel',
        targetId: 'ch-1',
        changes: { name: { before: null, after: 'Web shop' } },
      },
    ]);
    const res = await server.gql(
      AUDIT_EVENTS,
      { filter: { targetType: 'Channel', targetId: 'ch-1' } },
      { token: viewer.token },
    );
    expect(res.data!.auditEvents.edges).toHaveLength(1);
    expect(res.data!.auditEvents.edges[0].node).toMatchObject({
      action: 'channel.created',
      actorType: 'USER',
      actorId: viewer.userId,
      actorLabel: viewer.email,
      ip: TEST_REQUEST.ip,
      userAgent: TEST_REQUEST.userAgent,
      requestId: TEST_REQUEST.requestId,
      changes: { name: { before: null, after: 'Web shop' } },
    });
  });

  it('redacts secrets, passwords, hashes, tokens and private keys at any depth before storing', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const actor = userPrincipal(viewer.tenantId, viewer.userId, viewer.email);
    const leaked = 'kwk_' + 'A'.repeat(36);
    await emitInTransaction(server, actor, [
      {
        tenantId: viewer.tenantId,
        action: 'api_key.rotated',
        targetType: 'ApiKey',
        targetId: 'key-1',
        changes: {
          secretHash: { before: 'old-hash-value', after: 'new-hash-value' },
          password: { after: 'hunter2-password' },
          settings: { after: { nested: { privateKey: 'PRIVATE-KEY-PEM', accessToken: 'tok-123456', note: 'kept' } } },
          description: { before: 'plain', after: leaked },
          name: { before: 'a', after: 'b' },
        } as never,
      },
    ]);
    const res = await server.gql(AUDIT_EVENTS, { filter: { targetId: 'key-1' } }, { token: viewer.token });
    const changes = res.data!.auditEvents.edges[0].node.changes;
    expect(changes).toEqual({
      secretHash: { before: '[REDACTED]', after: '[REDACTED]' },
      password: { after: '[REDACTED]' },
      settings: { after: { nested: { privateKey: '[REDACTED]', accessToken: '[REDACTED]', note: 'kept' } } },
      description: { before: 'plain', after: '[REDACTED]' },
      name: { before: 'a', after: 'b' },
    });
    const [row] = (await storedEvents(server, viewer.tenantId)).filter((e) => e.targetId === 'key-1');
    for (const secret of [
      'old-hash-value',
      'new-hash-value',
      'hunter2-password',
      'PRIVATE-KEY-PEM',
      'tok-123456',
      leaked,
    ])
      expect(row!.changes).not.toContain(secret);
  });

  it('writes nothing when the mutation fails after emitting (the transaction rolls back)', async () => {
    const owner = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const deps = serviceDeps(server);
    const actor = userPrincipal(owner.tenantId, owner.userId, owner.email);
    const before = await storedEvents(server, owner.tenantId);
    const headBefore = await server.kw.dataSource
      .getRepository(AuditChainHead)
      .findOneByOrFail({ tenantId: owner.tenantId });
    await expect(
      deps.tx.run(async (em) => {
        await deps.events.emit(em, actor, {
          action: 'channel.created',
          tenantId: owner.tenantId,
          targetType: 'Channel',
          targetId: 'doomed',
        });
        throw new Error('the mutation failed after emitting');
      }),
    ).rejects.toThrow('the mutation failed after emitting');
    expect(await storedEvents(server, owner.tenantId)).toEqual(before);
    expect(
      await server.kw.dataSource.getRepository(AuditChainHead).findOneByOrFail({ tenantId: owner.tenantId }),
    ).toEqual(headBefore);
    // the next event continues the chain where it was
    await emitInTransaction(server, actor, [{ tenantId: owner.tenantId, targetId: 'survivor' }]);
    const after = await storedEvents(server, owner.tenantId);
    expect(after.map((e) => e.targetId)).toEqual([...before.map((e) => e.targetId), 'survivor']);
    expect(after[after.length - 1]!.seq).toBe(before.length + 1);
    const verify = await server.gql(VERIFY, {}, { token: owner.token });
    expect(verify.data!.verifyAuditChain).toMatchObject({ ok: true, checked: before.length + 1 });
  });

  it('pages newest first with cursors and filters by actor, action, target and time', async () => {
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const alice = userPrincipal(viewer.tenantId, 'user-alice', 'alice@example.test');
    const bob = userPrincipal(viewer.tenantId, 'user-bob', 'bob@example.test');
    const start = new Date();
    await emitInTransaction(
      server,
      alice,
      [1, 2, 3].map((i) => ({ tenantId: viewer.tenantId, action: 'channel.updated', targetId: `ch-${i}` })),
    );
    await emitInTransaction(
      server,
      bob,
      [4, 5].map((i) => ({ tenantId: viewer.tenantId, action: 'channel.deleted', targetId: `ch-${i}` })),
    );
    const q = (variables: Record<string, unknown>) => server.gql(AUDIT_EVENTS, variables, { token: viewer.token });

    const page1 = await q({ filter: { targetType: 'Channel' }, first: 2 });
    expect(page1.errors).toBeUndefined();
    expect(page1.data!.auditEvents.totalCount).toBe(5);
    expect(page1.data!.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual(['ch-5', 'ch-4']);
    expect(page1.data!.auditEvents.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    const page2 = await q({
      filter: { targetType: 'Channel' },
      first: 2,
      after: page1.data!.auditEvents.pageInfo.endCursor,
    });
    expect(page2.data!.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual(['ch-3', 'ch-2']);
    const page3 = await q({
      filter: { targetType: 'Channel' },
      first: 2,
      after: page2.data!.auditEvents.pageInfo.endCursor,
    });
    expect(page3.data!.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual(['ch-1']);
    expect(page3.data!.auditEvents.pageInfo.hasNextPage).toBe(false);

    const byActor = await q({ filter: { actorId: 'user-bob' } });
    expect(byActor.data!.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual(['ch-5', 'ch-4']);
    const byAction = await q({ filter: { action: 'channel.updated' } });
    expect(byAction.data!.auditEvents.totalCount).toBe(3);
    const byTarget = await q({ filter: { targetType: 'Channel', targetId: 'ch-2' } });
    expect(byTarget.data!.auditEvents.edges.map((e: any) => e.node.targetId)).toEqual(['ch-2']);
    const inRange = await q({
      filter: {
        targetType: 'Channel',
        from: new Date(start.getTime() - 1000).toISOString(),
        to: new Date(Date.now() + 1000).toISOString(),
      },
    });
    expect(inRange.data!.auditEvents.totalCount).toBe(5);
    const future = await q({ filter: { from: new Date(Date.now() + 3600_000).toISOString() } });
    expect(future.data!.auditEvents.edges).toEqual([]);
    const past = await q({ filter: { to: new Date(start.getTime() - 3600_000).toISOString() } });
    expect(past.data!.auditEvents.edges).toEqual([]);

    const backwards = await q({ filter: { from: new Date().toISOString(), to: start.toISOString() } });
    expect(backwards.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.to' });
    const tooMany = await q({ first: 101 });
    expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    const badCursor = await q({ after: 'nonsense' });
    expect(badCursor.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'after' });
  });

  it('isolates tenants: another tenant sees none of the events, even filtering by their ids', async () => {
    const a = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const b = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    await emitInTransaction(server, userPrincipal(a.tenantId, a.userId, a.email), [
      { tenantId: a.tenantId, targetId: 'secret-channel-of-a' },
    ]);
    const seenByB = await server.gql(AUDIT_EVENTS, { first: 100 }, { token: b.token });
    const nodes = seenByB.data!.auditEvents.edges.map((e: any) => e.node);
    expect(nodes.length).toBeGreaterThan(0); // b's own login
    expect(nodes.every((n: any) => n.actorId !== a.userId && n.targetId !== 'secret-channel-of-a')).toBe(true);
    const filtered = await server.gql(
      AUDIT_EVENTS,
      { filter: { targetId: 'secret-channel-of-a' } },
      { token: b.token },
    );
    expect(filtered.data!.auditEvents.totalCount).toBe(0);
    const byActor = await server.gql(AUDIT_EVENTS, { filter: { actorId: a.userId } }, { token: b.token });
    expect(byActor.data!.auditEvents.totalCount).toBe(0);
  });

  it('requires AUDIT_LOG VIEWER to read and OWNER to verify', async () => {
    const none = await createTenantUser(server, { grants: { API_KEY: 'OWNER' } });
    const viewer = await createTenantUser(server, { grants: { AUDIT_LOG: 'VIEWER' } });
    const anon = await server.gql(AUDIT_EVENTS, {});
    expect(anon.status).toBe(401);
    expect(anon.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
    const noGrant = await server.gql(AUDIT_EVENTS, {}, { token: none.token });
    expect(noGrant.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const viewerVerify = await server.gql(VERIFY, {}, { token: viewer.token });
    expect(viewerVerify.errors![0]!.extensions.code).toBe('FORBIDDEN');
    const bad = await server.gql(AUDIT_EVENTS, {}, { token: 'not.a.token' });
    expect(bad.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('offers no way to change or delete audit events through the API', () => {
    const mutation = buildSchema().getMutationType();
    const names = Object.keys(mutation?.getFields() ?? {});
    expect(names.filter((n) => /audit/i.test(n))).toEqual([]);
  });
});
