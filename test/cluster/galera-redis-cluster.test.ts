import { randomBytes } from 'node:crypto';
import mysql from 'mysql2/promise';
import { Principal } from '../../src/core/principal';
import { galeraProblem } from '../../src/db/database';
import { ApiKey } from '../../src/db/entities/api-key.entity';
import { AuditEvent } from '../../src/db/entities/audit-event.entity';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { CREATE_GRAPHQL, CREATE_PERSONAL, CREATE_REST, REVOKE, UPDATE } from '../helpers/api-keys';
import { describeCluster } from '../helpers/cluster-suite';
import { createTenantUser, setApiKeyLimit, insertKey, createWebhook } from '../helpers/fixtures';
import { startGaleraCluster, type GaleraCluster } from '../helpers/galera-cluster';
import { startTestServer, type TestServer } from '../helpers/harness';
import { startRedisCluster, type RedisCluster } from '../helpers/redis-cluster';
import { testDispatcher, waitFor, WebhookReceiver } from '../helpers/webhook-receiver';

jest.setTimeout(240_000);

const META = { ip: '203.0.113.9', userAgent: 'jest', requestId: 'cluster' };
const auth = (server: TestServer, secret: string) =>
  server.kw.app.inject({ method: 'GET', url: '/v1/auth', headers: { 'x-api-key': secret } });

/** Polls `verify` on `server` until the key is refused; returns how long that took (ms) or Infinity. */
async function refusedWithin(server: TestServer, secret: string, ms: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < ms) {
    if ((await server.kw.services.keyVerifier.verify(secret, META)).code !== 'VALID') return Date.now() - started;
    await new Promise((r) => setTimeout(r, 10));
  }
  return Infinity;
}

/** 200 /v1/auth requests spread over the instances, 20 at a time: how many passed (200) and were limited (429). */
async function spreadRequests(
  servers: TestServer[],
  secret: string,
): Promise<{ passed: number; limited: number; other: number[] }> {
  const statuses: number[] = [];
  for (let batch = 0; batch < 10; batch++) {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => auth(servers[(batch * 20 + i) % servers.length]!, secret)),
    );
    statuses.push(...results.map((r) => r.statusCode));
  }
  return {
    passed: statuses.filter((s) => s === 200).length,
    limited: statuses.filter((s) => s === 429).length,
    other: statuses.filter((s) => s !== 200 && s !== 429),
  };
}

describeCluster('three instances on a Galera cluster and a Redis Cluster (docs/design.md §16)', () => {
  let galera: GaleraCluster;
  let redis: RedisCluster;
  let servers: TestServer[];
  let receiver: WebhookReceiver;
  const masterKey = randomBytes(32).toString('base64');

  beforeAll(async () => {
    [galera, redis] = await Promise.all([startGaleraCluster(), startRedisCluster()]);
    const { perNode } = await galera.createDatabase();
    // a long key-cache TTL: only pub/sub over the Redis Cluster can explain another instance seeing a revoke
    const env = {
      REDIS_CLUSTER_NODES: redis.nodesEnv,
      KEYWARD_MASTER_KEY: masterKey,
      KEYWARD_KEY_CACHE_TTL_MS: '60000',
      KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true',
      KEYWARD_WEBHOOK_RETRY_SCALE: '0.0002',
    };
    servers = [];
    // the first migrates and bootstraps; the others then start side by side (they find nothing to do)
    servers.push(await startTestServer({ db: perNode[0], keepDatabase: true, env }));
    servers.push(
      ...(await Promise.all(perNode.slice(1).map((db) => startTestServer({ db, keepDatabase: true, env })))),
    );
    await Promise.all(servers.map((s) => s.kw.app.ready()));
    receiver = await new WebhookReceiver().start();
  }, 240_000);

  afterAll(async () => {
    await receiver?.close();
    await Promise.all((servers ?? []).map((s) => s.close().catch(() => undefined)));
    await Promise.all([galera?.close(), redis?.close()]);
  });

  it('each instance runs on its own node of one three-node cluster, with causal reads on', async () => {
    const nodes = await Promise.all(
      servers.map(
        async (s) => (await s.kw.dataSource.query('SELECT @@port AS port, @@wsrep_sync_wait AS syncWait'))[0],
      ),
    );
    expect(nodes.map((n) => Number(n.port))).toEqual(galera.nodes.map((n) => n.options.port));
    expect(nodes.every((n) => Number(n.syncWait) === 1)).toBe(true);
    expect(await galera.clusterSize(0)).toBe(3);
    for (const server of servers) expect(server.logs.text).not.toMatch(/wsrep_sync_wait is 0/);
    // a node without causal reads is named at start (the check instances run)
    const node2 = await mysql.createConnection(galera.nodes[2]!.url);
    try {
      await node2.query('SET GLOBAL wsrep_sync_wait = 0');
      expect(await galeraProblem(servers[2]!.kw.dataSource)).toMatch(/set wsrep_sync_wait=1 on every node/);
    } finally {
      await node2.query('SET GLOBAL wsrep_sync_wait = 1');
      await node2.end();
    }
    expect(await galeraProblem(servers[2]!.kw.dataSource)).toBeUndefined();
  });

  it('tenant key limit: 30 parallel creates over the three instances against a limit of 10 create exactly 10; one active personal key per user', async () => {
    const me = await createTenantUser(servers[0]!, { grants: { API_KEY: 'OWNER' } });
    await setApiKeyLimit(servers[0]!, me.tenantId, 10);
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        servers[i % 3]!.gql(
          i % 2 ? CREATE_GRAPHQL : CREATE_REST,
          { input: { name: `Parallel ${i}` } },
          { token: me.token },
        ),
      ),
    );
    const codes = results.map((r) => r.errors?.[0]?.extensions.code ?? 'OK');
    expect(codes.filter((c) => c === 'OK')).toHaveLength(10);
    expect(codes.filter((c) => c === 'LIMIT_EXCEEDED')).toHaveLength(20); // never INTERNAL_SERVER_ERROR
    // counted on every node: the cluster agrees
    for (const server of servers)
      expect(await server.kw.dataSource.getRepository(ApiKey).countBy({ tenantId: me.tenantId })).toBe(10);

    const personal = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        servers[i % 3]!.gql(CREATE_PERSONAL, { title: `Laptop ${i}` }, { token: me.token }),
      ),
    );
    const personalCodes = personal.map((r) => r.errors?.[0]?.extensions.code ?? 'OK');
    expect(personalCodes.filter((c) => c === 'OK')).toHaveLength(1);
    expect(personalCodes.filter((c) => c === 'LIMIT_EXCEEDED')).toHaveLength(11);
    expect(
      await servers[2]!.kw.dataSource.getRepository(ApiKey).countBy({ ownerId: me.userId, kind: 'PERSONAL' }),
    ).toBe(1);
  });

  it('the audit chain stays one verifiable chain per tenant under concurrent mutations on all nodes', async () => {
    const me = await createTenantUser(servers[1]!, { grants: { API_KEY: 'OWNER' } });
    await setApiKeyLimit(servers[1]!, me.tenantId, 1000);
    const created = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        servers[i % 3]!.gql(CREATE_GRAPHQL, { input: { name: `Chain ${i}` } }, { token: me.token }),
      ),
    );
    expect(created.filter((r) => r.errors)).toEqual([]);
    const ids = created.map((r) => r.data!.createGraphQLApiKey.apiKey.id as string);
    const changed = await Promise.all(
      ids.flatMap((id, i) => [
        servers[i % 3]!.gql(UPDATE, { id, input: { name: `Renamed ${i}` } }, { token: me.token }),
        servers[(i + 1) % 3]!.gql(
          UPDATE,
          { id, input: { description: `Touched on ${(i + 1) % 3}` } },
          { token: me.token },
        ),
      ]),
    );
    expect(changed.filter((r) => r.errors).map((r) => r.errors![0]!.extensions.code)).toEqual([]);
    const events = await servers[0]!.kw.dataSource
      .getRepository(AuditEvent)
      .find({ where: { tenantId: me.tenantId }, order: { seq: 'ASC' } });
    expect(events.map((e) => Number(e.seq))).toEqual(events.map((_, i) => i + 1)); // no fork, no gap
    for (const server of servers) {
      const report = await server.kw.services.auditLog.verifyChain(Principal.system(me.tenantId));
      expect(report).toMatchObject({ ok: true, checked: events.length, firstBrokenEventId: null });
    }
  });

  it('outbox: 1,000 events published over the three instances are each delivered; duplicates only as a retry of the same webhook-id', async () => {
    const owner = await createTenantUser(servers[0]!, { grants: { WEBHOOK: 'OWNER' } });
    const { id: webhookId } = await createWebhook(servers[0]!, owner.token, {
      url: receiver.url,
      events: ['order.created'],
    });
    const dispatchers = servers.map((s) => testDispatcher(s.kw, { batchSize: 20 }));
    dispatchers.forEach((d) => d.start());
    const total = 1000;
    const failed: string[] = [];
    try {
      // published while the dispatchers run: claims and publishes race on every node
      for (let i = 0; i < total; i += 12) {
        await Promise.all(
          Array.from({ length: Math.min(12, total - i) }, (_, j) =>
            servers[(i + j) % 3]!.kw.services.webhooks.publishEvent(Principal.system(owner.tenantId), 'order.created', {
              orderId: `cluster-${i + j}`,
            }).catch((error: { extensions?: { code?: string }; message: string }) =>
              failed.push(error.extensions?.code ?? error.message),
            ),
          ),
        );
      }
      expect(failed).toEqual([]);
      await waitFor(
        async () =>
          (await servers[1]!.kw.dataSource
            .getRepository(WebhookMessage)
            .countBy({ webhookId, status: 'DELIVERED' })) === total,
        'every message delivered',
        180_000,
        500,
      );
    } finally {
      await Promise.all(dispatchers.map((d) => d.stop()));
    }
    const deliveries = receiver.requests.filter((r) => String(r.json.data?.orderId).startsWith('cluster-'));
    const byId = new Map<string, Set<string>>();
    for (const d of deliveries) byId.set(d.id, (byId.get(d.id) ?? new Set()).add(d.body));
    const orders = new Set(deliveries.map((d) => String(d.json.data.orderId)));
    expect(orders.size).toBe(total); // none lost
    expect(byId.size).toBe(total); // one webhook-id per event
    for (const bodies of byId.values()) expect(bodies.size).toBe(1); // a duplicate is the same message again
    const duplicates = deliveries.length - byId.size;
    console.log(
      `outbox on Galera: ${total} events, ${deliveries.length} deliveries, ${duplicates} duplicate(s) (same webhook-id); per instance: ${dispatchers.map((d) => d.delivered).join(' / ')}`,
    );
    expect(dispatchers.filter((d) => d.delivered > 0).length).toBeGreaterThan(1); // the work was shared
  });

  it('a revoke on instance A is refused by B and C within 1 s over the Redis Cluster', async () => {
    const me = await createTenantUser(servers[0]!, { grants: { API_KEY: 'OWNER' } });
    const created = await servers[0]!.gql(
      CREATE_GRAPHQL,
      { input: { name: 'Revoked soon', active: true } },
      { token: me.token },
    );
    const { secret, apiKey } = created.data!.createGraphQLApiKey;
    for (const server of servers)
      expect((await server.kw.services.keyVerifier.verify(secret, META)).code).toBe('VALID'); // cached everywhere (TTL 60 s)
    const revoked = await servers[0]!.gql(REVOKE, { id: apiKey.id, reason: 'cluster test' }, { token: me.token });
    expect(revoked.errors).toBeUndefined();
    const [onB, onC] = await Promise.all([
      refusedWithin(servers[1]!, secret, 1000),
      refusedWithin(servers[2]!, secret, 1000),
    ]);
    expect(onB).toBeLessThan(1000);
    expect(onC).toBeLessThan(1000);
    expect((await auth(servers[2]!, secret)).statusCode).toBe(401);
  });

  it('rate limits are exact across the instances on the Redis Cluster: limit 60, 200 requests, exactly 60 pass', async () => {
    const { tenantId } = await createTenantUser(servers[0]!);
    const key = await insertKey(servers[0]!, { tenantId, rateLimitPerMinute: 60 });
    const result = await spreadRequests(servers, key.secret);
    expect(result).toEqual({ passed: 60, limited: 140, other: [] });
  });

  it('a Redis master dies: its replica takes over, then rate limits and invalidation work as before', async () => {
    const { tenantId } = await createTenantUser(servers[0]!);
    const key = await insertKey(servers[0]!, { tenantId, rateLimitPerMinute: 60 });
    const victim = redis.masterFor(`kw:api-key:60:${key.id}`);
    const survivor = redis.nodes.find((n) => n.port !== victim)!.port;
    await redis.kill(victim);
    // during the failover (node timeout 2 s + election): requests are still answered, each instance
    // counting in memory (insurance limiter) for keys on the dead master's slots
    const during: number[] = [];
    const failover = redis.waitForFailover(victim, survivor);
    let done = false;
    void failover.then(
      () => (done = true),
      () => (done = true),
    );
    while (!done) {
      during.push(...(await Promise.all(servers.map((s) => auth(s, key.secret)))).map((r) => r.statusCode));
      await new Promise((r) => setTimeout(r, 100));
    }
    await failover;
    expect(during.filter((s) => s !== 200 && s !== 429)).toEqual([]); // never a 5xx
    // ioredis picks up the new slot owner (MOVED / slot refresh): wait for the shared count to be back
    const fresh = await insertKey(servers[0]!, { tenantId, rateLimitPerMinute: 60 });
    await waitFor(
      async () =>
        (
          await Promise.all(
            servers.map((s) =>
              s.kw.redis!.set(`kw:probe:${fresh.id}`, '1', 'EX', 5).then(
                () => true,
                () => false,
              ),
            ),
          )
        ).every(Boolean),
      'every instance reaching the new master',
      20_000,
      200,
    );
    expect(await spreadRequests(servers, fresh.secret)).toEqual({ passed: 60, limited: 140, other: [] });
    // and invalidation over pub/sub still reaches the other instances
    const me = await createTenantUser(servers[1]!, { grants: { API_KEY: 'OWNER' } });
    const created = await servers[1]!.gql(
      CREATE_GRAPHQL,
      { input: { name: 'After failover', active: true } },
      { token: me.token },
    );
    const { secret, apiKey } = created.data!.createGraphQLApiKey;
    for (const server of servers)
      expect((await server.kw.services.keyVerifier.verify(secret, META)).code).toBe('VALID');
    await servers[1]!.gql(REVOKE, { id: apiKey.id }, { token: me.token });
    const [onA, onC] = await Promise.all([
      refusedWithin(servers[0]!, secret, 1000),
      refusedWithin(servers[2]!, secret, 1000),
    ]);
    expect(onA).toBeLessThan(1000);
    expect(onC).toBeLessThan(1000);
  });

  it('a Galera node dies under load: the others keep serving without error; its instance answers 503 / SERVICE_UNAVAILABLE and recovers when the node rejoins', async () => {
    const me = await createTenantUser(servers[0]!, { grants: { API_KEY: 'OWNER' } });
    await setApiKeyLimit(servers[0]!, me.tenantId, 100_000);
    const key = await insertKey(servers[0]!, { tenantId: me.tenantId });
    const LIST_KEYS = '{ apiKeys(first: 5) { totalCount } }';
    let stop = false;
    const failures: string[] = [];
    let served = 0;
    // load on the instances of the two surviving nodes: creates (writes), lists (reads), /v1/auth
    const load = async (server: TestServer, n: number) => {
      for (let i = 0; !stop; i++) {
        const [created, listed, authed] = await Promise.all([
          server.gql(CREATE_GRAPHQL, { input: { name: `Load ${n}-${i}` } }, { token: me.token }),
          server.gql(LIST_KEYS, {}, { token: me.token }),
          auth(server, key.secret),
        ]);
        for (const r of [created, listed])
          if (r.errors) failures.push(`${n}: ${r.errors[0]!.extensions.code} ${r.errors[0]!.message}`);
        if (authed.statusCode !== 200) failures.push(`${n}: /v1/auth ${authed.statusCode}`);
        served++;
      }
    };
    const loads = [load(servers[0]!, 0), load(servers[1]!, 1)];
    await new Promise((r) => setTimeout(r, 1000));
    await galera.nodes[2]!.stop('SIGKILL');
    const dead = servers[2]!;
    const readyz = await waitFor(
      async () => {
        const res = await dead.kw.app.inject({ method: 'GET', url: '/readyz' });
        return res.statusCode === 503 ? res : undefined;
      },
      '/readyz 503 on the instance of the dead node',
      20_000,
      200,
    );
    expect(JSON.parse(readyz.body).status).toBe('unavailable');
    const refused = await dead.gql(LIST_KEYS, {}, { token: me.token });
    expect(refused.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    await waitFor(
      async () => (await galera.clusterSize(0)) === 2,
      'the survivors forming a two-node primary component',
      30_000,
      250,
    );
    const servedBefore = served;
    await new Promise((r) => setTimeout(r, 3000));
    expect(served).toBeGreaterThan(servedBefore); // still serving on two nodes
    stop = true;
    await Promise.all(loads);
    expect(failures).toEqual([]);

    await galera.rejoin(2);
    await waitFor(
      async () => (await dead.kw.app.inject({ method: 'GET', url: '/readyz' })).statusCode === 200,
      '/readyz 200 once the node rejoined',
      30_000,
      250,
    );
    const again = await dead.gql(LIST_KEYS, {}, { token: me.token });
    expect(again.errors).toBeUndefined();
    // it sees what the others wrote while its node was down
    expect(again.data!.apiKeys.totalCount).toBe(
      await servers[0]!.kw.dataSource.getRepository(ApiKey).countBy({ tenantId: me.tenantId }),
    );
  });
});
