import { randomBytes } from 'node:crypto';
import { Principal } from '../../src/core/principal';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { SYSTEM_ACTOR } from '../../src/db/entities/columns';
import { WebhookAttempt } from '../../src/db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { apiKeyRow, createTenantUser, createWebhook } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { testDialect } from '../helpers/test-database';
import { apiKeyEvent, emitEvent, testDispatcher, waitFor, WebhookReceiver } from '../helpers/webhook-receiver';

const MASTER_KEY = randomBytes(32).toString('base64');
const ENV = {
  KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true',
  KEYWARD_WEBHOOK_RETRY_SCALE: '0.0002',
  KEYWARD_MASTER_KEY: MASTER_KEY,
};

describe('webhook outbox (transactional, at-least-once, shared work)', () => {
  let server: TestServer;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    server = await startTestServer({ env: ENV, keepDatabase: true });
    receiver = await new WebhookReceiver().start();
  });
  afterEach(() => {
    receiver.respond = () => ({ status: 200, body: 'ok' });
  });
  afterAll(async () => {
    await receiver.close();
    await server.close();
    await server.db.drop();
  });

  const messages = (s: TestServer, webhookId: string) =>
    s.kw.dataSource.getRepository(WebhookMessage).find({ where: { webhookId } });

  it('writes the outbox row in the transaction of the change: a rolled-back transaction writes none', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.created'] });
    const deps = server.kw.infrastructure;
    let seenInside = -1;
    await expect(
      deps.tx.run(async (em) => {
        await deps.events.emit(
          em,
          Principal.system(owner.tenantId),
          apiKeyEvent(owner.tenantId, 'api_key.created', 'key-rolled-back'),
        );
        seenInside = await em.count(WebhookMessage, { where: { webhookId: id } });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(seenInside).toBe(1);
    expect(await messages(server, id)).toHaveLength(0);

    await deps.tx.run((em) =>
      deps.events.emit(
        em,
        Principal.system(owner.tenantId),
        apiKeyEvent(owner.tenantId, 'api_key.created', 'key-committed'),
      ),
    );
    const rows = await messages(server, id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      status: 'PENDING',
      eventType: 'api_key.created',
      tenantId: owner.tenantId,
      attempts: 0,
    });
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ type: 'api_key.created', data: { id: 'key-committed' } });
    // events outside the catalog (audit-only) never reach the outbox
    await emitEvent(server.kw, {
      action: 'user.created',
      tenantId: owner.tenantId,
      targetType: 'User',
      targetId: 'u1',
    });
    expect(await messages(server, id)).toHaveLength(1);
  });

  it('delivers after a crash: a message claimed by a killed dispatcher is claimed again once its lease runs out', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id, secret } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.revoked'] });
    receiver.respond = (req) =>
      req.json.data?.id === 'key-crash' && receiver.requests.filter((r) => r.id === req.id).length === 1
        ? { status: 200, hang: true }
        : { status: 200 };
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.revoked', 'key-crash'));
    const doomed = testDispatcher(server.kw, { leaseMs: 1500 });
    doomed.start();
    await waitFor(() => receiver.requests.find((r) => r.json.data?.id === 'key-crash'), 'delivery in flight');
    await doomed.kill(); // the process dies mid-delivery: nothing recorded
    const [claimed] = await messages(server, id);
    expect(claimed).toMatchObject({ status: 'PENDING', lockedBy: doomed.id, attempts: 0 });
    expect(await server.kw.dataSource.getRepository(WebhookAttempt).countBy({ webhookId: id })).toBe(0);

    // restart: a new process (new DataSource, same database and master key) with its own dispatcher
    await server.kw.close();
    const restarted = await startTestServer({ env: ENV, db: server.db, keepDatabase: true });
    try {
      const survivor = testDispatcher(restarted.kw);
      survivor.start();
      try {
        await waitFor(async () => (await messages(restarted, id))[0]?.status === 'DELIVERED', 'delivery after restart');
      } finally {
        await survivor.stop();
      }
      const deliveries = receiver.requests.filter((r) => r.json.data?.id === 'key-crash');
      expect(deliveries).toHaveLength(2);
      expect(deliveries[1]!.id).toBe(deliveries[0]!.id); // same webhook-id: receivers deduplicate
      expect(deliveries[1]!.receivedAt).toBeGreaterThanOrEqual(claimed!.lockedUntil!.getTime() - 5);
      for (const d of deliveries) WebhookReceiver.verify(secret, d);
      const attempts = await restarted.kw.dataSource.getRepository(WebhookAttempt).findBy({ webhookId: id });
      expect(attempts).toHaveLength(1);
      expect(attempts[0]!.statusCode).toBe(200);
    } finally {
      await restarted.close();
      server = await startTestServer({ env: ENV, db: server.db, keepDatabase: true });
    }
  });

  it('two dispatchers share the outbox and never deliver the same message twice', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const hooks = await Promise.all(
      [0, 1, 2].map((i) =>
        createWebhook(server, owner.token, { url: `${receiver.url}?shared=${i}`, events: ['order.created'] }),
      ),
    );
    receiver.respond = async () => {
      await new Promise((r) => setTimeout(r, 10));
      return { status: 200 };
    };
    const count = 40;
    for (let i = 0; i < count; i++) {
      await server.kw.services.webhooks.publishEvent(Principal.system(owner.tenantId), 'order.created', {
        orderId: `shared-${i}`,
      });
    }
    // MariaDB: two Keyward instances (two pools) on one database, FOR UPDATE SKIP LOCKED.
    // SQLite is single-process: two dispatchers in one instance share its queued writer.
    const second =
      testDialect() === 'mariadb' ? await startTestServer({ env: ENV, db: server.db, keepDatabase: true }) : server;
    const a = testDispatcher(server.kw, { batchSize: 5 });
    const b = testDispatcher(second.kw, { batchSize: 5 });
    a.start();
    b.start();
    try {
      await waitFor(
        async () => {
          const rows = await Promise.all(hooks.map((h) => messages(server, h.id)));
          return rows.flat().filter((m) => m.status === 'DELIVERED').length === count * hooks.length;
        },
        'all deliveries',
        60_000,
      );
    } finally {
      await a.stop();
      await b.stop();
      if (second !== server) await second.close();
    }
    const deliveries = receiver.requests.filter((r) => String(r.json.data?.orderId).startsWith('shared-'));
    expect(deliveries).toHaveLength(count * hooks.length);
    expect(new Set(deliveries.map((d) => d.id)).size).toBe(count * hooks.length);
    expect(Math.max(...deliveries.map((d) => receiver.maxInFlightPerId.get(d.id) ?? 0))).toBe(1);
    expect(a.delivered + b.delivered).toBe(count * hooks.length);
    expect(a.delivered).toBeGreaterThan(0);
    expect(b.delivered).toBeGreaterThan(0);
    const attempts = await server.kw.dataSource.getRepository(WebhookAttempt).countBy({ tenantId: owner.tenantId });
    expect(attempts).toBe(count * hooks.length);
  });

  it('emits api_key.expiring_soon once per key from the periodic sweep', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.expiring_soon'] });
    const day = 24 * 3600 * 1000;
    const em = server.kw.dataSource.manager;
    const key = (name: string, expiresAt: Date | null, revoked = false) =>
      em.save(
        apiKeyRow(em, {
          tenantId: owner.tenantId,
          name,
          expiresAt,
          revokedAt: revoked ? new Date() : null,
        }).stampCreated(SYSTEM_ACTOR),
      );
    const soon = await key('expires in 3 days', new Date(Date.now() + 3 * day));
    await key('expires in 30 days', new Date(Date.now() + 30 * day));
    await key('already expired', new Date(Date.now() - day));
    await key('revoked', new Date(Date.now() + 2 * day), true);
    await key('never expires', null);
    const sweep = server.kw.services.expiringSoon;
    await Promise.all([sweep.run(), sweep.run()]);
    await sweep.run();
    const rows = await messages(server, id);
    expect(rows).toHaveLength(1);
    const body = JSON.parse(rows[0]!.payload);
    expect(body).toMatchObject({
      type: 'api_key.expiring_soon',
      data: { id: soon.id, name: 'expires in 3 days', status: 'ACTIVE' },
    });
    expect(JSON.stringify(body)).not.toMatch(/secretHash|kwk_[A-Za-z0-9]{30}/);
    expect((await em.findOneByOrFail(ApiKey, { id: soon.id })).expiringSoonNotifiedAt).not.toBeNull();
  });
});
