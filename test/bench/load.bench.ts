/**
 * Load: one real Keyward process (`src/main.ts`) on a fresh MariaDB database, 200
 * concurrent clients for KEYWARD_BENCH_SECONDS (default 60) mixing
 *   - key verification: POST /v1/keys/verify, GET /v1/auth, key-authenticated GraphQL `{ me }`;
 *   - key management through GraphQL: create → update → revoke → delete, over and over;
 *   - webhook publishing: publishEvent to a local receiver (the dispatcher delivers for real);
 *   - intended 429s: one stream uses a key limited to 60 requests/minute.
 * Goals (false when one fails): no error other than the intended 429s (HTTP status, transport
 * errors and GraphQL `errors`), no leaked database connection (connections of this database stay
 * within the pool while running and drop to 0 when the server stops), peak RSS < 300 MB.
 * Loopback only. Run: `npx tsx test/bench/load.bench.ts` (or `npm run bench`);
 * KEYWARD_BENCH_SECONDS=10 for a short local run, KEYWARD_BENCH_CONNECTIONS (default 200).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { createTestDatabase, MARIADB_URL, type TestDatabase } from '../helpers/test-database';
import { runAsScript, gqlData, signIn, startQuietServer, type RunningServer } from './shared';

const SECONDS = Number(process.env.KEYWARD_BENCH_SECONDS ?? 60);
const CONNECTIONS = Number(process.env.KEYWARD_BENCH_CONNECTIONS ?? 200);
const RSS_LIMIT_MB = 300;
const POOL_SIZE = 10; // src/db/database.ts default
const EMAIL = 'load@example.test';
const PASSWORD = `load-${randomBytes(8).toString('hex')}`;

interface Stream {
  name: string;
  share: number;
  /** HTTP statuses that are intended for this stream (besides 2xx). */
  intended: number[];
  requests: autocannon.Request[];
}

interface Tally {
  requests: number;
  statuses: Map<number, number>;
  graphqlErrors: number;
  firstProblems: string[];
  transportErrors: number;
  timeouts: number;
  rps: number;
  p99: number;
}

/** Connections MariaDB holds for this database (the server's pool and anything else it opened). */
async function connectionsTo(database: string): Promise<{ ours: number; global: number }> {
  const conn = await mysql.createConnection(MARIADB_URL);
  try {
    const [rows] = await conn.query('SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = ?', [
      database,
    ]);
    const [status] = await conn.query("SHOW STATUS LIKE 'Threads_connected'");
    return {
      ours: Number((rows as Array<{ n: number }>)[0]!.n),
      global: Number((status as Array<{ Value: string }>)[0]!.Value),
    };
  } finally {
    await conn.end();
  }
}

function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/** A webhook endpoint on loopback that answers 200 and counts deliveries. */
async function startReceiver(): Promise<{ url: string; count: () => number; close: () => Promise<void> }> {
  let received = 0;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received++;
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () => received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function runStream(url: string, stream: Stream, connections: number, tally: Tally): Promise<void> {
  const note = (problem: string) => {
    if (tally.firstProblems.length < 5) tally.firstProblems.push(`${stream.name}: ${problem.slice(0, 300)}`);
  };
  // Every request checks its own answer (GraphQL reports errors with status 200).
  const requests = stream.requests.map((request) => ({
    ...request,
    onResponse: (status: number, body: string, context: object, headers: http.IncomingHttpHeaders | undefined) => {
      if (status >= 200 && status < 300 && body.startsWith('{"errors"')) {
        tally.graphqlErrors++;
        note(body);
      } else if (status >= 200 && status < 300 && body.includes('"errors":[')) {
        tally.graphqlErrors++;
        note(body);
      } else if (!(status >= 200 && status < 300) && !stream.intended.includes(status)) {
        note(`HTTP ${status} ${body}`);
      }
      if (typeof request.onResponse === 'function') request.onResponse(status, body, context, headers);
    },
  }));
  return new Promise((resolve, reject) => {
    const instance = autocannon({ url, connections, duration: SECONDS, requests, timeout: 20 }, (error, result) => {
      if (error) return reject(error);
      tally.requests += result.requests.total;
      tally.transportErrors += result.errors - result.timeouts;
      tally.timeouts += result.timeouts;
      tally.rps += result.requests.average;
      tally.p99 = Math.max(tally.p99, result.latency.p99);
      resolve();
    });
    instance.on('response', (_client: unknown, statusCode: number) => {
      tally.statuses.set(statusCode, (tally.statuses.get(statusCode) ?? 0) + 1);
    });
  });
}

export async function main(): Promise<boolean> {
  let db: TestDatabase | undefined;
  let server: RunningServer | undefined;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-load-'));
  const receiver = await startReceiver();
  let ok = true;
  try {
    db = await createTestDatabase('mariadb');
    const database = (db.config as { database: string }).database;
    const before = await connectionsTo(database);
    server = await startQuietServer({
      DATABASE_URL: db.url,
      KEYWARD_MASTER_KEY: randomBytes(32).toString('base64'),
      KEYWARD_BOOTSTRAP_EMAIL: EMAIL,
      KEYWARD_BOOTSTRAP_PASSWORD: PASSWORD,
      KEYWARD_DATA_DIR: dataDir,
      KEYWARD_WEBHOOK_ALLOW_PRIVATE: 'true',
    });
    const url = server.url;
    const pid = server.child.pid!;

    // --- setup through the public API -------------------------------------------------------
    const admin = await signIn(url, EMAIL, PASSWORD);
    const tenantId = (await gqlData(url, '{ tenant { id } }', {}, admin)).tenant.id as string;
    await gqlData(
      url,
      'mutation($id: ID!) { updateTenant(id: $id, input: { apiKeyLimit: 100000 }) { id } }',
      { id: tenantId },
      admin,
    );
    const createKey = async (
      name: string,
      rateLimitPerMinute: number,
      grants: Array<{ roleKey: string; level: string }>,
    ) =>
      (
        await gqlData(
          url,
          'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret } }',
          { input: { name, active: true, rateLimitPerMinute, grants } },
          admin,
        )
      ).createGraphQLApiKey.secret as string;
    // One key per stream at the highest per-key limit (1,000,000/min): only the limited key may see 429s.
    const MAX = 1_000_000;
    const verifier = await createKey('load verifier', MAX, [{ roleKey: 'API_KEY', level: 'VIEWER' }]);
    const gateway = await createKey('load gateway', MAX, [{ roleKey: 'ORDER_DATA', level: 'EDITOR' }]);
    const graphqlKey = await createKey('load graphql', MAX, [{ roleKey: 'API_KEY', level: 'VIEWER' }]);
    const subjects = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => createKey(`load subject ${i}`, MAX, [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }])),
    );
    const limited = await createKey('load limited key', 60, [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }]);
    const publisher = await createKey('load publisher', MAX, [{ roleKey: 'WEBHOOK', level: 'EDITOR' }]);
    await gqlData(
      url,
      'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }',
      { input: { url: receiver.url, events: ['order.created', 'api_key.created', 'api_key.revoked'] } },
      admin,
    );

    const json = { 'content-type': 'application/json' };
    const graphqlBody = (query: string, variables: Record<string, unknown> = {}) =>
      JSON.stringify({ query, variables });
    const streams: Stream[] = [
      {
        name: 'POST /v1/keys/verify',
        share: 0.25,
        intended: [],
        requests: subjects.map((key) => ({
          method: 'POST',
          path: '/v1/keys/verify',
          headers: { ...json, 'x-api-key': verifier },
          body: JSON.stringify({ key }),
        })),
      },
      {
        name: 'GET /v1/auth',
        share: 0.25,
        intended: [],
        requests: [{ method: 'GET', path: '/v1/auth', headers: { 'x-api-key': gateway } }],
      },
      {
        name: 'GraphQL with a key',
        share: 0.2,
        intended: [],
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { ...json, 'x-api-key': graphqlKey },
            body: graphqlBody('{ me { __typename } tenant { id } }'),
          },
        ],
      },
      {
        name: 'key management (create/update/revoke/delete)',
        share: 0.15,
        intended: [],
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { ...json, authorization: `Bearer ${admin}` },
            setupRequest: (req) => ({
              ...req,
              body: graphqlBody(
                'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { apiKey { id } } }',
                {
                  input: {
                    name: `load ${randomBytes(4).toString('hex')}`,
                    grants: [{ roleKey: 'ORDER_DATA', level: 'VIEWER' }],
                  },
                },
              ),
            }),
            onResponse: (_status, body, context) => {
              (context as { id?: string }).id = (JSON.parse(body) as any).data?.createGraphQLApiKey?.apiKey?.id;
            },
          },
          {
            method: 'POST',
            path: '/graphql',
            headers: { ...json, authorization: `Bearer ${admin}` },
            setupRequest: (req, context: { id?: string }) => ({
              ...req,
              body: graphqlBody(
                'mutation($id: ID!) { updateApiKey(id: $id, input: { active: true, description: "under load" }) { id } }',
                { id: context.id },
              ),
            }),
          },
          {
            method: 'POST',
            path: '/graphql',
            headers: { ...json, authorization: `Bearer ${admin}` },
            setupRequest: (req, context: { id?: string }) => ({
              ...req,
              body: graphqlBody('mutation($id: ID!) { revokeApiKey(id: $id, reason: "load") { id } }', {
                id: context.id,
              }),
            }),
          },
          {
            method: 'POST',
            path: '/graphql',
            headers: { ...json, authorization: `Bearer ${admin}` },
            setupRequest: (req, context: { id?: string }) => ({
              ...req,
              body: graphqlBody('mutation($ids: [ID!]!) { deleteApiKeys(ids: $ids) { deletedIds } }', {
                ids: [context.id],
              }),
            }),
          },
        ],
      },
      {
        name: 'publishEvent (webhooks)',
        share: 0.1,
        intended: [],
        requests: [
          {
            method: 'POST',
            path: '/graphql',
            headers: { ...json, 'x-api-key': publisher },
            body: graphqlBody(
              'mutation($payload: JSON!) { publishEvent(type: "order.created", payload: $payload) { messageIds } }',
              { payload: { orderId: 'o-1', total: 42.5, lines: [{ sku: 'A', qty: 1 }] } },
            ),
          },
        ],
      },
      {
        name: 'rate-limited key (intended 429)',
        share: 0.05,
        intended: [429],
        requests: [{ method: 'GET', path: '/v1/auth', headers: { 'x-api-key': limited } }],
      },
    ];

    // KEYWARD_BENCH_STREAMS=verify,management: only the streams whose name contains one of these (to isolate an
    // interaction)
    const only = process.env.KEYWARD_BENCH_STREAMS?.split(',')
      .map((part) => part.trim().toLowerCase())
      .filter(Boolean);
    if (only?.length)
      streams.splice(
        0,
        streams.length,
        ...streams.filter((stream) => only.some((part) => stream.name.toLowerCase().includes(part))),
      );
    const warm = await connectionsTo(database);
    // --- load -------------------------------------------------------------------------------
    let peakRss = rssMb(pid);
    let peakOurs = warm.ours;
    const sampler = setInterval(() => {
      peakRss = Math.max(peakRss, rssMb(pid));
    }, 250);
    const connSampler = setInterval(() => {
      connectionsTo(database).then(
        (c) => (peakOurs = Math.max(peakOurs, c.ours)),
        () => undefined,
      );
    }, 2000);
    const tallies = new Map<string, Tally>();
    let remaining = CONNECTIONS;
    const started = Date.now();
    await Promise.all(
      streams.map((stream, i) => {
        const connections = i === streams.length - 1 ? remaining : Math.max(1, Math.round(CONNECTIONS * stream.share));
        remaining -= connections;
        const tally: Tally = {
          requests: 0,
          statuses: new Map(),
          graphqlErrors: 0,
          firstProblems: [],
          transportErrors: 0,
          timeouts: 0,
          rps: 0,
          p99: 0,
        };
        tallies.set(`${stream.name} [${connections} conn]`, tally);
        return runStream(url, stream, connections, tally);
      }),
    );
    const elapsed = (Date.now() - started) / 1000;
    clearInterval(sampler);
    clearInterval(connSampler);
    await new Promise((resolve) => setTimeout(resolve, 2000)); // let the dispatcher catch up a little
    const afterLoad = await connectionsTo(database);
    const delivered = receiver.count();
    const rssAfter = rssMb(pid);

    // --- health after load --------------------------------------------------------------------
    const health = await fetch(`${url}/readyz`);
    const serverOutput = server.output;
    const exit = await server.stop('SIGTERM');
    server = undefined;
    await new Promise((resolve) => setTimeout(resolve, 500));
    const afterStop = await connectionsTo(database);

    // --- report -------------------------------------------------------------------------------
    console.log(
      `\nLoad: ${CONNECTIONS} connections for ${SECONDS} s (${elapsed.toFixed(1)} s wall) against one Keyward process on MariaDB`,
    );
    let unintended = 0;
    let total = 0;
    streams.forEach((stream, i) => {
      const [label, tally] = [...tallies.entries()][i]!;
      total += tally.requests;
      const statuses = [...tally.statuses.entries()]
        .sort(([a], [b]) => a - b)
        .map(([s, n]) => `${s}×${n}`)
        .join(' ');
      const bad = [...tally.statuses.entries()]
        .filter(([s]) => !(s >= 200 && s < 300) && !stream.intended.includes(s))
        .reduce((n, [, c]) => n + c, 0);
      const problems = bad + tally.graphqlErrors + tally.transportErrors + tally.timeouts;
      unintended += problems;
      console.log(
        `  ${label.padEnd(58)} ${String(tally.requests).padStart(8)} req  ${Math.round(tally.rps).toString().padStart(6)} req/s  p99 ${tally.p99} ms  [${statuses}]${problems ? `  PROBLEMS ${problems} (gql errors ${tally.graphqlErrors}, transport ${tally.transportErrors}, timeouts ${tally.timeouts})` : ''}`,
      );
      for (const p of tally.firstProblems) console.log(`      ${p}`);
    });
    const intended429 = [...tallies.values()].reduce((n, t) => n + (t.statuses.get(429) ?? 0), 0);
    console.log(
      `  total ${total} requests (${Math.round(total / elapsed)} req/s); intended 429s: ${intended429}; webhook deliveries received: ${delivered}`,
    );
    const goals: Array<[string, boolean, string]> = [
      ['no error other than intended 429s', unintended === 0, `${unintended} unintended`],
      ['intended 429s happened', intended429 > 0, `${intended429}`],
      ['webhooks were delivered under load', delivered > 0, `${delivered}`],
      [
        `peak RSS < ${RSS_LIMIT_MB} MB`,
        peakRss < RSS_LIMIT_MB,
        `peak ${peakRss.toFixed(0)} MB, after load ${rssAfter.toFixed(0)} MB`,
      ],
      [
        'DB connections within the pool while running',
        peakOurs <= POOL_SIZE + 1 && afterLoad.ours <= POOL_SIZE + 1,
        `database connections: before start ${before.ours}, warm ${warm.ours}, peak ${peakOurs}, after load ${afterLoad.ours} (pool ${POOL_SIZE}); Threads_connected ${before.global} → ${afterLoad.global}`,
      ],
      [
        'no DB connection left after shutdown',
        afterStop.ours === 0,
        `${afterStop.ours} open; Threads_connected now ${afterStop.global}; exit ${JSON.stringify(exit)}`,
      ],
      ['ready after load', health.status === 200, `/readyz ${health.status}`],
    ];
    for (const [name, passed, detail] of goals) {
      console.log(`  ${passed ? 'OK  ' : 'FAIL'} ${name}: ${detail}`);
      ok = ok && passed;
    }
    // what the server logged at error level (LOG_LEVEL=warn: there are no per-request lines)
    const errors = serverOutput.filter((line) => /"level":(50|60)/.test(line));
    if (errors.length > 0)
      console.log(
        `\n  server errors (${errors.length} of the last ${serverOutput.length} log lines):\n${errors
          .slice(0, 5)
          .map((l) => `    ${l.slice(0, 1500)}`)
          .join('\n')}`,
      );
    return ok;
  } catch (error) {
    console.error('load bench failed:', error);
    if (server) console.error(server.output.slice(-30).join('\n'));
    return false;
  } finally {
    if (server) await server.stop('SIGKILL');
    await receiver.close();
    await db?.drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

runAsScript(module, main);
