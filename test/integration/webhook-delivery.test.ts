import { WebhookAttempt } from '../../src/db/entities/webhook-attempt.entity';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { Webhook } from '../../src/db/entities/webhook.entity';
import { RETRY_SCHEDULE_MS } from '../../src/domain/webhooks/delivery-recorder';
import { createChannel, createTenantUser, createWebhook } from '../helpers/fixtures';
import { testServerForSuite } from '../helpers/harness';
import {
  apiKeyEvent,
  emitEvent,
  testDispatcher,
  waitFor,
  WebhookReceiver,
  webhookReceiverForSuite,
} from '../helpers/webhook-receiver';

const SCALE = 0.0002; // 5 s → 1 ms, 5 min → 60 ms, 30 min → 360 ms, 2 h → 1.44 s

describe('webhook delivery (Standard Webhooks, retries, disabling)', () => {
  const server = testServerForSuite({
    env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true', KEYWARD_WEBHOOK_RETRY_SCALE: String(SCALE) },
  });
  const receiver = webhookReceiverForSuite();
  const dispatchers: Array<{ stop(): Promise<void> }> = [];

  afterEach(async () => {
    while (dispatchers.length) await dispatchers.pop()!.stop();
    receiver.respond = () => ({ status: 200, body: 'ok' });
  });

  const start = () => {
    const d = testDispatcher(server.kw);
    dispatchers.push(d);
    d.start();
    return d;
  };
  const messagesOf = (webhookId: string) =>
    server.kw.dataSource.getRepository(WebhookMessage).find({ where: { webhookId } });
  const attemptsOf = (webhookId: string) =>
    server.kw.dataSource.getRepository(WebhookAttempt).find({ where: { webhookId }, order: { attemptedAt: 'ASC' } });

  it('delivers api_key lifecycle events with Standard Webhooks headers that the library verifies', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id, secret } = await createWebhook(server, owner.token, {
      url: `${receiver.url}?t=${owner.tenantId}`,
      events: ['api_key.created', 'api_key.revoked'],
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-1'));
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.updated', 'key-1')); // not subscribed
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.revoked', 'key-1'));
    start();
    await waitFor(
      async () => (await messagesOf(id)).every((m) => m.status === 'DELIVERED') && (await messagesOf(id)).length === 2,
      'two deliveries',
    );
    const got = receiver.requests.filter((r) => r.json.data?.id === 'key-1');
    const types = got.map((r) => r.json.type).sort();
    expect(types).toEqual(['api_key.created', 'api_key.revoked']);
    for (const request of got) {
      expect(request.id).toMatch(/^msg_[0-9a-f]{32}$/);
      expect(request.timestamp).toMatch(/^\d{10}$/);
      expect(request.signature).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(request.headers['content-type']).toBe('application/json');
      const verified = WebhookReceiver.verify(secret, request) as { type: string; data: { id: string } };
      expect(verified.data.id).toBe('key-1');
      expect(() => WebhookReceiver.verify(`whsec_${Buffer.alloc(32, 1).toString('base64')}`, request)).toThrow();
    }
    const attempts = await attemptsOf(id);
    expect(attempts).toHaveLength(2);
    expect(attempts.every((a) => a.statusCode === 200 && a.responseBody === 'ok' && a.error === null)).toBe(true);
    const webhook = await server.kw.dataSource.getRepository(Webhook).findOneByOrFail({ id });
    expect(webhook.lastDeliveryAt).not.toBeNull();
    expect(webhook.failingSince).toBeNull();
  });

  it('reuses the connection to an endpoint (keep-alive), and opens a new one once it went idle past the endpoint keep-alive', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    // Node's agent reuses a connection for a second less than the endpoint announces: 2 s here
    const endpoint = await new WebhookReceiver({ keepAliveMs: 2000 }).start();
    const { id } = await createWebhook(server, owner.token, {
      url: `${endpoint.url}?keepalive=${owner.tenantId}`,
      events: ['api_key.created'],
    });
    start();
    const deliverOne = async (n: number) => {
      await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', `keepalive-${n}`));
      await waitFor(
        async () => (await messagesOf(id)).filter((m) => m.status === 'DELIVERED').length === n,
        `delivery ${n}`,
      );
    };
    for (let n = 1; n <= 8; n++) await deliverOne(n);
    const ports = () => endpoint.requests.map((r) => r.remotePort);
    // one after the other: a single connection carries them all
    expect(new Set(ports()).size).toBe(1);
    // idle past what the endpoint keeps: the next delivery opens a new connection and succeeds
    await new Promise((resolve) => setTimeout(resolve, 2200));
    await deliverOne(9);
    expect(new Set(ports()).size).toBe(2);
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => a.statusCode)).toEqual(Array(9).fill(200));
    await endpoint.close();
  });

  it('retries a failing endpoint on the (scaled) schedule with the same webhook-id until it succeeds', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id, secret } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.rotated'] });
    let failures = 0;
    receiver.respond = (req) => {
      if (req.json.data?.id !== 'key-retry') return { status: 200 };
      return failures++ < 3 ? { status: 500, body: 'boom' } : { status: 204 };
    };
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.rotated', 'key-retry'));
    start();
    await waitFor(async () => (await messagesOf(id))[0]?.status === 'DELIVERED', 'delivery after retries');
    const [message] = await messagesOf(id);
    expect(message!.attempts).toBe(4);
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 204]);
    expect(attempts[0]!.responseBody).toBe('boom');
    expect(attempts[0]!.error).toBe('HTTP 500');
    // the gaps follow the schedule (scaled, ±10% jitter): at least 90% of each step
    for (let i = 1; i < attempts.length; i++) {
      const gap = attempts[i]!.attemptedAt.getTime() - attempts[i - 1]!.attemptedAt.getTime();
      expect(gap).toBeGreaterThanOrEqual(Math.floor(RETRY_SCHEDULE_MS[i - 1]! * SCALE * 0.9) - 2);
    }
    const deliveries = receiver.requests.filter((r) => r.json.data?.id === 'key-retry');
    expect(new Set(deliveries.map((r) => r.id)).size).toBe(1); // same webhook-id on every attempt
    for (const request of deliveries) WebhookReceiver.verify(secret, request);
  });

  it('gives up after the last retry (8 attempts) and marks the message FAILED', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.deleted'] });
    receiver.respond = (req) => (req.json.data?.id === 'key-dead' ? { status: 503 } : { status: 200 });
    // start near the end of the schedule so the test stays short
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.deleted', 'key-dead'));
    await server.kw.dataSource.getRepository(WebhookMessage).update({ webhookId: id }, { attempts: 7 });
    start();
    await waitFor(async () => (await messagesOf(id))[0]?.status === 'FAILED', 'message failed');
    expect((await messagesOf(id))[0]!.attempts).toBe(8);
    const webhook = await server.kw.dataSource.getRepository(Webhook).findOneByOrFail({ id });
    expect(webhook.active).toBe(true);
    expect(webhook.failingSince).not.toBeNull();
  });

  it('honours Retry-After', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.updated'] });
    let calls = 0;
    receiver.respond = (req) =>
      req.json.data?.id === 'key-429' && calls++ === 0
        ? { status: 429, headers: { 'retry-after': '1' } }
        : { status: 200 };
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.updated', 'key-429'));
    start();
    await waitFor(async () => (await attemptsOf(id)).length >= 1, 'first attempt');
    const pending = await waitFor(async () => {
      const [m] = await messagesOf(id);
      return m && m.attempts === 1 ? m : undefined;
    }, 'retry scheduled');
    const [first] = await attemptsOf(id);
    // the scheduled retry would be ~1 ms; Retry-After: 1 pushes it out a full second
    expect(pending.nextAttemptAt!.getTime() - first!.attemptedAt.getTime()).toBeGreaterThanOrEqual(1000);
    await waitFor(async () => (await messagesOf(id))[0]?.status === 'DELIVERED', 'delivery after Retry-After');
    const attempts = await attemptsOf(id);
    expect(attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(attempts[1]!.attemptedAt.getTime() - attempts[0]!.attemptedAt.getTime()).toBeGreaterThanOrEqual(1000);
  });

  it('disables the endpoint on 410 Gone and emits webhook.disabled to other subscribers', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const gone = await createWebhook(server, owner.token, { url: `${receiver.url}?gone`, events: ['api_key.created'] });
    const watcher = await createWebhook(server, owner.token, {
      url: `${receiver.url}?watcher`,
      events: ['webhook.disabled'],
    });
    receiver.respond = (req) =>
      req.json.type === 'api_key.created' && req.json.data?.id === 'key-410'
        ? { status: 410, body: 'gone' }
        : { status: 200 };
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-410'));
    start();
    const notice = await waitFor(
      () => receiver.ofType('webhook.disabled').find((r) => r.json.data.id === gone.id),
      'webhook.disabled delivery',
    );
    WebhookReceiver.verify(watcher.secret, notice);
    expect(notice.json.data.reason).toMatch(/410/);
    const webhook = await server.kw.dataSource.getRepository(Webhook).findOneByOrFail({ id: gone.id });
    expect(webhook.active).toBe(false);
    expect(webhook.disabledAt).not.toBeNull();
    const [message] = await messagesOf(gone.id);
    expect(message!.status).toBe('FAILED');
    expect(message!.attempts).toBe(1);
    // a disabled endpoint gets nothing more
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-after-410'));
    expect(await messagesOf(gone.id)).toHaveLength(1);
  });

  it('disables an endpoint that has been failing for 5 days', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const failing = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.revoked'] });
    const watcher = await createWebhook(server, owner.token, {
      url: `${receiver.url}?w2`,
      events: ['webhook.disabled'],
    });
    await server.kw.dataSource
      .getRepository(Webhook)
      .update({ id: failing.id }, { failingSince: new Date(Date.now() - 5 * 24 * 3600 * 1000 - 60_000) });
    receiver.respond = (req) =>
      req.json.type === 'api_key.revoked' && req.json.data?.id === 'key-5d' ? { status: 500 } : { status: 200 };
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.revoked', 'key-5d'));
    start();
    const notice = await waitFor(
      () => receiver.ofType('webhook.disabled').find((r) => r.json.data.id === failing.id),
      'webhook.disabled',
    );
    WebhookReceiver.verify(watcher.secret, notice);
    expect(notice.json.data.reason).toMatch(/5 days/);
    const webhook = await server.kw.dataSource.getRepository(Webhook).findOneByOrFail({ id: failing.id });
    expect(webhook.active).toBe(false);
  });

  it('signs with both secrets during a rotation overlap, then with the new one only', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id, secret: oldSecret } = await createWebhook(server, owner.token, {
      url: receiver.url,
      events: ['api_key.created'],
    });
    const rotate = await server.gql(
      'mutation($id: ID!, $g: Int) { rotateWebhookSecret(id: $id, gracePeriodSeconds: $g) { signingSecret webhook { id previousSecretExpiresAt secretRotatedAt } } }',
      { id, g: 3600 },
      { token: owner.token },
    );
    const newSecret = rotate.data!.rotateWebhookSecret.signingSecret as string;
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    expect(rotate.data!.rotateWebhookSecret.webhook.previousSecretExpiresAt).not.toBeNull();
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-overlap'));
    start();
    const during = await waitFor(
      () => receiver.requests.find((r) => r.json.data?.id === 'key-overlap'),
      'overlap delivery',
    );
    expect(during.signature.split(' ')).toHaveLength(2);
    WebhookReceiver.verify(newSecret, during);
    WebhookReceiver.verify(oldSecret, during);

    // rotating without a grace period drops the old secret at once
    const again = await server.gql(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret webhook { previousSecretExpiresAt } } }',
      { id },
      { token: owner.token },
    );
    const newest = again.data!.rotateWebhookSecret.signingSecret as string;
    expect(again.data!.rotateWebhookSecret.webhook.previousSecretExpiresAt).toBeNull();
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-after-rotate'));
    const after = await waitFor(
      () => receiver.requests.find((r) => r.json.data?.id === 'key-after-rotate'),
      'post-rotation delivery',
    );
    expect(after.signature.split(' ')).toHaveLength(1);
    WebhookReceiver.verify(newest, after);
    expect(() => WebhookReceiver.verify(newSecret, after)).toThrow();
  });

  it('delivers only events of the webhook channel when it has a channel filter', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const channel = await createChannel(server, owner.tenantId, 'web');
    const filtered = await createWebhook(server, owner.token, {
      url: `${receiver.url}?filtered`,
      events: ['api_key.created'],
      channelId: channel.id,
    });
    const all = await createWebhook(server, owner.token, { url: `${receiver.url}?all`, events: ['api_key.created'] });
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-in-channel', channel.id));
    await emitEvent(server.kw, apiKeyEvent(owner.tenantId, 'api_key.created', 'key-no-channel', null));
    expect((await messagesOf(filtered.id)).map((m) => JSON.parse(m.payload).data.id)).toEqual(['key-in-channel']);
    expect((await messagesOf(all.id)).map((m) => JSON.parse(m.payload).data.id).sort()).toEqual([
      'key-in-channel',
      'key-no-channel',
    ]);
  });
});
