import fs from 'node:fs';
import path from 'node:path';
import { generateSecret, parseSecret, type SecretKind } from '../../src/credentials/tokens';
import { generateSigningSecret } from '../../src/domain/webhooks/signing';
import { wrongChecksum } from '../helpers/secret-fixture-tree';

/** The README's "Leaked keys" section, as published for other scanners: its checksum snippet and gitleaks rules. */
const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('## Leaked keys'), readme.indexOf('## Audit log'));
const KINDS: SecretKind[] = ['GRAPHQL', 'PERSONAL', 'REST_SECRET'];

function codeBlock(language: string): string {
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`no ${language} block in the README's Leaked keys section`);
  return match[1];
}

/** The gitleaks rules' regexes by id (TOML literal strings '''…''' are taken as is, like Go's RE2 reads them). */
function gitleaksRules(): Map<string, RegExp> {
  const rules = new Map<string, RegExp>();
  for (const block of codeBlock('toml').split('[[rules]]').slice(1)) {
    const id = /^id = "([^"]+)"$/m.exec(block)?.[1];
    const regex = /^regex = '''(.+)'''$/m.exec(block)?.[1];
    if (!id || !regex) throw new Error(`incomplete rule: ${block}`);
    expect(/^secretGroup = 1$/m.test(block)).toBe(true);
    rules.set(id, new RegExp(regex, 'g'));
  }
  return rules;
}

describe("the README's token grammar and scanner rules", () => {
  it('the documented checksum snippet accepts real tokens and agrees with Keyward on wrong ones', () => {
    const isKeywardSecret = new Function('require', `${codeBlock('js')}\nreturn isKeywardSecret;`)(require) as (
      token: string,
    ) => boolean;
    for (const kind of KINDS) {
      for (let i = 0; i < 300; i++) {
        const token = generateSecret(kind);
        expect(isKeywardSecret(token)).toBe(true);
        const wrong = wrongChecksum(token);
        expect(isKeywardSecret(wrong)).toBe(false);
        expect(parseSecret(wrong)).toBeUndefined();
        // any change of the random part breaks the checksum too (CRC-32 catches single substitutions)
        const flipped = token.slice(0, 10) + (token[10] === 'Z' ? 'Y' : 'Z') + token.slice(11);
        expect(isKeywardSecret(flipped)).toBe(parseSecret(flipped) !== undefined);
      }
    }
    expect(isKeywardSecret(`kwc_${'a'.repeat(36)}`)).toBe(false);
  });

  it("the gitleaks rules' regexes match real generated tokens in text, and not look-alikes", () => {
    const rules = gitleaksRules();
    expect([...rules.keys()]).toEqual(['keyward-api-key', 'keyward-webhook-secret']);
    const apiKey = rules.get('keyward-api-key')!;
    const webhook = rules.get('keyward-webhook-secret')!;
    const matches = (rule: RegExp, text: string) => [...text.matchAll(rule)].map((m) => m[1]);
    for (const kind of KINDS) {
      for (let i = 0; i < 100; i++) {
        const token = generateSecret(kind);
        expect(matches(apiKey, `export KEYWARD_KEY="${token}"\n`)).toEqual([token]);
        expect(matches(apiKey, `key: ${token}`)).toEqual([token]);
        expect(matches(apiKey, `x${token}`)).toEqual([]); // glued to a word
        expect(matches(apiKey, `${token}x`)).toEqual([]); // one too long
        expect(matches(apiKey, token.slice(0, -1))).toEqual([]); // one too short
      }
    }
    expect(matches(apiKey, 'kwc_0123456789abcdefghijkl')).toEqual([]);
    for (let i = 0; i < 100; i++) {
      const secret = generateSigningSecret();
      expect(matches(webhook, `{"signingSecret":"${secret}"}`)).toEqual([secret]);
    }
  });
});
