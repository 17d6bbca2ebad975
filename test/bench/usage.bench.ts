/**
 * Usage analytics on the hot path (docs/design.md §14), as ratios measured in the same run:
 *   GET /v1/auth with usage counting on  vs  the same server with KEYWARD_USAGE_ANALYTICS=false   goal ≥ 0.97
 * and the rows the write-behind upserts per second under that load, against the requests per second:
 * bounded by keys × outcomes per flush (one a second), not by requests.
 * Both servers run in one process (usage-pair-server.cjs: dist/, NODE_ENV=production, each on its own
 * SQLite file with KEYS keys), so that they differ in counting only: two `node dist/src/main.js`
 * processes, both without counting, differed by up to 5% (BENCH_TWO_PROCESSES=1 measures that way).
 * The load (autocannon, CONNECTIONS connections) cycles through the keys. BENCH_SECONDS (default 3) per
 * measurement, BENCH_ROUNDS (default 11) paired rounds alternating which side goes first, median ratio.
 * A reference follows: verify() in process (no HTTP, no load generator), on vs off, as CPU time per
 * call over the same keys (flushes included): the hot path's own cost, steadier on a busy host.
 * Run: `npm run build && npx tsx test/bench/usage.bench.ts` (or `npm run bench`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { builtServer, builtServerEnv, seedKeys, spawnNode, type BenchServer } from './key-auth.bench';
import { runAsScript, median, cpuTicks, pairedRound } from './shared';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 11);
const CONNECTIONS = 50;
const KEYS = 100;

interface Run {
  rps: number;
  requests: number;
  p99: number;
  /** The server's CPU time per request in µs (user + system, /proc; Linux only). */
  cpuUs?: number;
}

async function load(server: BenchServer): Promise<Run> {
  const before = cpuTicks(server.pid);
  const result = await autocannon({
    url: server.base,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: server.secrets.map((secret) => ({
      method: 'GET' as const,
      path: '/v1/auth',
      headers: { 'x-api-key': secret },
    })),
  });
  if (result.non2xx + result.errors > 0)
    throw new Error(`${result.non2xx} non-2xx / ${result.errors} errors of ${result.requests.total}`);
  const after = cpuTicks(server.pid);
  const cpuUs =
    before === undefined || after === undefined ? undefined : ((after - before) * 10_000) / result.requests.total;
  return { rps: result.requests.average, requests: result.requests.total, p99: result.latency.p99, cpuUs };
}

/** keyward_usage_rows_written_total of a server, from /metrics. */
async function rowsWritten(server: BenchServer): Promise<number> {
  const text = await (await fetch(`${server.base}/metrics`)).text();
  return Number(/^keyward_usage_rows_written_total (\d+)/m.exec(text)?.[1] ?? 0);
}

/** CPU µs per verify() of CALLS calls over the server's keys (cached after the first round). */
async function verifyCpu(server: TestServer, secrets: string[]): Promise<number> {
  const calls = 50_000;
  const meta = { ip: '127.0.0.1', userAgent: 'bench', requestId: 'bench' };
  const started = process.cpuUsage();
  for (let i = 0; i < calls; i++) await server.kw.services.keyVerifier.verify(secrets[i % secrets.length]!, meta);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / calls;
}

async function inProcessReference(): Promise<void> {
  const servers = [
    await startTestServer({ env: { LOG_LEVEL: 'warn' } }),
    await startTestServer({ env: { LOG_LEVEL: 'warn', KEYWARD_USAGE_ANALYTICS: 'false' } }),
  ] as const;
  try {
    const secrets: string[][] = [];
    for (const server of servers) {
      const { tenantId } = await createTenantUser(server);
      const keys: string[] = [];
      for (let i = 0; i < KEYS; i++)
        keys.push((await insertKey(server, { tenantId, rateLimitPerMinute: 100_000_000 })).secret);
      secrets.push(keys);
      await verifyCpu(server, keys); // warm-up
    }
    const ratios: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const [withUsage, without] = await pairedRound(
        round,
        () => verifyCpu(servers[0], secrets[0]!),
        () => verifyCpu(servers[1], secrets[1]!),
      );
      ratios.push(without / withUsage);
    }
    console.log(
      `  reference: verify() in process, CPU per call off ÷ on: median ${median(ratios).toFixed(2)} (rounds ${ratios.map((r) => r.toFixed(2)).join(' ')})`,
    );
  } finally {
    for (const server of servers) await server.close();
  }
}

/** Both sides in one process (usage-pair-server.cjs), each with KEYS keys. */
async function pairedServers(): Promise<{ on: BenchServer; off: BenchServer }> {
  const dirs = ['on', 'off'].map((side) => fs.mkdtempSync(path.join(os.tmpdir(), `keyward-bench-usage-${side}-`)));
  const child = spawnNode([path.join(__dirname, 'usage-pair-server.cjs'), ...dirs], {
    env: builtServerEnv(dirs[0]!),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ports = await new Promise<{ on: number; off: number }>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /^ports (.*)$/m.exec(out);
      if (line) resolve(JSON.parse(line[1]!));
    });
    child.once('exit', (code) => reject(new Error(`usage-pair-server exited with ${code}`)));
  });
  let closed: Promise<void> | undefined;
  const close = () =>
    (closed ??= new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }).then(() => dirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }))));
  const side = async (port: number, dir: string): Promise<BenchServer> => {
    const base = `http://127.0.0.1:${port}`;
    const { token, secrets } = await seedKeys(base, path.join(dir, 'keyward.sqlite'), KEYS);
    return { base, secret: secrets[0]!, secrets, token, pid: child.pid, close };
  };
  return { on: await side(ports.on, dirs[0]!), off: await side(ports.off, dirs[1]!) };
}

/** Each side in its own `node dist/src/main.js`. */
async function twoProcesses(): Promise<{ on: BenchServer; off: BenchServer }> {
  const off = await builtServer({ keys: KEYS, env: { KEYWARD_USAGE_ANALYTICS: 'false' } });
  const on = await builtServer({
    keys: KEYS,
    env: process.env.BENCH_AA === '1' ? { KEYWARD_USAGE_ANALYTICS: 'false' } : {},
  });
  return { on, off };
}

export async function main(): Promise<boolean> {
  console.log(
    `usage benchmark: autocannon, ${CONNECTIONS} connections over ${KEYS} keys, ${SECONDS} s per measurement, ${ROUNDS} paired rounds; ${os.cpus().length} CPUs; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  // BENCH_AA=1: both servers without counting (an A/A run: what the two sides differ by alone)
  const { on, off } = process.env.BENCH_TWO_PROCESSES === '1' ? await twoProcesses() : await pairedServers();
  try {
    // warm-up, twice each (every key cached, JIT warm): an A/A run (both off) showed the first
    // paired round off by up to 25% for whichever server was started first
    for (let i = 0; i < 2; i++) for (const server of [on, off]) await load(server);
    const ratios: number[] = [];
    const cpuRatios: number[] = [];
    const rounds: string[] = [];
    const rows: Array<{ rowsPerSecond: number; requestsPerSecond: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // both sides measured alike (an A/A run found 0.95 when only one side waited for its flush)
      const measure = async (server: BenchServer) => {
        const before = await rowsWritten(server);
        const run = await load(server);
        await new Promise((resolve) => setTimeout(resolve, 1500)); // the last flush
        const after = await rowsWritten(server); // read on both sides alike
        if (server === on)
          rows.push({ rowsPerSecond: (after - before) / SECONDS, requestsPerSecond: run.requests / SECONDS });
        return run;
      };
      const [without, withUsage] = await pairedRound(
        round,
        () => measure(off),
        () => measure(on),
      );
      ratios.push(withUsage.rps / without.rps);
      if (withUsage.cpuUs && without.cpuUs) cpuRatios.push(without.cpuUs / withUsage.cpuUs);
      rounds.push(
        `${Math.round(without.rps)}/${Math.round(withUsage.rps)}=${(withUsage.rps / without.rps).toFixed(2)} (CPU ${without.cpuUs?.toFixed(0)}/${withUsage.cpuUs?.toFixed(0)} µs)`,
      );
    }
    const ratio = median(ratios);
    const rowsPerSecond = median(rows.map((r) => r.rowsPerSecond));
    const requestsPerSecond = median(rows.map((r) => r.requestsPerSecond));
    console.log(`  rounds (off/on req/s): ${rounds.join('  ')}`);
    console.log(`\nGET /v1/auth, usage counting on vs KEYWARD_USAGE_ANALYTICS=false`);
    const cpuRatio = cpuRatios.length === ROUNDS ? median(cpuRatios) : undefined;
    // met only when the server's CPU time per request agrees (it is what counting costs; req/s on a busy host drifts)
    const met = ratio >= 0.97 && (cpuRatio === undefined || cpuRatio >= 0.97);
    console.log(
      `  ratio ${ratio.toFixed(2)} (median of ${ROUNDS} paired rounds; goal ≥ 0.97) ${met ? 'OK' : 'BELOW GOAL'}`,
    );
    if (cpuRatio !== undefined)
      console.log(`  CPU-time ratio ${cpuRatio.toFixed(2)} (server CPU per request, off ÷ on)`);
    console.log(
      `  usage rows written: ${rowsPerSecond.toFixed(0)}/s under ${requestsPerSecond.toFixed(0)} requests/s (${KEYS} keys: at most ~${KEYS} rows per flush of one outcome, one flush a second)`,
    );
    return met;
  } finally {
    await on.close();
    await off.close();
    await inProcessReference();
  }
}

runAsScript(module, main);
