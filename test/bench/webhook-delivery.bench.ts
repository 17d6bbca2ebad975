/**
 * Webhook delivery benchmark: deliveries per second to a local receiver with 1 and 2 dispatchers,
 * against a baseline measured in the same run (the same number of plain POSTs of the same body over
 * keep-alive connections, 20 at a time like a dispatcher round; the outbox is filled before the clock starts: goal ≥
 * 0.5), and
 * event-commit-to-delivery latency (p50/p99). Printed, never asserted.
 *   npx tsx test/bench/webhook-delivery.bench.ts                 # SQLite (two dispatchers in one process)
 * KEYWARD_TEST_DB=mariadb npx tsx test/bench/webhook-delivery.bench.ts   # MariaDB (two Keyward instances, SKIP LOCKED)
 * BENCH_EVENTS (default 2000) sets the size of the throughput runs.
 */
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { Principal } from '../../src/core/principal';
import { WebhookMessage } from '../../src/db/entities/webhook-message.entity';
import { createTenantUser, createWebhook } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { createTestDatabase, testDialect } from '../helpers/test-database';
import { testDispatcher, waitFor, WebhookReceiver } from '../helpers/webhook-receiver';
import { runAsScript } from './shared';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 2000);
const LATENCY_EVENTS = 300;
const ENV = {
  KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true',
  KEYWARD_MASTER_KEY: randomBytes(32).toString('base64'),
  LOG_LEVEL: 'warn',
};

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function fill(server: TestServer, tenantId: string, count: number, tag: string): Promise<void> {
  const principal = Principal.system(tenantId);
  for (let i = 0; i < count; i++)
    await server.kw.services.webhooks.publishEvent(principal, 'order.created', { orderId: `${tag}-${i}` });
}

async function throughput(
  servers: TestServer[],
  tenantId: string,
  receiver: WebhookReceiver,
  dispatchers: number,
): Promise<number> {
  const tag = `tp${dispatchers}-${Date.now()}`;
  await fill(servers[0]!, tenantId, EVENTS, tag);
  const before = receiver.requests.length;
  const started = process.hrtime.bigint();
  const running = Array.from({ length: dispatchers }, (_, i) =>
    testDispatcher(servers[i % servers.length]!.kw, { batchSize: 50, pollIntervalMs: 50 }),
  );
  running.forEach((d) => d.start());
  await waitFor(() => receiver.requests.length - before >= EVENTS, `${EVENTS} deliveries`, 600_000, 5);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await Promise.all(running.map((d) => d.stop()));
  const pending = await servers[0]!.kw.dataSource.getRepository(WebhookMessage).countBy({ status: 'PENDING' });
  if (pending) throw new Error(`${pending} messages still pending`);
  console.log(
    `  ${dispatchers} dispatcher(s): ${EVENTS} deliveries in ${seconds.toFixed(2)} s = ${(EVENTS / seconds).toFixed(0)} deliveries/s (split ${running.map((d) => d.delivered).join(' / ')})`,
  );
  return EVENTS / seconds;
}

/**
 * Plain POSTs of a webhook-sized body to the receiver over keep-alive connections, `concurrency` at a time:
 * deliveries/s.
 */
async function baseline(receiver: WebhookReceiver, concurrency: number): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const body = JSON.stringify({
    type: 'order.created',
    timestamp: new Date().toISOString(),
    data: { orderId: 'baseline-0000' },
  });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const req = http.request(
        receiver.url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'webhook-id': 'baseline',
          },
        },
        (res) => {
          res.resume();
          res.on('end', resolve);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  const started = process.hrtime.bigint();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < EVENTS) await post();
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  console.log(
    `  baseline: ${EVENTS} plain keep-alive POSTs, ${concurrency} at a time, in ${seconds.toFixed(2)} s = ${(EVENTS / seconds).toFixed(0)}/s`,
  );
  return EVENTS / seconds;
}

async function latency(server: TestServer, tenantId: string, receiver: WebhookReceiver): Promise<void> {
  const dispatcher = testDispatcher(server.kw, { pollIntervalMs: 250 });
  dispatcher.start();
  const committedAt = new Map<string, number>();
  const principal = Principal.system(tenantId);
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    // measured from the publishEvent call, so it includes the transaction itself (an upper bound)
    const calledAt = Date.now();
    const result = await server.kw.services.webhooks.publishEvent(principal, 'order.updated', { orderId: `lat-${i}` });
    for (const id of result.messageIds) committedAt.set(id, calledAt);
    await new Promise((r) => setTimeout(r, 5));
  }
  await waitFor(
    () => [...committedAt.keys()].every((id) => receiver.requests.some((r) => r.id === id)),
    'latency deliveries',
    120_000,
  );
  await dispatcher.stop();
  const samples = receiver.requests
    .filter((r) => committedAt.has(r.id))
    .map((r) => r.receivedAt - committedAt.get(r.id)!)
    .sort((a, b) => a - b);
  console.log(
    `  publish → commit → delivery (1 dispatcher, woken by the local commit, 250 ms poll): p50 ${percentile(samples, 50).toFixed(1)} ms, p99 ${percentile(samples, 99).toFixed(1)} ms, max ${samples[samples.length - 1]!.toFixed(1)} ms (n=${samples.length})`,
  );
}

export async function main(): Promise<boolean> {
  const dialect = testDialect();
  const db = await createTestDatabase(dialect);
  // announces a 5 s keep-alive, as Node's own servers do (Keyward's agents then reuse connections)
  const receiver = await new WebhookReceiver({ keepAliveMs: 5000 }).start();
  receiver.respond = () => ({ status: 200 });
  const first = await startTestServer({ env: ENV, db, keepDatabase: true });
  // two processes on MariaDB are modelled by two Keyward instances (separate pools); SQLite is single-process
  const second = dialect === 'mariadb' ? await startTestServer({ env: ENV, db, keepDatabase: true }) : first;
  try {
    const owner = await createTenantUser(first, { grants: { WEBHOOK: 'OWNER' } });
    await createWebhook(first, owner.token, { url: receiver.url, events: ['order.created', 'order.updated'] });
    console.log(`webhook delivery benchmark on ${dialect} (${EVENTS} events, local receiver answering 200 at once)`);
    const plain = await baseline(receiver, 20);
    const one = await throughput([first], owner.tenantId, receiver, 1);
    const two = await throughput(dialect === 'mariadb' ? [first, second] : [first], owner.tenantId, receiver, 2);
    console.log(`  2 dispatchers / 1 dispatcher = ${(two / one).toFixed(2)}x`);
    const ratio = Math.max(one, two) / plain;
    console.log(
      `  deliveries from a filled outbox ÷ plain keep-alive POSTs = ${ratio.toFixed(2)} (goal ≥ 0.5) ${ratio >= 0.5 ? 'OK' : 'BELOW GOAL'}`,
    );
    await latency(first, owner.tenantId, receiver);
    return ratio >= 0.5;
  } finally {
    if (second !== first) await second.close();
    await first.close();
    await receiver.close();
    await db.drop();
  }
}

runAsScript(module, main);
