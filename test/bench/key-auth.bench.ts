/**
 * Benchmarks of the key-authentication hot paths (docs/design.md §6), printed as ratios against baselines
 * measured in the same run on the same machine, with p50/p99 latencies:
 *   (a) GraphQL `{ me { __typename } }` with a cached GRAPHQL key  vs  unauthenticated `{ __typename }`   goal ≥ 0.9
 *   (b) GET /v1/auth with a valid key                              vs  a plain node:http server (200)      goal ≥ 0.6
 *   (c) verify() with 1,000,000 keys in the table                  vs  1,000 keys, cache off               goal ≥ 0.8
 * Run: `npx tsx test/bench/key-auth.bench.ts` (or `npm run bench`). SQLite; wrk if installed (else
 * autocannon; BENCH_LOAD=autocannon forces it), servers pinned to their own CPU (BENCH_PIN=0: not);
 * BENCH_SECONDS (default 3) per measurement, BENCH_ROUNDS (default 7) paired rounds, median ratio.
 * Each side's server CPU time per request (/proc) is printed too, with the ratio it gives: equal to
 * the req/s ratio while the server, not the load generator, is the limit. Two references follow (b):
 * the app's /healthz, and node:http sending /v1/auth's response headers and nothing else; and for the
 * refusal of a malformed key (which should cost no more than a valid key), node:http sending the same
 * problem document against an empty 200. GET /v1/auth is answered by the fast path
 * (src/http/fast-forward-auth.ts) in front of Fastify.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import os from 'node:os';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import autocannon from 'autocannon';
import Database from 'better-sqlite3';
import { generateSecret, hashSecret, secretDisplay } from '../../src/credentials/tokens';
import { createTenantUser, insertKey } from '../helpers/fixtures';
import { startTestServer, type TestServer } from '../helpers/harness';
import { NGINX, startNginx } from '../helpers/nginx';
import { runAsScript, CLOCK_TICKS, cpuTicks, gqlData, pairedRound, signIn } from './shared';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const CONNECTIONS = 50;
/**
 * BENCH_WORKERS=0 (default) runs autocannon on the server's own event loop; ≥ 1 runs it in that
 * many worker threads, so the load generator's work (its JavaScript HTTP parser costs more for a
 * response with more headers) is not charged to the server being measured.
 */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 0);

export interface Measured {
  rps: number;
  p50: number;
  p99: number;
  /** The server's CPU time per request in µs (user + system, from /proc), when its pid is known. */
  cpuUs?: number;
}

export interface Load {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Every answer is expected to be a refusal (non-2xx), not a success. */
  refused?: boolean;
}

/**
 * The load generator: wrk where it is installed (C, a fraction of autocannon's CPU per request,
 * so a fast baseline like node:http is not capped by the generator), else autocannon.
 * BENCH_LOAD=autocannon forces autocannon.
 */
const WRK = process.env.BENCH_LOAD !== 'autocannon' && spawnSync('wrk', ['-v']).error === undefined;

/**
 * One measurement of `url`. With the server's `pid` (Linux), also its CPU time per request: the
 * server's cost independent of the load generator, which on a small machine can be the limit of a
 * fast baseline (wrk on one CPU tops out near node:http's rate), so req/s alone would understate
 * the baseline and flatter the ratio.
 */
export async function cannon(url: string, options: Load, pid?: number): Promise<Measured & { requests: number }> {
  const before = pid === undefined ? undefined : cpuTicks(pid);
  const measured = await (WRK ? wrk(url, options) : autocannonLoad(url, options));
  const after = pid === undefined ? undefined : cpuTicks(pid);
  if (before === undefined || after === undefined || measured.requests === 0) return measured;
  return { ...measured, cpuUs: ((after - before) * 1e6) / CLOCK_TICKS / measured.requests };
}

/** Linux reports process CPU time in clock ticks of 1/100 s (USER_HZ, fixed at 100 for user space). */
async function autocannonLoad(url: string, options: Load): Promise<Measured & { requests: number }> {
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    ...(WORKERS > 0 ? { workers: WORKERS } : {}),
  });
  const unexpected = options.refused
    ? result.requests.total - result.non2xx + result.errors
    : result.non2xx + result.errors;
  if (unexpected > 0)
    throw new Error(`${url}: ${unexpected} ${options.refused ? '2xx' : 'non-2xx'}/errors of ${result.requests.total}`);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
  };
}

/** One wrk run (one thread per CPU of the load generator); method, headers and body through a Lua script. */
async function wrk(url: string, options: Load): Promise<Measured & { requests: number }> {
  const script = path.join(os.tmpdir(), `keyward-bench-${process.pid}.lua`);
  const lines = [`wrk.method = "${options.method ?? 'GET'}"`];
  if (options.body !== undefined) lines.push(`wrk.body = [==[${options.body}]==]`);
  for (const [name, value] of Object.entries(options.headers ?? {}))
    lines.push(`wrk.headers["${name}"] = [==[${value}]==]`);
  fs.writeFileSync(script, lines.join('\n') + '\n');
  const threads = Math.max(1, PIN_CPU ?? 1);
  const child = spawn('wrk', [`-t${threads}`, `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-s', script, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  fs.rmSync(script, { force: true });
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  if (code !== 0 || !Number.isFinite(rps)) throw new Error(`wrk failed (${code}): ${out}`);
  const failed = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
  const socketErrors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const requests = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
  const errors =
    (options.refused ? requests - failed : failed) +
    (socketErrors ? socketErrors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0);
  if (errors > 0) throw new Error(`${url}: ${errors} ${options.refused ? '2xx' : 'non-2xx'}/socket errors\n${out}`);
  const latency = (pct: string) => {
    const match = new RegExp(`\\s${pct}%\\s+([\\d.]+)(us|ms|s)`).exec(out);
    if (!match) return NaN;
    return Number(match[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[match[2] as 'us' | 'ms' | 's'];
  };
  return { rps, p50: latency('50'), p99: latency('99'), requests };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** At most this many warm-up runs of each side (BENCH_WARMUP); 1 = a single run, as before. */
const WARMUP_MAX = Number(process.env.BENCH_WARMUP ?? 5);

/**
 * Runs the loads in turn until each one's server CPU per request is within 15% of its previous run
 * (the JIT has settled; a cold run here costs 2-4x a warm one) or WARMUP_MAX runs, and prints the
 * per-request CPU of each run, so the paired rounds start from code as warm as it will get.
 */
async function warmUp(label: string, loads: Array<() => Promise<Measured>>): Promise<void> {
  const runs: number[][] = loads.map(() => []);
  const settled = (cpu: number[]) => cpu.length >= 2 && Math.abs(cpu.at(-1)! - cpu.at(-2)!) <= 0.15 * cpu.at(-2)!;
  for (let run = 0; run < WARMUP_MAX && !(run > 0 && runs.every(settled)); run++) {
    for (const [i, load] of loads.entries()) {
      const measured = await load();
      runs[i]!.push(measured.cpuUs ?? 1e6 / measured.rps);
    }
  }
  console.log(
    `  warm-up (${label}; server CPU µs/request of each run, or µs per request at the load's rate): ${runs.map((cpu) => cpu.map((c) => c.toFixed(0)).join(' → ')).join('; ')}`,
  );
}

/**
 * With two or more CPUs and `taskset` (util-linux), the servers measured run on the last CPU and
 * this process (the load generator) on the others, so neither takes the other's CPU and both
 * sides of a ratio are measured alike. BENCH_PIN=0 leaves placement to the OS.
 */
const PIN_CPU = (() => {
  const cpus = os.cpus().length;
  if (process.env.BENCH_PIN === '0' || cpus < 2 || spawnSync('taskset', ['-V']).status !== 0) return undefined;
  spawnSync('taskset', ['-a', '-cp', `0-${cpus - 2}`, String(process.pid)]);
  return cpus - 1;
})();

/** `node …args`, on the servers' CPU when pinning. */
export function spawnNode(args: string[], options: SpawnOptions): ChildProcess {
  return PIN_CPU === undefined
    ? spawn(process.execPath, args, options)
    : spawn('taskset', ['-c', String(PIN_CPU), process.execPath, ...args], options);
}

const loadavg = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

/** The middle item by `value` (the upper one of an even count). */
const medianBy = <T>(items: T[], value: (item: T) => number): T =>
  [...items].sort((x, y) => value(x) - value(y))[Math.floor(items.length / 2)]!;

/**
 * Measures baseline and subject back to back ROUNDS times (alternating which goes first) and
 * reports the median of the per-round ratios, with the median round of each side. The host's speed
 * drifts (it is shared): a ratio of two adjacent measurements cancels the drift, and the median
 * drops rounds disturbed by other work, where a best-of could pair a lucky round of one side
 * with an unlucky one of the other. Every round and the load average are printed.
 */
export async function compare(
  baseline: () => Promise<Measured>,
  subject: () => Promise<Measured>,
): Promise<Comparison> {
  const pairs: Array<[Measured, Measured]> = [];
  for (let round = 0; round < ROUNDS; round++) pairs.push(await pairedRound(round, baseline, subject));
  const ratios = pairs.map(([b, s]) => s.rps / b.rps);
  console.log(
    `  rounds (baseline/subject req/s): ${pairs.map(([b, s]) => `${Math.round(b.rps)}/${Math.round(s.rps)}=${(s.rps / b.rps).toFixed(2)}`).join('  ')}; load average ${loadavg()}`,
  );
  const byRps = (m: Measured) => m.rps;
  const cpuRatios = pairs.every(([b, s]) => b.cpuUs && s.cpuUs)
    ? pairs.map(([b, s]) => b.cpuUs! / s.cpuUs!)
    : undefined;
  return {
    baseline: medianBy(
      pairs.map(([b]) => b),
      byRps,
    ),
    subject: medianBy(
      pairs.map(([, s]) => s),
      byRps,
    ),
    ratio: medianBy(ratios, (r) => r),
    cpuRatio: cpuRatios && medianBy(cpuRatios, (r) => r),
  };
}

interface Comparison {
  baseline: Measured;
  subject: Measured;
  /** subject req/s ÷ baseline req/s: the ratio the goals are stated in. */
  ratio: number;
  /** baseline CPU per request ÷ subject CPU per request (the servers' own cost), when measured. */
  cpuRatio?: number;
}

const cpuNote = (c: Comparison) => (c.cpuRatio === undefined ? '' : `, CPU-time ratio ${c.cpuRatio.toFixed(2)}`);

const fmt = (m: Measured) =>
  `${Math.round(m.rps).toString().padStart(6)} req/s  p50 ${m.p50.toFixed(1)} ms  p99 ${m.p99.toFixed(1)} ms${m.cpuUs === undefined ? '' : `  server CPU ${m.cpuUs.toFixed(1)} µs/request`}`;

export function report(
  name: string,
  { subject, baseline, ratio, cpuRatio }: Comparison,
  goal: number,
  labels: [string, string],
  method = `median of ${ROUNDS} paired rounds`,
): boolean {
  console.log(`\n${name}`);
  console.log(`  ${labels[1].padEnd(34)} ${fmt(baseline)}`);
  console.log(`  ${labels[0].padEnd(34)} ${fmt(subject)}`);
  // met only when the CPU-time ratio agrees: a load generator that caps the baseline flatters req/s
  const met = ratio >= goal && (cpuRatio === undefined || cpuRatio >= goal);
  console.log(`  ratio ${ratio.toFixed(2)} (${method}; goal ≥ ${goal}) ${met ? 'OK' : 'BELOW GOAL'}`);
  if (cpuRatio !== undefined)
    console.log(
      `  CPU-time ratio ${cpuRatio.toFixed(2)} (server CPU per request, baseline ÷ subject: the ratio if the load generator were never the limit)`,
    );
  return met;
}

/** A server answering on `base` with a valid, cached-on-first-use GRAPHQL key; `close` stops it. */
export interface BenchServer {
  base: string;
  secret: string;
  /** Every key's secret (`keys` of builtServer's options; the first is `secret`). */
  secrets: string[];
  /** A session token of the first administrator (built servers). */
  token?: string;
  /** The built server's SQLite file. */
  file?: string;
  pid?: number;
  close(): Promise<void>;
}

/** The built server's first administrator. */
const ADMIN = { email: 'bench@example.test', password: 'bench-password-1' };

/**
 * The environment of a built server on a fresh SQLite file in `dir`: production mode, quiet logs, a
 * known first administrator, no failed-authentication throttle.
 */
export function builtServerEnv(dir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'production',
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: `sqlite:${path.join(dir, 'keyward.sqlite')}`,
    KEYWARD_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
    KEYWARD_BOOTSTRAP_EMAIL: ADMIN.email,
    KEYWARD_BOOTSTRAP_PASSWORD: ADMIN.password,
    // the refusal reference sends malformed keys by the thousand from one address: measure the 401, not the throttle
    KEYWARD_FAILED_AUTH_LIMIT_PER_MINUTE: '0',
  };
}

/** Signs in as the built server's first administrator and inserts `count` keys of its tenant into `file`. */
export async function seedKeys(
  base: string,
  file: string,
  count: number,
): Promise<{ token: string; secrets: string[] }> {
  const token = await signIn(base, ADMIN.email, ADMIN.password);
  const tenantId = (await gqlData(base, '{ me { tenant { id } } }', {}, token)).me.tenant.id as string;
  return { token, secrets: bulkInsertKeys(file, tenantId, count, count) };
}

/**
 * The server as it runs in production: `node dist/src/main.js` (built by `npm run bench`) with
 * NODE_ENV=production on a fresh SQLite file; the key is inserted straight into that file (its rate
 * limit is beyond what the API accepts, so the benchmark never meets a 429).
 * BENCH_SERVER=inprocess measures an in-process server under tsx instead (slower: module hooks).
 */
export async function builtServer(options: { env?: Record<string, string>; keys?: number } = {}): Promise<BenchServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keyward-bench-'));
  const file = path.join(dir, 'keyward.sqlite');
  const root = path.join(__dirname, '..', '..');
  const main = path.join(root, 'dist', 'src', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` (npm run bench does)`);
  // BENCH_SERVER_ARGS: extra node flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`
  const nodeArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawnNode([...nodeArgs, main], {
    cwd: root,
    env: { ...builtServerEnv(dir), ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // the first administrator's banner (stderr) names the address; both streams show in the error if it exits
  const base = await new Promise<string>((resolve, reject) => {
    let out = '';
    const read = (chunk: Buffer) => {
      out += chunk.toString();
      const match = /http:\/\/localhost:(\d+)\/graphql/.exec(out);
      if (match) resolve(`http://127.0.0.1:${match[1]}`);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  const { token, secrets } = await seedKeys(base, file, options.keys ?? 1);
  return {
    base,
    secret: secrets[0]!,
    secrets,
    token,
    file,
    pid: child.pid,
    close: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The baseline: a plain node:http server answering 200 (with `headers`, when given). It runs where
 * the server under test runs (its own process for the built server), so the load generator's CPU is
 * charged to neither.
 */
async function plainServer(
  ownProcess: boolean,
  headers: Record<string, string> = {},
  answer: { status: number; body?: string } = { status: 200 },
): Promise<{ url: string; pid?: number; close(): Promise<void> }> {
  if (!ownProcess) {
    const plain = http.createServer((_req, res) => res.writeHead(answer.status, headers).end(answer.body));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(plain.address() as AddressInfo).port}/`,
      close: () => new Promise((resolve) => plain.close(() => resolve())),
    };
  }
  const source = `const headers = ${JSON.stringify(headers)}; const answer = ${JSON.stringify(answer)}; require('node:http').createServer((q, s) => s.writeHead(answer.status, headers).end(answer.body)).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const child = spawnNode(['-e', source], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((resolve) =>
    child.stdout!.once('data', (chunk: Buffer) => resolve(chunk.toString().trim())),
  );
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid,
    close: async () => {
      child.kill();
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** The response headers a request gets, less those Node adds to every response (Date, Connection, Keep-Alive). */
async function responseHeaders(url: string, headers: Record<string, string>): Promise<Record<string, string>> {
  const response = await fetch(url, { headers });
  if (response.status !== 200) throw new Error(`${url}: ${response.status}`);
  await response.arrayBuffer();
  const own = new Set(['date', 'connection', 'keep-alive']);
  return Object.fromEntries([...response.headers].filter(([name]) => !own.has(name)));
}

async function inProcessServer(): Promise<BenchServer> {
  const server = await startTestServer({ env: { LOG_LEVEL: 'warn' } });
  await server.kw.app.listen({ port: 0, host: '127.0.0.1' });
  const { tenantId } = await createTenantUser(server);
  const key = await insertKey(server, { tenantId, rateLimitPerMinute: 100_000_000, grants: { ORDER_DATA: 'VIEWER' } });
  return {
    base: `http://127.0.0.1:${(server.kw.app.server.address() as AddressInfo).port}`,
    secret: key.secret,
    secrets: [key.secret],
    close: () => server.close(),
  };
}

async function graphqlAndForwardAuth(): Promise<boolean[]> {
  const server = process.env.BENCH_SERVER === 'inprocess' ? await inProcessServer() : await builtServer();
  console.log(
    `server: ${process.env.BENCH_SERVER === 'inprocess' ? 'in-process under tsx' : 'node dist/src/main.js, NODE_ENV=production'}`,
  );
  try {
    const { base } = server;
    const key = { secret: server.secret };
    const gql = (query: string, headers: Record<string, string> = {}) =>
      cannon(
        `${base}/graphql`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ query }),
        },
        server.pid,
      );
    const forwardAuth = () => cannon(`${base}/v1/auth`, { headers: { 'x-api-key': key.secret } }, server.pid);
    await warmUp('anonymous; keyed', [
      () => gql('{ __typename }'),
      () => gql('{ me { __typename } }', { 'x-api-key': key.secret }),
    ]);
    const graphql = await compare(
      () => gql('{ __typename }'),
      () => gql('{ me { __typename } }', { 'x-api-key': key.secret }),
    );
    const a = report('(a) GraphQL with a cached GRAPHQL key vs unauthenticated', graphql, 0.9, [
      '{ me { __typename } } + X-API-Key',
      '{ __typename }, no credential',
    ]);

    const plain = await plainServer(process.env.BENCH_SERVER !== 'inprocess');
    try {
      const nodeHttp = () => cannon(plain.url, {}, plain.pid);
      await warmUp('node:http; /v1/auth', [nodeHttp, forwardAuth]);
      const forward = await compare(nodeHttp, forwardAuth);
      const b = report('(b) GET /v1/auth with a valid key vs plain node:http', forward, 0.6, [
        'GET /v1/auth + X-API-Key',
        'node:http answering 200',
      ]);
      // reference, not a goal: the same app's most trivial route, to show what the app's own hooks cost
      const healthz = await compare(nodeHttp, () => cannon(`${base}/healthz`, {}, server.pid));
      console.log(
        `  reference: GET /healthz of the same app ${fmt(healthz.subject)} → ratio ${healthz.ratio.toFixed(2)}${cpuNote(healthz)} vs node:http; /v1/auth vs /healthz ${(forward.subject.rps / healthz.subject.rps).toFixed(2)}`,
      );
      // reference, not a goal: refusing a bad key should cost about what accepting a good one does
      // (a flood of made-up keys is the cheapest attack on a key server)
      const malformed = `${key.secret.slice(0, -1)}${key.secret.endsWith('A') ? 'B' : 'A'}`; // checksum no longer matches
      const refused = await compare(forwardAuth, () =>
        cannon(`${base}/v1/auth`, { headers: { 'x-api-key': malformed }, refused: true }, server.pid),
      );
      console.log(
        `  reference: GET /v1/auth refusing a malformed key (401) ${fmt(refused.subject)} → ratio ${refused.ratio.toFixed(2)}${cpuNote(refused)} vs a valid key`,
      );
      // reference, not a goal: what Node itself spends sending a refusal's problem document (RFC 9457)
      // rather than an empty 200, the part of a refusal's cost no key check can save
      const problem = await fetch(`${base}/v1/auth`, { headers: { 'x-api-key': malformed } });
      const problemHeaders = { 'content-type': problem.headers.get('content-type')! };
      const bodies = await Promise.all([
        plainServer(process.env.BENCH_SERVER !== 'inprocess', problemHeaders, {
          status: 401,
          body: await problem.text(),
        }),
        plainServer(process.env.BENCH_SERVER !== 'inprocess', { 'content-length': '0' }),
      ]);
      try {
        const [withBody, empty] = bodies;
        const bodyCost = await compare(
          () => cannon(empty.url, {}, empty.pid),
          () => cannon(withBody.url, { refused: true }, withBody.pid),
        );
        console.log(
          `  reference: node:http answering that 401 problem document ${fmt(bodyCost.subject)} → ratio ${bodyCost.ratio.toFixed(2)}${cpuNote(bodyCost)} vs an empty 200 (the body's own cost)`,
        );
      } finally {
        await Promise.all(bodies.map((server) => server.close()));
      }
      // reference, not a goal: what Node itself spends writing /v1/auth's response headers (docs/design.md §6
      // requires most of them): the ceiling of (b) for any server that sends them
      const headers = await responseHeaders(`${base}/v1/auth`, { 'x-api-key': key.secret });
      const same = await plainServer(process.env.BENCH_SERVER !== 'inprocess', headers);
      try {
        await cannon(same.url, {});
        const ceiling = await compare(nodeHttp, () => cannon(same.url, {}, same.pid));
        console.log(
          `  reference: node:http answering 200 with /v1/auth's ${Object.keys(headers).length} response headers (${Object.keys(headers).join(', ')}), no other work ${fmt(ceiling.subject)} → ratio ${ceiling.ratio.toFixed(2)}${cpuNote(ceiling)} vs node:http`,
        );
      } finally {
        await same.close();
      }
      await gatewayFigure(server, plain.url);
      return [a, b];
    } finally {
      await plain.close();
    }
  } finally {
    await server.close();
  }
}

/**
 * Reference, not a goal: what a gateway user feels. nginx with `auth_request` to this server's
 * /v1/auth in front of a node:http upstream, against the same nginx proxying to the upstream with
 * no check (both with keep-alive connections to what they proxy to, as a production gateway runs).
 * nginx is one worker process, placed by the OS.
 */
async function gatewayFigure(server: BenchServer, upstreamUrl: string): Promise<void> {
  if (!fs.existsSync(NGINX)) return void console.log(`\n(d) nginx auth_request: skipped (${NGINX} is not installed)`);
  const upstream = new URL(upstreamUrl).host;
  const direct = await startNginx({ upstream, keepalive: 32, workerConnections: 1024 });
  const guarded = await startNginx({
    upstream,
    keyward: new URL(server.base).host,
    keepalive: 32,
    workerConnections: 1024,
  });
  try {
    const load = (base: string) => () => cannon(`${base}/orders/1`, { headers: { 'x-api-key': server.secret } });
    await load(direct.base)();
    await load(guarded.base)();
    const gateway = await compare(load(direct.base), load(guarded.base));
    console.log(
      '\n(d) a gateway end to end: nginx auth_request → Keyward /v1/auth → upstream vs nginx → upstream (reference)',
    );
    console.log(`  ${'nginx → upstream'.padEnd(34)} ${fmt(gateway.baseline)}`);
    console.log(`  ${'nginx + Keyward → upstream'.padEnd(34)} ${fmt(gateway.subject)}`);
    console.log(
      `  ratio ${gateway.ratio.toFixed(2)}; latency added at p50 ${(gateway.subject.p50 - gateway.baseline.p50).toFixed(2)} ms, at p99 ${(gateway.subject.p99 - gateway.baseline.p99).toFixed(2)} ms`,
    );
  } finally {
    await guarded.stop();
    await direct.stop();
  }
}

/** verify() calls for SECONDS with CONNECTIONS in flight, over a set of secrets. */
async function verifyLoad(server: TestServer, secrets: string[]): Promise<Measured> {
  const verifier = server.kw.services.keyVerifier;
  const latencies: number[] = [];
  const meta = { ip: '127.0.0.1', userAgent: 'bench', requestId: 'bench' };
  const end = Date.now() + SECONDS * 1000;
  let i = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < end) {
        const secret = secrets[i++ % secrets.length]!;
        const started = performance.now();
        const result = await verifier.verify(secret, meta);
        latencies.push(performance.now() - started);
        if (!result.valid) failures++;
      }
    }),
  );
  if (failures > 0) throw new Error(`${failures} verifications failed`);
  latencies.sort((x, y) => x - y);
  return {
    rps: latencies.length / SECONDS,
    p50: latencies[Math.floor(latencies.length * 0.5)]!,
    p99: latencies[Math.floor(latencies.length * 0.99)]!,
  };
}

async function bestOf(measure: () => Promise<Measured>): Promise<Measured> {
  let best: Measured | undefined;
  for (let round = 0; round < 3; round++) {
    const m = await measure();
    if (!best || m.rps > best.rps) best = m;
  }
  return best!;
}

function sqliteStamp(date: Date): string {
  return date.toISOString().replace('T', ' ').replace('Z', '');
}

/** Inserts `count` GRAPHQL keys straight into the SQLite file; returns `keep` of their secrets. */
function bulkInsertKeys(file: string, tenantId: string, count: number, keep: number): string[] {
  const db = new Database(file);
  db.pragma('busy_timeout = 5000');
  const now = sqliteStamp(new Date());
  const insert = db.prepare(
    `INSERT INTO api_key (id, createdAt, updatedAt, tenantId, kind, name, active, secretHash, prefix, last4, ipAllowlist, rateLimitPerMinute, previousSecretUseCount)
     VALUES (?, ?, ?, ?, 'GRAPHQL', ?, 1, ?, ?, ?, '[]', 100000000, 0)`,
  );
  const kept: string[] = [];
  const chunk = 50_000;
  for (let done = 0; done < count; done += chunk) {
    db.transaction(() => {
      for (let j = done; j < Math.min(count, done + chunk); j++) {
        const secret = generateSecret('GRAPHQL');
        const { prefix, last4 } = secretDisplay(secret);
        insert.run(randomUUID(), now, now, tenantId, `bench key ${j}`, hashSecret(secret), prefix, last4);
        if (kept.length < keep && j % Math.max(1, Math.floor(count / keep)) === 0) kept.push(secret);
      }
    })();
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return kept;
}

async function verifyAtScale(): Promise<boolean> {
  const server = await startTestServer({ env: { LOG_LEVEL: 'warn', KEYWARD_KEY_CACHE_TTL_MS: '0' } });
  try {
    if (server.db.config.type !== 'sqlite') throw new Error('the scale benchmark fills the table through SQLite');
    const file = server.db.config.path;
    const { tenantId } = await createTenantUser(server);
    const small = bulkInsertKeys(file, tenantId, 1000, 200);
    await verifyLoad(server, small); // warm-up
    const thousand = await bestOf(() => verifyLoad(server, small));
    const started = Date.now();
    const large = bulkInsertKeys(file, tenantId, 999_000, 200);
    console.log(`\n(inserted 999,000 more keys in ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    await server.kw.dataSource.query('ANALYZE');
    const million = await bestOf(() => verifyLoad(server, [...small, ...large]));
    return report(
      '(c) verify(), cache off: 1,000,000 keys vs 1,000 keys',
      { subject: million, baseline: thousand, ratio: million.rps / thousand.rps },
      0.8,
      ['1,000,000 keys', '1,000 keys'],
      'best of 3 runs of each',
    );
  } finally {
    await server.close();
  }
}

export async function main(): Promise<boolean> {
  console.log(
    `key-auth benchmarks: ${WRK ? 'wrk' : 'autocannon'}, ${CONNECTIONS} connections, ${SECONDS} s per measurement, ${ROUNDS} paired rounds; ${os.cpus().length} CPUs, ${PIN_CPU === undefined ? 'not pinned' : `servers on CPU ${PIN_CPU}, load generator on the others`}; load average ${loadavg()}`,
  );
  const [a, b] = await graphqlAndForwardAuth();
  // BENCH_SKIP_SCALE=1 skips (c) (it inserts 1,000,000 keys) while iterating on (a)/(b)
  const c =
    process.env.BENCH_SKIP_SCALE === '1'
      ? (console.log('\n(c) skipped (BENCH_SKIP_SCALE=1)'), true)
      : await verifyAtScale();
  return Boolean(a && b && c);
}

runAsScript(module, main);
