/**
 * The three tiers of error handling: our own expected outcomes (DomainError) render as their
 * problem; framework errors (bad JSON, wrong content type, oversized body, failed validation) map
 * to theirs; anything else is a bug or an outage: logged with its stack, answered without internals.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DomainError, ValidationError, type FieldError } from '../../domain/errors.ts';
import { isDatabaseUnavailable } from '../../store/database-errors.ts';
import { loggableError } from '../../observability/loggable-error.ts';
import { sendProblem } from '../problems.ts';

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | DomainError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ValidationError) {
      return sendProblem(request, reply, error.code, error.message, { errors: error.errors, ...error.extra });
    }
    if (error instanceof DomainError) {
      const headers = error.extra.retryAfterSeconds;
      if (typeof headers === 'number') reply.header('retry-after', String(headers));
      const { retryAfterSeconds: _omit, ...extra } = error.extra;
      return sendProblem(request, reply, error.code, error.message, extra);
    }
    const fastifyError = error as FastifyError & { validation?: FieldError[] };
    if (Array.isArray(fastifyError.validation)) {
      const errors = (fastifyError.validation as unknown as Array<Partial<FieldError>>).map((e) => ({
        pointer: e.pointer ?? '',
        detail: e.detail ?? 'is invalid',
      }));
      const where = (fastifyError as { validationContext?: string }).validationContext;
      const detail = where === 'querystring' ? 'The query string is invalid.' : where === 'params' ? 'The path is invalid.' : 'The request is invalid.';
      return sendProblem(request, reply, 'validation_failed', detail, { errors });
    }
    switch (fastifyError.code) {
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return sendProblem(request, reply, 'unsupported_media_type', 'Send the body as application/json.');
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return sendProblem(request, reply, 'payload_too_large', 'The body must be at most 1 MiB.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return sendProblem(request, reply, 'malformed_json', 'The body is empty; send a JSON object.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return sendProblem(request, reply, 'malformed_json', 'The body could not be parsed as JSON.');
    }
    if (error instanceof SyntaxError || fastifyError.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return sendProblem(request, reply, 'malformed_json', 'The body could not be parsed as JSON.');
    }
    if (fastifyError.statusCode === 413) return sendProblem(request, reply, 'payload_too_large', 'The body must be at most 1 MiB.');
    if (fastifyError.statusCode === 415) return sendProblem(request, reply, 'unsupported_media_type', 'Send the body as application/json.');
    if (typeof fastifyError.statusCode === 'number' && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
      return sendProblem(request, reply, 'validation_failed', 'The request is invalid.');
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: loggableError(error) }, 'database unavailable');
      reply.header('retry-after', '5');
      return sendProblem(request, reply, 'service_unavailable', 'The database is unavailable; retry shortly.');
    }
    request.log.error({ err: loggableError(error) }, 'unhandled error');
    return sendProblem(request, reply, 'internal_error', 'Something went wrong on our side. Quote the requestId if you contact support.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(request, reply, 'route_not_found', `There is no ${request.method} ${request.url.split('?')[0]} route.`),
  );
}
