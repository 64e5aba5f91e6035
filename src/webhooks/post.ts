/**
 * One delivery attempt of one webhook: a single HTTP POST, and what came of it. Deciding when to
 * try again is the caller's; this only reports.
 *
 * node:http and node:https rather than fetch, because only they take a per-request `lookup`: the
 * SSRF guard has to see the address each connection is made to (address-guard.ts). Redirects are
 * never followed (the specification counts a 3xx as a failure, and following one would leave the
 * guarded URL). The receiver's answer body is read only as far as 4 KiB, so a large or endless
 * answer costs nothing, and is discarded: a receiver may echo the personal data we sent, so it is
 * never returned or logged.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { parseRetryAfter } from '../domain/retry-after.ts';
import { ForbiddenAddressError, forbiddenAddressReason, guardedLookup } from './address-guard.ts';

export interface WebhookPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** For everything: connecting, sending, and the answer's status and first 4 KiB. */
  readonly timeoutMs: number;
  /** Development only: let the POST reach a receiver on loopback. */
  readonly allowLoopback: boolean;
}

export interface DeliveryAttempt {
  /** A 2xx answer, and only that. */
  readonly ok: boolean;
  /** The receiver's status, or null when none came. */
  readonly statusCode: number | null;
  /** Until the status arrived, or until the attempt failed without one. */
  readonly latencyMs: number;
  /** From the answer's `Retry-After`, when it had a valid one. */
  readonly retryAfterMs?: number;
  /** A short fixed text: why no status came, or "redirect not followed". Never the URL or a body. */
  readonly error?: string;
}

/**
 * How much of an answer body is read (and thrown away) before the connection is cut. The chunk
 * that crosses the line may be larger (what the socket had buffered); it is dropped at once.
 */
const ANSWER_BYTES_READ = 4 * 1024;

/**
 * Keep-alive pools, one per scheme and per loopback allowance, so that a connection opened under
 * one guard is never reused under another. Idle sockets close after 5 s, as with Node's own
 * global agent: well before most servers drop them, which would fail the next delivery. (The
 * agent's timeout only closes idle sockets; a slow answer is bounded by `timeoutMs` alone.)
 */
const agents = new Map<string, http.Agent>();

function agentFor(protocol: 'http:' | 'https:', allowLoopback: boolean): http.Agent {
  const key = `${protocol}${allowLoopback ? ' loopback' : ''}`;
  let agent = agents.get(key);
  if (!agent) {
    const options = { keepAlive: true, timeout: 5_000 };
    agent = protocol === 'https:' ? new https.Agent(options) : new http.Agent(options);
    agents.set(key, agent);
  }
  return agent;
}

function errorCode(error: unknown): string | undefined {
  if (error instanceof AggregateError) return errorCode(error.errors[0]);
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

const TLS_CODES = /^(?:ERR_TLS_|ERR_SSL_|ERR_OSSL_|CERT_|UNABLE_TO_|EPROTO$|DEPTH_ZERO_SELF_SIGNED_CERT$|SELF_SIGNED_CERT_IN_CHAIN$|HOSTNAME_MISMATCH$)/;

/** A connection failure as a short fixed text. The error's message is never used: it may name the host. */
function failureText(error: unknown): string {
  if (error instanceof ForbiddenAddressError) return `address refused: ${error.reason}`;
  const code = errorCode(error) ?? '';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') return 'connection reset';
  if (code === 'ETIMEDOUT') return 'timed out';
  if (code === 'ENOTFOUND' || code === 'ENODATA' || code.startsWith('EAI_')) return 'DNS lookup failed';
  if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH' || code === 'EHOSTDOWN' || code === 'ENETDOWN') return 'host unreachable';
  if (TLS_CODES.test(code)) return 'TLS error';
  if (code.startsWith('HPE_')) return 'invalid HTTP response';
  return 'network error';
}

function answered(statusCode: number, latencyMs: number, retryAfterMs: number | undefined): DeliveryAttempt {
  return {
    ok: statusCode >= 200 && statusCode < 300,
    statusCode,
    latencyMs,
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(statusCode >= 300 && statusCode < 400 ? { error: 'redirect not followed' } : {}),
  };
}

function failed(error: string, latencyMs: number): DeliveryAttempt {
  return { ok: false, statusCode: null, latencyMs, error };
}

/** POSTs one webhook and reports the outcome. Never rejects: every failure is a DeliveryAttempt. */
export function postWebhook(request: WebhookPost): Promise<DeliveryAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);

  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.resolve(failed('invalid URL', elapsed()));
  }
  const protocol = url.protocol;
  if (protocol !== 'https:' && protocol !== 'http:') return Promise.resolve(failed('invalid URL', elapsed()));
  // Node connects to an IP address without calling `lookup`, so the guard sees those here.
  const literal = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (isIP(literal) !== 0) {
    const reason = forbiddenAddressReason(literal, { allowLoopback: request.allowLoopback });
    if (reason !== null) return Promise.resolve(failed(`address refused: ${reason}`, elapsed()));
  }

  let outgoing: http.ClientRequest;
  try {
    outgoing = (protocol === 'https:' ? https : http).request(url, {
      method: 'POST',
      headers: { ...request.headers, 'content-length': String(Buffer.byteLength(request.body)) },
      agent: agentFor(protocol, request.allowLoopback),
      lookup: guardedLookup({ allowLoopback: request.allowLoopback }),
    });
  } catch {
    // Node refuses a header value with control characters before sending anything.
    return Promise.resolve(failed('invalid request', elapsed()));
  }
  const outcome = outcomeOf(outgoing, request.timeoutMs, elapsed);
  outgoing.end(request.body);
  return outcome;
}

/** What comes of a request once sent: its status, or why none came within `timeoutMs`. */
function outcomeOf(outgoing: http.ClientRequest, timeoutMs: number, elapsed: () => number): Promise<DeliveryAttempt> {
  return new Promise((resolve) => {
    let outcome: DeliveryAttempt | null = null;
    let settled = false;
    const settle = (attempt: DeliveryAttempt) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      resolve(attempt);
    };

    // The whole attempt, connecting included. Once a status came, it stands: only the rest of the
    // answer body, which nobody reads, is cut off.
    const deadline = setTimeout(() => {
      outgoing.destroy();
      settle(outcome ?? failed('timed out', elapsed()));
    }, timeoutMs);

    outgoing.on('response', (answer) => {
      const attempt = answered(answer.statusCode ?? 0, elapsed(), parseRetryAfter(answer.headers['retry-after'] ?? null, Date.now()));
      outcome = attempt;
      let bytesRead = 0;
      answer.on('data', (chunk: Buffer) => {
        bytesRead += chunk.length;
        if (bytesRead > ANSWER_BYTES_READ) {
          answer.destroy();
          settle(attempt);
        }
      });
      // Read to its end, a short answer leaves the connection reusable.
      answer.on('end', () => settle(attempt));
      answer.on('error', () => settle(attempt));
      answer.on('close', () => settle(attempt));
    });
    outgoing.on('error', (error) => settle(outcome ?? failed(failureText(error), elapsed())));
    outgoing.on('close', () => settle(outcome ?? failed('connection reset', elapsed())));
  });
}
