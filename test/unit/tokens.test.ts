import fc from 'fast-check';
import {
  generateClientId,
  generateSecret,
  hashSecret,
  isClientId,
  parseSecret,
  secretDisplay,
  SECRET_LENGTH,
} from '../../src/credentials/tokens';

const ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

describe('credential formats', () => {
  it.each([
    ['GRAPHQL', 'kwk_'],
    ['PERSONAL', 'kwp_'],
    ['REST_SECRET', 'kws_'],
  ] as const)('%s secrets carry the %s prefix, 30 random and 6 checksum characters, and parse back', (kind, prefix) => {
    const secret = generateSecret(kind);
    expect(secret.startsWith(prefix)).toBe(true);
    expect(secret).toHaveLength(SECRET_LENGTH);
    expect(secret).toMatch(/^kw[kps]_[0-9A-Za-z]{36}$/);
    expect(parseSecret(secret)).toBe(kind);
  });

  it('client ids are kwc_ + 22 base62 and are not secrets', () => {
    const id = generateClientId();
    expect(id).toMatch(/^kwc_[0-9A-Za-z]{22}$/);
    expect(isClientId(id)).toBe(true);
    expect(parseSecret(id)).toBeUndefined();
  });

  it('never repeats and uses the whole alphabet', () => {
    const secrets = Array.from({ length: 2000 }, () => generateSecret('GRAPHQL'));
    expect(new Set(secrets).size).toBe(secrets.length);
    const seen = new Set(secrets.map((s) => s.slice(4)).join(''));
    for (const ch of ALPHABET) expect(seen.has(ch)).toBe(true);
  });

  it('rejects any single-character change (checksum), without a lookup', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 4, max: SECRET_LENGTH - 1 }),
        fc.constantFrom(...ALPHABET),
        (index, replacement) => {
          const secret = generateSecret('GRAPHQL');
          fc.pre(secret[index] !== replacement);
          const mutated = secret.slice(0, index) + replacement + secret.slice(index + 1);
          expect(parseSecret(mutated)).toBeUndefined();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('never throws and never accepts arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 100 }), (s) => {
        expect(() => parseSecret(s)).not.toThrow();
        expect(parseSecret(s)).toBeUndefined();
      }),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(fc.constantFrom('kwk_', 'kwp_', 'kws_'), fc.stringMatching(/^[0-9A-Za-z]{36}$/), (prefix, body) => {
        // a random body matches its checksum with probability 62^-6 (~2e-11 per run)
        expect(parseSecret(prefix + body)).toBeUndefined();
      }),
      { numRuns: 2000 },
    );
  });

  it('stores only a SHA-256 hash and a display prefix/last4', () => {
    const secret = generateSecret('PERSONAL');
    expect(hashSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashSecret(secret)).not.toContain(secret.slice(4, 20));
    expect(secretDisplay(secret)).toEqual({ prefix: secret.slice(0, 12), last4: secret.slice(-4) });
  });
});
