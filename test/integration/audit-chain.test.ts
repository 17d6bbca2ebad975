import { AuditChainHead } from '../../src/db/entities/audit-chain-head.entity';
import { computeEventHash, GENESIS_HASH } from '../../src/domain/audit/audit-chain';
import { AuditService } from '../../src/domain/audit/audit.service';
import { AUDIT_EVENTS, emitInTransaction, storedEvents, userPrincipal, VERIFY } from '../helpers/audit';
import { createTenantUser, serviceDeps, type TenantUser } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';

describe('audit log: hash chain, tampering, concurrency and retention', () => {
  const server = testServerForSuite();

  const verify = async (owner: TenantUser) => {
    const res = await server.gql(VERIFY, {}, { token: owner.token });
    expect(res.errors).toBeUndefined();
    return res.data!.verifyAuditChain as {
      ok: boolean;
      checked: number;
      firstBrokenEventId: string | null;
      problem: string | null;
      prunedThroughSeq: number;
    };
  };

  /** A fresh tenant whose OWNER signed in (event 1) plus `n` more events. */
  async function tenantWithEvents(n: number): Promise<TenantUser> {
    const owner = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const actor = userPrincipal(owner.tenantId, owner.userId, owner.email);
    await emitInTransaction(
      server,
      actor,
      Array.from({ length: n }, (_, i) => ({
        tenantId: owner.tenantId,
        targetId: `ch-${i + 1}`,
        changes: { name: { before: null, after: `Channel ${i + 1}` } },
      })),
    );
    return owner;
  }

  it('chains every event to the previous one and verifies', async () => {
    const owner = await tenantWithEvents(5);
    const events = await storedEvents(server, owner.tenantId);
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(events[0]!.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]!.prevHash).toBe(events[i - 1]!.hash);
    expect(new Set(events.map((e) => e.hash)).size).toBe(6);
    const head = await server.kw.dataSource.getRepository(AuditChainHead).findOneByOrFail({ tenantId: owner.tenantId });
    expect(head).toMatchObject({ lastSeq: 6, lastHash: events[5]!.hash, prunedThroughSeq: 0, prunedHash: null });
    expect(await verify(owner)).toEqual({
      ok: true,
      checked: 6,
      firstBrokenEventId: null,
      problem: null,
      prunedThroughSeq: 0,
    });
  });

  it('reports a row edited directly in the database as the first broken event', async () => {
    const owner = await tenantWithEvents(5);
    const events = await storedEvents(server, owner.tenantId);
    const victim = events[3]!;
    await server.kw.dataSource.query('UPDATE `audit_event` SET `changes` = ? WHERE `id` = ?', [
      '{"name":{"after":"forged"}}',
      victim.id,
    ]);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      firstBrokenEventId: victim.id,
      problem: 'HASH_MISMATCH',
      checked: 4,
    });
  });

  it('detects an edit that also recomputes the edited row hash (the next link breaks)', async () => {
    const owner = await tenantWithEvents(4);
    const events = await storedEvents(server, owner.tenantId);
    const victim = { ...events[1]!, actorLabel: 'someone-else@example.test' };
    const forgedHash = computeEventHash(victim);
    await server.kw.dataSource.query('UPDATE `audit_event` SET `actorLabel` = ?, `hash` = ? WHERE `id` = ?', [
      victim.actorLabel,
      forgedHash,
      victim.id,
    ]);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      firstBrokenEventId: events[2]!.id,
      problem: 'LINK_MISMATCH',
    });
  });

  it('detects a row deleted in the middle and one deleted at the end', async () => {
    const owner = await tenantWithEvents(5);
    const events = await storedEvents(server, owner.tenantId);
    await server.kw.dataSource.query('DELETE FROM `audit_event` WHERE `id` = ?', [events[2]!.id]);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      firstBrokenEventId: events[3]!.id,
      problem: 'SEQUENCE_GAP',
    });

    const other = await tenantWithEvents(3);
    const otherEvents = await storedEvents(server, other.tenantId);
    await server.kw.dataSource.query('DELETE FROM `audit_event` WHERE `id` = ?', [
      otherEvents[otherEvents.length - 1]!.id,
    ]);
    expect(await verify(other)).toMatchObject({
      ok: false,
      firstBrokenEventId: null,
      problem: 'TAIL_MISSING',
      checked: 3,
    });
  });

  it('never forks the chain under 50 concurrent writers in separate transactions', async () => {
    const owner = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const fresh = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    // `freshTenant` gets its chain head created under contention: its user signed in, but we
    // remove the head and its events to exercise the first-use path with 50 racing writers.
    await server.kw.dataSource.query('DELETE FROM `audit_event` WHERE `tenantId` = ?', [fresh.tenantId]);
    await server.kw.dataSource.query('DELETE FROM `audit_chain_head` WHERE `tenantId` = ?', [fresh.tenantId]);
    const internals = server.kw.services.audit as unknown as { knownHeads: Set<string>; heads: Map<string, unknown> };
    internals.knownHeads.delete(fresh.tenantId);
    internals.heads.delete(fresh.tenantId);

    const deps = serviceDeps(server);
    const writes = [];
    for (const tenant of [owner, fresh]) {
      const actor = userPrincipal(tenant.tenantId, tenant.userId, tenant.email);
      for (let i = 0; i < 50; i++) {
        writes.push(
          deps.tx.run(async (em) => {
            await deps.events.emit(em, actor, {
              action: 'channel.created',
              tenantId: tenant.tenantId,
              targetType: 'Channel',
              targetId: `c-${i}`,
            });
          }),
        );
      }
    }
    const results = await Promise.allSettled(writes);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);

    for (const [tenant, expected] of [
      [owner, 51],
      [fresh, 50],
    ] as const) {
      const events = await storedEvents(server, tenant.tenantId);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: expected }, (_, i) => i + 1));
      expect(await verify(tenant)).toEqual({
        ok: true,
        checked: expected,
        firstBrokenEventId: null,
        problem: null,
        prunedThroughSeq: 0,
      });
    }
  });

  it('recovers from a rolled-back first write of a tenant, even under concurrency', async () => {
    const owner = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const tenantId = owner.tenantId;
    await server.kw.dataSource.query('DELETE FROM `audit_event` WHERE `tenantId` = ?', [tenantId]);
    await server.kw.dataSource.query('DELETE FROM `audit_chain_head` WHERE `tenantId` = ?', [tenantId]);
    const internals = server.kw.services.audit as unknown as { knownHeads: Set<string>; heads: Map<string, unknown> };
    internals.knownHeads.delete(tenantId);
    internals.heads.delete(tenantId);
    const deps = serviceDeps(server);
    const actor = userPrincipal(tenantId, owner.userId, owner.email);
    await expect(
      deps.tx.run(async (em) => {
        await deps.events.emit(em, actor, {
          action: 'channel.created',
          tenantId,
          targetType: 'Channel',
          targetId: 'rolled-back',
        });
        throw new Error('rollback the first write');
      }),
    ).rejects.toThrow('rollback the first write');
    expect(
      await server.kw.dataSource.query('SELECT * FROM `audit_chain_head` WHERE `tenantId` = ?', [tenantId]),
    ).toEqual([]);
    const results = await Promise.allSettled(
      Array.from({ length: 30 }, (_, i) =>
        deps.tx.run((em) =>
          deps.events.emit(em, actor, {
            action: 'channel.created',
            tenantId,
            targetType: 'Channel',
            targetId: `c-${i}`,
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect((await storedEvents(server, tenantId)).map((e) => e.seq)).toEqual(
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
    expect(await verify(owner)).toMatchObject({ ok: true, checked: 30 });
  });

  it('keeps one chain when two instances append to the same tenant (each with its own cached head)', async () => {
    const owner = await createTenantUser(server, { grants: { AUDIT_LOG: 'OWNER' } });
    const deps = serviceDeps(server);
    const instanceA = server.kw.services.audit;
    const instanceB = new AuditService(deps); // a second Keyward process sharing the database
    const actor = userPrincipal(owner.tenantId, owner.userId, owner.email);
    const write = (sink: AuditService, i: number) =>
      deps.tx.run((em) =>
        sink.write(em, actor, {
          action: 'channel.updated',
          tenantId: owner.tenantId,
          targetType: 'Channel',
          targetId: `x-${i}`,
        }),
      );
    // strictly alternating: every cached head is stale
    for (let i = 0; i < 6; i++) await write(i % 2 === 0 ? instanceA : instanceB, i);
    await Promise.all(Array.from({ length: 40 }, (_, i) => write(i % 2 === 0 ? instanceA : instanceB, 100 + i)));
    const events = await storedEvents(server, owner.tenantId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 47 }, (_, i) => i + 1));
    expect(await verify(owner)).toMatchObject({ ok: true, checked: 47 });
  });

  it('prunes events older than the retention period and keeps the rest verifiable', async () => {
    const owner = await tenantWithEvents(6); // seq 1..7
    const old = await storedEvents(server, owner.tenantId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await emitInTransaction(
      server,
      userPrincipal(owner.tenantId, owner.userId, owner.email),
      [1, 2, 3].map((i) => ({ tenantId: owner.tenantId, targetId: `new-${i}` })),
    ); // seq 8..10
    const all = await storedEvents(server, owner.tenantId);
    const cutoff = all[7]!.createdAt; // the first event to keep
    const now = new Date(cutoff.getTime() + 24 * 3600 * 1000);

    // no retention configured: nothing happens
    expect(await server.kw.services.auditRetention.prune({ now })).toEqual({ tenants: 0, deleted: 0 });

    const result = await server.kw.services.auditRetention.prune({ now, retentionDays: 1, batchSize: 3 });
    expect(result.deleted).toBeGreaterThanOrEqual(7); // other tenants of this file may be pruned too
    const remaining = await storedEvents(server, owner.tenantId);
    expect(remaining.map((e) => e.seq)).toEqual([8, 9, 10]);
    const head = await server.kw.dataSource.getRepository(AuditChainHead).findOneByOrFail({ tenantId: owner.tenantId });
    expect(head).toMatchObject({ prunedThroughSeq: 7, prunedHash: old[6]!.hash, lastSeq: 10 });
    expect(await verify(owner)).toEqual({
      ok: true,
      checked: 3,
      firstBrokenEventId: null,
      problem: null,
      prunedThroughSeq: 7,
    });

    // pruning again changes nothing; new events continue the chain
    await server.kw.services.auditRetention.prune({ now, retentionDays: 1 });
    await emitInTransaction(server, userPrincipal(owner.tenantId, owner.userId, owner.email), [
      { tenantId: owner.tenantId, targetId: 'after-prune' },
    ]);
    expect(await verify(owner)).toMatchObject({ ok: true, checked: 4, prunedThroughSeq: 7 });
    const listed = await server.gql(AUDIT_EVENTS, {}, { token: owner.token });
    expect(listed.data!.auditEvents.edges.map((e: any) => e.node.seq)).toEqual([11, 10, 9, 8]);

    // tampering is still detected after pruning: removing the oldest remaining event breaks the chain
    await server.kw.dataSource.query('DELETE FROM `audit_event` WHERE `tenantId` = ? AND `seq` = 8', [owner.tenantId]);
    expect(await verify(owner)).toMatchObject({
      ok: false,
      firstBrokenEventId: remaining[1]!.id,
      problem: 'SEQUENCE_GAP',
    });
  });
});
