/**
 * What a lender may register as a webhook endpoint URL. The answers are the `detail` of a
 * validation error on `/url`: they may name the host's address, never anything else of the URL
 * (its query may carry the lender's own token).
 *
 * `endpointUrlProblem` is the syntax, checked without I/O. `endpointAddressProblem` also resolves
 * the host, so a lender hears at registration that its URL points somewhere we will not send; the
 * send-time guard (address-guard.ts) still checks every connection, since DNS answers change.
 */
import dns from 'node:dns';
import { isIP } from 'node:net';
import { forbiddenAddressReason } from './address-guard.ts';

/** getaddrinfo has no timeout of its own; a registration should not wait on a stuck resolver. */
const RESOLVE_TIMEOUT_MS = 5_000;

type EndpointHost = { readonly kind: 'address'; readonly address: string } | { readonly kind: 'name'; readonly name: string; readonly loopback: boolean };

function endpointHost(url: URL): EndpointHost {
  // WHATWG URL parsing has already turned 0x7f.1, 2130706433 and the like into dotted IPv4, and
  // kept IPv6 in brackets.
  const hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(hostname) !== 0) return { kind: 'address', address: hostname };
  const name = hostname.replace(/\.$/, '');
  // RFC 6761: localhost and every name under it are loopback.
  return { kind: 'name', name: hostname, loopback: name === 'localhost' || name.endsWith('.localhost') };
}

/** A loopback address is one the guard refuses, and lets through when loopback is allowed. */
function isLoopback(host: EndpointHost): boolean {
  if (host.kind === 'name') return host.loopback;
  return forbiddenAddressReason(host.address) !== null && forbiddenAddressReason(host.address, { allowLoopback: true }) === null;
}

/**
 * What is wrong with `value` as a webhook endpoint URL, or null. HTTPS only; plain HTTP in
 * development to a loopback host (a receiver on the developer's machine). A query is the lender's
 * business and allowed; a fragment is never sent, so it is refused rather than silently dropped.
 */
export function endpointUrlProblem(value: unknown, options: { readonly development: boolean }): string | null {
  if (typeof value !== 'string' || value === '') return 'must be an absolute URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  const host = endpointHost(url);
  const httpAllowed = options.development && isLoopback(host);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && httpAllowed)) {
    return options.development ? 'must use https (http is accepted for loopback hosts in development)' : 'must use https';
  }
  if (url.username || url.password) return 'must not contain credentials';
  // `https://host/#` parses with an empty hash; a `#` cannot appear anywhere else in a valid URL.
  if (value.includes('#')) return 'must not have a fragment';
  if (host.kind === 'name') return host.loopback && !options.development ? `must not point to a loopback address (${host.name})` : null;
  const reason = forbiddenAddressReason(host.address, { allowLoopback: options.development });
  return reason === null ? null : `must not point to ${reason} (${host.address})`;
}

function resolveAll(name: string): Promise<dns.LookupAddress[] | 'failed' | 'timed out'> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve('timed out'), RESOLVE_TIMEOUT_MS);
    timer.unref();
    dns.lookup(name, { all: true }, (error, addresses) => {
      clearTimeout(timer);
      resolve(error ? 'failed' : addresses);
    });
  });
}

/**
 * The syntax rules, then the host resolved: the first address it resolves to that a webhook may
 * not be sent to ("resolves to a private address (10.0.0.5)"), or null.
 */
export async function endpointAddressProblem(url: string, options: { readonly development: boolean }): Promise<string | null> {
  const syntaxProblem = endpointUrlProblem(url, options);
  if (syntaxProblem !== null) return syntaxProblem;
  const host = endpointHost(new URL(url));
  if (host.kind === 'address') return null;
  const addresses = await resolveAll(host.name);
  if (addresses === 'timed out') return 'host did not resolve in time';
  if (addresses === 'failed' || addresses.length === 0) return 'host does not resolve';
  for (const { address } of addresses) {
    const reason = forbiddenAddressReason(address, { allowLoopback: options.development });
    if (reason !== null) return `resolves to ${reason} (${address})`;
  }
  return null;
}
