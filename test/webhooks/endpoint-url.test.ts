/**
 * Which webhook endpoint URLs a lender may register: the syntax rules, in production and in
 * development, and the registration-time resolution of the host.
 */
import assert from 'node:assert/strict';
import dns from 'node:dns';
import type { LookupAddress, LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { describe, mock, test } from 'node:test';
import { endpointAddressProblem, endpointUrlProblem } from '../../src/webhooks/endpoint-url.ts';

const HTTPS = 'must use https';
const HTTPS_IN_DEVELOPMENT = 'must use https (http is accepted for loopback hosts in development)';

/** value → [problem in production, problem in development]; null is accepted. */
const TABLE: ReadonlyArray<readonly [unknown, string | null, string | null]> = [
  // Accepted.
  ['https://hooks.lender.example/callwise', null, null],
  ['https://hooks.lender.example:8443/callwise?token=abc&v=2', null, null],
  ['https://HOOKS.Lender.Example./in', null, null],
  ['https://93.184.215.14/hooks', null, null],
  ['https://[2606:4700:4700::1111]/hooks', null, null],
  // Not a URL.
  [undefined, 'must be an absolute URL', 'must be an absolute URL'],
  [42, 'must be an absolute URL', 'must be an absolute URL'],
  ['', 'must be an absolute URL', 'must be an absolute URL'],
  ['/hooks', 'must be an absolute URL', 'must be an absolute URL'],
  ['hooks.lender.example/callwise', 'must be an absolute URL', 'must be an absolute URL'],
  ['https://', 'must be an absolute URL', 'must be an absolute URL'],
  // Scheme.
  ['http://hooks.lender.example/callwise', HTTPS, HTTPS_IN_DEVELOPMENT],
  ['ftp://hooks.lender.example/callwise', HTTPS, HTTPS_IN_DEVELOPMENT],
  ['javascript:alert(1)', HTTPS, HTTPS_IN_DEVELOPMENT],
  ['http://10.0.0.5/hooks', HTTPS, HTTPS_IN_DEVELOPMENT],
  // Credentials, fragments.
  ['https://user:secret@hooks.lender.example/', 'must not contain credentials', 'must not contain credentials'],
  ['https://user@hooks.lender.example/', 'must not contain credentials', 'must not contain credentials'],
  ['https://hooks.lender.example/in#part', 'must not have a fragment', 'must not have a fragment'],
  ['https://hooks.lender.example/in#', 'must not have a fragment', 'must not have a fragment'],
  // Loopback: only in development, and there over http too.
  ['https://localhost/hooks', 'must not point to a loopback address (localhost)', null],
  ['http://localhost:3000/hooks', HTTPS, null],
  ['http://LOCALHOST.:3000/hooks', HTTPS, null],
  ['http://receiver.localhost:3000/hooks', HTTPS, null],
  ['http://127.0.0.1:3000/hooks', HTTPS, null],
  ['https://127.0.0.1/hooks', 'must not point to a loopback address (127.0.0.1)', null],
  ['http://127.9.9.9/hooks', HTTPS, null],
  ['http://[::1]:3000/hooks', HTTPS, null],
  ['https://[::1]/hooks', 'must not point to a loopback address (::1)', null],
  ['http://[::ffff:127.0.0.1]:3000/hooks', HTTPS, null],
  // Spellings of an address that WHATWG URL parsing turns into the address itself.
  ['http://0x7f.1/hooks', HTTPS, null],
  ['https://2130706433/hooks', 'must not point to a loopback address (127.0.0.1)', null],
  ['https://0/hooks', 'must not point to an unspecified address (0.0.0.0)', 'must not point to an unspecified address (0.0.0.0)'],
  // Other forbidden literals, in both modes.
  ['https://10.0.0.5/hooks', 'must not point to a private address (10.0.0.5)', 'must not point to a private address (10.0.0.5)'],
  ['https://192.168.1.20/hooks', 'must not point to a private address (192.168.1.20)', 'must not point to a private address (192.168.1.20)'],
  [
    'https://169.254.169.254/latest/meta-data/',
    'must not point to a link-local address (169.254.169.254)',
    'must not point to a link-local address (169.254.169.254)',
  ],
  [
    'https://100.64.1.1/',
    'must not point to a shared (carrier-grade NAT) address (100.64.1.1)',
    'must not point to a shared (carrier-grade NAT) address (100.64.1.1)',
  ],
  ['https://[fd00:ec2::254]/', 'must not point to a private address (fd00:ec2::254)', 'must not point to a private address (fd00:ec2::254)'],
  ['https://[fe80::1]/', 'must not point to a link-local address (fe80::1)', 'must not point to a link-local address (fe80::1)'],
  ['https://[::ffff:10.0.0.5]/', 'must not point to a private address (::ffff:a00:5)', 'must not point to a private address (::ffff:a00:5)'],
  ['https://[64:ff9b::7f00:1]/', 'must not point to a loopback address (64:ff9b::7f00:1)', 'must not point to a loopback address (64:ff9b::7f00:1)'],
  ['http://[64:ff9b::7f00:1]/', HTTPS, HTTPS_IN_DEVELOPMENT],
  ['https://224.0.0.1/', 'must not point to a multicast address (224.0.0.1)', 'must not point to a multicast address (224.0.0.1)'],
  ['https://255.255.255.255/', 'must not point to a broadcast address (255.255.255.255)', 'must not point to a broadcast address (255.255.255.255)'],
];

describe('endpointUrlProblem', () => {
  for (const [value, production, development] of TABLE) {
    test(`${String(value)} → ${production ?? 'accepted'} | in development: ${development ?? 'accepted'}`, () => {
      assert.equal(endpointUrlProblem(value, { development: false }), production);
      assert.equal(endpointUrlProblem(value, { development: true }), development);
    });
  }

  test('a problem never repeats the query, the path or credentials', () => {
    for (const url of [
      'http://hooks.lender.example/p4th?token=t0ken',
      'https://us3r:s3cret@10.0.0.5/p4th?token=t0ken',
      'https://10.0.0.5/p4th?token=t0ken#fr4g',
    ]) {
      const problem = endpointUrlProblem(url, { development: false }) ?? '';
      for (const part of ['t0ken', 's3cret', 'us3r', 'p4th', 'fr4g']) assert.ok(!problem.includes(part), `${problem} repeats ${part}`);
    }
  });
});

/** Replaces dns.lookup for one test with a resolver that answers `addresses` for every name. */
function resolvingTo(addresses: readonly string[]): void {
  const answer: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
  mock.method(dns, 'lookup', (_hostname: string, _options: LookupOptions, callback: (error: Error | null, addresses: LookupAddress[]) => void) => {
    process.nextTick(callback, null, answer);
  });
}

describe('endpointAddressProblem', () => {
  test('localhost and 127.0.0.1 are refused outside development and accepted in it', async () => {
    assert.equal(await endpointAddressProblem('https://localhost/hooks', { development: false }), 'must not point to a loopback address (localhost)');
    assert.equal(await endpointAddressProblem('https://127.0.0.1/hooks', { development: false }), 'must not point to a loopback address (127.0.0.1)');
    assert.equal(await endpointAddressProblem('http://localhost:3000/hooks', { development: true }), null);
    assert.equal(await endpointAddressProblem('http://127.0.0.1:3000/hooks', { development: true }), null);
  });

  test('a name is judged by every address it resolves to', async (t) => {
    t.after(() => mock.restoreAll());
    const cases: ReadonlyArray<readonly [string[], boolean, string | null]> = [
      [['93.184.215.14'], false, null],
      [['93.184.215.14', '2606:2800:21f:cb07:6820:80da:af6b:8b2c'], false, null],
      [['93.184.215.14', '10.0.0.5'], false, 'resolves to a private address (10.0.0.5)'],
      [['169.254.169.254'], true, 'resolves to a link-local address (169.254.169.254)'],
      [['fd00:ec2::254'], false, 'resolves to a private address (fd00:ec2::254)'],
      [['127.0.0.1'], false, 'resolves to a loopback address (127.0.0.1)'],
      [['127.0.0.1'], true, null],
    ];
    for (const [addresses, development, expected] of cases) {
      mock.restoreAll();
      resolvingTo(addresses);
      assert.equal(await endpointAddressProblem('https://hooks.lender.example/in?token=abc', { development }), expected, addresses.join(', '));
    }
  });

  test('the syntax rules come first, without resolving anything', async () => {
    assert.equal(await endpointAddressProblem('http://hooks.lender.example/', { development: false }), HTTPS);
    assert.equal(await endpointAddressProblem('https://10.0.0.5/', { development: false }), 'must not point to a private address (10.0.0.5)');
  });

  test('a host that does not resolve is a problem', async () => {
    assert.equal(await endpointAddressProblem('https://no-such-host.invalid/hooks', { development: false }), 'host does not resolve');
  });
});
