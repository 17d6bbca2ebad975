import {
  compileIpAllowlist,
  MAX_IP_ALLOWLIST_ENTRIES,
  normalizeIpAllowlist,
  parseIpAllowlistEntry,
} from '../../src/credentials/ip-allowlist';

const ipAllowed = (entries: readonly string[], ip: string) => compileIpAllowlist(entries).allows(ip);

const fail = (index: number | null, message: string): never => {
  throw Object.assign(new Error(message), { index });
};

describe('IP allowlist parsing', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    [' 10.0.0.0/8 ', '10.0.0.0/8'],
    ['0.0.0.0/0', '0.0.0.0/0'],
    ['::1', '::1'],
    ['2001:DB8::/32', '2001:db8::/32'],
    ['::/0', '::/0'],
    ['::ffff:192.0.2.1', '::ffff:192.0.2.1'],
  ])('accepts %s as %s', (raw, text) => {
    const parsed = parseIpAllowlistEntry(raw);
    expect('entry' in parsed && parsed.entry.text).toBe(text);
  });

  it.each([
    '',
    '   ',
    '10.0.0.256',
    '10.0.0',
    '10.0.0.0/33',
    '10.0.0.0/-1',
    '10.0.0.0/',
    '10.0.0.0/8/8',
    '10.0.0.0/ 8',
    '2001:db8::/129',
    'fe80::1%eth0',
    'example.com',
    'localhost',
    '1.2.3.4 5.6.7.8',
    '0x7f.0.0.1',
  ])('rejects %j', (raw) => {
    expect('error' in parseIpAllowlistEntry(raw)).toBe(true);
  });

  it('normalizes a list, removes duplicates, names the first bad entry', () => {
    expect(normalizeIpAllowlist(['10.0.0.1', '10.0.0.1 ', '::1'], fail)).toEqual(['10.0.0.1', '::1']);
    expect(() => normalizeIpAllowlist(['10.0.0.1', '::1', 'nope'], fail)).toThrow(
      expect.objectContaining({ index: 2, message: expect.stringContaining('entry 3') }),
    );
    expect(() =>
      normalizeIpAllowlist(
        Array.from({ length: MAX_IP_ALLOWLIST_ENTRIES + 1 }, (_, i) => `10.0.${Math.floor(i / 250)}.${i % 250}`),
        fail,
      ),
    ).toThrow(expect.objectContaining({ index: null }));
  });
});

describe('IP allowlist matching', () => {
  const matcher = compileIpAllowlist(['10.0.0.0/8', '192.0.2.7', '2001:db8::/32']);
  it.each([
    ['10.1.2.3', true],
    ['11.0.0.1', false],
    ['192.0.2.7', true],
    ['192.0.2.8', false],
    ['::ffff:10.9.9.9', true],
    ['::FFFF:192.0.2.8', false],
    ['2001:db8:1::5', true],
    ['2001:db9::1', false],
    ['not-an-ip', false],
    ['', false],
  ])('%s → %s', (ip, allowed) => {
    expect(matcher.allows(ip)).toBe(allowed);
  });

  it('an empty list allows any address; invalid stored entries match nothing', () => {
    expect(ipAllowed([], '203.0.113.1')).toBe(true);
    expect(ipAllowed(['garbage'], '203.0.113.1')).toBe(false);
    expect(ipAllowed(['0.0.0.0/0'], '203.0.113.1')).toBe(true);
    expect(ipAllowed(['::/0'], '2001:db8::1')).toBe(true);
  });

  it('regression: an IPv6 entry such as ::/0 admits IPv6 clients only, not IPv4 ones (plain or IPv4-mapped)', () => {
    expect(ipAllowed(['::/0'], '203.0.113.1')).toBe(false);
    expect(ipAllowed(['::/0'], '::ffff:203.0.113.1')).toBe(false);
    expect(ipAllowed(['::/0', '0.0.0.0/0'], '203.0.113.1')).toBe(true);
    expect(ipAllowed(['2001:db8::/32'], '::ffff:203.0.113.1')).toBe(false);
    // entries written in the IPv4-mapped range name IPv4 addresses and match them
    expect(ipAllowed(['::ffff:203.0.113.0/120'], '203.0.113.9')).toBe(true);
    expect(ipAllowed(['::ffff:203.0.113.0/120'], '::ffff:203.0.113.9')).toBe(true);
    expect(ipAllowed(['::ffff:203.0.113.0/120'], '203.0.114.9')).toBe(false);
    expect(ipAllowed(['::ffff:203.0.113.7'], '203.0.113.7')).toBe(true);
    // and IPv4 entries keep matching IPv4-mapped clients
    expect(ipAllowed(['203.0.113.0/24'], '::ffff:203.0.113.5')).toBe(true);
  });
});
