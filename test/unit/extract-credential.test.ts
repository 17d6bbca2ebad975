import { extractCredential } from '../../src/auth/authenticate';
import { KeywardError } from '../../src/core/errors';

function rejection(headers: Record<string, string | string[]>): KeywardError {
  try {
    extractCredential(headers);
  } catch (error) {
    expect(error).toBeInstanceOf(KeywardError);
    expect((error as KeywardError).code).toBe('UNAUTHENTICATED');
    return error as KeywardError;
  }
  throw new Error('expected UNAUTHENTICATED');
}

const KEY = 'kwk_' + 'a'.repeat(36);

describe('extractCredential', () => {
  it('returns undefined when no credential is sent', () => {
    expect(extractCredential({})).toBeUndefined();
    expect(extractCredential({ cookie: 'a=b' })).toBeUndefined();
  });

  it('reads X-API-Key and Authorization: Bearer (any case, extra spaces)', () => {
    expect(extractCredential({ 'x-api-key': KEY })).toBe(KEY);
    expect(extractCredential({ 'x-api-key': `  ${KEY} ` })).toBe(KEY);
    expect(extractCredential({ authorization: `Bearer ${KEY}` })).toBe(KEY);
    expect(extractCredential({ authorization: `bearer   ${KEY}  ` })).toBe(KEY);
    expect(extractCredential({ authorization: `BEARER ${KEY}` })).toBe(KEY);
  });

  it('accepts the same key sent in both headers', () => {
    expect(extractCredential({ 'x-api-key': KEY, authorization: `Bearer ${KEY}` })).toBe(KEY);
  });

  it('rejects empty headers', () => {
    expect(rejection({ authorization: '' }).message).toBe('The Authorization header is empty');
    expect(rejection({ authorization: '   ' }).message).toBe('The Authorization header is empty');
    expect(rejection({ 'x-api-key': '' }).message).toBe('The X-API-Key header is empty');
    expect(rejection({ 'x-api-key': '  ' }).message).toBe('The X-API-Key header is empty');
  });

  it('rejects Bearer without a token', () => {
    expect(rejection({ authorization: 'Bearer' }).message).toContain('no token after "Bearer"');
    expect(rejection({ authorization: 'Bearer    ' }).message).toContain('no token after "Bearer"');
  });

  it('rejects other schemes', () => {
    expect(rejection({ authorization: 'Basic dXNlcjpwYXNz' }).message).toContain('Bearer');
    expect(rejection({ authorization: KEY }).message).toContain('Bearer');
  });

  it('rejects a huge credential without echoing it', () => {
    const huge = 'kwk_' + 'x'.repeat(100_000);
    const error = rejection({ 'x-api-key': huge });
    expect(error.message).toBe('The credential is too long');
    expect(rejection({ authorization: `Bearer ${huge}` }).message).toBe('The credential is too long');
    expect(extractCredential({ 'x-api-key': 'k'.repeat(4096) })).toHaveLength(4096);
  });

  it('rejects non-ASCII and control characters', () => {
    for (const bad of ['kwk_ключ', 'kwk_\u00e9t\u00e9', 'kwk_\u0000abc', 'kwk_🔑']) {
      expect(rejection({ 'x-api-key': bad }).message).toBe(
        'The credential contains characters no Keyward credential has',
      );
    }
  });

  it('rejects inner whitespace as several values', () => {
    for (const bad of ['kwk_a\tb', 'kwk_a b']) {
      expect(rejection({ 'x-api-key': bad }).message).toBe(
        'Send exactly one credential: the header holds several values or whitespace',
      );
    }
    expect(rejection({ authorization: 'Bearer kwk_a b' }).message).toBe(
      'Send exactly one credential: the header holds several values or whitespace',
    );
  });

  it('rejects two different keys', () => {
    expect(rejection({ 'x-api-key': KEY, authorization: 'Bearer kwk_other' }).message).toBe(
      'Send one credential: X-API-Key or Authorization, not both',
    );
    expect(rejection({ 'x-api-key': [KEY, 'kwk_other'] }).message).toBe('Send one X-API-Key header, not 2');
    expect(rejection({ authorization: [`Bearer ${KEY}`, 'Bearer x'] }).message).toBe(
      'Send one Authorization header, not 2',
    );
    // Node joins repeated X-API-Key headers into one value: "a, b".
    expect(rejection({ 'x-api-key': `${KEY}, kwk_other` }).message).toBe(
      'Send exactly one credential: the header holds several values or whitespace',
    );
  });
});
