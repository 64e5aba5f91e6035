/**
 * A server started while PostgreSQL is not there yet — the database container still starting,
 * a failover in progress — waits for it instead of exiting at once: it tries to connect, and after
 * each failure that says "not reachable" waits with exponential backoff and jitter (capped), until
 * a configured time runs out. Then it gives up with a message naming the database (never its
 * credentials), for its supervisor to see.
 *
 * A failure that waiting cannot cure (a wrong password, a database that does not exist) ends the
 * wait at once: only what `classifyDatabaseError` calls unavailable is retried.
 */
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { isDatabaseUnavailable } from './database-errors.ts';

/** What each failed attempt reports, for the log. */
export interface ConnectRetry {
  /** 1 for the first failed attempt. */
  readonly attempt: number;
  /** How long until the next attempt. */
  readonly retryInMs: number;
  /** How long until the wait gives up. */
  readonly giveUpInMs: number;
  /** The error, without the connection string's credentials. */
  readonly error: string;
}

export interface WaitOptions {
  /** How long to keep trying; 0 = one attempt. */
  readonly timeoutMs: number;
  /** Where the database is, as `databaseTarget` names it (for the messages). */
  readonly target: string;
  /** Words that must never be repeated (the connection string's password). */
  readonly secrets?: readonly string[];
  readonly onRetry: (retry: ConnectRetry) => void;
  /** First pause and the cap (default 250 ms and 5 s). */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
  readonly random?: () => number;
}

/** Where a starting server reports its wait (a pino logger will do). */
export interface StartupLog {
  warn(fields: object, message: string): void;
  info(fields: object, message: string): void;
}

/** The database could not be reached within the configured time. */
export class DatabaseConnectTimeout extends Error {}

/**
 * The pause before attempt `attempt + 1`: `initial · 2^(attempt−1)`, capped at `max`, then a random
 * half of it taken off ("equal jitter"), so that processes started together do not retry in step
 * yet never hammer the database with near-zero pauses.
 */
export function backoffDelay(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, initialMs * 2 ** Math.min(attempt - 1, 30));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/** `host:port/database` of a connection string: where it points, without user or password. */
export function databaseTarget(url: string): string {
  try {
    const parsed = new URL(url);
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ''));
    return `${parsed.hostname || 'localhost'}:${parsed.port || '5432'}${database ? `/${database}` : ''}`;
  } catch {
    return 'the configured database';
  }
}

/** The connection string's password, decoded and as written, for scrubbing; none if it has none. */
export function databaseSecrets(url: string): string[] {
  try {
    const raw = new URL(url).password;
    return raw ? [...new Set([raw, decodeURIComponent(raw)])] : [];
  } catch {
    return [];
  }
}

/**
 * An error as a log line may hold it: its code and message, with the given secrets and any quoted
 * text removed (PostgreSQL quotes names and values, as the logger's error serializer assumes).
 */
export function connectionErrorText(error: unknown, secrets: readonly string[] = []): string {
  let text = error instanceof Error ? error.message : String(error);
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code === 'string' && !text.includes(code)) text = `${code}: ${text}`;
  for (const secret of secrets) if (secret) text = text.split(secret).join('[redacted]');
  return text.replace(/"[^"]*"|'[^']*'/g, '"…"') || 'unknown error';
}

/**
 * Resolves once the database answers, with the number of attempts that failed before; throws
 * DatabaseConnectTimeout when the time runs out.
 */
export async function waitForDatabase(db: Db, options: WaitOptions): Promise<number> {
  const started = Date.now();
  const deadline = started + options.timeoutMs;
  const initial = options.initialDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 5_000;
  const secrets = options.secrets ?? [];
  for (let attempt = 1; ; attempt++) {
    try {
      await sql`select 1`.execute(db);
      return attempt - 1;
    } catch (error) {
      const message = connectionErrorText(error, secrets);
      if (!isDatabaseUnavailable(error)) throw new Error(`cannot use the database at ${options.target}: ${message}`);
      const left = deadline - Date.now();
      if (left <= 0) {
        const seconds = Math.round((Date.now() - started) / 1000);
        throw new DatabaseConnectTimeout(
          `the database at ${options.target} could not be reached in ${seconds} s (${attempt} attempt${attempt === 1 ? '' : 's'}; raise DATABASE_CONNECT_TIMEOUT_SECONDS to wait longer); last error: ${message}`,
        );
      }
      const retryInMs = Math.min(backoffDelay(attempt, initial, cap, options.random), left);
      options.onRetry({ attempt, retryInMs, giveUpInMs: left, error: message });
      await new Promise((resolve) => setTimeout(resolve, retryInMs));
    }
  }
}
