/**
 * Expected outcomes that stop a request, as typed errors with a stable machine code. The HTTP layer
 * maps each code to a status and a problem type in one table (http/problems.ts); messages here are
 * shown to clients, so they never contain personal data.
 */
export type ErrorCode =
  | 'validation_failed'
  | 'invalid_task_type'
  | 'customer_exists'
  | 'customer_not_found'
  | 'not_found'
  | 'zip_not_found'
  | 'area_code_not_found'
  | 'lms_not_configured'
  | 'lms_customer_not_found'
  | 'lms_loan_not_found'
  | 'lms_timeout'
  | 'lms_upstream_error'
  | 'lms_rate_limited'
  | 'lms_auth_failed'
  | 'lms_unsupported'
  | 'lms_customer_invalid'
  | 'idempotency_key_invalid'
  | 'idempotency_key_reused'
  | 'idempotency_key_in_progress'
  | 'conflict'
  | 'marketing_not_enabled'
  | 'signature_invalid';

/** One failing field: a JSON Pointer (RFC 6901) into the request and what is wrong with it. */
export interface FieldError {
  readonly pointer: string;
  readonly detail: string;
}

export class DomainError extends Error {
  readonly code: ErrorCode;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, extra: Readonly<Record<string, unknown>> = {}) {
    super(message);
    this.code = code;
    this.extra = extra;
    this.name = 'DomainError';
  }
}

export class ValidationError extends DomainError {
  readonly errors: readonly FieldError[];

  constructor(errors: readonly FieldError[], extra: Readonly<Record<string, unknown>> = {}) {
    super('validation_failed', describe(errors), extra);
    this.errors = errors;
    this.name = 'ValidationError';
  }
}

function describe(errors: readonly FieldError[]): string {
  const n = errors.length;
  return n === 1 ? 'One field is invalid.' : `${n} fields are invalid.`;
}

/** "/a/b" for path segments ["a", "b"], escaping as RFC 6901 requires. */
export function pointerOf(...segments: Array<string | number>): string {
  let pointer = '';
  for (const segment of segments) {
    const text = String(segment);
    // Validation builds a pointer per field checked, errors or not: skip the escaping when moot.
    pointer += '/' + (text.includes('~') || text.includes('/') ? text.replaceAll('~', '~0').replaceAll('/', '~1') : text);
  }
  return pointer;
}
