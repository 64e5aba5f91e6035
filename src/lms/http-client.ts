import { setTimeout as delay } from 'node:timers/promises';
import type { LmsKind } from './connector.ts';
import { LmsError } from './errors.ts';
import { parseRetryAfter } from '../domain/retry-after.ts';
import { silentLogger, type LmsLogger } from './logger.ts';

/**
 * A small JSON client over Node's global fetch (undici), shared by the HTTP connectors.
 * Connectors are read-only: GETs are idempotent and may be retried; the one kind of POST (a
 * documented search) is sent once. The policy follows lms-connectors.md §3 item 1 ("bounded
 * concurrency, honour Retry-After, backoff with jitter, cap total sync time, retry only
 * idempotent GETs") and §3 item 3 (a cut-off body — JSON that does not parse — is a
 * retryable transport error).
 */

export interface HttpTuning {
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Whole call: all attempts, backoff and Retry-After waits. */
  totalTimeoutMs: number;
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Requests in flight per connector (reference §3 item 1 suggests ≤ 4 per lender). */
  maxConcurrency: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Bodies beyond this are refused (one customer or loan is kilobytes). Default 16 MiB. */
  maxResponseBytes?: number;
}

export const DEFAULT_HTTP_TUNING: HttpTuning = {
  timeoutMs: 5_000,
  totalTimeoutMs: 15_000,
  maxRetries: 2,
  maxConcurrency: 4,
  baseDelayMs: 250,
  maxDelayMs: 2_000,
};

interface HttpDeps {
  fetch?: typeof fetch;
  logger?: LmsLogger;
  /** [0, 1); injected to make jitter deterministic in tests. */
  random?: () => number;
  /** Milliseconds; used for the total budget and for HTTP-date Retry-After. */
  now?: () => number;
}

interface HttpClientOptions {
  system: LmsKind;
  baseUrl: string;
  headers: Readonly<Record<string, string>>;
  tuning: HttpTuning;
}

export interface ErrorAnswer {
  status: number;
  /** Parsed JSON body, or undefined when the body was empty or not JSON. */
  body: unknown;
}

interface GetJsonRequest {
  /** Relative to the base URL, already percent-encoded where needed. */
  path: string;
  query?: Readonly<Record<string, string | number | undefined>>;
  /** A static label for logs ("customer", "loan.statusArchive"); never an id. */
  op: string;
  signal?: AbortSignal | undefined;
  /**
   * Product rules for non-2xx answers that are not transient (e.g. LoanPro's 409 = not found).
   * Return undefined to fall back to the generic mapping.
   */
  classify?: (answer: ErrorAnswer) => LmsError | undefined;
}

type Attempt = { ok: true; body: unknown } | { ok: false; error: LmsError; retry: boolean; retryAfterMs?: number };

export class LmsHttpClient {
  private readonly fetchImpl: typeof fetch;
  private readonly logger: LmsLogger;
  private readonly random: () => number;
  private readonly now: () => number;
  private readonly base: URL;
  private readonly gate: Gate;

  private readonly options: HttpClientOptions;

  constructor(options: HttpClientOptions, deps: HttpDeps = {}) {
    this.options = options;
    this.fetchImpl = deps.fetch ?? globalThis.fetch.bind(globalThis);
    this.logger = deps.logger ?? silentLogger;
    this.random = deps.random ?? Math.random;
    this.now = deps.now ?? Date.now;
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.gate = new Gate(options.tuning.maxConcurrency);
  }

  get system(): LmsKind {
    return this.options.system;
  }

  /** GET and parse JSON, retrying transient failures within the total budget. */
  async getJson(request: GetJsonRequest): Promise<unknown> {
    return this.send(request, undefined);
  }

  /**
   * POST a read-only query (e.g. Mambu's documented `POST /loans:search`) and parse JSON. Never
   * retried: only GETs are, whatever the endpoint promises.
   */
  async postJson(request: GetJsonRequest & { body: unknown }): Promise<unknown> {
    return this.send(request, JSON.stringify(request.body));
  }

  private async send(request: GetJsonRequest, body: string | undefined): Promise<unknown> {
    const { tuning, system } = this.options;
    const url = this.url(request);
    const retries = body === undefined ? tuning.maxRetries : 0;
    const started = this.now();
    const deadline = started + tuning.totalTimeoutMs;
    let last: Extract<Attempt, { ok: false }> | undefined;

    for (let attempt = 1; attempt <= retries + 1; attempt++) {
      const remaining = deadline - this.now();
      if (remaining <= 0) break;
      const result = await this.attempt(url, request, body, Math.min(tuning.timeoutMs, remaining), attempt);
      if (result.ok) return result.body;
      last = result;
      if (!result.retry || attempt > retries) break;

      const wait = result.retryAfterMs ?? this.backoff(attempt);
      if (this.now() + wait >= deadline) break;
      this.logger.warn(
        {
          lms: system,
          op: request.op,
          attempt,
          kind: result.error.kind,
          reason: result.error.reason,
          status: result.error.upstreamStatus,
          delayMs: Math.round(wait),
        },
        'lms request failed; retrying',
      );
      try {
        await delay(wait, undefined, request.signal ? { signal: request.signal } : undefined);
      } catch {
        throw callerAborted(system, attempt);
      }
    }

    const attempts = last ? attemptsOf(last.error) : 0;
    if (!last) {
      throw new LmsError({ kind: 'timeout', system, reason: 'deadline', message: `no time left within ${tuning.totalTimeoutMs} ms`, attempts });
    }
    throw last.error;
  }

  private url(request: GetJsonRequest): URL {
    // './' keeps a first segment with a colon (Mambu's `loans:search`) from reading as a scheme.
    const url = new URL(`./${request.path.replace(/^\/+/, '')}`, this.base);
    const pairs = Object.entries(request.query ?? {}).filter((e): e is [string, string | number] => e[1] !== undefined);
    if (pairs.length > 0) {
      // URLSearchParams would turn spaces into '+' and '$' into %24; OData filters want %20 and
      // a literal `$top` (developers.loanpro.io/docs/filtering-and-paginating-responses).
      url.search = pairs.map(([k, v]) => `${encodeURIComponent(k).replace(/%24/g, '$')}=${encodeURIComponent(String(v))}`).join('&');
    }
    return url;
  }

  /** "Equal jitter": grows exponentially, never below half the step, capped. */
  private backoff(attempt: number): number {
    const { baseDelayMs, maxDelayMs } = this.options.tuning;
    const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (attempt - 1));
    return step / 2 + this.random() * (step / 2);
  }

  private async attempt(url: URL, request: GetJsonRequest, body: string | undefined, timeoutMs: number, attempt: number): Promise<Attempt> {
    const { system } = this.options;
    // The per-attempt clock starts once a slot is free, so queueing behind this connector's
    // own requests is not mistaken for a slow LMS.
    const release = await this.gate.acquire();
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = request.signal ? AbortSignal.any([timeout, request.signal]) : timeout;
    const t0 = this.now();
    let status: number | undefined;
    try {
      const res = await this.fetchImpl(url, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { Accept: 'application/json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...this.options.headers },
        ...(body === undefined ? {} : { body }),
        signal,
        // A redirect means a wrong base URL; following it could send credentials elsewhere.
        redirect: 'manual',
      });
      status = res.status;
      const limit = this.options.tuning.maxResponseBytes ?? MAX_RESPONSE_BYTES;
      const text = await readCapped(res, limit);
      if (text === undefined) {
        return {
          ok: false,
          retry: false,
          error: new LmsError({
            kind: 'upstream',
            system,
            reason: 'malformed',
            upstreamStatus: status,
            attempts: attempt,
            message: `answer larger than ${limit} bytes`,
          }),
        };
      }
      this.logger.debug({ lms: system, op: request.op, attempt, status, ms: Math.round(this.now() - t0) }, 'lms request');
      return this.interpret(res, text, request, attempt);
    } catch (err) {
      if (request.signal?.aborted) return { ok: false, retry: false, error: callerAborted(system, attempt) };
      if (timeout.aborted) {
        return {
          ok: false,
          retry: true,
          error: new LmsError({
            kind: 'timeout',
            system,
            reason: 'deadline',
            message: `no answer within ${timeoutMs} ms (attempt ${attempt})`,
            attempts: attempt,
          }),
        };
      }
      // undici reports refused/reset connections as TypeError('fetch failed') with a coded
      // cause; only the code is kept — the cause's text can contain the URL.
      const code = networkCode(err);
      return {
        ok: false,
        retry: true,
        error: new LmsError({
          kind: 'upstream',
          system,
          reason: 'connection',
          message: `connection failed${code ? ` (${code})` : ''} (attempt ${attempt})`,
          attempts: attempt,
          ...(status === undefined ? {} : { upstreamStatus: status }),
        }),
      };
    } finally {
      release();
    }
  }

  private interpret(res: Response, text: string, request: GetJsonRequest, attempt: number): Attempt {
    const { system } = this.options;
    const status = res.status;
    const base = { system, attempts: attempt, upstreamStatus: status } as const;

    if (status >= 200 && status < 300) {
      try {
        return { ok: true, body: JSON.parse(text) as unknown };
      } catch {
        // The SyntaxError's message quotes the body, so it is dropped here.
        return {
          ok: false,
          retry: true,
          error: new LmsError({ ...base, kind: 'upstream', reason: 'malformed', message: `malformed answer: body is not JSON (attempt ${attempt})` }),
        };
      }
    }
    if (status >= 300 && status < 400) {
      return {
        ok: false,
        retry: false,
        error: new LmsError({ ...base, kind: 'upstream', reason: 'redirect', message: `unexpected redirect (HTTP ${status}); check the base URL` }),
      };
    }

    const answer: ErrorAnswer = { status, body: parseQuietly(text) };
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), this.now());
      const retryAfterSeconds = Math.max(1, Math.ceil((retryAfterMs ?? this.backoff(attempt)) / 1000));
      return {
        ok: false,
        retry: true,
        ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
        error: new LmsError({
          ...base,
          kind: 'rate_limited',
          reason: 'http_status',
          retryAfterSeconds,
          message: `rate limited (HTTP 429); retry after ${retryAfterSeconds} s`,
        }),
      };
    }
    if (status >= 500) {
      return {
        ok: false,
        retry: true,
        error: new LmsError({ ...base, kind: 'upstream', reason: 'http_status', message: `server error (HTTP ${status}, attempt ${attempt})` }),
      };
    }
    const specific = request.classify?.(answer);
    if (specific) return { ok: false, retry: false, error: specific };
    if (status === 401 || status === 403) {
      return {
        ok: false,
        retry: false,
        error: new LmsError({ ...base, kind: 'auth_failed', reason: 'rejected', message: `credentials rejected (HTTP ${status})` }),
      };
    }
    return {
      ok: false,
      retry: false,
      error: new LmsError({ ...base, kind: 'upstream', reason: 'http_status', message: `unexpected answer (HTTP ${status})` }),
    };
  }
}

const MAX_RESPONSE_BYTES = 16 * 1024 * 1024;

/** The body as text, or undefined (and the stream cancelled) once it exceeds `limit` bytes. */
async function readCapped(res: Response, limit: number): Promise<string | undefined> {
  if (!res.body) return '';
  const declared = Number(res.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await res.body.cancel();
    return undefined;
  }
  // The DOM-style typings leave the chunk type open (`any`); fetch bodies are byte streams.
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function attemptsOf(error: LmsError): number {
  return error.attempts ?? 1;
}

function callerAborted(system: LmsKind, attempt: number): LmsError {
  return new LmsError({ kind: 'timeout', system, reason: 'deadline', message: 'cancelled by the caller (deadline reached)', attempts: attempt });
}

function parseQuietly(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function networkCode(err: unknown): string | undefined {
  const cause = (err as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && /^[A-Z0-9_]{2,40}$/.test(code) ? code : undefined;
}

/** A counting semaphore: at most `limit` requests of one connector in flight. */
class Gate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  private readonly limit: number;

  constructor(limit: number) {
    this.limit = limit;
  }

  async acquire(): Promise<() => void> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      this.waiting.shift()?.();
    };
  }
}

/** What every connector factory accepts besides its settings. */
export interface ConnectorDeps extends HttpDeps {
  /** "Now", for today's date in the tenant zone (DPD, status-archive window). */
  clock?: () => Date;
}
