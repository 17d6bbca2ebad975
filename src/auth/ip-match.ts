import { BlockList, isIP } from 'node:net';

/**
 * Compiled IP allowlist (addresses and CIDRs, IPv4 and IPv6) for the verify path. Minimal on
 * purpose: input validation of allowlist entries belongs to the key-management side
 * (src/auth/ip-allowlist.ts); an entry that does not parse here matches nothing (fail closed).
 */
export class IpMatcher {
  private readonly list = new BlockList();
  readonly empty: boolean;

  constructor(entries: readonly string[]) {
    this.empty = entries.length === 0;
    for (const raw of entries) {
      const entry = raw.trim();
      const slash = entry.indexOf('/');
      const address = slash === -1 ? entry : entry.slice(0, slash);
      const family = isIP(address);
      if (family === 0) continue;
      const type = family === 4 ? 'ipv4' : 'ipv6';
      if (slash === -1) {
        this.list.addAddress(address, type);
        continue;
      }
      const prefix = Number(entry.slice(slash + 1));
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) continue;
      this.list.addSubnet(address, prefix, type);
    }
  }

  /** True when the list is empty (any address) or the address is in it. IPv4-mapped IPv6 is unwrapped. */
  allows(ip: string): boolean {
    if (this.empty) return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    const address = mapped ? mapped[1]! : ip;
    const family = isIP(address);
    if (family === 0) return false;
    return this.list.check(address, family === 4 ? 'ipv4' : 'ipv6');
  }
}
