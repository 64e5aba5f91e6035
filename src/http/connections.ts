/**
 * The connection level: how long a request may take to arrive, and how requests that never become
 * a Fastify request are answered — a header block over the limit (431), a request that did not
 * arrive in time (408), bytes that are not HTTP (400). Node reports those as `clientError` on the
 * socket, outside routing, hooks and the error handler; Fastify's default handler answers them as
 * plain JSON and logs the error at trace level with its `rawPacket`: the bytes received, the API
 * key and the body among them. Here they are problem documents like every other error, with a
 * request id and `Connection: close`, and the log names the error's code, never its bytes.
 *
 * Time limits (Node's HTTP server enforces them; Fastify leaves the request limit off by default):
 * - headers: from a request's first byte (or a new connection's opening) to the end of its headers;
 * - request: from its first byte to the end of its body. Handling time is not counted, and an idle
 *   keep-alive connection between requests is under the keep-alive limit instead.
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyHttpOptions, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { newId } from '../domain/ids.ts';
import type { Metrics } from '../observability/metrics.ts';
import { PROBLEM_TYPES, problemDocument, type ProblemCode } from './problems.ts';

export interface ConnectionTimeouts {
  /** Milliseconds from a request's first byte to its last (headers and body). */
  readonly requestMs: number;
  /** Milliseconds from a request's first byte (or a new connection) to the end of its headers. */
  readonly headersMs: number;
}

/**
 * Longer than the idle timeout of the usual load balancers (60 s), so that they, not we, close an
 * idle connection: a server closing first races the balancer's next request on it (a 502).
 */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;
/** A connection the server has answered and half-closed is closed outright after this long. */
const LINGER_MS = 2_000;

interface InFlight {
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
}

/** The request each connection is receiving, so that an error mid-body answers with that request's id. */
const inFlight = new WeakMap<Socket, InFlight>();
/** Connections answered at the connection level: a parser that failed reports again on every further chunk. */
const refused = new WeakSet<Socket>();

/** Called when a request begins (onRequest): the connection is now receiving this request. */
export function trackRequest(request: FastifyRequest, reply: FastifyReply): void {
  inFlight.set(request.raw.socket, { request, reply });
}

interface Refusal {
  readonly code: ProblemCode;
  readonly detail: string;
}

function refusalFor(errorCode: string, timeouts: ConnectionTimeouts): Refusal {
  switch (errorCode) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return {
        code: 'request_timeout',
        detail: `The request did not arrive in time: headers must arrive within ${timeouts.headersMs} ms and the whole request within ${timeouts.requestMs} ms.`,
      };
    case 'HPE_HEADER_OVERFLOW':
      return { code: 'headers_too_large', detail: `The request's headers must be at most ${http.maxHeaderSize} bytes in all.` };
    default:
      return { code: 'malformed_request', detail: 'The request is not valid HTTP/1.1.' };
  }
}

function rawProblem(refusal: Refusal, requestId: string): string {
  const body = JSON.stringify(problemDocument(refusal.code, refusal.detail, requestId));
  const { status } = PROBLEM_TYPES[refusal.code];
  return (
    `HTTP/1.1 ${status} ${http.STATUS_CODES[status] ?? 'Error'}\r\n` +
    'Content-Type: application/problem+json; charset=utf-8\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `X-Request-Id: ${requestId}\r\n` +
    `Date: ${new Date().toUTCString()}\r\n` +
    'Connection: close\r\n\r\n' +
    body
  );
}

function clientErrorHandler(timeouts: ConnectionTimeouts, metrics: Metrics) {
  return function onClientError(this: FastifyInstance, error: Error & { code?: string }, socket: Socket): void {
    // A connection the client reset, or one already answered: nothing to say.
    if (error.code === 'ECONNRESET' || socket.destroyed || refused.has(socket)) return;
    refused.add(socket);
    const refusal = refusalFor(error.code ?? '', timeouts);
    const { status } = PROBLEM_TYPES[refusal.code];
    // The request this connection was receiving, if it had begun as far as Fastify is concerned
    // (its headers arrived): its id, so that its log lines and this answer correlate. Fastify
    // drops that request when the connection closes, without a response log line or metrics.
    const current = inFlight.get(socket);
    const pending = current && !current.request.raw.complete ? current : undefined;
    const requestId = pending ? String(pending.request.id) : newId('req');
    // The error's code and nothing else of it: its message is generic, its rawPacket is the
    // bytes received.
    this.log.info({ reqId: requestId, res: { statusCode: status }, errorCode: error.code }, 'connection refused');
    metrics.requests.inc({ method: pending?.request.method ?? 'unknown', route: pending?.request.routeOptions.url ?? 'unmatched', status: String(status) });
    metrics.errors.inc({ code: refusal.code });
    if (pending?.reply.raw.headersSent || !socket.writable) {
      // That request was answered already (say a 401 before its body): a second answer would
      // corrupt the connection; closing it is the answer.
      socket.destroy();
      return;
    }
    // Write, then half-close so the answer is delivered before the connection goes; closing at
    // once with unread bytes pending would reset it and could discard the answer in flight.
    socket.end(rawProblem(refusal, requestId));
    const linger = setTimeout(() => socket.destroy(), LINGER_MS);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  };
}

/** The Fastify server options for the connection level: time limits and the answers above. */
export function connectionOptions(
  timeouts: ConnectionTimeouts,
  metrics: Metrics,
): Pick<FastifyHttpOptions<http.Server>, 'requestTimeout' | 'keepAliveTimeout' | 'http' | 'clientErrorHandler'> {
  return {
    // Fastify sets the server's request limit from this option (its default, 0, turns it off).
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: timeouts.headersMs,
      requestTimeout: timeouts.requestMs,
      // How often Node looks for connections past a limit (default 30 s, which would let a
      // 30 s limit run to a minute): a quarter of the shorter limit, at most once a second.
      connectionsCheckingInterval: Math.max(25, Math.min(1_000, Math.floor(Math.min(timeouts.headersMs, timeouts.requestMs) / 4))),
    },
    clientErrorHandler: clientErrorHandler(timeouts, metrics),
  };
}
