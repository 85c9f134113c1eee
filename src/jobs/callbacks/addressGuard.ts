import { BlockList, isIP } from 'node:net';

/**
 * The SSRF guard for callback delivery. In operator mode a callback may not reach loopback,
 * private, link-local or other internal addresses unless an allow-list entry (a host name, an IP
 * or a CIDR) permits it. The check runs on the address DNS resolved to, at connect time, so a
 * name that resolves to an internal address (DNS rebinding) is refused too.
 */
const INTERNAL = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  // NAT64 and 6to4 carry an IPv4 address inside, which may be an internal one.
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['2002::', 16],
] as const) {
  INTERNAL.addSubnet(network, prefix, 'ipv6');
}

export interface AddressPolicy {
  /** Sandbox mode lets callbacks reach anything, localhost included. */
  allowInternal: boolean;
  /** Host names, IPs or CIDRs that may be reached even when internal. */
  allowList: string[];
}

export function parseAllowList(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim().toLowerCase())
    .filter(Boolean);
}

function family(address: string): 'ipv4' | 'ipv6' {
  return isIP(address) === 6 ? 'ipv6' : 'ipv4';
}

/** IPv4-mapped IPv6 (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function unmapped(address: string): string {
  const match = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return match ? match[1]! : address;
}

function allowListed(host: string, address: string, allowList: string[]): boolean {
  const ip = unmapped(address);
  for (const entry of allowList) {
    if (entry === host.toLowerCase() || entry === ip) return true;
    const [network, prefix] = entry.split('/');
    if (prefix && network && isIP(network)) {
      const list = new BlockList();
      list.addSubnet(network, Number(prefix), family(network));
      if (isIP(ip) && list.check(ip, family(ip))) return true;
    }
  }
  return false;
}

export function isInternalAddress(address: string): boolean {
  const ip = unmapped(address);
  return isIP(ip) !== 0 && INTERNAL.check(ip, family(ip));
}

/** Whether a connection from `host` (resolved to `address`) may be made. */
export function mayConnect(policy: AddressPolicy, host: string, address: string): boolean {
  if (policy.allowInternal || !isInternalAddress(address)) return true;
  return allowListed(host, address, policy.allowList);
}
