/**
 * Structured logs without personal data or secrets. Request logs carry method, path, status, timing
 * and ids only: bodies are never logged, and headers that carry keys are redacted in case a
 * serializer ever includes them.
 */
import type { FastifyServerOptions } from 'fastify';

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

export function loggerOptions(level: string): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: {
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0], requestId: req.id }),
    },
  };
}
