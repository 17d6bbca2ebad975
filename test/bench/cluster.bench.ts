/**
 * Scale-out: Keyward processes on a three-node Galera cluster and a Redis Cluster,
 * compared in the same run with
 *   (a) `/v1/auth` throughput: three instances (one per Galera node) vs one instance, same total
 *       connections; reported with the CPU seconds the Keyward processes used (one machine: three
 *       instances share its cores, so the ratio shows overhead and headroom, not a cluster's scaling);
 *   (b) key creation (GraphQL createGraphQLApiKey, one tenant, KEYWARD_BENCH_WRITERS concurrent
 *       writers): three instances on the Galera cluster vs one instance on a single MariaDB node
 *       (same settings, no wsrep). One tenant's writes all advance its audit chain head, so on Galera
 *       they conflict at certification and are retried: the worst case for a multi-primary cluster.
 * Goals (false when one fails): no request errors (besides none intended) in either measurement.
 * Loopback only, ports 5700–5703 (Keyward), 13306–13312, 14567–14575, 17000–17005.
 * Run: `npx tsx test/bench/cluster.bench.ts` (or `npm run bench`); KEYWARD_BENCH_SECONDS (default 20).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import mysql from 'mysql2/promise';
import { galeraMissing, startGaleraCluster, type GaleraCluster } from '../helpers/galera-cluster';
import { KeywardProcess, postGraphQL } from '../helpers/keyward-process';
import { MariadbNode } from '../helpers/mariadb-node';
import { redisClusterMissing, startRedisCluster, type RedisCluster } from '../helpers/redis-cluster';
import { runAsScript, CLOCK_TICKS, cpuTicks, signIn } from './shared';

const SECONDS = Number(process.env.KEYWARD_BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.KEYWARD_BENCH_CONNECTIONS ?? 60);
const WRITERS = Number(process.env.KEYWARD_BENCH_WRITERS ?? 6);
const EMAIL = 'bench@example.test';
const PASSWORD = `bench-${randomBytes(8).toString('hex')}`;
const MASTER_KEY = randomBytes(32).toString('base64');

interface Instance {
  proc: KeywardProcess;
  url: string;
}

async function startInstance(
  port: number,
  databaseUrl: string,
  redisNodes: string,
  dataDir: string,
): Promise<Instance> {
  const proc = new KeywardProcess('src/main.ts', [], {
    cwd: dataDir,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: databaseUrl,
      REDIS_CLUSTER_NODES: redisNodes,
      KEYWARD_MASTER_KEY: MASTER_KEY,
      KEYWARD_DATA_DIR: dataDir,
      KEYWARD_BOOTSTRAP_EMAIL: EMAIL,
      KEYWARD_BOOTSTRAP_PASSWORD: PASSWORD,
      KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '0',
      KEYWARD_DEFAULT_RATE_LIMIT_PER_MINUTE: '1000000',
      NODE_ENV: 'production',
    },
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return { proc, url };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`instance on ${port} not ready:\n${proc.output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** User + system CPU seconds of a process so far (/proc). */
const cpuSeconds = (pid: number) => cpuTicks(pid)! / CLOCK_TICKS;

/** A GraphQL operation over HTTP: the answer's body, errors included. */
const gql = async (url: string, query: string, variables: Record<string, unknown>, token?: string) =>
  (await postGraphQL(url, query, variables, token)).body as {
    data?: any;
    errors?: Array<{ extensions?: { code?: string } }>;
  };

const login = (url: string) => signIn(url, EMAIL, PASSWORD);

/** `/v1/auth` with one key for SECONDS, the connections spread over the instances; req/s and CPU. */
async function authThroughput(
  instances: Instance[],
  secret: string,
): Promise<{ rps: number; cpu: number; errors: number }> {
  const cpuBefore = instances.map((i) => cpuSeconds(i.proc.child.pid!));
  const results = await Promise.all(
    instances.map((instance) =>
      autocannon({
        url: `${instance.url}/v1/auth`,
        headers: { 'x-api-key': secret },
        connections: Math.max(1, Math.round(CONNECTIONS / instances.length)),
        duration: SECONDS,
      }),
    ),
  );
  const cpu = instances.reduce((sum, i, n) => sum + cpuSeconds(i.proc.child.pid!) - cpuBefore[n]!, 0);
  const total = results.reduce((sum, r) => sum + r.requests.total, 0);
  return { rps: total / SECONDS, cpu, errors: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0) };
}

const CREATE = 'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { apiKey { id } } }';

/** WRITERS concurrent create loops for SECONDS, spread over the instances; keys/s and failures by code. */
async function createThroughput(
  instances: Instance[],
  token: string,
): Promise<{ perSecond: number; failures: Record<string, number> }> {
  const deadline = Date.now() + SECONDS * 1000;
  let created = 0;
  const failures: Record<string, number> = {};
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const url = instances[w % instances.length]!.url;
      for (let i = 0; Date.now() < deadline; i++) {
        const res = await gql(url, CREATE, { input: { name: `bench ${w}-${i}` } }, token);
        if (res.errors) {
          const code = res.errors[0]?.extensions?.code ?? 'UNKNOWN';
          failures[code] = (failures[code] ?? 0) + 1;
        } else created++;
      }
    }),
  );
  return { perSecond: created / SECONDS, failures };
}

async function setKeyLimit(url: string, database: string): Promise<void> {
  const conn = await mysql.createConnection(`${url}/${database}`);
  await conn.query('UPDATE tenant SET apiKeyLimit = 10000000');
  await conn.end();
}

export async function main(): Promise<boolean> {
  const missing = galeraMissing() ?? redisClusterMissing();
  if (missing) {
    console.log(`cluster benchmark skipped: ${missing}`);
    return process.env.CI !== 'true';
  }
  console.log(
    `cluster benchmark: ${SECONDS} s per measurement, ${CONNECTIONS} connections for /v1/auth, ${WRITERS} writers for key creation; ${os.cpus().length} CPUs, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const dataRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-cluster-bench-'));
  let galera: GaleraCluster | undefined;
  let redis: RedisCluster | undefined;
  let single: MariadbNode | undefined;
  const instances: Instance[] = [];
  try {
    [galera, redis] = await Promise.all([startGaleraCluster(), startRedisCluster()]);
    single = new MariadbNode({
      port: 13312,
      name: 'single',
      dir: path.join(dataRoot, 'single'),
      settings: ['binlog_format=ROW', 'innodb_autoinc_lock_mode=2'],
    });
    single.install();
    single.start();
    await single.waitUntil(async () => true, 'up');
    const { name } = await galera.createDatabase();
    const dir = (n: number) => {
      const instanceDir = path.join(dataRoot, `instance${n}`);
      fs.mkdirSync(instanceDir, { recursive: true });
      return instanceDir;
    };
    // first instance migrates and bootstraps; the two others then join
    instances.push(await startInstance(5700, `${galera.nodes[0]!.url}/${name}`, redis.nodesEnv, dir(0)));
    instances.push(
      ...(await Promise.all(
        [1, 2].map((n) => startInstance(5700 + n, `${galera!.nodes[n]!.url}/${name}`, redis!.nodesEnv, dir(n))),
      )),
    );
    const token = await login(instances[0]!.url);
    await setKeyLimit(galera.nodes[0]!.url, name);
    const key = await gql(
      instances[0]!.url,
      'mutation($input: CreateGraphQLApiKeyInput!) { createGraphQLApiKey(input: $input) { secret } }',
      { input: { name: 'bench auth', active: true } },
      token,
    );
    const secret = key.data.createGraphQLApiKey.secret as string;

    console.log('\n(a) /v1/auth, one cached key (Redis Cluster rate limit per request)');
    const one = await authThroughput(instances.slice(0, 1), secret);
    const three = await authThroughput(instances, secret);
    console.log(
      `  one instance:    ${one.rps.toFixed(0)} req/s, ${one.cpu.toFixed(1)} CPU s in Keyward (${(one.cpu / SECONDS).toFixed(2)} cores), ${one.errors} errors`,
    );
    console.log(
      `  three instances: ${three.rps.toFixed(0)} req/s, ${three.cpu.toFixed(1)} CPU s in Keyward (${(three.cpu / SECONDS).toFixed(2)} cores), ${three.errors} errors`,
    );
    console.log(
      `  ratio three/one: ${(three.rps / one.rps).toFixed(2)}x throughput for ${(three.cpu / one.cpu).toFixed(2)}x CPU (same ${os.cpus().length}-core machine)`,
    );

    console.log(`\n(b) key creation, one tenant, ${WRITERS} writers`);
    const galeraCreate = await createThroughput(instances, token);
    await Promise.all(instances.map((i) => i.proc.stop()));
    instances.length = 0;
    const singleDb = 'kw_bench_single';
    const conn = await mysql.createConnection(single.url);
    await conn.query(`CREATE DATABASE ${singleDb} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    await conn.end();
    instances.push(await startInstance(5703, `${single.url}/${singleDb}`, redis.nodesEnv, dir(3)));
    const singleToken = await login(instances[0]!.url);
    await setKeyLimit(single.url, singleDb);
    const singleCreate = await createThroughput(instances, singleToken);
    console.log(
      `  three instances on the 3-node Galera cluster: ${galeraCreate.perSecond.toFixed(1)} keys/s, failures ${JSON.stringify(galeraCreate.failures)}`,
    );
    console.log(
      `  one instance on a single MariaDB node:        ${singleCreate.perSecond.toFixed(1)} keys/s, failures ${JSON.stringify(singleCreate.failures)}`,
    );
    console.log(`  ratio Galera/single: ${(galeraCreate.perSecond / singleCreate.perSecond).toFixed(2)}x`);
    const ok =
      one.errors === 0 &&
      three.errors === 0 &&
      Object.keys(galeraCreate.failures).length === 0 &&
      Object.keys(singleCreate.failures).length === 0;
    console.log(`\ngoal (no errors): ${ok ? 'met' : 'MISSED'}`);
    return ok;
  } finally {
    await Promise.all(instances.map((i) => i.proc.stop()));
    await Promise.all([galera?.close(), redis?.close(), single?.stop('SIGKILL')]);
    fs.rmSync(dataRoot, { recursive: true, force: true });
  }
}

runAsScript(module, main);
