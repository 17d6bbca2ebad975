/**
 * Pieces the benchmarks share: the script tail, medians, CPU time of a process, GraphQL over HTTP, a built
 * server process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { postGraphQL, ROOT } from '../helpers/keyward-process';

/**
 * Runs a benchmark's `main` when its file is the script Node started (`npx tsx test/bench/x.bench.ts`), not
 * when run.ts imports it: exit 0 when every goal was met, 1 when one was missed, 2 when it failed.
 */
export function runAsScript(mod: NodeJS.Module, main: () => Promise<boolean>): void {
  if (require.main !== mod) return;
  main().then(
    (ok) => process.exit(ok ? 0 : 1),
    (error: unknown) => {
      console.error(error);
      process.exit(2);
    },
  );
}

export const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/**
 * One paired round: both sides measured back to back, `a` first in even rounds and `b` first in odd
 * ones, so drift (the host's, or a database filling up) favours neither. Returns [a's, b's result].
 */
export async function pairedRound<A, B>(round: number, a: () => Promise<A>, b: () => Promise<B>): Promise<[A, B]> {
  if (round % 2 === 0) {
    const first = await a();
    return [first, await b()];
  }
  const second = await b();
  return [await a(), second];
}

/** Clock ticks per second of /proc/<pid>/stat (USER_HZ, 100 on Linux). */
export const CLOCK_TICKS = 100;

/** utime + stime of a process in clock ticks, or undefined where /proc is not there. */
export function cpuTicks(pid: number | undefined): number | undefined {
  try {
    // fields after the parenthesised command name: state is field 3, utime 14, stime 15
    const fields = fs
      .readFileSync(`/proc/${pid}/stat`, 'utf8')
      .replace(/^.*\) /s, '')
      .split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** A GraphQL operation over real HTTP; its `data`, or an error naming the operation when it has `errors`. */
export async function gqlData(url: string, query: string, variables: Record<string, unknown>, token?: string) {
  const { body } = await postGraphQL(url, query, variables, token);
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** Signs in over HTTP; the session token. */
export async function signIn(url: string, email: string, password: string): Promise<string> {
  const data = await gqlData(
    url,
    'mutation($e: EmailAddress!, $p: String!) { login(email: $e, password: $p) { token } }',
    {
      e: email,
      p: password,
    },
  );
  return data.login.token as string;
}

async function freePort(): Promise<number> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the server as in production (`tsc -p tsconfig.build.json`, then `node dist/src/main.js`;
 * KEYWARD_BENCH_TSX=true runs src/main.ts through tsx instead, whose compiler adds to the RSS),
 * LOG_LEVEL=warn (no per-request log lines), and waits for /healthz.
 */
export async function startQuietServer(env: Record<string, string>): Promise<RunningServer> {
  const tsx = process.env.KEYWARD_BENCH_TSX === 'true';
  if (!tsx) {
    const build = spawnSync(
      process.execPath,
      [require.resolve('typescript/bin/tsc', { paths: [ROOT] }), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, encoding: 'utf8' },
    );
    if (build.status !== 0) throw new Error(`build failed:\n${build.stdout}${build.stderr}`);
  }
  const port = await freePort();
  // BENCH_SERVER_ARGS: extra node flags for the server (as in key-auth.bench), e.g. `--cpu-prof
  // --cpu-prof-dir=/tmp/prof`
  const nodeArgs = (process.env.BENCH_SERVER_ARGS ?? '').split(' ').filter(Boolean);
  const args = [
    ...nodeArgs,
    ...(tsx
      ? ['--require', require.resolve('tsx/cjs', { paths: [ROOT] }), path.join(ROOT, 'src/main.ts')]
      : [path.join(ROOT, 'dist/src/main.js')]),
  ];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString('utf8').split('\n'));
    if (output.length > 200) output.splice(0, output.length - 200);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  let done = false;
  void exited.then(() => (done = true));
  const server: RunningServer = {
    child,
    url: `http://127.0.0.1:${port}`,
    output,
    exited,
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (
      await fetch(`${server.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return server;
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (done || Date.now() > deadline) {
      await server.stop('SIGKILL');
      throw new Error(`the server did not start:\n${output.join('\n')}`);
    }
  }
}
