import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, runCliProcess } from '../helpers/keyward-process';

/** The CLI's arguments, help and configuration errors: real child processes, no database needed. */
describe('operator CLI usage', () => {
  let cwd: string;
  beforeAll(() => {
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-usage-'));
  });
  afterAll(() => fs.rmSync(cwd, { recursive: true, force: true }));
  const cli = (args: string[], options: { env?: Record<string, string> } = {}) =>
    runCliProcess(args, { cwd, env: { DATABASE_URL: 'sqlite:./never-created.sqlite', ...options.env } });

  describe('help and usage', () => {
    it('lists the commands', async () => {
      const res = await cli(['--help']);
      expect(res.status).toBe(0);
      expect(res.stdout).toMatch(/^Usage: keyward <command> \[options\]/);
      for (const command of ['migrate', 'create-admin', 'reset-password', 'rotate-signing-key', 'scan'])
        expect(res.stdout).toContain(`  ${command} `);
    });

    it.each(['migrate', 'create-admin', 'reset-password', 'rotate-signing-key', 'scan'])(
      '%s --help explains the command and exits 0',
      async (command) => {
        const res = await cli([command, '--help']);
        expect(res.status).toBe(0);
        expect(res.stdout.startsWith(`Usage: keyward ${command}`)).toBe(true);
        expect(res.stderr).toBe('');
      },
    );

    it.each([
      [[], 'Usage: keyward <command> [options]'],
      [
        ['frobnicate'],
        'keyward: error: unknown command "frobnicate"; commands: migrate, create-admin, reset-password, rotate-signing-key, scan (see: keyward --help)',
      ],
      [
        ['create-admin', '--email', 'a@example.test'],
        'keyward create-admin: error: --tenant is required (see: keyward create-admin --help)',
      ],
      [
        ['create-admin', '--tenant', 'default'],
        'keyward create-admin: error: --email is required (see: keyward create-admin --help)',
      ],
      [
        ['create-admin', '--tenant', 'default', '--email', 'not-an-email'],
        'keyward create-admin: error: --email: "not-an-email" is not an email address (see: keyward create-admin --help)',
      ],
      [
        ['create-admin', '--tenant', 'default', '--email'],
        'keyward create-admin: error: --email needs a value (see: keyward create-admin --help)',
      ],
      [
        ['reset-password', '--email', 'a@example.test', '--force'],
        'keyward reset-password: error: unknown option --force (see: keyward reset-password --help)',
      ],
      [['migrate', 'now'], 'keyward migrate: error: unexpected argument now (see: keyward migrate --help)'],
    ])('%j is a usage error (exit 2)', async (args, message) => {
      const res = await cli(args);
      expect(res.status).toBe(2);
      expect(res.stderr.split('\n')[0]).toBe(message);
      expect(res.stdout).toBe('');
    });

    it.each([
      ['DATABASE_URL', { DATABASE_URL: 'postgres://u:hunter2@db/x' }],
      ['KEYWARD_MASTER_KEY', { KEYWARD_MASTER_KEY: 'dG9vIHNob3J0' }],
    ])('an invalid %s stops it with one line (exit 78)', async (variable, badEnv) => {
      const res = await cli(['migrate'], { env: badEnv });
      expect(res.status).toBe(78);
      expect(res.stderr).toMatch(new RegExp(`^keyward migrate: error: invalid configuration: ${variable}: [^\\n]+$`));
      expect(res.stderr).not.toContain('hunter2');
    });
  });

  it('runs through the package bin (npx keyward), with or without a build', () => {
    const res = spawnSync(process.execPath, [path.join(ROOT, 'bin', 'keyward.js'), '--version'], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH! },
    });
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
  });

  it('touches no database for help or usage errors', () => {
    expect(fs.existsSync(path.join(cwd, 'never-created.sqlite'))).toBe(false);
  });
});
