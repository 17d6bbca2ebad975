import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, startServerProcess, type RunningServer } from '../helpers/keyward-process';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const MARKER = '<!-- readme-test: run -->';

/** The README's shell blocks marked to run: each ```sh block right after the marker line. */
function markedShellBlocks(readme: string): string[] {
  const blocks: string[] = [];
  const pattern = new RegExp(
    `${MARKER.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n+\`\`\`sh\\n([\\s\\S]*?)\\n\`\`\`\\n`,
    'g',
  );
  for (const match of readme.matchAll(pattern)) blocks.push(match[1]!);
  return blocks;
}

/**
 * The README's walkthrough, run with bash against a live server on a fresh database, as a reader
 * pastes it: sign in, create, use, verify, rotate and revoke a key, then a REST credential's token.
 */
describe('README walkthrough', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const password = `readme-${randomBytes(8).toString('hex')}`;
  let cwd: string;
  let db: TestDatabase;
  let server: RunningServer;
  beforeAll(async () => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-readme-'));
    db = await createTestDatabase();
    server = await startServerProcess(
      {
        DATABASE_URL: db.url,
        KEYWARD_BOOTSTRAP_PASSWORD: password,
        KEYWARD_MASTER_KEY: randomBytes(32).toString('base64'),
      },
      cwd,
    );
  });
  afterAll(async () => {
    await server?.proc.stop();
    await db?.drop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('has its sign-in, key and REST credential blocks marked to run', () => {
    const blocks = markedShellBlocks(readme);
    expect(blocks).toHaveLength(3);
    expect(blocks.join('\n')).toContain('createGraphQLApiKey');
  });

  it('runs, every command succeeding, ending with the revoked key refused', () => {
    // the README's address is localhost:4000; the test server's is another port
    const script = markedShellBlocks(readme).join('\n').replaceAll('localhost:4000', `127.0.0.1:${server.port}`);
    const run = spawnSync('bash', ['--noprofile', '--norc', '-euo', 'pipefail', '-c', script], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PASSWORD: password },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run.stdout).not.toContain('"errors"');
    expect(run.stdout).toContain('"me":{"user":{"email":"admin@keyward.local"},"tenant":{"slug":"default"}}');
    expect(run.stdout).toContain('"type":"API_KEY","apiKey":{"name":"Partner ERP"}');
    expect(run.stdout).toContain('"valid":true,"code":"VALID"');
    expect(run.stdout).toContain('"status":"REVOKED"');
    expect(run.stdout).toMatch(/^HTTP\/1\.1 401 Unauthorized/m);
    expect(run.stdout).toContain('"token_type":"Bearer"');
    expect(run.stdout).toContain('"type":"REST_CLIENT","grants":[{"roleKey":"LOGISTICS","level":"VIEWER"}]');
  });
});
