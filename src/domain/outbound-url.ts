/**
 * Where Callwise may send credentials (an LMS's base URL, a voice provider's API, a TwiML app):
 * HTTPS, or plain HTTP to a loopback host only (local fakes, a local tunnel); never a URL that
 * carries credentials itself. Pure.
 */

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(?:\.\d{1,3}){3}$/.test(host) || /^::ffff:127(?:\.\d{1,3}){3}$/.test(host);
}

/**
 * What is wrong with `value` as such a URL, or null. A query and fragment are refused unless
 * `queryAllowed` (a base URL has paths appended; a TwiML URL may carry the lender's own query).
 */
export function outboundUrlProblem(value: unknown, options: { readonly queryAllowed?: boolean } = {}): string | null {
  if (typeof value !== 'string' || value === '') return 'must be an absolute URL';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.username || url.password) return 'must not contain credentials';
  if (!options.queryAllowed && (url.search || url.hash)) return 'must not have a query or fragment';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return null;
  return 'must use https (http is accepted for loopback hosts only)';
}
