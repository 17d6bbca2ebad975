/**
 * Property-based fuzzing (fast-check) of the parsers that face hostile input before any database
 * work: credential tokens, IP allowlist entries / CIDRs and the webhook SSRF guard. Properties are
 * checked against small independent reference implementations (numeric ranges), so a parser that
 * accepts too much or too little fails here with a shrunk counterexample.
 */
import fc from 'fast-check';
import net from 'node:net';
import { generateSecret, hashSecret, looksLikeSecret, parseSecret, SECRET_LENGTH } from '../../src/credentials/tokens';
import { compileIpAllowlist, normalizeIpAllowlist, parseIpAllowlistEntry } from '../../src/credentials/ip-allowlist';
import { blockedReason, checkUrlSyntax, resolveWebhookTarget, SsrfError } from '../../src/domain/webhooks/ssrf-guard';

// Hostile strings: full unicode, control characters, lone surrogates, very long, and near-misses.
const hostileString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({
    unit: fc.constantFrom(
      '\u0000',
      '\n',
      '\r',
      '\t',
      '\u202e',
      '\ufeff',
      '\ud800',
      '/',
      ':',
      '.',
      '%',
      '[',
      ']',
      '@',
      '0',
      'f',
      'x',
      ' ',
    ),
    maxLength: 60,
  }),
  fc.string({ minLength: 1000, maxLength: 20_000 }),
);

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255));
const v4Text = (o: number[]) => o.join('.');
const v4Int = (o: number[]) => ((o[0]! << 24) >>> 0) + (o[1]! << 16) + (o[2]! << 8) + o[3]!;
const ipv6 = fc.array(fc.nat(0xffff), { minLength: 8, maxLength: 8 });
const v6Text = (h: number[]) => h.map((x) => x.toString(16)).join(':');

describe('fuzz: credential tokens', () => {
  it('parseSecret never throws and accepts only the exact format with a matching checksum', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const kind = parseSecret(s);
        if (kind !== undefined) {
          expect(s).toMatch(/^kw[kps]_[0-9A-Za-z]{36}$/);
          expect(s).toHaveLength(SECRET_LENGTH);
        }
        expect(typeof looksLikeSecret(s)).toBe('boolean');
        expect(hashSecret(s)).toMatch(/^[0-9a-f]{64}$/);
      }),
      { numRuns: 1500 },
    );
  });

  it('a real secret with anything appended, prepended, truncated or case-flipped is rejected', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('GRAPHQL', 'PERSONAL', 'REST_SECRET' as const),
        fc.string({ minLength: 1, maxLength: 5 }),
        fc.nat(SECRET_LENGTH - 1),
        (kind, extra, cut) => {
          const secret = generateSecret(kind);
          expect(parseSecret(secret + extra)).toBeUndefined();
          expect(parseSecret(extra + secret)).toBeUndefined();
          expect(parseSecret(secret.slice(0, cut))).toBeUndefined();
          expect(parseSecret(` ${secret}`)).toBeUndefined();
          const swapped =
            secret.slice(0, 4) +
            [...secret.slice(4)].map((c) => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase())).join('');
          if (swapped !== secret) expect(parseSecret(swapped)).toBeUndefined();
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('fuzz: IP allowlist entries and CIDRs', () => {
  it('never throws on hostile strings; whatever it accepts is a real address and round-trips', () => {
    fc.assert(
      fc.property(hostileString, (s) => {
        const parsed = parseIpAllowlistEntry(s);
        if ('entry' in parsed) {
          expect(net.isIP(parsed.entry.address)).toBe(parsed.entry.family);
          expect(parsed.entry.prefixLength).toBeGreaterThanOrEqual(0);
          expect(parsed.entry.prefixLength).toBeLessThanOrEqual(parsed.entry.family === 4 ? 32 : 128);
          const again = parseIpAllowlistEntry(parsed.entry.text);
          expect('entry' in again && again.entry.text).toBe(parsed.entry.text);
        } else {
          expect(typeof parsed.error).toBe('string');
        }
        // A matcher built from anything never throws and never allows a non-address.
        expect(compileIpAllowlist([s]).allows('not-an-ip')).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('non-string entries (wrong types through JSON) are rejected, not thrown on', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer(), fc.constant(null), fc.constant(undefined), fc.object(), fc.boolean()),
        (value) => {
          expect('error' in parseIpAllowlistEntry(value as unknown as string)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('IPv4 CIDR matching agrees with integer arithmetic', () => {
    fc.assert(
      fc.property(ipv4, fc.nat(32), ipv4, (net4, prefix, probe) => {
        const matcher = compileIpAllowlist([`${v4Text(net4)}/${prefix}`]);
        const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
        const expected = (v4Int(net4) & mask) >>> 0 === (v4Int(probe) & mask) >>> 0;
        expect(matcher.allows(v4Text(probe))).toBe(expected);
        expect(matcher.allows(`::ffff:${v4Text(probe)}`)).toBe(expected);
        // The network address itself always matches its own CIDR.
        expect(matcher.allows(v4Text(net4))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('IPv6 CIDR matching agrees with BigInt arithmetic', () => {
    const big = (h: number[]) => h.reduce((acc, x) => (acc << 16n) | BigInt(x), 0n);
    fc.assert(
      fc.property(ipv6, fc.nat(128), ipv6, (net6, prefix, probe) => {
        fc.pre(!(net6.slice(0, 5).every((x) => x === 0) && net6[5] === 0xffff)); // mapped IPv4 is matched as IPv4
        fc.pre(!(probe.slice(0, 5).every((x) => x === 0) && probe[5] === 0xffff));
        const matcher = compileIpAllowlist([`${v6Text(net6)}/${prefix}`]);
        const shift = BigInt(128 - prefix);
        const expected = big(net6) >> shift === big(probe) >> shift;
        expect(matcher.allows(v6Text(probe))).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('a list with one bad entry anywhere is rejected naming that entry', () => {
    fc.assert(
      fc.property(
        fc.array(ipv4.map(v4Text), { maxLength: 10 }),
        fc.string({ maxLength: 20 }),
        fc.nat(),
        (good, bad, at) => {
          fc.pre('error' in parseIpAllowlistEntry(bad));
          const index = at % (good.length + 1);
          const list = [...good.slice(0, index), bad, ...good.slice(index)];
          expect(() =>
            normalizeIpAllowlist(list, (i, message) => {
              throw Object.assign(new Error(message), { index: i });
            }),
          ).toThrow(expect.objectContaining({ index }));
        },
      ),
      { numRuns: 500 },
    );
  });
});

// Reference: is an IPv4 address (as a 32-bit integer) in a non-public range?
const V4_REF: Array<[number, number]> = [
  [0x00000000, 8],
  [0x0a000000, 8],
  [0x64400000, 10],
  [0x7f000000, 8],
  [0xa9fe0000, 16],
  [0xac100000, 12],
  [0xc0000000, 24],
  [0xc0000200, 24],
  [0xc0586300, 24],
  [0xc0a80000, 16],
  [0xc6120000, 15],
  [0xc6336400, 24],
  [0xcb007100, 24],
  [0xe0000000, 4],
  [0xf0000000, 4],
];
const refBlocked4 = (n: number) => V4_REF.some(([base, prefix]) => n >>> (32 - prefix) === base >>> (32 - prefix));

/** Spellings of one IPv4 address in a URL host that the WHATWG parser folds back to dotted quad. */
function urlSpellings(o: number[]): string[] {
  const n = v4Int(o);
  const hi = (o[0]! << 8) | o[1]!;
  const lo = (o[2]! << 8) | o[3]!;
  return [
    v4Text(o),
    String(n),
    `0x${n.toString(16)}`,
    `0${n.toString(8)}`,
    o.map((x) => `0x${x.toString(16)}`).join('.'),
    o.map((x) => `0${x.toString(8)}`).join('.'),
    `${o[0]}.${(o[1]! << 16) + (o[2]! << 8) + o[3]!}`,
    `${v4Text(o)}.`,
    `[::ffff:${v4Text(o)}]`,
    `[::ffff:${hi.toString(16)}:${lo.toString(16)}]`,
    `[64:ff9b::${v4Text(o)}]`,
  ];
}

describe('fuzz: webhook URL validation and SSRF guard', () => {
  const strict = { allowPrivate: false, requireHttps: false };

  it('blockedReason on IPv4 agrees with the reference ranges', () => {
    fc.assert(
      fc.property(ipv4, (o) => {
        const n = v4Int(o);
        const expected = refBlocked4(n) || n === 0xffffffff;
        expect(blockedReason(v4Text(o)) !== null).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });

  it('an address in a blocked range is refused in every spelling (decimal, hex, octal, short, mapped, NAT64, 6to4)', () => {
    const blockedV4 = fc.constantFrom(...V4_REF).chain(([base, prefix]) =>
      fc.nat(prefix === 32 ? 0 : 2 ** (32 - prefix) - 1).map((offset) => {
        const n = (base + offset) >>> 0;
        return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
      }),
    );
    fc.assert(
      fc.property(
        blockedV4,
        fc.constantFrom('http', 'https', 'HTTP'),
        fc.constantFrom('', ':80', ':8080', ':443'),
        fc.constantFrom('/', '/hook?x=1', '/#frag', '/%2e%2e/'),
        (o, scheme, port, path) => {
          for (const host of urlSpellings(o)) {
            const result = checkUrlSyntax(`${scheme}://${host}${port}${path}`, strict);
            expect({ host, refused: 'reason' in result }).toEqual({ host, refused: true });
          }
          const hi = (o[0]! << 8) | o[1]!;
          const lo = (o[2]! << 8) | o[3]!;
          expect(blockedReason(`2002:${hi.toString(16)}:${lo.toString(16)}::1`)).not.toBeNull();
        },
      ),
      { numRuns: 600 },
    );
  });

  it('checkUrlSyntax never throws; what it accepts is http(s), has a host, no credentials, and no literal non-public IP', () => {
    const urlish = fc.oneof(
      hostileString,
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc
        .tuple(
          fc.constantFrom('http://', 'https://', 'ftp://', 'javascript:', 'file://', '//', 'http:/', 'http:\\\\'),
          hostileString,
        )
        .map(([a, b]) => a + b),
      fc
        .tuple(
          fc.constantFrom('http://', 'https://'),
          fc.oneof(
            ipv4.map(v4Text),
            ipv6.map((h) => `[${v6Text(h)}]`),
          ),
          fc.string({ maxLength: 20 }),
        )
        .map(([a, b, c]) => a + b + c),
    );
    fc.assert(
      fc.property(urlish, (raw) => {
        const result = checkUrlSyntax(raw, strict);
        if ('url' in result) {
          expect(['http:', 'https:']).toContain(result.url.protocol);
          expect(result.url.hostname).not.toBe('');
          expect(result.url.username + result.url.password).toBe('');
          const host = result.url.hostname.replace(/^\[|\]$/g, '');
          if (net.isIP(host)) expect(blockedReason(host)).toBeNull();
        } else {
          expect(typeof result.reason).toBe('string');
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('regression: local host names are refused with a trailing dot too (localhost., *.internal., any case)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(
          'localhost',
          'LocalHost',
          'api.localhost',
          'localhost.localdomain',
          'metadata.google.internal',
          'db.internal',
          'printer.local',
        ),
        fc.integer({ min: 0, max: 3 }),
        (name, dots) => {
          const result = checkUrlSyntax(`http://${name}${'.'.repeat(dots)}/hook`, strict);
          if (!('reason' in result)) throw new Error(`accepted ${name}${'.'.repeat(dots)}`);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('a host name that resolves to any blocked address (even one among public ones) is refused; nothing but SsrfError is thrown', async () => {
    const blockedAddress = fc.oneof(
      fc
        .constantFrom(...V4_REF)
        .map(([base]) => v4Text([base >>> 24, (base >>> 16) & 255, (base >>> 8) & 255, (base & 255) + 1])),
      fc.constantFrom(
        '::1',
        '::',
        'fe80::1',
        'fd00::5',
        'fc00::1',
        '::ffff:127.0.0.1',
        '64:ff9b::a00:1',
        'fd00:ec2::254',
        'ff02::1',
        '169.254.169.254',
      ),
    );
    const publicAddress = fc.constantFrom('8.8.8.8', '1.1.1.1', '2606:4700:4700::1111');
    const hostname = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}(\.[a-z][a-z0-9-]{0,10}){1,3}$/);
    await fc.assert(
      fc.asyncProperty(
        hostname,
        fc.array(publicAddress, { maxLength: 3 }),
        blockedAddress,
        fc.nat(),
        async (host, publics, bad, at) => {
          fc.pre(!/\.(localhost|local|internal)$/.test(host));
          const list: string[] = [...publics];
          list.splice(at % (list.length + 1), 0, bad);
          const resolver = async () => list.map((address) => ({ address, family: net.isIP(address) }));
          await expect(resolveWebhookTarget(`https://${host}/hook`, strict, resolver)).rejects.toBeInstanceOf(
            SsrfError,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
