import {
  blockedReason,
  checkUrlSyntax,
  resolveWebhookTarget,
  type Resolver,
} from '../../src/domain/webhooks/ssrf-guard';

const strict = { allowPrivate: false, requireHttps: false };

describe('SSRF guard: addresses', () => {
  const blocked: Array<[string, RegExp]> = [
    ['127.0.0.1', /loopback/],
    ['127.255.255.254', /loopback/],
    ['10.0.0.1', /private/],
    ['172.16.5.4', /private/],
    ['172.31.255.255', /private/],
    ['192.168.1.1', /private/],
    ['100.64.0.1', /CGNAT/],
    ['100.127.255.254', /CGNAT/],
    ['169.254.1.1', /link-local/],
    ['169.254.169.254', /metadata/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.251', /multicast/],
    ['239.255.255.250', /multicast/],
    ['255.255.255.255', /reserved|broadcast/],
    ['240.0.0.1', /reserved/],
    ['192.0.2.10', /documentation/],
    ['198.18.0.1', /benchmarking/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['::ffff:127.0.0.1', /loopback/],
    ['::ffff:7f00:1', /loopback/],
    ['::ffff:10.1.2.3', /private/],
    ['::ffff:169.254.169.254', /metadata/],
    ['::127.0.0.1', /IPv4-compatible|loopback/],
    ['64:ff9b::7f00:1', /loopback/],
    ['2002:c0a8:0101::1', /private/],
    ['fc00::1', /unique local/],
    ['fd12:3456::1', /unique local/],
    ['fd00:ec2::254', /metadata/],
    ['fe80::1', /link-local/],
    ['fe80::1%eth0', /link-local/],
    ['fec0::1', /site-local/],
    ['ff02::1', /multicast/],
    ['2001:db8::1', /documentation/],
    ['FE80::ABCD', /link-local/],
  ];
  it.each(blocked)('refuses %s', (address, reason) => {
    expect(blockedReason(address)).toMatch(reason);
  });

  const allowed = [
    '8.8.8.8',
    '1.1.1.1',
    '93.184.215.14',
    '172.32.0.1',
    '100.128.0.1',
    '169.255.0.1',
    '::ffff:8.8.8.8',
    '2606:4700:4700::1111',
    '2a00:1450:4001:82a::200e',
    '2002:0808:0808::1',
  ];
  it.each(allowed)('allows public %s', (address) => {
    expect(blockedReason(address)).toBeNull();
  });
});

describe('SSRF guard: every IPv6 form that embeds an IPv4 address', () => {
  const hex = (v4: string) => {
    const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
    return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
  };
  /** IPv6 spellings of an IPv4 address, per embedding (RFC 4291, 2765, 6052, 8215, 3056, 4380). */
  const forms: Array<[string, (v4: string) => string]> = [
    ['IPv4-mapped dotted', (v4) => `::ffff:${v4}`],
    ['IPv4-mapped hex', (v4) => `::ffff:${hex(v4).join(':')}`],
    ['IPv4-compatible', (v4) => `::${v4}`],
    ['IPv4-translated', (v4) => `::ffff:0:${v4}`],
    ['IPv4-translated hex', (v4) => `::ffff:0:${hex(v4).join(':')}`],
    ['NAT64 64:ff9b::/96', (v4) => `64:ff9b::${v4}`],
    ['NAT64 local-use 64:ff9b:1::/48', (v4) => `64:ff9b:1::${hex(v4).join(':')}`],
    [
      'NAT64 local-use, RFC 6052 /48 layout',
      (v4) => {
        const [hi, lo] = hex(v4).map((x) => parseInt(x, 16)) as [number, number];
        return `64:ff9b:1:${hi.toString(16)}:${(lo >> 8).toString(16)}:${((lo & 255) << 8).toString(16)}::`;
      },
    ],
    ['6to4 2002::/16', (v4) => `2002:${hex(v4).join(':')}::1`],
    ['Teredo 2001::/32 (server)', (v4) => `2001:0:${hex(v4).join(':')}::1`],
    [
      'Teredo 2001::/32 (client, obfuscated)',
      (v4) =>
        `2001:0:4136:e378:8000:63bf:${hex(v4)
          .map((x) => (0xffff ^ parseInt(x, 16)).toString(16))
          .join(':')}`,
    ],
  ];
  const targets = ['127.0.0.1', '10.0.0.1', '192.168.1.1', '169.254.169.254', '100.100.100.200', '0.0.0.0'];
  it.each(forms.flatMap(([form, spell]) => targets.map((v4) => [form, v4, spell(v4)] as const)))(
    '%s of %s (%s) is refused, literal and in a URL',
    (_form, _v4, address) => {
      expect(blockedReason(address)).not.toBeNull();
      expect(checkUrlSyntax(`http://[${address}]/hook`, strict)).toEqual({
        reason: expect.stringMatching(/non-public address/),
      });
    },
  );

  it('regression: the IPv4-translated and local-use NAT64 forms from the review are refused', () => {
    expect(blockedReason('::ffff:0:127.0.0.1')).toMatch(/loopback/);
    expect(blockedReason('64:ff9b:1::7f00:1')).toMatch(/NAT64/);
  });

  it('still allows public IPv4 through the translating forms that reach the internet', () => {
    for (const address of ['::ffff:0:8.8.8.8', '64:ff9b::8.8.8.8', '2002:808:808::1'])
      expect(blockedReason(address)).toBeNull();
  });
});

describe('SSRF guard: URLs', () => {
  const refused: Array<[string, RegExp]> = [
    ['http://127.0.0.1/', /loopback/],
    ['http://2130706433/', /loopback/], // decimal
    ['http://0x7f000001/', /loopback/], // hex
    ['http://0x7f.0.0.1/', /loopback/],
    ['http://0177.0.0.1/', /loopback/], // octal
    ['http://017700000001/', /loopback/],
    ['http://127.1/', /loopback/], // short form
    ['http://0/', /unspecified/],
    ['http://[::1]:8080/', /loopback/],
    ['http://[::ffff:127.0.0.1]/', /loopback/],
    ['http://[::ffff:a9fe:a9fe]/', /metadata/],
    ['http://169.254.169.254/latest/meta-data/', /metadata/],
    ['http://[fd00:ec2::254]/', /metadata/],
    ['http://0xa9.0xfe.0xa9.0xfe/', /metadata/],
    ['http://localhost:3000/', /local host name/],
    ['http://api.localhost/', /local host name/],
    ['http://metadata.google.internal/', /local host name/],
    ['ftp://example.com/', /http or https/],
    ['file:///etc/passwd', /http or https/],
    ['not a url', /not a valid URL/],
    ['http://user:pass@example.com/', /credentials/],
  ];
  it.each(refused)('refuses %s', (url, reason) => {
    const result = checkUrlSyntax(url, strict);
    expect('reason' in result && result.reason).toMatch(reason);
  });

  it('accepts public http(s) URLs, and requires https in production', () => {
    expect('url' in checkUrlSyntax('https://hooks.example.com/keyward', strict)).toBe(true);
    expect('url' in checkUrlSyntax('http://hooks.example.com/keyward', strict)).toBe(true);
    const prod = checkUrlSyntax('http://hooks.example.com/keyward', { allowPrivate: false, requireHttps: true });
    expect('reason' in prod && prod.reason).toMatch(/https/);
  });

  it('allows private targets only with allowPrivate', () => {
    expect('url' in checkUrlSyntax('http://127.0.0.1:8080/', { allowPrivate: true, requireHttps: false })).toBe(true);
  });

  it('checks every resolved address and pins the first', async () => {
    const resolver =
      (addresses: string[]): Resolver =>
      async () =>
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
    await expect(
      resolveWebhookTarget('https://rebind.example/', strict, resolver(['93.184.215.14', '10.0.0.1'])),
    ).rejects.toThrow(/private/);
    await expect(resolveWebhookTarget('https://v6.example/', strict, resolver(['::ffff:127.0.0.1']))).rejects.toThrow(
      /loopback/,
    );
    const pinned = await resolveWebhookTarget(
      'https://ok.example/x',
      strict,
      resolver(['93.184.215.14', '2606:4700::1']),
    );
    expect(pinned).toMatchObject({ address: '93.184.215.14', family: 4 });
    await expect(
      resolveWebhookTarget('https://nx.example/', strict, async () => {
        throw Object.assign(new Error('nx'), { code: 'ENOTFOUND' });
      }),
    ).rejects.toThrow(/does not resolve/);
  });
});
