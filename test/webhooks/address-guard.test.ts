/**
 * The SSRF guard: which addresses a webhook may reach, and the `lookup` that enforces it on the
 * address a connection is actually made to.
 */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { describe, mock, test } from 'node:test';
import { forbiddenAddressReason, guardedLookup } from '../../src/webhooks/address-guard.ts';

/** address → the reason it is refused, or null when a webhook may go there. */
const TABLE: ReadonlyArray<readonly [string, string | null]> = [
  // Public unicast.
  ['8.8.8.8', null],
  ['1.1.1.1', null],
  ['93.184.215.14', null],
  ['172.32.0.1', null],
  ['100.128.0.1', null],
  ['2606:4700:4700::1111', null],
  ['2001:4860:4860::8888', null],
  // IPv4.
  ['0.0.0.0', 'an unspecified address'],
  ['0.1.2.3', 'an unspecified address'],
  ['127.0.0.1', 'a loopback address'],
  ['127.255.255.254', 'a loopback address'],
  ['10.0.0.5', 'a private address'],
  ['172.16.0.1', 'a private address'],
  ['172.31.255.255', 'a private address'],
  ['192.168.1.1', 'a private address'],
  ['100.64.0.1', 'a shared (carrier-grade NAT) address'],
  ['100.127.255.255', 'a shared (carrier-grade NAT) address'],
  ['169.254.169.254', 'a link-local address'], // AWS, GCP and Azure instance metadata
  ['169.254.0.1', 'a link-local address'],
  ['192.0.0.8', 'an IETF protocol address'],
  ['192.0.2.10', 'a documentation address'],
  ['198.51.100.7', 'a documentation address'],
  ['203.0.113.200', 'a documentation address'],
  ['198.18.0.1', 'a benchmarking address'],
  ['198.19.255.255', 'a benchmarking address'],
  ['192.88.99.1', 'a reserved address'],
  ['224.0.0.1', 'a multicast address'],
  ['239.255.255.250', 'a multicast address'],
  ['240.0.0.1', 'a reserved address'],
  ['255.255.255.255', 'a broadcast address'],
  // IPv6.
  ['::', 'an unspecified address'],
  ['::1', 'a loopback address'],
  ['0:0:0:0:0:0:0:1', 'a loopback address'],
  ['fc00::1', 'a private address'],
  ['fd12:3456:789a::1', 'a private address'],
  ['fd00:ec2::254', 'a private address'], // AWS instance metadata over IPv6
  ['fe80::1', 'a link-local address'],
  ['FE80::ABCD', 'a link-local address'],
  ['fe80::1%eth0', 'a link-local address'],
  ['febf::1', 'a link-local address'],
  ['fec0::1', 'a site-local address'],
  ['ff02::1', 'a multicast address'],
  ['2001:db8::1', 'a documentation address'],
  ['3fff::1', 'a documentation address'],
  ['2001:2::1', 'a benchmarking address'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'a reserved address'], // Teredo
  ['2002:c000:0204::1', 'a reserved address'], // 6to4
  ['100::1', 'a reserved address'], // discard-only
  ['64:ff9b:1::1', 'a reserved address'], // local-use NAT64
  ['::1.2.3.4', 'a reserved address'], // deprecated IPv4-compatible
  ['4000::1', 'a reserved address'],
  // IPv4-mapped IPv6: judged as the IPv4 address, in both notations.
  ['::ffff:8.8.8.8', null],
  ['::ffff:808:808', null],
  ['::ffff:127.0.0.1', 'a loopback address'],
  ['::ffff:7f00:1', 'a loopback address'],
  ['::ffff:10.0.0.5', 'a private address'],
  ['::ffff:a00:5', 'a private address'],
  ['::FFFF:169.254.169.254', 'a link-local address'],
  ['0:0:0:0:0:ffff:c0a8:0101', 'a private address'],
  ['::ffff:0.0.0.0', 'an unspecified address'],
  // NAT64: judged as the IPv4 address the gateway would reach.
  ['64:ff9b::8.8.8.8', null],
  ['64:ff9b::a00:5', 'a private address'],
  ['64:ff9b::169.254.169.254', 'a link-local address'],
  ['64:ff9b::7f00:1', 'a loopback address'],
  // Not an address at all.
  ['localhost', 'not an IP address'],
  ['', 'not an IP address'],
  ['[::1]', 'not an IP address'],
  ['1.2.3', 'not an IP address'],
];

describe('forbiddenAddressReason', () => {
  for (const [address, expected] of TABLE) {
    test(`${address || '(empty)'} → ${expected ?? 'allowed'}`, () => {
      assert.equal(forbiddenAddressReason(address), expected);
    });
  }

  test('allowLoopback lets 127.0.0.0/8, ::1 and their mapped forms through, and nothing else', () => {
    for (const address of ['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1']) {
      assert.equal(forbiddenAddressReason(address, { allowLoopback: true }), null, address);
    }
    for (const [address, expected] of TABLE) {
      if (expected === null || expected === 'a loopback address') continue;
      assert.equal(forbiddenAddressReason(address, { allowLoopback: true }), expected, address);
    }
    // Loopback behind a NAT64 gateway is the gateway's own, not this machine's.
    assert.equal(forbiddenAddressReason('64:ff9b::7f00:1', { allowLoopback: true }), 'a loopback address');
  });
});

type LookupResult = { error: NodeJS.ErrnoException | null; address: string | LookupAddress[]; family?: number };

function lookup(allowLoopback: boolean, hostname: string, options: LookupOptions): Promise<LookupResult> {
  return new Promise((resolve) => {
    guardedLookup({ allowLoopback })(hostname, options, (error, address, family) => resolve({ error, address, family }));
  });
}

/** Replaces dns.lookup for one test with a resolver that answers `addresses` for every name. */
function resolvingTo(addresses: LookupAddress[]): void {
  mock.method(dns, 'lookup', (_hostname: string, _options: LookupOptions, callback: (error: Error | null, addresses: LookupAddress[]) => void) => {
    process.nextTick(callback, null, addresses);
  });
}

describe('guardedLookup', () => {
  test('localhost is refused with ERR_WEBHOOK_ADDRESS unless loopback is allowed', async () => {
    const refused = await lookup(false, 'localhost', { all: true });
    assert.equal(refused.error?.code, 'ERR_WEBHOOK_ADDRESS');
    assert.equal(refused.error?.message, 'address refused: a loopback address');

    const allowed = await lookup(true, 'localhost', { all: true });
    assert.equal(allowed.error, null);
    assert.ok(Array.isArray(allowed.address) && allowed.address.length > 0);
  });

  test('answers in the form asked for: every address with all, else the first one and its family', async (t) => {
    t.after(() => mock.restoreAll());
    resolvingTo([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
    ]);
    const all = await lookup(false, 'receiver.example', { all: true });
    assert.deepEqual(all, {
      error: null,
      address: [
        { address: '93.184.215.14', family: 4 },
        { address: '2606:2800:21f:cb07:6820:80da:af6b:8b2c', family: 6 },
      ],
      family: undefined,
    });
    const one = await lookup(false, 'receiver.example', {});
    assert.deepEqual(one, { error: null, address: '93.184.215.14', family: 4 });
  });

  test('a name with one forbidden address among public ones is refused, wherever it comes in the answer', async (t) => {
    t.after(() => mock.restoreAll());
    for (const addresses of [
      [
        { address: '93.184.215.14', family: 4 },
        { address: '10.0.0.5', family: 4 },
      ],
      [
        { address: '169.254.169.254', family: 4 },
        { address: '93.184.215.14', family: 4 },
      ],
      [
        { address: '93.184.215.14', family: 4 },
        { address: '::ffff:192.168.0.1', family: 6 },
      ],
    ]) {
      mock.restoreAll();
      resolvingTo(addresses);
      for (const options of [{ all: true }, {}]) {
        const result = await lookup(true, 'rebinding.example', options);
        assert.equal(result.error?.code, 'ERR_WEBHOOK_ADDRESS', JSON.stringify(addresses));
      }
    }
  });

  test('resolution failures pass through as they are', async () => {
    const result = await lookup(false, 'no-such-host.invalid', { all: true });
    assert.ok(result.error);
    assert.notEqual(result.error.code, 'ERR_WEBHOOK_ADDRESS');
  });
});
