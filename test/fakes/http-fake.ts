import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HTTP server that product fakes build on: request log, routing through one
 * handler, and fault injection that any test can switch on per request.
 */

export interface FakeRequest {
  method: string;
  /** Decoded path, e.g. `/api/public/api/1/odata.svc/Customers(1001)`. */
  path: string;
  query: URLSearchParams;
  /** The request target exactly as sent (path and query, still percent-encoded). */
  target: string;
  headers: http.IncomingHttpHeaders;
  /** The request body as text ('' for GETs). */
  body: string;
  /** ms since the server started. */
  at: number;
}

export interface FakeAnswer {
  status: number;
  /** Serialised as JSON unless `raw` is given. */
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
}

export type Fault =
  /** Wait, then answer normally (or never, if the client gave up). */
  | { type: 'delay'; ms: number }
  /** Any status with an optional raw body (e.g. 500, 503, 302 with a Location). */
  | { type: 'status'; status: number; raw?: string; headers?: Record<string, string> }
  /** Destroy the connection without answering (ECONNRESET / "other side closed"). */
  | { type: 'reset' }
  /** 200 with a cut-off JSON body (LoanPro help centre reports truncated answers). */
  | { type: 'malformed' }
  /** 429, with `Retry-After` when given (seconds or an HTTP-date). */
  | { type: 'rateLimit'; retryAfter?: string }
  /** The product's own 401 answer, as if the credentials had been revoked. */
  | { type: 'auth' };

export interface FaultRule {
  fault: Fault;
  /** Only requests whose path contains this text / matches this pattern. */
  match?: string | RegExp;
  /** How many matching requests get the fault; default: all. */
  times?: number;
}

export interface ProductShapes {
  /** The product's answer to bad or revoked credentials. */
  unauthorized(): FakeAnswer;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: FakeRequest[];
  inject(rule: FaultRule): void;
  clearFaults(): void;
  /** Clears faults and the request log. */
  reset(): void;
  /** Requests whose path contains `text` / matches the pattern. */
  count(match?: string | RegExp): number;
  /** Most requests seen in flight at once since the last reset. */
  readonly maxInFlight: number;
  close(): Promise<void>;
}

export async function startFakeServer(handler: (req: FakeRequest) => FakeAnswer, shapes: ProductShapes): Promise<FakeServer> {
  const started = Date.now();
  const requests: FakeRequest[] = [];
  let rules: Array<FaultRule & { left: number }> = [];
  const timers = new Set<NodeJS.Timeout>();
  let inFlight = 0;
  let maxInFlight = 0;

  const send = (res: http.ServerResponse, answer: FakeAnswer) => {
    if (res.destroyed || res.writableEnded) return;
    const body = answer.raw ?? (answer.body === undefined ? '' : JSON.stringify(answer.body));
    res.writeHead(answer.status, {
      ...(answer.raw === undefined && answer.body !== undefined ? { 'Content-Type': 'application/json; charset=utf-8' } : {}),
      ...answer.headers,
    });
    res.end(body);
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => respond(req, res, Buffer.concat(chunks).toString('utf8')));
  });

  const respond = (req: http.IncomingMessage, res: http.ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    const fakeReq: FakeRequest = {
      method: req.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      target: req.url ?? '/',
      headers: req.headers,
      body,
      at: Date.now() - started,
    };
    requests.push(fakeReq);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    let done = false;
    const finished = () => {
      if (!done) {
        done = true;
        inFlight--;
      }
    };
    res.on('finish', finished);
    res.on('close', finished);

    const rule = rules.find(
      (r) => r.left > 0 && (r.match === undefined || (typeof r.match === 'string' ? fakeReq.path.includes(r.match) : r.match.test(fakeReq.path))),
    );
    if (rule) rule.left--;
    const fault = rule?.fault;
    const answer = () => {
      try {
        return handler(fakeReq);
      } catch (err) {
        return { status: 500, raw: `fake server bug: ${(err as Error).message}` };
      }
    };

    switch (fault?.type) {
      case undefined:
        return send(res, answer());
      case 'delay': {
        const t = setTimeout(() => {
          timers.delete(t);
          send(res, answer());
        }, fault.ms);
        timers.add(t);
        return;
      }
      case 'status':
        return send(res, { status: fault.status, raw: fault.raw ?? '', ...(fault.headers ? { headers: fault.headers } : {}) });
      case 'reset':
        req.socket.destroy();
        return;
      case 'malformed':
        return send(res, { status: 200, raw: '{"d": {"id": 1, "results": [{"id": 7, "na', headers: { 'Content-Type': 'application/json' } });
      case 'rateLimit':
        return send(res, {
          status: 429,
          body: { error: 'rate limited' },
          ...(fault.retryAfter === undefined ? {} : { headers: { 'Retry-After': fault.retryAfter } }),
        });
      case 'auth':
        return send(res, shapes.unauthorized());
    }
  };
  // Keep-alive is fine, but idle sockets must not hold the test process open.
  server.keepAliveTimeout = 1000;

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    inject(rule) {
      rules.push({ ...rule, left: rule.times ?? Number.POSITIVE_INFINITY });
    },
    clearFaults() {
      rules = [];
    },
    reset() {
      rules = [];
      requests.length = 0;
      maxInFlight = inFlight;
    },
    count(match) {
      if (match === undefined) return requests.length;
      return requests.filter((r) => (typeof match === 'string' ? r.path.includes(match) : match.test(r.path))).length;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A loopback URL nobody listens on: connecting to it is refused (ECONNREFUSED). */
export async function refusedOrigin(): Promise<string> {
  const probe = http.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export function json(status: number, body: unknown, headers?: Record<string, string>): FakeAnswer {
  return { status, body, ...(headers ? { headers } : {}) };
}
