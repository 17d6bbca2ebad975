import { BlockList, isIP } from 'node:net';

/**
 * IP allowlists of keys (docs/design.md §5): each entry an IPv4/IPv6 address or a CIDR; empty = any.
 * `parseIpAllowlistEntry` validates and normalizes one entry; `compileIpAllowlist` builds a
 * matcher (node:net BlockList) that request authentication can keep next to a cached key.
 */
export interface IpAllowlistEntry {
  family: 4 | 6;
  /** The address part, as written (trimmed). */
  address: string;
  /** Prefix length; 32/128 for a single address. */
  prefixLength: number;
  /** Canonical text: the address, or `address/prefix` for a subnet. */
  text: string;
}

export const MAX_IP_ALLOWLIST_ENTRIES = 100;

const PREFIX_DIGITS = /^\d{1,3}$/;
const IPV4_MAPPED = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** The parsed entry, or a reason why it is not a valid address or CIDR. */
export function parseIpAllowlistEntry(raw: string): { entry: IpAllowlistEntry } | { error: string } {
  const value = typeof raw === 'string' ? raw.trim() : '';
  if (!value) return { error: 'an empty entry is not an IP address or CIDR' };
  if (value.length > 64) return { error: 'the entry is too long for an IP address or CIDR' };
  const slash = value.indexOf('/');
  const address = slash === -1 ? value : value.slice(0, slash);
  if (address.includes('%')) return { error: `"${value}": zone ids are not allowed` };
  const family = isIP(address);
  if (family !== 4 && family !== 6) return { error: `"${value}" is not a valid IPv4/IPv6 address or CIDR` };
  const max = family === 4 ? 32 : 128;
  if (slash === -1) return { entry: { family, address, prefixLength: max, text: address.toLowerCase() } };
  const prefix = value.slice(slash + 1);
  if (!PREFIX_DIGITS.test(prefix) || Number(prefix) > max) {
    return { error: `"${value}": the prefix length must be a number from 0 to ${max}` };
  }
  const prefixLength = Number(prefix);
  return { entry: { family, address, prefixLength, text: `${address.toLowerCase()}/${prefixLength}` } };
}

/**
 * Validates a whole list; `onError(index, message)` is called for the first bad entry (callers
 * throw `badInput(\`input.ipAllowlist[${index}]\`, …)`). Returns the canonical texts, duplicates removed.
 */
export function normalizeIpAllowlist(
  entries: readonly string[],
  onError: (index: number | null, message: string) => never,
): string[] {
  if (entries.length > MAX_IP_ALLOWLIST_ENTRIES)
    onError(null, `At most ${MAX_IP_ALLOWLIST_ENTRIES} entries are allowed`);
  const out: string[] = [];
  entries.forEach((raw, index) => {
    const parsed = parseIpAllowlistEntry(raw);
    if ('error' in parsed) onError(index, `IP allowlist entry ${index + 1}: ${parsed.error}`);
    else if (!out.includes(parsed.entry.text)) out.push(parsed.entry.text);
  });
  return out;
}

export interface IpMatcher {
  /** True when the list is empty (any address) or the address matches an entry. */
  allows(ip: string): boolean;
}

const ANY: IpMatcher = { allows: () => true };

/** The IPv4-mapped range ::ffff:0:0/96: IPv6 entries inside it name IPv4 addresses. */
const MAPPED_RANGE = new BlockList();
MAPPED_RANGE.addSubnet('::ffff:0:0', 96, 'ipv6');

function add(list: BlockList, entry: IpAllowlistEntry): void {
  const type = entry.family === 4 ? 'ipv4' : 'ipv6';
  if (entry.prefixLength === (entry.family === 4 ? 32 : 128)) list.addAddress(entry.address, type);
  else list.addSubnet(entry.address, entry.prefixLength, type);
}

/**
 * A matcher for stored (already validated) entries; invalid entries are ignored (fail closed: they
 * match nothing). IPv4 clients (also as `::ffff:a.b.c.d`) match IPv4 entries and IPv6 entries
 * within ::ffff:0:0/96 only: `::/0` means "every IPv6 client", not every client (node:net's
 * BlockList alone would let it admit all of IPv4); to admit everyone, list `0.0.0.0/0` too.
 */
export function compileIpAllowlist(entries: readonly string[]): IpMatcher {
  if (entries.length === 0) return ANY;
  const v4 = new BlockList();
  const v6 = new BlockList();
  for (const raw of entries) {
    const parsed = parseIpAllowlistEntry(raw);
    if ('error' in parsed) continue;
    const entry = parsed.entry;
    if (entry.family === 4 || (entry.prefixLength >= 96 && MAPPED_RANGE.check(entry.address, 'ipv6'))) add(v4, entry);
    if (entry.family === 6) add(v6, entry);
  }
  return {
    allows(ip: string): boolean {
      const value = ip.trim();
      const mapped = IPV4_MAPPED.exec(value);
      const address = mapped ? mapped[1]! : value;
      const family = isIP(address);
      if (family === 4) return v4.check(address, 'ipv4');
      return family === 6 && v6.check(address, 'ipv6');
    },
  };
}
