/**
 * Structured logs without personal data or secrets, at every level. Request logs carry method,
 * path, status, timing and ids only: bodies are never logged, and headers that carry keys are
 * redacted in case a serializer ever includes them. Errors are logged as their kind, code, status,
 * a scrubbed message and where they were raised — never their other properties: Node's HTTP
 * parser errors carry the raw bytes received (`rawPacket`: the request's headers, API key
 * included, and its body), and other errors quote the input that caused them.
 */
import type { FastifyError, FastifyServerOptions } from 'fastify';
import { loggableError } from '../observability/loggable-error.ts';

const REDACTED_PATHS = [
  'req.headers["x-api-key"]',
  'req.headers.authorization',
  'req.headers["idempotency-key"]',
  'req.headers.cookie',
  '*.ssnLastFour',
  '*.birthday',
  '*.phoneNumber',
  '*.email',
  '*.firstName',
  '*.lastName',
  '*.streetAddress1',
  '*.streetAddress2',
  '*.externalMetadata',
  '*.secret',
  '*.apiKey',
];

/** The fields of a logged error; anything else an error object carries is dropped. */
const ERROR_FIELDS = ['type', 'code', 'statusCode', 'message', 'stack'] as const;

/**
 * The `err` serializer: an Error becomes loggableError(error); an object already made loggable
 * (or built by hand, `{ message }`) keeps only the loggable fields, as text or numbers.
 */
function serializeError(value: unknown): Record<string, unknown> {
  if (value instanceof Error) return loggableError(value);
  if (!value || typeof value !== 'object') return { type: typeof value };
  const kept: Record<string, unknown> = {};
  for (const field of ERROR_FIELDS) {
    const v = (value as Record<string, unknown>)[field];
    if (typeof v === 'string' || typeof v === 'number') kept[field] = v;
  }
  return kept;
}

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], requestId: req.id }),
      res: (reply: { statusCode: number }) => ({ statusCode: reply.statusCode }),
      // Fastify's type expects every field of pino's error serializer; a logged error has only
      // those it can carry safely.
      err: serializeError as (error: FastifyError) => { type: string; message: string; stack: string },
    },
  };
}
