import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AuditEvent } from '../../src/db/entities/audit-event.entity';
import { Tenant } from '../../src/db/entities/tenant.entity';
import { createTenant, createUser } from '../helpers/fixtures';
import { ADMIN_EMAIL, ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/harness';
import { ROOT, runCliProcess } from '../helpers/keyward-process';
import mysql from 'mysql2/promise';
import { createTestDatabase, MARIADB_URL, testDialect, type TestDatabase } from '../helpers/test-database';

const LOGIN =
  'mutation($e: EmailAddress!, $p: String!, $t: String) { login(email: $e, password: $p, tenant: $t) { token user { email name superUser } } }';
const ME = '{ me { grants { roleKey level } } }';

/** `npx keyward …` as a child process against this file's test database. */
describe('operator CLI', () => {
  let db: TestDatabase;
  let cwd: string;
  let env: Record<string, string>;
  let server: TestServer | undefined;
  const cli = (args: string[], options: { stdin?: string; env?: Record<string, string> } = {}) =>
    runCliProcess(args, { cwd, env: { ...env, ...options.env }, stdin: options.stdin });
  const login = (email: string, password: string, tenant?: string) =>
    server!.gql(LOGIN, { e: email, p: password, t: tenant });
  const auditEvents = (action: string) =>
    server!.kw.dataSource.getRepository(AuditEvent).find({ where: { action }, order: { createdAt: 'ASC' } });
  const generatedPassword = (stdout: string) =>
    /^password: (\S+) {3}\(generated; shown once, store it now\)$/m.exec(stdout)?.[1];

  beforeAll(async () => {
    db = await createTestDatabase();
    cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-cli-'));
    env = { DATABASE_URL: db.url };
  });
  afterAll(async () => {
    await server?.close();
    await db.drop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  describe('on a new database', () => {
    it('create-admin refuses to work before the migrations ran', async () => {
      const res = await cli(['create-admin', '--tenant', 'default', '--email', 'ops@example.test']);
      expect(res.status).toBe(1);
      expect(res.stderr).toMatch(
        /^keyward create-admin: error: the database .+ has pending migrations; run "keyward migrate" \(or start the server\) first$/,
      );
    });

    it('migrate applies the migrations, then has nothing to do', async () => {
      const first = await cli(['migrate']);
      expect(first.stderr).toBe('');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/^applied Initial\d+$/m);
      expect(first.stdout).toMatch(/\d+ migrations? applied$/);
      const second = await cli(['migrate']);
      expect(second.status).toBe(0);
      expect(second.stdout).toMatch(/is up to date; no pending migrations$/);
    });

    it('create-admin needs an existing tenant', async () => {
      const res = await cli(['create-admin', '--tenant', 'default', '--email', 'ops@example.test']);
      expect(res.status).toBe(1);
      expect(res.stderr).toBe(
        'keyward create-admin: error: no tenant with slug "default" (the database has no tenants yet; start the server once to create "default")',
      );
    });
  });

  (testDialect() === 'mariadb' ? it : it.skip)(
    'migrate creates a missing MySQL/MariaDB database (MariaDB only)',
    async () => {
      const name = `kw_test_missing_${process.pid}_${Date.now().toString(36)}`;
      const url = new URL(db.url);
      url.pathname = `/${name}`;
      try {
        const res = await cli(['migrate'], { env: { DATABASE_URL: url.toString() } });
        expect(res.status).toBe(0);
        expect(res.stderr).toBe(`created database "${name}"`);
        expect(res.stdout).toMatch(/migrations? applied$/);
      } finally {
        const conn = await mysql.createConnection(MARIADB_URL);
        await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
        await conn.end();
      }
    },
  );

  (testDialect() === 'mariadb' ? it : it.skip)(
    'concurrent migrate runs take turns: one applies, the others find nothing to do (MariaDB only)',
    async () => {
      const fresh = await createTestDatabase();
      try {
        const runs = await Promise.all([1, 2, 3].map(() => cli(['migrate'], { env: { DATABASE_URL: fresh.url } })));
        expect(runs.map((r) => [r.status, r.stderr])).toEqual([
          [0, ''],
          [0, ''],
          [0, ''],
        ]);
        expect(runs.filter((r) => /migrations? applied$/.test(r.stdout))).toHaveLength(1);
        expect(runs.filter((r) => /is up to date; no pending migrations$/.test(r.stdout))).toHaveLength(2);
      } finally {
        await fresh.drop();
      }
    },
  );

  describe('with a tenant', () => {
    beforeAll(async () => {
      // The server bootstraps tenant "default" with its admin (ADMIN_EMAIL / ADMIN_PASSWORD).
      server = await startTestServer({ db, keepDatabase: true });
    });

    it('the bootstrap admin is in the audit log, created by the operator', async () => {
      const created = await auditEvents('user.created');
      expect(created).toEqual([
        expect.objectContaining({
          actorType: 'SYSTEM',
          actorId: null,
          actorLabel: expect.stringMatching(/^operator: bootstrap \(.+\)$/),
        }),
      ]);
      expect(JSON.parse(created[0]!.changes!)).toMatchObject({
        email: { after: ADMIN_EMAIL },
        superUser: { after: true },
      });
    });

    it('create-admin without a terminal generates a password, prints it once, and the super user can sign in with OWNER everywhere', async () => {
      const res = await cli([
        'create-admin',
        '--tenant',
        'default',
        '--email',
        'Ops@Example.test',
        '--name',
        'Night Ops',
        '--super-user',
      ]);
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      expect(res.stdout.split('\n')[0]).toBe(
        'created super user ops@example.test in tenant "default" with OWNER on 11 areas',
      );
      const password = generatedPassword(res.stdout)!;
      expect(password).toBeDefined();
      expect(res.stdout.split(password)).toHaveLength(2);
      const signedIn = await login('ops@example.test', password);
      expect(signedIn.errors).toBeUndefined();
      expect(signedIn.data!.login.user).toEqual({ email: 'ops@example.test', name: 'Night Ops', superUser: true });
      const me = await server!.gql(ME, {}, { token: signedIn.data!.login.token });
      expect(me.data!.me.grants).toHaveLength(11);
      expect(me.data!.me.grants.every((g: { level: string }) => g.level === 'OWNER')).toBe(true);
    });

    it('create-admin --password-stdin takes the password from standard input and never prints it', async () => {
      const res = await cli(
        ['create-admin', '--tenant', 'default', '--email', 'piped@example.test', '--password-stdin', '--super-user'],
        { stdin: 'piped password 123\nignored second line\n' },
      );
      expect(res.status).toBe(0);
      expect(res.stdout).toBe('created super user piped@example.test in tenant "default" with OWNER on 11 areas');
      expect(res.stdout + res.stderr).not.toContain('piped password 123');
      expect((await login('piped@example.test', 'piped password 123')).errors).toBeUndefined();
    });

    it("regression: create-admin makes a tenant administrator (OWNER on its tenant's areas), not a platform super user, and the audit log names the operator", async () => {
      await createTenant(server!, { name: 'Beta', slug: 'beta' });
      const res = await cli(['create-admin', '--tenant', 'beta', '--email', 'boss@beta.test', '--password-stdin'], {
        stdin: 'beta admin password\n',
      });
      expect(res.stderr).toBe('');
      expect(res.stdout).toBe('created administrator boss@beta.test in tenant "beta" with OWNER on 11 areas');
      const signedIn = await login('boss@beta.test', 'beta admin password');
      expect(signedIn.data!.login.user).toEqual({ email: 'boss@beta.test', name: 'Administrator', superUser: false });
      const token = signedIn.data!.login.token;
      const me = await server!.gql(ME, {}, { token });
      expect(me.data!.me.grants).toHaveLength(11);
      expect(me.data!.me.grants.every((g: { level: string }) => g.level === 'OWNER')).toBe(true);
      // no platform power: other tenants are out of reach
      const tenants = await server!.gql('{ tenants { slug } }', {}, { token });
      expect(tenants.errors![0]!.extensions.code).toBe('FORBIDDEN');
      const created = (await auditEvents('user.created')).find((e) => e.changes?.includes('boss@beta.test'));
      expect(created).toMatchObject({
        actorType: 'SYSTEM',
        actorId: null,
        actorLabel: expect.stringMatching(/^operator: keyward create-admin \(.+\)$/),
      });
    });

    it('create-admin refuses a duplicate email (in any letter case) and changes nothing', async () => {
      const res = await cli(['create-admin', '--tenant', 'default', '--email', 'OPS@example.TEST']);
      expect(res.status).toBe(1);
      expect(res.stderr).toBe(
        'keyward create-admin: error: a user with email ops@example.test already exists in tenant "default"; use "keyward reset-password" to set its password',
      );
      expect(res.stdout).toBe('');
    });

    it('create-admin names the tenants that exist when the slug is unknown', async () => {
      const res = await cli(['create-admin', '--tenant', 'nope', '--email', 'x@example.test']);
      expect(res.status).toBe(1);
      expect(res.stderr).toBe('keyward create-admin: error: no tenant with slug "nope" (existing: beta, default)');
    });

    it('create-admin refuses a short password and creates nobody', async () => {
      const res = await cli(
        ['create-admin', '--tenant', 'default', '--email', 'short@example.test', '--password-stdin'],
        { stdin: 'short\n' },
      );
      expect(res.status).toBe(1);
      expect(res.stderr).toBe(
        'keyward create-admin: error: the password must be at least 8 characters; nothing was changed',
      );
      const again = await cli(
        ['create-admin', '--tenant', 'default', '--email', 'short@example.test', '--password-stdin'],
        { stdin: 'long enough now\n' },
      );
      expect(again.status).toBe(0);
    });

    it('reset-password sets a new password: the old one and every session issued before stop working', async () => {
      const session = (await login(ADMIN_EMAIL, ADMIN_PASSWORD)).data!.login.token as string;
      expect((await server!.gql(ME, {}, { token: session })).errors).toBeUndefined();
      const res = await cli(['reset-password', '--email', ADMIN_EMAIL]);
      expect(res.status).toBe(0);
      expect(res.stdout.split('\n')[0]).toBe(`password of ${ADMIN_EMAIL} in tenant "default" changed`);
      const password = generatedPassword(res.stdout)!;
      expect((await login(ADMIN_EMAIL, ADMIN_PASSWORD)).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
      expect((await login(ADMIN_EMAIL, password)).errors).toBeUndefined();
      // regression: the session from before the reset is refused. Without Redis the CLI cannot tell the
      // server, whose cached session lasts until the cache TTL has passed (the command's note says so).
      await new Promise((resolve) => setTimeout(resolve, server!.config.keyCacheTtlMs + 50));
      expect((await server!.gql(ME, {}, { token: session })).errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
      const audited = (await auditEvents('user.updated')).filter((e) =>
        e.actorLabel?.startsWith('operator: keyward reset-password'),
      );
      expect(audited).toHaveLength(1);
      expect(audited[0]).toMatchObject({ actorType: 'SYSTEM', actorId: null });
      expect(JSON.parse(audited[0]!.changes!)).toEqual({
        password: { before: null, after: '[REDACTED]' },
        sessions: { before: null, after: 'revoked' },
      });
      expect(audited[0]!.changes).not.toContain(password);
    });

    it('reset-password fails for an unknown email', async () => {
      const res = await cli(['reset-password', '--email', 'ghost@example.test']);
      expect(res.status).toBe(1);
      expect(res.stderr).toBe('keyward reset-password: error: no user with email ghost@example.test');
    });

    it('reset-password asks for --tenant when the email exists in several tenants', async () => {
      const acme = await createTenant(server!, { name: 'Acme', slug: 'acme' });
      await createUser(server!, {
        tenantId: acme.id,
        email: 'piped@example.test',
        name: 'Acme admin',
        password: 'acme password 1',
      });
      const ambiguous = await cli(['reset-password', '--email', 'piped@example.test']);
      expect(ambiguous.status).toBe(1);
      expect(ambiguous.stderr).toBe(
        'keyward reset-password: error: piped@example.test exists in 2 tenants (acme, default); choose one with --tenant <slug>',
      );

      const res = await cli(
        ['reset-password', '--email', 'piped@example.test', '--tenant', 'acme', '--password-stdin'],
        { stdin: 'new acme password\n' },
      );
      expect(res.status).toBe(0);
      expect(res.stdout).toBe('password of piped@example.test in tenant "acme" changed');
      expect((await login('piped@example.test', 'new acme password', 'acme')).errors).toBeUndefined();
      // The same email in the other tenant keeps its password.
      expect((await login('piped@example.test', 'piped password 123', 'default')).errors).toBeUndefined();

      const unknown = await cli(['reset-password', '--email', 'piped@example.test', '--tenant', 'globex']);
      expect(unknown.status).toBe(1);
      expect(unknown.stderr).toBe(
        'keyward reset-password: error: no tenant with slug "globex" (existing: acme, beta, default)',
      );
    });

    const hasScript = spawnSync('script', ['--version']).status === 0;
    (hasScript ? it : it.skip)('on a terminal, asks for the password twice without echoing it', async () => {
      const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
      const command = `${tsx} --tsconfig ${path.join(ROOT, 'tsconfig.json')} ${path.join(ROOT, 'src', 'cli.ts')} reset-password --email ops@example.test`;
      // `script` runs the CLI on a pseudo-terminal; its output is everything the terminal shows.
      const child = spawn('script', ['-qec', command, '/dev/null'], {
        cwd,
        env: { PATH: process.env.PATH!, HOME: os.tmpdir(), TERM: 'dumb', ...env },
      });
      let screen = '';
      const seen: Array<[RegExp, () => void]> = [];
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        screen += chunk;
        while (seen.length && seen[0]![0].test(screen)) seen.shift()![1]();
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
      const typed = 'typed on a terminal 42';
      seen.push([/New password \(leave empty to generate one\): $/, () => child.stdin.write(`${typed}\r`)]);
      seen.push([/Repeat the password: $/, () => child.stdin.write(`${typed}\r`)]);
      expect(await exited).toBe(0);
      expect(screen).toContain('password of ops@example.test in tenant "default" changed');
      expect(screen).not.toContain(typed);
      expect((await login('ops@example.test', typed)).errors).toBeUndefined();
    });

    it('rotate-signing-key publishes a new key the servers pick up; a second rotation waits for live tokens unless forced', async () => {
      const jwksKids = async () => {
        await server!.kw.signingKeys.reload(); // what the server's periodic reload does
        return server!.kw.signingKeys.jwks().keys.map((k) => k.kid);
      };
      const [first] = await jwksKids();
      const withKey = { env: { KEYWARD_MASTER_KEY: server!.masterKey } };
      // the master key is needed, and never generated here
      const noKey = await cli(['rotate-signing-key']);
      expect(noKey.status).toBe(1);
      expect(noKey.stderr).toMatch(/^keyward rotate-signing-key: error: no master key: set KEYWARD_MASTER_KEY/);
      expect(fs.existsSync(path.join(cwd, 'data', 'master.key'))).toBe(false);
      const wrongKey = await cli(['rotate-signing-key'], {
        env: { KEYWARD_MASTER_KEY: Buffer.alloc(32, 7).toString('base64') },
      });
      expect(wrongKey.status).toBe(1);
      expect(wrongKey.stderr).toMatch(/cannot be decrypted with this master key/);
      expect(await jwksKids()).toEqual([first]);

      const rotated = await cli(['rotate-signing-key'], withKey);
      expect(rotated.stderr).toBe('');
      expect(rotated.status).toBe(0);
      const [line, kept] = rotated.stdout.split('\n');
      const kid = /^new signing key (\S+): published now, signs from (\S+)$/.exec(line!)![1]!;
      const activeFrom = new Date(/signs from (\S+)$/.exec(line!)![1]!).getTime();
      expect(activeFrom - Date.now()).toBeGreaterThan(5 * 60_000); // published 6 min before it signs
      expect(kept).toBe(`still published: ${first} (verifies the tokens it signed)`);
      expect(await jwksKids()).toEqual([kid, first]);
      expect(server!.kw.signingKeys.currentKid()).toBe(first);
      // every tenant's audit log records the rotation, by the operator
      const rotations = (await auditEvents('signing_key.rotated')).filter((e) => e.targetId === kid);
      expect(rotations.length).toBe(await server!.kw.dataSource.getRepository(Tenant).count());
      expect(
        rotations.every(
          (e) => e.actorType === 'SYSTEM' && /^operator: keyward rotate-signing-key \(.+\)$/.test(e.actorLabel ?? ''),
        ),
      ).toBe(true);

      const tooSoon = await cli(['rotate-signing-key'], withKey);
      expect(tooSoon.status).toBe(1);
      expect(tooSoon.stderr).toMatch(
        /^keyward rotate-signing-key: error: rotating now would retire a key whose tokens may still be live; the next safe rotation is at \S+ \(or use --force\)$/,
      );
      expect(await jwksKids()).toEqual([kid, first]);

      const forced = await cli(['rotate-signing-key', '--force'], withKey);
      expect(forced.status).toBe(0);
      expect(forced.stdout).toContain(`retired: ${first} (tokens it signed no longer verify)`);
      const newest = /^new signing key (\S+):/.exec(forced.stdout)![1]!;
      expect(await jwksKids()).toEqual([newest, kid]);
    });
  });
});
