/**
 * Per-API-key rate limits for everything registered inside the authenticated scope, on
 * @fastify/rate-limit. Each key gets its own budget (its `rateLimitPerMinute`; 0 = unlimited) in a
 * fixed one-minute window that starts with the key's first request in it.
 *
 * The check is a route-level onRequest hook: Fastify runs route-level hooks after the scope's, so it
 * runs after authentication (which answers 401 first and stops the chain) and before the body is
 * read, like the authentication itself. Over budget: `429 rate_limited` as a problem with
 * `retry-after` in whole seconds; every limited response also carries the plugin's
 * `x-ratelimit-limit`, `x-ratelimit-remaining` and `x-ratelimit-reset` (seconds) headers.
 *
 * Counters live in the process (an LRU map) unless a Redis URL is given; then every process using
 * that Redis shares one budget per key. Redis is an availability risk we do not pass on to clients:
 * when it does not answer, requests go through unlimited (fail-open) and a warning is logged.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import type { Principal } from '../../services/auth.ts';
import { sendProblem } from '../problems.ts';

export interface RateLimitOptions {
  /** redis:// or rediss:// URL (RATE_LIMIT_REDIS_URL): budgets shared across processes and hosts. */
  readonly redisUrl?: string | undefined;
  /** Prefix of the counters' Redis keys (tests use one per run). */
  readonly redisKeyPrefix?: string | undefined;
}

const DEFAULT_REDIS_KEY_PREFIX = 'callwise:rate-limit:';
const WINDOW_MS = 60_000;
/** Keys the in-memory store tracks at once; the least recently used beyond that start afresh. */
const LOCAL_KEYS = 100_000;
/** A Redis that answers slower than this counts as down for that request. */
const REDIS_COMMAND_TIMEOUT_MS = 500;
/** While Redis stays down, the warning is repeated at most this often. */
const WARN_EVERY_MS = 60_000;

/** What the plugin throws for a request over budget; rendered by the scope's error handler. */
class RateLimitExceeded extends Error {
  readonly statusCode = 429;
  readonly limit: number;
  readonly retryAfterSeconds: number;

  constructor(limit: number, retryAfterSeconds: number) {
    super('rate limited');
    this.limit = limit;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export async function registerRateLimit(scope: FastifyInstance, options: RateLimitOptions = {}): Promise<void> {
  const redis = options.redisUrl ? await connectRedis(options.redisUrl, scope.log.child({ component: 'rate-limit' })) : undefined;
  if (redis) scope.addHook('onClose', async () => closeRedis(redis));

  // The plugin adds its hook to every route declared after this in the scope (and only there).
  await scope.register(rateLimit, {
    global: true,
    hook: 'onRequest',
    timeWindow: WINDOW_MS,
    // Authentication has run: a request without a principal was answered 401 already.
    keyGenerator: (request) => principalOf(request)?.keyId ?? '',
    max: (request) => principalOf(request)?.rateLimitPerMinute ?? 0,
    // Unlimited keys skip the check; so does every request while Redis is disconnected (fail-open:
    // no counting, no x-ratelimit headers). skipOnError covers a check that fails mid-way.
    allowList: (request) => (principalOf(request)?.rateLimitPerMinute ?? 0) <= 0 || (redis !== undefined && redis.status !== 'ready'),
    errorResponseBuilder: (_request, context) => new RateLimitExceeded(context.max, Math.max(1, Math.ceil(context.ttl / 1000))),
    ...(redis ? { redis, nameSpace: options.redisKeyPrefix ?? DEFAULT_REDIS_KEY_PREFIX, skipOnError: true } : { cache: LOCAL_KEYS }),
  });

  // Our problem document for the plugin's 429; every other error goes on to the app's handler.
  scope.setErrorHandler((error, request, reply) => {
    if (!(error instanceof RateLimitExceeded)) throw error;
    reply.header('retry-after', String(error.retryAfterSeconds));
    return sendProblem(
      request,
      reply,
      'rate_limited',
      `This API key is limited to ${error.limit} requests a minute. Retry after ${error.retryAfterSeconds} s.`,
    );
  });
}

function principalOf(request: { principal: Principal | null }): Principal | null {
  return request.principal;
}

/**
 * A client that never makes a request wait for Redis: no offline queue (a check while disconnected
 * fails at once and is skipped), no retries of a failed check, a short command timeout, and
 * reconnection in the background for as long as the process runs.
 */
async function connectRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  // Loaded only when a Redis URL is set: the client and its dependencies are about a hundred modules
  // that a single process, the embedded default, never uses (start-up time and idle memory).
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2_000,
    commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
    retryStrategy: (attempt) => Math.min(attempt * 200, 5_000),
  });
  let down = false;
  let warnedAt = 0;
  client.on('error', (error: Error & { code?: unknown }) => {
    const now = Date.now();
    if (!down || now - warnedAt >= WARN_EVERY_MS) {
      // The error's code and message only: never the URL (it may hold a password), never a key.
      log.warn({ err: { code: error.code, message: error.message } }, 'rate-limit store (Redis) unreachable: requests are not rate limited until it answers');
      warnedAt = now;
    }
    down = true;
  });
  client.on('ready', () => {
    if (down) log.info('rate-limit store (Redis) answering again: rate limits apply');
    down = false;
  });
  // Start with a connection when Redis is there; when it is not, start anyway (fail-open) and let
  // the client keep trying. The failure was logged by the error listener.
  await client.connect().catch(() => {});
  return client;
}

async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    try {
      await client.quit();
      return;
    } catch {
      // fall through: drop the connection
    }
  }
  client.disconnect();
}
