import type { LmsKind } from './connector.ts';
import { ShapeError } from './json-read.ts';

/**
 * The failure kinds issue 5 §6 distinguishes; each maps to one HTTP answer of the sync
 * (see `LMS_ERROR_HTTP`). `unsupported` is for calling a capability a connector lacks —
 * a programming error in the caller, since capabilities are declared up front.
 */
export type LmsErrorKind = 'not_configured' | 'customer_not_found' | 'loan_not_found' | 'timeout' | 'upstream' | 'rate_limited' | 'auth_failed' | 'unsupported';

/** Finer cause, for logs and metrics; never carries data from the LMS answer. */
type LmsErrorReason =
  | 'missing_config'
  | 'invalid_config'
  | 'not_found'
  | 'deadline'
  | 'http_status'
  | 'connection'
  | 'malformed'
  | 'redirect'
  | 'paging'
  | 'rejected'
  | 'capability';

const LMS_SYSTEM_NAMES: Readonly<Record<LmsKind, string>> = {
  demo: 'Demo LMS',
  loanpro: 'LoanPro',
  fineract: 'Apache Fineract',
  mambu: 'Mambu',
};

interface LmsErrorInit {
  kind: LmsErrorKind;
  system: LmsKind | 'lms';
  /** Plain words, no personal data: no names, SSN, birthday, phone, email, address, bodies. */
  message: string;
  reason?: LmsErrorReason;
  upstreamStatus?: number;
  retryAfterSeconds?: number;
  /** How many HTTP attempts were made before giving up. */
  attempts?: number;
  /** The customer or loan id that was looked up (the caller's own reference). */
  ref?: string;
  /** A static machine code from the LMS (e.g. Fineract `error.msg.loan.id.invalid`). */
  lmsCode?: string;
}

export class LmsError extends Error {
  override readonly name = 'LmsError';
  readonly kind: LmsErrorKind;
  readonly system: LmsKind | 'lms';
  readonly reason: LmsErrorReason | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly attempts: number | undefined;
  readonly ref: string | undefined;
  readonly lmsCode: string | undefined;

  constructor(init: LmsErrorInit) {
    const label = init.system === 'lms' ? 'LMS' : LMS_SYSTEM_NAMES[init.system];
    super(`${label}: ${init.message}`);
    this.kind = init.kind;
    this.system = init.system;
    this.reason = init.reason;
    this.upstreamStatus = init.upstreamStatus;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts;
    this.ref = init.ref;
    this.lmsCode = init.lmsCode;
  }

  /** Worth trying again later (the HTTP client has already retried within its budget). */
  get transient(): boolean {
    return this.kind === 'timeout' || this.kind === 'upstream' || this.kind === 'rate_limited';
  }

  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      kind: this.kind,
      system: this.system,
      message: this.message,
      reason: this.reason,
      upstreamStatus: this.upstreamStatus,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
      lmsCode: this.lmsCode,
    };
  }
}

export function isLmsError(value: unknown): value is LmsError {
  return value instanceof LmsError;
}

/**
 * The HTTP status and stable problem code issue 5 §6 prescribes per kind, so the HTTP layer
 * maps errors in one table. `rate_limited` answers 503 with `Retry-After: retryAfterSeconds`.
 */
export const LMS_ERROR_HTTP: Readonly<Record<LmsErrorKind, { status: number; code: string }>> = {
  not_configured: { status: 400, code: 'lms_not_configured' },
  customer_not_found: { status: 404, code: 'lms_customer_not_found' },
  loan_not_found: { status: 404, code: 'lms_loan_not_found' },
  timeout: { status: 504, code: 'lms_timeout' },
  upstream: { status: 502, code: 'lms_upstream_error' },
  rate_limited: { status: 503, code: 'lms_rate_limited' },
  auth_failed: { status: 502, code: 'lms_auth_failed' },
  unsupported: { status: 400, code: 'lms_unsupported' },
};

export function customerNotFound(system: LmsKind, ref: string, upstreamStatus?: number, lmsCode?: string): LmsError {
  return new LmsError({
    kind: 'customer_not_found',
    system,
    reason: 'not_found',
    message: upstreamStatus ? `customer not found (HTTP ${upstreamStatus})` : 'customer not found',
    ref,
    ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
    ...(lmsCode === undefined ? {} : { lmsCode }),
  });
}

export function loanNotFound(system: LmsKind, ref: string, detail?: string, upstreamStatus?: number, lmsCode?: string): LmsError {
  const suffix = upstreamStatus ? ` (HTTP ${upstreamStatus})` : '';
  return new LmsError({
    kind: 'loan_not_found',
    system,
    reason: 'not_found',
    message: `loan not found${detail ? `: ${detail}` : ''}${suffix}`,
    ref,
    ...(upstreamStatus === undefined ? {} : { upstreamStatus }),
    ...(lmsCode === undefined ? {} : { lmsCode }),
  });
}

/** The LMS answered 2xx but not in the documented shape; `path` names the field, never a value. */
/** Runs a wire-shape reader; a shape it cannot read becomes this system's "malformed answer". */
export function readAnswer<T>(system: LmsKind, read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ShapeError) throw malformedAnswer(system, err.path);
    throw err;
  }
}

function malformedAnswer(system: LmsKind, path: string): LmsError {
  return new LmsError({
    kind: 'upstream',
    system,
    reason: 'malformed',
    message: `malformed answer (unexpected shape at ${path})`,
  });
}

/**
 * Only codes that look like static identifiers are kept: LMS messages can echo names or ids
 * ("Client with identifier 99 does not exist"), codes cannot. No digits at all, so nothing
 * number-like (an SSN, a phone, a date) can ride along in a code.
 */
export function safeLmsCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z][A-Za-z_.-]{0,99}$/.test(value) ? value : undefined;
}
