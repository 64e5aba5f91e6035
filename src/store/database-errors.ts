/**
 * The one classifier of errors met while talking to the database. Every layer that decides what
 * an error means — run the work again, answer 503, fail one request, fail a whole batch — asks it,
 * so that they cannot disagree.
 *
 * - `retryable`: a deadlock or serialization failure. Nobody's fault; the same work succeeds if
 *   run again.
 * - `unavailable`: the database could not be reached, went away or stopped answering in time
 *   (connection exceptions, operator intervention, too many connections, the driver's own socket
 *   errors and time-outs). The request is not at fault; retry later (503).
 * - `statement`: the database refused a statement (constraint, data exception…). It has aborted
 *   the transaction it ran in; the unit of work that sent it is at fault, not the others sharing
 *   that transaction.
 * - `application`: not a database error at all — a refusal of our own or a bug in one unit of
 *   work. It says nothing about the connection or the other units.
 */
export type DatabaseErrorKind = 'retryable' | 'unavailable' | 'statement' | 'application';

/** Deadlock detected, serialization failure. */
const RETRYABLE_SQLSTATES = new Set(['40P01', '40001']);

/**
 * Connection exceptions (class 08), admin/crash shutdown and cannot-connect-now (57P01–57P03),
 * query cancelled — by statement_timeout, i.e. the server is too slow to answer (57014) — and too
 * many connections (53300).
 */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[123]|57014|53300)$/;

/** Socket errors node-postgres passes through as they are. */
const UNAVAILABLE_SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);

/** node-postgres and Kysely report a lost or silent connection in words, without a code. */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error|is not queryable|Query read timeout|Postgres connection has been discarded|Cannot use a pool after calling end|the embedded database (is closed|stopped)/i;

function codeOf(error: unknown): string | undefined {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/** A SQLSTATE: five digits or upper-case letters (PostgreSQL and PGlite both set `code`). */
function sqlState(error: unknown): string | undefined {
  const code = codeOf(error);
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

export function classifyDatabaseError(error: unknown): DatabaseErrorKind {
  const state = sqlState(error);
  if (state !== undefined) {
    if (RETRYABLE_SQLSTATES.has(state)) return 'retryable';
    if (UNAVAILABLE_SQLSTATE.test(state)) return 'unavailable';
    return 'statement';
  }
  const code = codeOf(error);
  if (code !== undefined && UNAVAILABLE_SOCKET_CODES.has(code)) return 'unavailable';
  const message = error instanceof Error ? error.message : undefined;
  if (message !== undefined && UNAVAILABLE_MESSAGE.test(message)) return 'unavailable';
  return 'application';
}

export const isRetryable = (error: unknown): boolean => classifyDatabaseError(error) === 'retryable';
export const isDatabaseUnavailable = (error: unknown): boolean => classifyDatabaseError(error) === 'unavailable';

/** The unique violation of one named constraint (e.g. an Idempotency-Key claimed meanwhile). */
export function isUniqueViolationOf(error: unknown, constraint: string): boolean {
  return sqlState(error) === '23505' && (error as { constraint?: unknown }).constraint === constraint;
}
