import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

/** The repository root (this file is test/helpers/keyward-process.ts). */
export const ROOT = path.resolve(__dirname, '..', '..');
/** tsx's CommonJS hook: one plain `node` process (as in production), TypeScript compiled on load. */
const TSX_CJS = require.resolve('tsx/cjs', { paths: [ROOT] });

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/**
 * A real Keyward process (`src/main.ts` or `src/cli.ts` run by node with tsx's hook) with its
 * output collected line by line. The environment is only what the test gives (plus PATH/HOME),
 * never the test runner's.
 */
export class KeywardProcess {
  readonly child: ChildProcess;
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly exited: Promise<Exit>;
  private waiters: Array<() => void> = [];
  private exit: Exit | undefined;

  constructor(
    script: 'src/main.ts' | 'src/cli.ts',
    args: string[],
    options: { env: Record<string, string>; cwd: string; stdin?: string },
  ) {
    this.child = spawn(process.execPath, ['--require', TSX_CJS, path.join(ROOT, script), ...args], {
      cwd: options.cwd,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: process.env.HOME ?? '/tmp',
        TSX_TSCONFIG_PATH: path.join(ROOT, 'tsconfig.json'),
        ...options.env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.collect(this.child.stdout!, this.stdout);
    this.collect(this.child.stderr!, this.stderr);
    this.child.stdin!.end(options.stdin ?? '');
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        // 'exit' can come before the last output: wait for the streams to close too.
        const done = () => {
          this.exit = { code, signal };
          this.notify();
          resolve(this.exit);
        };
        if (this.child.stdout!.readableEnded && this.child.stderr!.readableEnded) done();
        else this.child.on('close', done);
      });
    });
  }

  private collect(stream: NodeJS.ReadableStream, into: string[]): void {
    let partial = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const parts = (partial + chunk).split('\n');
      partial = parts.pop()!;
      into.push(...parts);
      this.notify();
    });
    stream.on('end', () => {
      if (partial) into.push(partial);
      partial = '';
      this.notify();
    });
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  get output(): string {
    return [...this.stdout, ...this.stderr].join('\n');
  }

  /** JSON log lines on stdout (the admin notice and other plain text are skipped). */
  get logs(): Array<Record<string, any>> {
    return this.stdout.flatMap((line) => {
      if (!line.startsWith('{')) return [];
      try {
        return [JSON.parse(line) as Record<string, any>];
      } catch {
        return [];
      }
    });
  }

  /** Resolves with the first stdout/stderr line matching; rejects if the process exits first. */
  async waitFor(match: (line: string) => boolean, what: string): Promise<string> {
    for (;;) {
      const line = [...this.stdout, ...this.stderr].find(match);
      if (line !== undefined) return line;
      if (this.exit)
        throw new Error(`process exited (${JSON.stringify(this.exit)}) before ${what}; output:\n${this.output}`);
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Resolves with the first JSON log line whose msg matches. */
  async waitForLog(msg: RegExp): Promise<Record<string, any>> {
    await this.waitFor(
      (line) => line.startsWith('{') && msg.test(String(safeJson(line)?.msg ?? '')),
      `a log line matching ${msg}`,
    );
    return this.logs.find((entry) => msg.test(String(entry.msg)))!;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    if (!this.exit) this.child.kill(signal);
    return this.exited;
  }
}

function safeJson(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** A server process that is listening; `url` is its base URL. */
export interface RunningServer {
  proc: KeywardProcess;
  port: number;
  url: string;
}

/** Starts `src/main.ts` on a free port (PORT=0) and waits until it listens. */
export async function startServerProcess(env: Record<string, string>, cwd: string): Promise<RunningServer> {
  const proc = new KeywardProcess('src/main.ts', [], { env: { PORT: '0', HOST: '127.0.0.1', ...env }, cwd });
  try {
    const listening = await proc.waitForLog(/^Keyward listening/);
    const port = Number(listening.port);
    return { proc, port, url: `http://127.0.0.1:${port}` };
  } catch (error) {
    await proc.stop('SIGKILL');
    throw error;
  }
}

/** Runs the CLI to completion. */
export async function runCliProcess(
  args: string[],
  options: { env: Record<string, string>; cwd: string; stdin?: string },
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const proc = new KeywardProcess('src/cli.ts', args, options);
  const { code } = await proc.exited;
  return { status: code, stdout: proc.stdout.join('\n'), stderr: proc.stderr.join('\n') };
}

/** POST a GraphQL operation over real HTTP. */
export async function postGraphQL(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  token?: string,
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: await res.json() };
}

/** stderr lines other than the first administrator's banner (framed by lines of "="), which goes there on purpose. */
export function stderrBesidesBanner(lines: string[]): string[] {
  const out: string[] = [];
  let inBanner = false;
  for (const line of lines.filter(Boolean)) {
    if (/^={20,}$/.test(line)) inBanner = !inBanner;
    else if (!inBanner) out.push(line);
  }
  return out;
}
