import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateSecret } from '../../src/credentials/tokens';
import { generateSigningSecret } from '../../src/domain/webhooks/signing';

/** A secret with one checksum character changed: the right shape, a wrong checksum. */
export function wrongChecksum(secret: string): string {
  const last = secret.at(-1)!;
  return secret.slice(0, -1) + (last === 'a' ? 'b' : 'a');
}

export interface ExpectedFinding {
  file: string;
  line: number;
  column: number;
  kind: string;
  token: string;
}

export interface SecretFixtureTree {
  root: string;
  /** What a scan must report, sorted by file, line, column. */
  expected: ExpectedFinding[];
  /** Every real secret written anywhere in the tree (reported or not): none may appear in any output. */
  allSecrets: string[];
  remove(): void;
}

/**
 * A temporary tree with real secrets of every kind (`secrets` lets a test put in keys it created,
 * e.g. expired or revoked ones), wrong-checksum and look-alike tokens, and real secrets where a
 * scan must not look: a .gitignored file and folder, a binary file, node_modules and .git.
 */
export function createSecretFixtureTree(
  secrets: { graphql?: string; personal?: string; rest?: string; extra?: string[] } = {},
): SecretFixtureTree {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kw-scan-fixture-'));
  const graphql = secrets.graphql ?? generateSecret('GRAPHQL');
  const personal = secrets.personal ?? generateSecret('PERSONAL');
  const rest = secrets.rest ?? generateSecret('REST_SECRET');
  const webhook = generateSigningSecret();
  const hidden = Array.from({ length: 5 }, () => generateSecret('GRAPHQL'));
  const write = (relative: string, content: string | Buffer) => {
    fs.mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    fs.writeFileSync(path.join(root, relative), content);
  };
  const lookAlikes = [
    wrongChecksum(generateSecret('GRAPHQL')),
    `kwk_${'A'.repeat(36)}`,
    `${generateSecret('GRAPHQL')}x`, // one character too long
    `x${generateSecret('PERSONAL')}`, // glued to a word
    generateSecret('GRAPHQL').slice(0, -1), // one too short
    'kwc_0123456789abcdefghijkl', // a public client id, not a secret
    `whsec_${'A'.repeat(20)}`,
  ];
  write('.gitignore', 'secrets/\n*.log\n');
  write('src/config.ts', `export const config = {\n  url: 'https://example.test',\n  apiKey: '${graphql}',\n};\n`);
  write('deploy/.env', `# not secrets\nLOOKALIKES="${lookAlikes.join(' ')}"\nPERSONAL_KEY=${personal}\n`);
  // a multi-byte character before the token: the column counts UTF-16 units, not bytes
  write('deploy/values.yaml', `café: ☕\nrest:\n  clientSecret: "é${rest}"\n`);
  write('webhooks.json', JSON.stringify({ signingSecret: webhook }, null, 2));
  write('docs/notes.md', `Tokens look like ${lookAlikes[1]}; this file has none that are real.\n`);
  write('secrets/prod.env', `KEY=${hidden[0]}\n`);
  write('debug.log', `key=${hidden[1]}\n`);
  write('node_modules/pkg/index.js', `module.exports = '${hidden[2]}';\n`);
  write('.git/config', `token = ${hidden[3]}\n`);
  write('assets/blob.bin', Buffer.concat([Buffer.from([0x89, 0x50, 0x00, 0x01]), Buffer.from(hidden[4])]));
  const extra = (secrets.extra ?? []).map((secret, i) => {
    write(`extra/key${i}.txt`, `${secret}\n`);
    return {
      file: `extra/key${i}.txt`,
      line: 1,
      column: 1,
      kind: secret.startsWith('kwp_') ? 'PERSONAL' : secret.startsWith('kws_') ? 'REST_SECRET' : 'GRAPHQL',
      token: secret,
    };
  });
  const expected: ExpectedFinding[] = [
    { file: 'deploy/.env', line: 3, column: 14, kind: 'PERSONAL', token: personal },
    { file: 'deploy/values.yaml', line: 3, column: 19, kind: 'REST_SECRET', token: rest },
    ...extra,
    { file: 'src/config.ts', line: 3, column: 12, kind: 'GRAPHQL', token: graphql },
    { file: 'webhooks.json', line: 2, column: 21, kind: 'WEBHOOK_SECRET', token: webhook },
  ];
  return {
    root,
    expected,
    allSecrets: [graphql, personal, rest, webhook, ...hidden, ...(secrets.extra ?? [])],
    remove: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}
