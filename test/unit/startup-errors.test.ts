import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KeywardProcess } from '../helpers/keyward-process';

/** The real server process refusing to start: exit status, and one clear line on stderr. */
describe('server start-up errors', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-startup-'));
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));

  async function start(env: Record<string, string>) {
    const proc = new KeywardProcess('src/main.ts', [], { env, cwd });
    const exit = await proc.exited;
    return { exit, proc, stderr: proc.stderr.filter(Boolean) };
  }

  it.each([
    ['DATABASE_URL', { DATABASE_URL: 'postgres://kw:hunter2hunter2@db/keyward' }],
    ['DATABASE_URL', { DATABASE_URL: '::not a url::' }],
    ['KEYWARD_MASTER_KEY', { KEYWARD_MASTER_KEY: Buffer.alloc(16).toString('base64') }],
    ['PORT', { PORT: 'eighty' }],
  ])('stops with one line naming %s and no stack trace', async (variable, env) => {
    const { exit, proc, stderr } = await start(env);
    expect(exit.code).toBe(78);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(new RegExp(`^keyward: invalid configuration: ${variable}: `));
    expect(proc.output).not.toMatch(/\n\s+at /);
    expect(proc.output).not.toContain('hunter2');
    // Nothing was created: a bad configuration touches no data.
    expect(fs.existsSync(path.join(cwd, 'data'))).toBe(false);
  });

  it('retries an unreachable database with growing waits, then reports it in one line', async () => {
    // A port that refuses connections: bind one, then close it.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const { exit, proc, stderr } = await start({
      DATABASE_URL: `mysql://kw:hunter2hunter2@127.0.0.1:${port}/keyward`,
      KEYWARD_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
      KEYWARD_DB_CONNECT_TIMEOUT_SECONDS: '2',
    });
    expect(exit.code).toBe(1);
    const retries = proc.logs.filter((l) => l.msg === 'database unreachable; retrying');
    expect(retries.length).toBeGreaterThanOrEqual(2);
    expect(retries.map((l) => l.attempt)).toEqual(retries.map((_, i) => i + 1));
    for (let i = 1; i < retries.length; i++) expect(retries[i]!.retryInMs).toBeGreaterThan(retries[i - 1]!.retryInMs);
    expect(retries[0]!.reason).toContain('ECONNREFUSED');
    expect(retries[0]!.database).toBe(`127.0.0.1:${port}/keyward`);
    expect(stderr).toHaveLength(1);
    expect(stderr[0]).toMatch(
      new RegExp(
        `^keyward: cannot start: database 127\\.0\\.0\\.1:${port}/keyward unreachable after ${retries.length + 1} attempts: connect ECONNREFUSED`,
      ),
    );
    expect(proc.output).not.toMatch(/\n\s+at /);
    expect(proc.output).not.toContain('hunter2');
  });
});
