/**
 * Configuration from the environment, validated once at start. A bad value stops the process with
 * a message naming the variable, instead of failing later in a request.
 */
import os from 'node:os';
import path from 'node:path';

export interface Config {
  readonly port: number;
  readonly host: string;
  /** PostgreSQL connection string; when absent the embedded PGlite database in `dataDir` is used. */
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  /** A fixed API key for the demo company (scripts and tests); see docs/operations.md. */
  readonly bootstrapApiKey: string | undefined;
  readonly logLevel: string;
  /** Base64 AES-256 key(s) for PII at rest; absent on the embedded default, where a key file is made. */
  readonly encryptionKey: string | undefined;
  readonly databasePoolSize: number;
  /** How long a starting server waits for PostgreSQL to answer before it gives up (0 = one attempt). */
  readonly databaseConnectTimeoutSeconds: number;
  readonly rateLimitPerMinute: number;
  /** redis:// or rediss:// URL: rate-limit budgets shared by every process using it; absent = per process. */
  readonly rateLimitRedisUrl: string | undefined;
  /** Share transactions between concurrent requests (GROUP_COMMIT=off to disable). */
  readonly groupCommit: boolean;
  /** Server processes sharing the port (CALLWISE_WORKERS; `auto` = one per CPU). PostgreSQL only. */
  readonly workers: number;
  /** Milliseconds a request may take to arrive, headers and body (REQUEST_TIMEOUT_MS); then 408. */
  readonly requestTimeoutMs: number;
  /** Milliseconds a request's headers may take to arrive (HEADERS_TIMEOUT_MS); then 408. */
  readonly headersTimeoutMs: number;
  /** The bearer token /metrics answers to (METRICS_TOKEN); absent = /metrics is not served. */
  readonly metricsToken: string | undefined;
  /** Run the dispatcher inside the server (DISPATCHER, default on; `callwise dispatcher` runs it alone). */
  readonly dispatcher: boolean;
  /** How often the dispatcher looks for due tasks without being notified (DISPATCH_POLL_MS). */
  readonly dispatchPollMs: number;
  /**
   * Dispatch timings (services/dispatch.ts DispatchOptions); undefined = the service's default.
   * DISPATCH_LEASE_MS (default 60 s): how long a claimed task waits for the provider's answer before
   * another dispatcher reconciles it. It must exceed DISPATCH_DIAL_TIMEOUT_MS (default 15 s), the
   * bound on one create-call request: a lease that ran out while a dial is still in flight lets
   * reconciliation ask the provider before the call exists, and dial the borrower a second time.
   * DISPATCH_RECONCILE_RETRY_MS (default 60 s): when an unanswered or unfinished call is asked about
   * again. Small values are for tests that crash dispatchers and want them reconciled in seconds.
   */
  readonly dispatchLeaseMs: number | undefined;
  readonly dispatchDialTimeoutMs: number | undefined;
  readonly dispatchReconcileRetryMs: number | undefined;
  /** This deployment's public https URL (PUBLIC_URL), for providers that take a per-call webhook URL. */
  readonly publicUrl: string | undefined;
  /**
   * Minutes between VACUUM (ANALYZE) passes over the embedded database, which has no autovacuum
   * (EMBEDDED_VACUUM_INTERVAL_MINUTES, default 60; 0 turns them off). Ignored with PostgreSQL.
   */
  readonly embeddedVacuumIntervalMinutes: number;
  /** Send lender webhooks from the server (WEBHOOK_SENDER, default on; `callwise webhook-sender` runs it alone). */
  readonly webhookSender: boolean;
  /**
   * The server's sender yields to the API (WEBHOOK_SENDER_YIELD, default on): while requests are
   * being served it leases at most WEBHOOK_SENDER_BUSY_BATCH deliveries (default 10) every
   * WEBHOOK_SENDER_BUSY_INTERVAL_MS (default 100), and runs at full speed when the API is idle.
   */
  readonly webhookSenderYield: boolean;
  readonly webhookSenderBusyIntervalMs: number;
  readonly webhookSenderBusyBatch: number;
  /** …unless what it leases waited longer than WEBHOOK_SENDER_MAX_LAG_MS (default 30 s): then full speed until caught up. */
  readonly webhookSenderMaxLagMs: number;
  /**
   * NODE_ENV=development: a lender webhook endpoint may be http:// on a loopback address, to try
   * webhooks out against a local receiver. Anywhere else only public https endpoints are accepted.
   */
  readonly development: boolean;
  /**
   * Years a deleted customer's calls and consent events are kept after their last activity
   * (RECORD_RETENTION_YEARS, default and minimum 3: 12 CFR 1006.100); `callwise records purge`
   * removes what is older.
   */
  readonly recordRetentionYears: number;
}

/**
 * A whole request (headers and a body of at most 1 MiB) in 30 s: any real client, even on a poor
 * link (35 KB/s), sends it in less; handling time does not count. Headers (at most 16 KiB, one
 * packet from a real client) in 10 s. A client that stalls is cut off rather than holding a
 * connection and its request open for as long as it likes.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** services/dispatch.ts's defaults, repeated here only to check the two settings against each other. */
const DEFAULT_DISPATCH_LEASE_MS = 60_000;
const DEFAULT_DISPATCH_DIAL_TIMEOUT_MS = 15_000;

export class ConfigError extends Error {}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, alternatives = ''): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be ${alternatives}an integer between ${min} and ${max}`);
  }
  return value;
}

/** An integer setting whose default lives with the code that uses it: undefined when unset. */
function optionalInteger(env: NodeJS.ProcessEnv, name: string, min: number, max: number): number | undefined {
  const raw = env[name];
  return raw === undefined || raw === '' ? undefined : integer(env, name, 0, min, max);
}

function booleanFlag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|on|yes)$/i.test(raw)) return true;
  if (/^(0|false|off|no)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be on or off`);
}

function isRedisUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
  } catch {
    return false;
  }
}

const LOG_LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const logLevel = env.LOG_LEVEL || 'info';
  if (!LOG_LEVELS.has(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${[...LOG_LEVELS].join(', ')}`);
  const bootstrapApiKey = env.CALLWISE_BOOTSTRAP_API_KEY || undefined;
  if (bootstrapApiKey !== undefined && !/^[\x21-\x7e]{16,200}$/.test(bootstrapApiKey)) {
    throw new ConfigError('CALLWISE_BOOTSTRAP_API_KEY must be 16 to 200 printable characters without spaces');
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// connection string');
  }
  const rateLimitRedisUrl = env.RATE_LIMIT_REDIS_URL || undefined;
  // The message never repeats the value: the URL may carry a password.
  if (rateLimitRedisUrl !== undefined && !isRedisUrl(rateLimitRedisUrl)) {
    throw new ConfigError('RATE_LIMIT_REDIS_URL must be a redis:// or rediss:// URL with a host');
  }
  const workers = env.CALLWISE_WORKERS === 'auto' ? os.availableParallelism() : integer(env, 'CALLWISE_WORKERS', 1, 1, 256, 'auto or ');
  if (workers > 1 && databaseUrl === undefined) {
    throw new ConfigError('CALLWISE_WORKERS above 1 needs DATABASE_URL: the embedded database belongs to one process');
  }
  const requestTimeoutMs = integer(env, 'REQUEST_TIMEOUT_MS', DEFAULT_REQUEST_TIMEOUT_MS, 100, 3_600_000);
  const headersTimeoutMs = integer(env, 'HEADERS_TIMEOUT_MS', Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs), 100, 3_600_000);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError('HEADERS_TIMEOUT_MS must not be above REQUEST_TIMEOUT_MS: the headers are part of the request');
  }
  const metricsToken = env.METRICS_TOKEN || undefined;
  // RFC 6750's token characters, so it travels in `Authorization: Bearer` as given. Never echoed.
  if (metricsToken !== undefined && !/^[A-Za-z0-9\-._~+/]{16,200}=*$/.test(metricsToken)) {
    throw new ConfigError('METRICS_TOKEN must be 16 to 200 characters: letters, digits and - . _ ~ + / (e.g. openssl rand -hex 32)');
  }
  const publicUrl = env.PUBLIC_URL || undefined;
  if (publicUrl !== undefined && !/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(publicUrl)) {
    throw new ConfigError('PUBLIC_URL must be an http(s) URL without a query, e.g. https://callwise.example.com');
  }
  const dispatchLeaseMs = optionalInteger(env, 'DISPATCH_LEASE_MS', 1_000, 3_600_000);
  const dispatchDialTimeoutMs = optionalInteger(env, 'DISPATCH_DIAL_TIMEOUT_MS', 100, 120_000);
  if ((dispatchLeaseMs ?? DEFAULT_DISPATCH_LEASE_MS) <= (dispatchDialTimeoutMs ?? DEFAULT_DISPATCH_DIAL_TIMEOUT_MS)) {
    throw new ConfigError(
      `DISPATCH_LEASE_MS must be above DISPATCH_DIAL_TIMEOUT_MS (defaults ${DEFAULT_DISPATCH_LEASE_MS} and ${DEFAULT_DISPATCH_DIAL_TIMEOUT_MS}): a lease that runs out during a dial lets the call be placed twice`,
    );
  }
  return Object.freeze({
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    bootstrapApiKey,
    logLevel,
    encryptionKey: env.CALLWISE_ENCRYPTION_KEY || undefined,
    databasePoolSize: integer(env, 'DATABASE_POOL_SIZE', 10, 1, 200),
    databaseConnectTimeoutSeconds: integer(env, 'DATABASE_CONNECT_TIMEOUT_SECONDS', 60, 0, 86_400),
    rateLimitPerMinute: integer(env, 'RATE_LIMIT_PER_MINUTE', 6000, 0, 100_000_000),
    rateLimitRedisUrl,
    groupCommit: booleanFlag(env, 'GROUP_COMMIT', true),
    workers,
    requestTimeoutMs,
    headersTimeoutMs,
    metricsToken,
    dispatcher: booleanFlag(env, 'DISPATCHER', true),
    dispatchPollMs: integer(env, 'DISPATCH_POLL_MS', 1_000, 50, 60_000),
    dispatchLeaseMs,
    dispatchDialTimeoutMs,
    dispatchReconcileRetryMs: optionalInteger(env, 'DISPATCH_RECONCILE_RETRY_MS', 100, 3_600_000),
    publicUrl,
    embeddedVacuumIntervalMinutes: integer(env, 'EMBEDDED_VACUUM_INTERVAL_MINUTES', 60, 0, 10_080),
    webhookSender: booleanFlag(env, 'WEBHOOK_SENDER', true),
    webhookSenderYield: booleanFlag(env, 'WEBHOOK_SENDER_YIELD', true),
    webhookSenderBusyIntervalMs: integer(env, 'WEBHOOK_SENDER_BUSY_INTERVAL_MS', 100, 1, 60_000),
    webhookSenderBusyBatch: integer(env, 'WEBHOOK_SENDER_BUSY_BATCH', 10, 1, 1_000),
    webhookSenderMaxLagMs: integer(env, 'WEBHOOK_SENDER_MAX_LAG_MS', 30_000, 1_000, 86_400_000),
    development: env.NODE_ENV === 'development',
    recordRetentionYears: integer(env, 'RECORD_RETENTION_YEARS', 3, 3, 100),
  });
}
