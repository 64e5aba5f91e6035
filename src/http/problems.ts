/**
 * Every error the API returns is an RFC 9457 problem (application/problem+json) with a stable
 * `code` and the `requestId`. This table is the one place where codes meet HTTP statuses.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode, FieldError } from '../domain/errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The problem code this request was answered with, for metrics. */
    problemCode?: string;
  }
}

export type ProblemCode =
  | ErrorCode
  | 'unauthorized'
  | 'malformed_json'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'malformed_request'
  | 'request_timeout'
  | 'headers_too_large'
  | 'route_not_found'
  | 'method_not_allowed'
  | 'rate_limited'
  | 'service_unavailable'
  | 'internal_error';

interface ProblemType {
  readonly status: number;
  readonly title: string;
}

export const PROBLEM_TYPES: Readonly<Record<ProblemCode, ProblemType>> = {
  validation_failed: { status: 400, title: 'The request is invalid' },
  invalid_task_type: { status: 400, title: 'Unknown task type' },
  malformed_json: { status: 400, title: 'The body is not valid JSON' },
  malformed_request: { status: 400, title: 'The request is not valid HTTP' },
  lms_not_configured: { status: 400, title: 'No loan management system is configured' },
  lms_unsupported: { status: 400, title: 'The loan management system cannot do this' },
  idempotency_key_invalid: { status: 400, title: 'The Idempotency-Key header is malformed' },
  unauthorized: { status: 401, title: 'A valid API key is required' },
  signature_invalid: { status: 401, title: 'The webhook signature is missing, wrong or stale' },
  customer_not_found: { status: 404, title: 'Customer not found' },
  not_found: { status: 404, title: 'Not found' },
  zip_not_found: { status: 404, title: 'Unknown ZIP code' },
  area_code_not_found: { status: 404, title: 'Unknown area code' },
  route_not_found: { status: 404, title: 'No such route' },
  lms_customer_not_found: { status: 404, title: 'The customer was not found in the loan management system' },
  lms_loan_not_found: { status: 404, title: 'The loan was not found in the loan management system' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  request_timeout: { status: 408, title: 'The request did not arrive in time' },
  customer_exists: { status: 409, title: 'The customer already exists' },
  conflict: { status: 409, title: 'Conflict' },
  idempotency_key_in_progress: { status: 409, title: 'A request with this Idempotency-Key is still in progress' },
  payload_too_large: { status: 413, title: 'The body is too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported content type' },
  idempotency_key_reused: { status: 422, title: 'The Idempotency-Key was used with a different request' },
  lms_customer_invalid: { status: 422, title: "The loan management system's record does not make a valid customer" },
  marketing_not_enabled: { status: 422, title: 'Marketing calls are not enabled for your company' },
  rate_limited: { status: 429, title: 'Too many requests' },
  headers_too_large: { status: 431, title: 'The request headers are too large' },
  internal_error: { status: 500, title: 'Internal error' },
  lms_upstream_error: { status: 502, title: 'The loan management system failed' },
  lms_auth_failed: { status: 502, title: 'The loan management system rejected our credentials' },
  service_unavailable: { status: 503, title: 'Service temporarily unavailable' },
  lms_rate_limited: { status: 503, title: 'The loan management system is rate limiting us' },
  lms_timeout: { status: 504, title: 'The loan management system did not answer in time' },
};

/** Problem `type` URIs resolve to the error catalogue in the API reference. */
function problemTypeUri(code: ProblemCode): string {
  return `https://callwise.dev/problems/${code.replaceAll('_', '-')}`;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** The problem document itself, for answers written where there is no request object (connections). */
export function problemDocument(code: ProblemCode, detail: string, requestId: string, extra: Readonly<Record<string, unknown>> = {}): ProblemBody {
  const { status, title } = PROBLEM_TYPES[code];
  return { type: problemTypeUri(code), title, status, detail, code, requestId, ...extra };
}

function problemBody(request: FastifyRequest, code: ProblemCode, detail: string, extra: Readonly<Record<string, unknown>> = {}): ProblemBody {
  return problemDocument(code, detail, String(request.id), extra);
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ProblemCode,
  detail: string,
  extra: Readonly<Record<string, unknown>> = {},
): FastifyReply {
  const body = problemBody(request, code, detail, extra);
  request.problemCode = code;
  return reply.code(body.status).type('application/problem+json').send(body);
}
