/**
 * Where a webhook may not go. A lender chooses its endpoint URL, so without a guard anyone with an
 * API key could make Callwise POST to the machines around it: its database, a cloud metadata
 * service (169.254.169.254, or fd00:ec2::254 on AWS), an admin port on loopback. The guard refuses
 * every address that is not public unicast, and it checks the address a connection is actually
 * made to (`guardedLookup`), not one resolved earlier: a name that resolved to a public address at
 * registration may resolve to a private one at send time (DNS rebinding).
 */
import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

const LOOPBACK = 'a loopback address';

interface Rule {
  readonly reason: string;
  readonly subnets: readonly string[];
}

/** First match wins, so a narrow range comes before the wider one that holds it. */
const IPV4_RULES: readonly Rule[] = [
  { reason: 'an unspecified address', subnets: ['0.0.0.0/8'] },
  { reason: LOOPBACK, subnets: ['127.0.0.0/8'] },
  { reason: 'a private address', subnets: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'] },
  { reason: 'a shared (carrier-grade NAT) address', subnets: ['100.64.0.0/10'] },
  { reason: 'a link-local address', subnets: ['169.254.0.0/16'] },
  { reason: 'an IETF protocol address', subnets: ['192.0.0.0/24'] },
  { reason: 'a documentation address', subnets: ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24'] },
  { reason: 'a benchmarking address', subnets: ['198.18.0.0/15'] },
  // The deprecated 6to4 relay anycast (RFC 7526).
  { reason: 'a reserved address', subnets: ['192.88.99.0/24'] },
  { reason: 'a multicast address', subnets: ['224.0.0.0/4'] },
  { reason: 'a broadcast address', subnets: ['255.255.255.255/32'] },
  { reason: 'a reserved address', subnets: ['240.0.0.0/4'] },
];

/** IPv4-mapped (::ffff:0:0/96) and NAT64 (64:ff9b::/96) addresses are judged before these. */
const IPV6_RULES: readonly Rule[] = [
  { reason: 'an unspecified address', subnets: ['::/128'] },
  { reason: LOOPBACK, subnets: ['::1/128'] },
  { reason: 'a private address', subnets: ['fc00::/7'] },
  { reason: 'a link-local address', subnets: ['fe80::/10'] },
  { reason: 'a site-local address', subnets: ['fec0::/10'] },
  { reason: 'a multicast address', subnets: ['ff00::/8'] },
  { reason: 'a documentation address', subnets: ['2001:db8::/32', '3fff::/20'] },
  { reason: 'a benchmarking address', subnets: ['2001:2::/48'] },
  // IETF protocol assignments (Teredo among them) and 6to4, which would tunnel to an IPv4
  // address of its own choosing.
  { reason: 'a reserved address', subnets: ['2001::/23', '2002::/16'] },
  // Only 2000::/3 is global unicast; everything outside it that no rule above named (the
  // deprecated IPv4-compatible ::/96, discard-only 100::/64, local NAT64 64:ff9b:1::/48 …).
  { reason: 'a reserved address', subnets: ['::/3', '4000::/2', '8000::/1'] },
];

/**
 * One block list per rule and per family. A BlockList matches an IPv4 address against IPv6 rules
 * through its mapped form (1.2.3.4 is in ::/3 as ::ffff:1.2.3.4) and the other way round, so the
 * families are never mixed in one list.
 */
function compile(rules: readonly Rule[], family: 'ipv4' | 'ipv6'): Array<{ reason: string; list: BlockList }> {
  return rules.map((rule) => {
    const list = new BlockList();
    for (const subnet of rule.subnets) {
      const [network, prefix] = subnet.split('/') as [string, string];
      list.addSubnet(network, Number(prefix), family);
    }
    return { reason: rule.reason, list };
  });
}

const IPV4_LISTS = compile(IPV4_RULES, 'ipv4');
const IPV6_LISTS = compile(IPV6_RULES, 'ipv6');

/** The eight 16-bit groups of a valid IPv6 address (zone already removed). */
function ipv6Groups(address: string): number[] {
  let text = address;
  const dottedTail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dottedTail) {
    const [a, b, c, d] = dottedTail.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, dottedTail.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((group) => parseInt(group, 16)));
  const [head, tail] = text.split('::') as [string, string | undefined];
  if (tail === undefined) return parse(head);
  const start = parse(head);
  const end = parse(tail);
  return [...start, ...new Array<number>(8 - start.length - end.length).fill(0), ...end];
}

/** The IPv4 address an IPv6 address stands for when it is mapped (::ffff:a.b.c.d) or NAT64 (64:ff9b::a.b.c.d). */
function embeddedIpv4(groups: readonly number[]): { ipv4: string; kind: 'mapped' | 'nat64' } | null {
  const [g0, g1, g2, g3, g4, g5, g6, g7] = groups as [number, number, number, number, number, number, number, number];
  const ipv4 = `${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`;
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0xffff) return { ipv4, kind: 'mapped' };
  if (g0 === 0x64 && g1 === 0xff9b && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0) return { ipv4, kind: 'nat64' };
  return null;
}

function firstMatch(lists: ReadonlyArray<{ reason: string; list: BlockList }>, address: string, family: 'ipv4' | 'ipv6'): string | null {
  for (const { reason, list } of lists) if (list.check(address, family)) return reason;
  return null;
}

/**
 * Why a webhook may not be sent to `ip`, as a short phrase ("a private address"), or null when it
 * may. `allowLoopback` (development only) lets 127.0.0.0/8 and ::1 through, and nothing else.
 * An IPv4-mapped or NAT64 address is judged as the IPv4 address it reaches; loopback reached
 * through a NAT64 gateway is not this machine's, and stays refused.
 */
export function forbiddenAddressReason(ip: string, options: { readonly allowLoopback?: boolean } = {}): string | null {
  // A zone (fe80::1%eth0) is not part of the address, and BlockList does not match one.
  const address = ip.split('%')[0]!;
  const family = isIP(address);
  if (family === 4) {
    const reason = firstMatch(IPV4_LISTS, address, 'ipv4');
    return reason === LOOPBACK && options.allowLoopback ? null : reason;
  }
  if (family !== 6) return 'not an IP address';
  const embedded = embeddedIpv4(ipv6Groups(address));
  if (embedded) return forbiddenAddressReason(embedded.ipv4, { allowLoopback: embedded.kind === 'mapped' && options.allowLoopback });
  const reason = firstMatch(IPV6_LISTS, address, 'ipv6');
  return reason === LOOPBACK && options.allowLoopback ? null : reason;
}

/** The error a guarded connection fails with; its message names the reason, never the host. */
export class ForbiddenAddressError extends Error {
  readonly code = 'ERR_WEBHOOK_ADDRESS';
  readonly reason: string;
  readonly address: string;

  constructor(address: string, reason: string) {
    super(`address refused: ${reason}`);
    this.name = 'ForbiddenAddressError';
    this.reason = reason;
    this.address = address;
  }
}

/**
 * A `lookup` for `http.request` / `https.request`: resolves like `dns.lookup`, then fails the
 * connection with `ForbiddenAddressError` if ANY address the name resolves to is forbidden, even
 * when a public one comes first — the socket may try each in turn (Node's happy eyeballs asks with
 * `{ all: true }`). Node does not call `lookup` for a host that is already an IP address: the
 * caller checks those itself with `forbiddenAddressReason`.
 */
export function guardedLookup(options: { readonly allowLoopback: boolean }): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    dns.lookup(hostname, { ...lookupOptions, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      for (const { address } of addresses) {
        const reason = forbiddenAddressReason(address, options);
        if (reason !== null) return callback(new ForbiddenAddressError(address, reason), []);
      }
      if (lookupOptions.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first) return callback(Object.assign(new Error('no address found'), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
