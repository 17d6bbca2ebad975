import { createTenantUser, createWebhook } from '../helpers/fixtures';
import { startTestServer, testServerForSuite, type TestServer } from '../helpers/harness';
import { apiKeyEvent, emitEvent, testDispatcher, waitFor, WebhookReceiver } from '../helpers/webhook-receiver';

const parsed = (server: TestServer) => server.logs.lines.map((line) => JSON.parse(line) as Record<string, any>);

describe('log lines (pino, JSON)', () => {
  const server = testServerForSuite({
    env: { KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true', KEYWARD_WEBHOOK_RETRY_SCALE: '0.0002' },
  });

  it('says at start that the database is migrated, naming it (never its password)', () => {
    const migrated = parsed(server).filter((l) => l.msg === 'database migrated');
    expect(migrated).toHaveLength(1);
    expect(migrated[0]).toMatchObject({
      level: 30,
      database: expect.any(String),
      applied: expect.arrayContaining([expect.stringMatching(/^Initial\d+$/)]),
    });
  });

  it('writes one line per request, with method, URL, status and time', async () => {
    await server.kw.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'log-lines-1' } });
    await server.kw.app.inject({ method: 'GET', url: '/nowhere', headers: { 'x-request-id': 'log-lines-2' } });
    for (const [reqId, url, statusCode] of [
      ['log-lines-1', '/healthz', 200],
      ['log-lines-2', '/nowhere', 404],
    ] as const) {
      expect(parsed(server).filter((l) => l.reqId === reqId)).toEqual([
        expect.objectContaining({
          level: 30,
          msg: 'request completed',
          req: expect.objectContaining({ method: 'GET', url }),
          res: { statusCode },
          responseTime: expect.any(Number),
        }),
      ]);
    }
  });

  it('warns when a webhook delivery fails, with the webhook id and status, never the secret or URL', async () => {
    const receiver = await new WebhookReceiver().start();
    receiver.respond = () => ({ status: 503, body: 'down' });
    const dispatcher = testDispatcher(server.kw);
    try {
      const owner = await createTenantUser(server, { grants: { WEBHOOK: 'OWNER' } });
      const { id, secret } = await createWebhook(server, owner.token, {
        url: `${receiver.url}?token=url-secret-123`,
        events: ['api_key.created'],
      });
      dispatcher.start();
      await emitEvent(
        server.kw,
        apiKeyEvent(owner.tenantId, 'api_key.created', '00000000-0000-4000-8000-000000000001'),
      );
      const line = await waitFor(
        () => parsed(server).find((l) => l.msg === 'webhook delivery failed' && l.webhookId === id),
        'the warning',
      );
      expect(line).toMatchObject({
        level: 40,
        webhookId: id,
        statusCode: 503,
        attempt: 1,
        eventType: 'api_key.created',
      });
      expect(server.logs.text).not.toContain(secret);
      expect(server.logs.text).not.toContain(secret.replace(/^whsec_/, ''));
      expect(server.logs.text).not.toContain('url-secret-123');
    } finally {
      await dispatcher.stop();
      await receiver.close();
    }
  });
});

const redisUrl = process.env.KEYWARD_TEST_REDIS_URL;
(redisUrl ? describe : describe.skip)('log lines with Redis', () => {
  it('says Redis is in use, without its password', async () => {
    const url = new URL(redisUrl!);
    url.password = 'not-logged-pw';
    const server = await startTestServer({ env: { REDIS_URL: url.toString() } });
    try {
      const line = parsed(server).find((l) => l.msg === 'using Redis for rate limits and cache invalidation');
      expect(line).toMatchObject({ level: 30, redis: `redis://${url.host}` });
      expect(server.logs.text).not.toContain('not-logged-pw');
    } finally {
      await server.close();
    }
  });
});
