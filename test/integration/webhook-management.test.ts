import { GrantSet, Principal } from '../../src/core/principal';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { Webhook } from '../../src/db/entities/webhook.entity';
import { createChannel, createTenantUser, createWebhook } from '../helpers/fixtures';
import { startTestServer, testServerForSuite } from '../helpers/harness';
import {
  apiKeyEvent,
  emitEvent,
  testDispatcher,
  waitFor,
  WEBHOOK_FIELDS,
  WebhookReceiver,
  webhookReceiverForSuite,
} from '../helpers/webhook-receiver';

const ATTEMPT_FIELDS = 'id messageId webhookId eventType statusCode responseBody error durationMs attemptedAt';

describe('webhook management (CRUD, test send, attempts, redeliver, publishEvent)', () => {
  const server = testServerForSuite({
    env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true', KEYWARD_WEBHOOK_RETRY_SCALE: '0.0002' },
  });
  const receiver = webhookReceiverForSuite();

  afterEach(() => {
    receiver.respond = () => ({ status: 200, body: 'ok' });
  });

  it('creates, lists, updates and deletes webhooks; the secret is shown only on create', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const created = await createWebhook(server, owner.token, {
      url: receiver.url,
      events: ['api_key.created', 'order.created', 'api_key.created'],
      description: 'ERP sync',
    });
    expect(created.webhook).toMatchObject({
      url: receiver.url,
      events: ['api_key.created', 'order.created'],
      description: 'ERP sync',
      active: true,
      channelId: null,
      createdBy: { __typename: 'User', id: owner.userId },
      updatedBy: { id: owner.userId },
    });
    const list = await server.gql(`{ webhooks { ${WEBHOOK_FIELDS} } }`, {}, { token: owner.token });
    expect(list.data!.webhooks).toHaveLength(1);
    expect(JSON.stringify(list.data)).not.toContain('whsec_');

    const channel = await createChannel(server, owner.tenantId, 'pos');
    const updated = await server.gql(
      `mutation($id: ID!, $input: UpdateWebhookInput!) { updateWebhook(id: $id, input: $input) { ${WEBHOOK_FIELDS} } }`,
      {
        id: created.id,
        input: { events: ['api_key.revoked'], channelId: channel.id, active: false, description: null },
      },
      { token: owner.token },
    );
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateWebhook).toMatchObject({
      events: ['api_key.revoked'],
      channelId: channel.id,
      active: false,
      description: null,
      url: receiver.url,
    });
    const cleared = await server.gql(
      `mutation($id: ID!) { updateWebhook(id: $id, input: { channelId: null }) { channelId events } }`,
      { id: created.id },
      { token: owner.token },
    );
    expect(cleared.data!.updateWebhook).toEqual({ channelId: null, events: ['api_key.revoked'] });

    const one = await server.gql(
      `query($id: ID!) { webhook(id: $id) { id } }`,
      { id: created.id },
      { token: owner.token },
    );
    expect(one.data!.webhook.id).toBe(created.id);
    const deleted = await server.gql(
      'mutation($id: ID!) { deleteWebhook(id: $id) { deletedId } }',
      { id: created.id },
      { token: owner.token },
    );
    expect(deleted.data!.deleteWebhook.deletedId).toBe(created.id);
    const after = await server.gql(`{ webhooks { id } }`, {}, { token: owner.token });
    expect(after.data!.webhooks).toEqual([]);
  });

  it('rejects bad input with the field named and changes nothing', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const create = (input: Record<string, unknown>) =>
      server.gql(
        `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret } }`,
        { input },
        { token: owner.token },
      );
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ url: receiver.url, events: ['api_key.created', 'nope.nothing'] }, 'BAD_USER_INPUT', 'input.events[1]'],
      [{ url: receiver.url, events: [] }, 'BAD_USER_INPUT', 'input.events'],
      [{ url: 'ftp://example.com/x', events: ['api_key.created'] }, 'BAD_USER_INPUT', 'input.url'],
      [
        { url: receiver.url, events: ['api_key.created'], description: 'x'.repeat(1001) },
        'BAD_USER_INPUT',
        'input.description',
      ],
      [
        { url: receiver.url, events: ['api_key.created'], channelId: '00000000-0000-4000-8000-000000000000' },
        'NOT_FOUND',
        'input.channelId',
      ],
    ];
    for (const [input, code, field] of cases) {
      const res = await create(input);
      expect(res.errors?.[0]?.extensions).toMatchObject({ code, field });
    }
    const rotate = await server.gql(
      'mutation { rotateWebhookSecret(id: "x", gracePeriodSeconds: 604801) { signingSecret } }',
      {},
      { token: owner.token },
    );
    expect(rotate.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'gracePeriodSeconds' });
    expect(await server.kw.dataSource.getRepository(Webhook).countBy({ tenantId: owner.tenantId })).toBe(0);
  });

  it('refuses private and loopback URLs unless KEYWARD_WEBHOOK_ALLOW_PRIVATE=true', async () => {
    const strict = await startTestServer({ env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'false' } });
    try {
      const owner = await createTenantUser(strict, { grants: { WEBHOOK: 'OWNER' } });
      for (const url of [
        'http://127.0.0.1:8080/x',
        'http://2130706433/',
        'http://[::ffff:127.0.0.1]/',
        'http://169.254.169.254/latest/meta-data',
        'http://localhost/',
        'http://10.0.0.5/',
        'http://[fd00:ec2::254]/',
      ]) {
        const res = await strict.gql(
          `mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { signingSecret } }`,
          { input: { url, events: ['api_key.created'] } },
          { token: owner.token },
        );
        expect({ url, ext: res.errors?.[0]?.extensions }).toMatchObject({
          url,
          ext: { code: 'BAD_USER_INPUT', field: 'input.url' },
        });
        // the refusal names the switch that allows it (development and tests)
        expect(res.errors?.[0]?.message).toContain('KEYWARD_WEBHOOK_ALLOW_PRIVATE=true');
      }
      // a URL that passed at creation (DNS later points inward) is checked again at delivery
      const ok = await createWebhook(strict, owner.token, {
        url: 'https://93.184.215.14/hook',
        events: ['api_key.created'],
      });
      await strict.kw.dataSource.getRepository(Webhook).update({ id: ok.id }, { url: receiver.url });
      const test = await strict.gql(
        `mutation($id: ID!) { sendTestWebhook(id: $id) { ${ATTEMPT_FIELDS} } }`,
        { id: ok.id },
        { token: owner.token },
      );
      expect(test.data!.sendTestWebhook.statusCode).toBeNull();
      expect(test.data!.sendTestWebhook.error).toMatch(/non-public address \(loopback\)/);
      expect(receiver.requests.filter((r) => r.json.data?.webhookId === ok.id)).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('enforces WEBHOOK levels: VIEWER reads, EDITOR creates and tests, OWNER deletes and rotates', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const viewer = await createTenantUser(server, { tenantId: owner.tenantId, grants: { WEBHOOK: 'VIEWER' } });
    const editor = await createTenantUser(server, { tenantId: owner.tenantId, grants: { WEBHOOK: 'EDITOR' } });
    const nobody = await createTenantUser(server, { tenantId: owner.tenantId, grants: { API_KEY: 'OWNER' } });
    const { id } = await createWebhook(server, editor.token, { url: receiver.url, events: ['api_key.created'] });
    expect((await server.gql('{ webhooks { id } }', {}, { token: viewer.token })).data!.webhooks).toHaveLength(1);
    expect((await server.gql('{ webhooks { id } }', {}, { token: nobody.token })).errors?.[0]?.extensions.code).toBe(
      'FORBIDDEN',
    );
    expect((await server.gql('{ webhooks { id } }')).errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    const viewerCreate = await server.gql(
      `mutation { createWebhook(input: { url: "${receiver.url}", events: ["api_key.created"] }) { signingSecret } }`,
      {},
      { token: viewer.token },
    );
    expect(viewerCreate.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const editorDelete = await server.gql(
      'mutation($id: ID!) { deleteWebhook(id: $id) { deletedId } }',
      { id },
      { token: editor.token },
    );
    expect(editorDelete.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const editorRotate = await server.gql(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret } }',
      { id },
      { token: editor.token },
    );
    expect(editorRotate.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const types = await server.gql('{ webhookEventTypes }', {}, { token: nobody.token });
    expect(types.data!.webhookEventTypes).toEqual(
      expect.arrayContaining([
        'api_key.created',
        'api_key.expiring_soon',
        'webhook.test',
        'webhook.disabled',
        'order.created',
      ]),
    );
  });

  it("treats another tenant's webhook as NOT_FOUND", async () => {
    const a = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const b = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id } = await createWebhook(server, a.token, { url: receiver.url, events: ['api_key.created'] });
    for (const query of [
      'mutation($id: ID!) { deleteWebhook(id: $id) { deletedId } }',
      'mutation($id: ID!) { rotateWebhookSecret(id: $id) { signingSecret } }',
      'mutation($id: ID!) { sendTestWebhook(id: $id) { id } }',
      'mutation($id: ID!) { updateWebhook(id: $id, input: { active: false }) { id } }',
      'query($id: ID!) { webhookAttempts(webhookId: $id) { totalCount } }',
    ]) {
      const res = await server.gql(query, { id }, { token: b.token });
      expect(res.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    }
    expect(
      (await server.gql('query($id: ID!) { webhook(id: $id) { id } }', { id }, { token: b.token })).data!.webhook,
    ).toBeNull();
    expect((await server.gql('{ webhooks { id } }', {}, { token: b.token })).data!.webhooks).toEqual([]);
  });

  it('sendTestWebhook delivers webhook.test now and returns the attempt; attempts are listed newest first', async () => {
    const editor = await createTenantUser(server, { grants: { WEBHOOK: 'EDITOR' } });
    const { id, secret } = await createWebhook(server, editor.token, {
      url: receiver.url,
      events: ['api_key.created'],
    });
    receiver.respond = (req) =>
      req.json.data?.webhookId === id
        ? { status: 418, body: 'x'.repeat(10_000), headers: { 'content-type': 'text/plain' } }
        : { status: 200 };
    const first = await server.gql(
      `mutation($id: ID!) { sendTestWebhook(id: $id) { ${ATTEMPT_FIELDS} } }`,
      { id },
      { token: editor.token },
    );
    expect(first.errors).toBeUndefined();
    const attempt = first.data!.sendTestWebhook;
    expect(attempt).toMatchObject({ webhookId: id, eventType: 'webhook.test', statusCode: 418, error: 'HTTP 418' });
    expect(attempt.responseBody).toHaveLength(4096);
    expect(attempt.durationMs).toBeGreaterThanOrEqual(0);
    expect(attempt.messageId).toMatch(/^msg_/);
    const request = receiver.requests.find((r) => r.id === attempt.messageId)!;
    expect((WebhookReceiver.verify(secret, request) as { type: string }).type).toBe('webhook.test');

    receiver.respond = () => ({ status: 200, body: '{"ok":true}' });
    const second = await server.gql(
      `mutation($id: ID!) { sendTestWebhook(id: $id) { ${ATTEMPT_FIELDS} } }`,
      { id },
      { token: editor.token },
    );
    expect(second.data!.sendTestWebhook).toMatchObject({ statusCode: 200, responseBody: '{"ok":true}', error: null });

    // unreachable endpoint: no status, an error
    await server.kw.dataSource.getRepository(Webhook).update({ id }, { url: 'http://127.0.0.1:1/closed' });
    const third = await server.gql(
      `mutation($id: ID!) { sendTestWebhook(id: $id) { ${ATTEMPT_FIELDS} } }`,
      { id },
      { token: editor.token },
    );
    expect(third.data!.sendTestWebhook.statusCode).toBeNull();
    expect(third.data!.sendTestWebhook.error).toMatch(/ECONNREFUSED/);

    const page1 = await server.gql(
      `query($id: ID!, $after: String) { webhookAttempts(webhookId: $id, first: 2, after: $after) { totalCount edges { cursor node { id statusCode } } pageInfo { hasNextPage endCursor } } }`,
      { id },
      { token: editor.token },
    );
    const conn = page1.data!.webhookAttempts;
    expect(conn.totalCount).toBe(3);
    expect(conn.edges.map((e: any) => e.node.statusCode)).toEqual([null, 200]);
    expect(conn.pageInfo.hasNextPage).toBe(true);
    const page2 = await server.gql(
      `query($id: ID!, $after: String) { webhookAttempts(webhookId: $id, first: 2, after: $after) { edges { node { statusCode } } pageInfo { hasNextPage } } }`,
      { id, after: conn.pageInfo.endCursor },
      { token: editor.token },
    );
    expect(page2.data!.webhookAttempts.edges.map((e: any) => e.node.statusCode)).toEqual([418]);
    expect(page2.data!.webhookAttempts.pageInfo.hasNextPage).toBe(false);
  });

  it('redeliverWebhookMessage sends a delivered message again with the same webhook-id', async () => {
    const editor = await createTenantUser(server, { grants: { WEBHOOK: 'EDITOR' } });
    const { id, secret } = await createWebhook(server, editor.token, {
      url: receiver.url,
      events: ['api_key.created'],
    });
    await emitEvent(server.kw, apiKeyEvent(editor.tenantId, 'api_key.created', 'key-redeliver'));
    const dispatcher = testDispatcher(server.kw);
    dispatcher.start();
    try {
      const messages = await server.gql(
        `query($id: ID!) { webhookMessages(webhookId: $id) { totalCount edges { node { id status eventType payload attempts } } } }`,
        { id },
        { token: editor.token },
      );
      const messageId = messages.data!.webhookMessages.edges[0].node.id as string;
      expect(messages.data!.webhookMessages.edges[0].node.payload).toMatchObject({
        type: 'api_key.created',
        data: { id: 'key-redeliver' },
      });
      await waitFor(() => receiver.requests.filter((r) => r.id === messageId).length === 1, 'first delivery');
      await waitFor(
        async () =>
          (await server.kw.dataSource.getRepository(WebhookMessage).findOneByOrFail({ id: messageId })).status ===
          'DELIVERED',
        'delivered',
      );
      const res = await server.gql(
        'mutation($id: ID!) { redeliverWebhookMessage(id: $id) { id status attempts } }',
        { id: messageId },
        { token: editor.token },
      );
      expect(res.data!.redeliverWebhookMessage).toEqual({ id: messageId, status: 'PENDING', attempts: 0 });
      await waitFor(() => receiver.requests.filter((r) => r.id === messageId).length === 2, 'redelivery');
      for (const request of receiver.requests.filter((r) => r.id === messageId))
        WebhookReceiver.verify(secret, request);
      const other = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
      const foreign = await server.gql(
        'mutation($id: ID!) { redeliverWebhookMessage(id: $id) { id } }',
        { id: messageId },
        { token: other.token },
      );
      expect(foreign.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    } finally {
      await dispatcher.stop();
    }
  });

  it('publishEvent queues platform events for subscribed webhooks, honouring the channel filter', async () => {
    const editor = await createTenantUser(server, { grants: { WEBHOOK: 'EDITOR' } });
    const web = await createChannel(server, editor.tenantId, 'web');
    const pos = await createChannel(server, editor.tenantId, 'pos');
    const webHook = await createWebhook(server, editor.token, {
      url: `${receiver.url}?web`,
      events: ['order.created'],
      channelId: web.id,
    });
    const anyHook = await createWebhook(server, editor.token, {
      url: `${receiver.url}?any`,
      events: ['order.created', 'order.updated'],
    });
    const publish = (type: string, payload: unknown, channelId?: string) =>
      server.gql(
        'mutation($t: String!, $p: JSON!, $c: ID) { publishEvent(type: $t, payload: $p, channelId: $c) { type channelId messageIds } }',
        { t: type, p: payload, c: channelId },
        { token: editor.token },
      );
    const inWeb = await publish('order.created', { orderId: 'o-1', total: 12.5 }, web.id);
    expect(inWeb.data!.publishEvent.messageIds).toHaveLength(2);
    const inPos = await publish('order.created', { orderId: 'o-2' }, pos.id);
    expect(inPos.data!.publishEvent.messageIds).toHaveLength(1);
    const updated = await publish('order.updated', { orderId: 'o-1' });
    expect(updated.data!.publishEvent).toMatchObject({ type: 'order.updated', channelId: null });
    expect(updated.data!.publishEvent.messageIds).toHaveLength(1);

    expect((await publish('order.exploded', {})).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'type',
    });
    expect((await publish('api_key.created', {})).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'type',
    });
    expect((await publish('order.created', [1, 2])).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'payload',
    });
    expect((await publish('order.created', { notes: 'x'.repeat(70_000) })).errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'payload',
    });
    expect(
      (await publish('order.created', {}, '00000000-0000-4000-8000-000000000000')).errors?.[0]?.extensions,
    ).toMatchObject({ code: 'NOT_FOUND', field: 'channelId' });

    const dispatcher = testDispatcher(server.kw);
    dispatcher.start();
    try {
      await waitFor(
        () => receiver.requests.filter((r) => r.json.data?.orderId && r.json.data.orderId.startsWith('o-')).length >= 4,
        'platform deliveries',
      );
    } finally {
      await dispatcher.stop();
    }
    const published: string[] = [
      ...inWeb.data!.publishEvent.messageIds,
      ...inPos.data!.publishEvent.messageIds,
      ...updated.data!.publishEvent.messageIds,
    ];
    const deliveries = receiver.requests.filter((r) => published.includes(r.id));
    expect(deliveries).toHaveLength(4);
    const messages = await server.kw.dataSource
      .getRepository(WebhookMessage)
      .find({ where: { webhookId: webHook.id } });
    expect(messages.map((m) => JSON.parse(m.payload).data.orderId)).toEqual(['o-1']);
    for (const request of deliveries) {
      const message = await server.kw.dataSource.getRepository(WebhookMessage).findOneByOrFail({ id: request.id });
      WebhookReceiver.verify(message.webhookId === webHook.id ? webHook.secret : anyHook.secret, request);
    }
  });

  it('scopes a channel-bound key to the webhooks and events of its channel', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const web = await createChannel(server, owner.tenantId, 'web');
    const pos = await createChannel(server, owner.tenantId, 'pos');
    const posHook = await createWebhook(server, owner.token, {
      url: `${receiver.url}?pos`,
      events: ['order.created'],
      channelId: pos.id,
    });
    const key = new Principal({
      type: 'API_KEY',
      tenantId: owner.tenantId,
      apiKeyId: 'k-web',
      channelId: web.id,
      grants: new GrantSet([{ roleKey: 'WEBHOOK', level: 'OWNER' }]),
    });
    const webhooks = server.kw.services.webhooks;
    const mine = await webhooks.create(key, { url: `${receiver.url}?web`, events: ['order.created'] });
    expect(mine.webhook.channelId).toBe(web.id);
    await expect(
      webhooks.create(key, { url: receiver.url, events: ['order.created'], channelId: pos.id }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN', field: 'input.channelId' });
    expect((await webhooks.list(key)).map((w) => w.id)).toEqual([mine.webhook.id]);
    await expect(webhooks.byId(key, posHook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(webhooks.delete(key, posHook.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const published = await webhooks.publishEvent(key, 'order.created', { orderId: 'scoped' });
    expect(published.channelId).toBe(web.id);
    expect(published.messageIds).toHaveLength(1);
    await expect(webhooks.publishEvent(key, 'order.created', {}, pos.id)).rejects.toMatchObject({
      code: 'FORBIDDEN',
      field: 'channelId',
    });
  });

  it('keeps signing secrets encrypted at rest: a database dump shows no whsec_ plaintext', async () => {
    const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
    const { id, secret } = await createWebhook(server, owner.token, { url: receiver.url, events: ['api_key.created'] });
    const rotated = await server.gql(
      'mutation($id: ID!) { rotateWebhookSecret(id: $id, gracePeriodSeconds: 60) { signingSecret } }',
      { id },
      { token: owner.token },
    );
    const newSecret = rotated.data!.rotateWebhookSecret.signingSecret as string;
    const dump: string[] = [];
    for (const table of ['webhook', 'webhook_message', 'webhook_attempt']) {
      dump.push(JSON.stringify(await server.kw.dataSource.query(`SELECT * FROM ${table}`)));
    }
    const text = dump.join('\n');
    expect(text).not.toContain('whsec_');
    for (const s of [secret, newSecret]) {
      expect(text).not.toContain(s.slice('whsec_'.length));
      expect(text).not.toContain(Buffer.from(s.slice('whsec_'.length), 'base64').toString('hex'));
    }
    expect(server.logs.text).not.toContain(secret);
    expect(server.logs.text).not.toContain(newSecret);
  });
});
