import '@microsoft/jest-sarif';
import fs from 'node:fs';
import path from 'node:path';
import { generateSecret } from '../../src/credentials/tokens';
import { runCliProcess } from '../helpers/keyward-process';
import { createSecretFixtureTree, wrongChecksum, type SecretFixtureTree } from '../helpers/secret-fixture-tree';

const mask = (token: string) =>
  token.startsWith('whsec_') ? `${token.slice(0, 10)}…${token.slice(-4)}` : `${token.slice(0, 12)}…${token.slice(-4)}`;

/** `keyward scan` as operators run it: a real child process over a generated tree; no server, no database. */
describe('keyward scan', () => {
  let tree: SecretFixtureTree;
  beforeAll(() => {
    tree = createSecretFixtureTree();
  });
  afterAll(() => tree.remove());
  // no DATABASE_URL or master key: scan needs no server configuration (an invalid one does not matter)
  const scan = (args: string[], options: { stdin?: string; cwd?: string; env?: Record<string, string> } = {}) =>
    runCliProcess(['scan', ...args], {
      cwd: options.cwd ?? tree.root,
      env: { DATABASE_URL: 'postgres://nope', ...options.env },
      stdin: options.stdin,
    });
  const expectNoSecret = (...outputs: string[]) => {
    for (const output of outputs) for (const secret of tree.allSecrets) expect(output).not.toContain(secret);
  };

  it('finds the real secrets with file, line, column, kind and mask, and nothing else (exit 1)', async () => {
    const res = await scan(['.']);
    expect(res.status).toBe(1);
    expect(res.stdout.split('\n')).toEqual([
      ...tree.expected.map((f) => `${f.file}:${f.line}:${f.column}  ${f.kind}  ${mask(f.token)}`),
      `${tree.expected.length} Keyward secrets found in 6 files (1 binary skipped).`,
    ]);
    expect(res.stderr).toBe('');
    expectNoSecret(res.stdout, res.stderr);
  });

  it('--format json lists the same findings with mask and SHA-256', async () => {
    const res = await scan(['--format', 'json', 'src', 'deploy', 'webhooks.json', 'docs']);
    expect(res.status).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report.findings.map((f: Record<string, unknown>) => [f.file, f.line, f.column, f.kind, f.secret])).toEqual(
      tree.expected.map((f) => [f.file, f.line, f.column, f.kind, mask(f.token)]),
    );
    expect(report.findings.find((f: { kind: string }) => f.kind === 'WEBHOOK_SECRET').checksumVerified).toBe(false);
    expect(report.findings.find((f: { kind: string }) => f.kind === 'GRAPHQL').checksumVerified).toBe(true);
    expectNoSecret(res.stdout, res.stderr);
  });

  it('--format sarif is a valid SARIF 2.1.0 log (checked against the official schema)', async () => {
    const res = await scan(['--format', 'sarif', '.']);
    expect(res.status).toBe(1);
    const log = JSON.parse(res.stdout);
    expect(log).toBeValidSarifLog();
    // the validator is not a rubber stamp
    expect({ version: '2.1.0', runs: [{ results: [] }] }).not.toBeValidSarifLog();
    const results = log.runs[0].results;
    expect(
      results.map((r: any) => [
        r.locations[0].physicalLocation.artifactLocation.uri,
        r.locations[0].physicalLocation.region.startLine,
        r.locations[0].physicalLocation.region.startColumn,
      ]),
    ).toEqual(tree.expected.map((f) => [f.file, f.line, f.column]));
    expect(results.map((r: any) => r.level)).toEqual(
      tree.expected.map((f) => (f.kind === 'WEBHOOK_SECRET' ? 'warning' : 'error')),
    );
    expect(log.runs[0].originalUriBaseIds['%SRCROOT%'].uri).toBe(`file://${fs.realpathSync(tree.root)}/`);
    expectNoSecret(res.stdout);
  });

  it('scans a file named explicitly even when .gitignored, but still skips binaries', async () => {
    const res = await scan(['--format', 'json', 'secrets/prod.env', 'assets/blob.bin']);
    expect(res.status).toBe(1);
    const report = JSON.parse(res.stdout);
    expect(report.findings.map((f: { file: string }) => f.file)).toEqual(['secrets/prod.env']);
    expect(report.binarySkipped).toBe(1);
    expectNoSecret(res.stdout);
  });

  it('honours the .gitignore of the repository above the folder scanned', async () => {
    fs.mkdirSync(path.join(tree.root, 'sub', 'secrets'), { recursive: true });
    fs.writeFileSync(path.join(tree.root, 'sub', 'secrets', 'a.txt'), generateSecret('GRAPHQL'));
    fs.writeFileSync(path.join(tree.root, 'sub', 'ok.txt'), 'nothing here');
    try {
      const res = await scan(['--format', 'json', '.'], { cwd: path.join(tree.root, 'sub') });
      expect(res.status).toBe(0);
      expect(JSON.parse(res.stdout).filesScanned).toBe(1);
    } finally {
      fs.rmSync(path.join(tree.root, 'sub'), { recursive: true, force: true });
    }
  });

  it('reads standard input ("-" or piped with no paths)', async () => {
    const secret = generateSecret('REST_SECRET');
    const input = `line one\n  secret: ${secret} and ${wrongChecksum(generateSecret('REST_SECRET'))}\n`;
    for (const args of [['-'], []]) {
      const res = await scan(args, { stdin: input });
      expect(res.status).toBe(1);
      expect(res.stdout.split('\n')[0]).toBe(`-:2:11  REST_SECRET  ${mask(secret)}`);
      expect(res.stdout).not.toContain(secret);
    }
  });

  it('exits 0 when nothing is found', async () => {
    const res = await scan(['docs']);
    expect(res.status).toBe(0);
    expect(res.stdout).toBe('No Keyward secrets found in 1 file.');
  });

  it('finds tokens across read-chunk boundaries of a large file, with exact lines and columns', async () => {
    const file = path.join(tree.root, 'big', 'large.txt');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const line = `${'x'.repeat(99)}\n`; // 100 bytes a line
    const secrets = [generateSecret('GRAPHQL'), generateSecret('PERSONAL'), generateSecret('REST_SECRET')];
    // place tokens so they straddle the 1 MiB chunk edges (1048576 = 10485 lines + 76 bytes)
    const parts: string[] = [];
    const expected: Array<[number, number]> = [];
    for (let n = 1; n <= 30_000; n++) {
      if (n === 10_486 || n === 20_971 || n === 29_999) {
        const secret = secrets[expected.length];
        const column = n === 10_486 ? 60 : n === 20_971 ? 40 : 1;
        parts.push(`${' '.repeat(column - 1)}${secret}\n`);
        expected.push([n, column]);
      } else parts.push(line);
    }
    fs.writeFileSync(file, parts.join(''));
    try {
      const res = await scan(['--format', 'json', 'big']);
      const findings = JSON.parse(res.stdout).findings;
      expect(findings.map((f: { line: number; column: number }) => [f.line, f.column])).toEqual(expected);
    } finally {
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it.each([
    [
      ['--format', 'xml', '.'],
      'keyward scan: error: --format must be one of text, json, sarif (see: keyward scan --help)',
    ],
    [['no-such-dir'], 'keyward scan: error: no such file or folder: no-such-dir (see: keyward scan --help)'],
    [
      ['--verify', 'not a url', '.'],
      'keyward scan: error: --verify: "not a url" is not a URL; give the Keyward server\'s base URL, e.g. https://keyward.example.com (see: keyward scan --help)',
    ],
    [
      ['--verify', 'http://127.0.0.1:5601', '.'],
      'keyward scan: error: --verify needs a Keyward credential in KEYWARD_API_KEY (see: keyward scan --help)',
    ],
    [['--frobnicate'], 'keyward scan: error: unknown option --frobnicate (see: keyward scan --help)'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const res = await scan(args);
    expect(res.status).toBe(2);
    expect(res.stderr.split('\n')[0]).toBe(message);
    expect(res.stdout).toBe('');
  });

  it('--verify against an unreachable server is an error (exit 2), not "found"', async () => {
    const res = await scan(['--verify', 'http://127.0.0.1:5699', 'src'], {
      env: { KEYWARD_API_KEY: generateSecret('GRAPHQL') },
    });
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/^keyward scan: error: --verify: cannot reach http:\/\/127\.0\.0\.1:5699/);
    expectNoSecret(res.stdout, res.stderr);
  });
});
