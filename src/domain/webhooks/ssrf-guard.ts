import dns from 'node:dns';
import net from 'node:net';

/**
 * SSRF guard for webhook URLs (docs/design.md §7). A URL is refused when its host is, or resolves to, an
 * address that is not public unicast: loopback, private, link-local, CGNAT, multicast, unspecified,
 * documentation/benchmark/reserved ranges and cloud metadata endpoints — for IPv4 and IPv6, including
 * IPv4-mapped/-compatible IPv6, NAT64 and 6to4 embeddings. Decimal, hex and octal IPv4 spellings are
 * normalized by the WHATWG URL parser before the check. At delivery the host is resolved once, every
 * address checked, and the request pinned to the checked address (no second lookup to rebind).
 */

const V4_BLOCKED: Array<[string, number, string]> = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'CGNAT'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.88.99.0', 24, '6to4 relay'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

const V6_BLOCKED: Array<[string, number, string]> = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'IPv4-compatible'],
  ['64:ff9b:1::', 48, 'local-use NAT64 (RFC 8215)'],
  ['100::', 64, 'discard'],
  ['2001::', 23, 'IETF protocol assignments'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique local (private)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

const METADATA = new Set(['169.254.169.254', '169.254.170.2', '100.100.100.200', 'fd00:ec2::254']);

const v4List = new net.BlockList();
for (const [address, prefix] of V4_BLOCKED) v4List.addSubnet(address, prefix, 'ipv4');
const v6List = new net.BlockList();
for (const [address, prefix] of V6_BLOCKED) v6List.addSubnet(address, prefix, 'ipv6');

/** The 8 hextets of an IPv6 address (accepts an embedded dotted quad), or null. */
export function ipv6Hextets(address: string): number[] | null {
  let text = address.toLowerCase().replace(/%.*$/, '');
  if (net.isIPv6(text) === false) return null;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (dotted) {
    const parts = dotted[1]!.split('.').map(Number);
    text =
      text.slice(0, -dotted[1]!.length) +
      `${((parts[0]! << 8) | parts[1]!).toString(16)}:${((parts[2]! << 8) | parts[3]!).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const headParts = head ? head.split(':') : [];
  const tailParts = tail ? tail.split(':') : [];
  const missing = 8 - headParts.length - tailParts.length;
  if (tail === undefined && missing !== 0) return null;
  const parts = [...headParts, ...Array(tail === undefined ? 0 : missing).fill('0'), ...tailParts];
  return parts.map((p) => parseInt(p, 16));
}

const v4FromWord = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address embedded in an IPv4-mapped (::ffff:0:0/96), IPv4-translated (::ffff:0:0:0/96,
 * RFC 2765), NAT64 (64:ff9b::/96) or 6to4 (2002::/16) IPv6 address. IPv4-compatible (::/96), Teredo
 * (2001::/32) and local-use NAT64 (64:ff9b:1::/48) are refused as whole ranges instead.
 */
export function embeddedIPv4(address: string): string | null {
  const h = ipv6Hextets(address);
  if (!h) return null;
  if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff) return v4FromWord(h[6]!, h[7]!); // ::ffff:a.b.c.d
  // ::ffff:0:a.b.c.d
  if (h.slice(0, 4).every((x) => x === 0) && h[4] === 0xffff && h[5] === 0) return v4FromWord(h[6]!, h[7]!);
  if (h[0] === 0x64 && h[1] === 0xff9b && h.slice(2, 6).every((x) => x === 0)) return v4FromWord(h[6]!, h[7]!); // NAT64
  if (h[0] === 0x2002) return v4FromWord(h[1]!, h[2]!); // 6to4
  return null;
}

/** Why an IP address may not be reached, or null when it is public. */
export function blockedReason(address: string): string | null {
  const ip = address.replace(/^\[|\]$/g, '');
  const family = net.isIP(ip.replace(/%.*$/, ''));
  if (family === 4) {
    if (METADATA.has(ip)) return 'cloud metadata';
    for (const [base, prefix, reason] of V4_BLOCKED) {
      const one = new net.BlockList();
      one.addSubnet(base, prefix, 'ipv4');
      if (one.check(ip, 'ipv4')) return reason;
    }
    if (ip === '255.255.255.255') return 'broadcast';
    return null;
  }
  if (family === 6) {
    const clean = ip.replace(/%.*$/, '').toLowerCase();
    const h = ipv6Hextets(clean);
    if (!h) return 'malformed';
    const canonical = h.map((x) => x.toString(16)).join(':');
    if (METADATA.has(clean) || canonical === 'fd00:ec2:0:0:0:0:0:254') return 'cloud metadata';
    const v4 = embeddedIPv4(clean);
    if (v4) {
      const inner = blockedReason(v4);
      if (inner) return `${inner} (IPv4 embedded in IPv6)`;
      if (h[0] !== 0x2002) return null;
    }
    if (h.slice(0, 5).every((x) => x === 0) && h[5] === 0xffff) return null; // mapped public IPv4
    if (!v6List.check(canonical, 'ipv6')) return null;
    for (const [base, prefix, reason] of V6_BLOCKED) {
      const one = new net.BlockList();
      one.addSubnet(base, prefix, 'ipv6');
      if (one.check(canonical, 'ipv6')) return reason;
    }
    return 'reserved';
  }
  return 'not an IP address';
}

export function isBlockedAddress(address: string): boolean {
  return blockedReason(address) !== null;
}

/** Appended to every refusal of a non-public target: the operator's switch for development and tests. */
const ALLOW_PRIVATE_HINT = '; set KEYWARD_WEBHOOK_ALLOW_PRIVATE=true to allow it (development and tests only)';

export interface UrlCheckOptions {
  allowPrivate: boolean;
  requireHttps: boolean;
}

/** Syntactic checks (scheme, host literal); returns the parsed URL or a reason. */
export function checkUrlSyntax(raw: string, options: UrlCheckOptions): { url: URL } | { reason: string } {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { reason: 'is not a valid URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { reason: 'must use http or https' };
  if (options.requireHttps && url.protocol !== 'https:') return { reason: 'must use https' };
  if (!url.hostname) return { reason: 'must name a host' };
  if (url.username || url.password) return { reason: 'must not carry credentials' };
  if (options.allowPrivate) return { url };
  // A trailing dot (`localhost.`, `metadata.google.internal.`) names the same host: check without it.
  const host = url.hostname.replace(/^\[|\]$/g, '').replace(/\.+$/, '');
  if (net.isIP(host)) {
    const reason = blockedReason(host);
    if (reason) return { reason: `points to a non-public address (${reason})${ALLOW_PRIVATE_HINT}` };
  } else if (
    /^(localhost|localhost\.localdomain)$/i.test(host) ||
    /\.(localhost|local|internal)$/i.test(host) ||
    host === 'metadata.google.internal'
  ) {
    return { reason: `points to a local host name${ALLOW_PRIVATE_HINT}` };
  }
  return { url };
}

export interface ResolvedTarget {
  url: URL;
  /** The checked address the request must connect to. */
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

const systemResolver: Resolver = (hostname) => dns.promises.lookup(hostname, { all: true, verbatim: true });

/**
 * Resolves the URL's host and checks every address; the first one is pinned. Throws an Error whose
 * message says why the URL is refused.
 */
export async function resolveWebhookTarget(
  raw: string,
  options: UrlCheckOptions,
  resolver: Resolver = systemResolver,
): Promise<ResolvedTarget> {
  const checked = checkUrlSyntax(raw, options);
  if ('reason' in checked) throw new SsrfError(`URL ${checked.reason}`);
  const url = checked.url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const literal = net.isIP(host);
  if (literal) return { url, address: host, family: literal as 4 | 6 };
  let addresses: Array<{ address: string; family: number }>;
  try {
    addresses = await resolver(host);
  } catch (error) {
    throw new SsrfError(`host ${host} does not resolve (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (addresses.length === 0) throw new SsrfError(`host ${host} does not resolve`);
  if (!options.allowPrivate) {
    for (const { address } of addresses) {
      const reason = blockedReason(address);
      if (reason) throw new SsrfError(`host ${host} resolves to a non-public address (${reason})${ALLOW_PRIVATE_HINT}`);
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}

export class SsrfError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SsrfError';
  }
}
