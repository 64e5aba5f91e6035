/**
 * The HTTP application, built from already-constructed services so tests can make one in-process
 * (app.inject) and the process entry point (main.ts) only listens and shuts down.
 */
import type { ApiLoad } from '../observability/api-load.ts';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { newId } from '../domain/ids.ts';
import type { Services } from '../services/index.ts';
import { registerApiReference } from './api-reference.ts';
import { consoleRoutes } from './console.ts';
import { registerErrorHandling } from './plugins/error-handler.ts';
import { connectionOptions, trackRequest, type ConnectionTimeouts } from './connections.ts';
import { DEFAULT_HEADERS_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT_MS } from '../config.ts';
import { sendProblem } from './problems.ts';
import { requireApiKey } from './plugins/auth.ts';
import { registerRateLimit, type RateLimitOptions } from './plugins/rate-limit.ts';
import { parseJsonBody } from './json-body.ts';
import { buildTypeBoxValidator } from './validation.ts';
import { buildLazySerializer } from './serialization.ts';
import { ProblemSchema } from '../schemas/common.ts';
import { CustomerResponse } from '../schemas/customer.ts';
import { customerRoutes } from './routes/customers.ts';
import { healthRoutes } from './routes/health.ts';
import { metricsRoute } from './routes/metrics.ts';
import { scheduleRoutes } from './routes/schedules.ts';
import { consentRoutes } from './routes/consent.ts';
import { callRoutes } from './routes/calls.ts';
import { taskTypeRoutes } from './routes/task-types.ts';
import { complianceRoutes } from './routes/compliance.ts';
import { referenceRoutes } from './routes/reference.ts';
import { loanRoutes } from './routes/loans.ts';
import { lmsWebhookRoutes } from './routes/lms-webhooks.ts';
import { webhookEndpointRoutes } from './routes/webhook-endpoints.ts';
import { batchRoutes } from './routes/batch.ts';
import { dispatchRoutes } from './routes/dispatch.ts';
import { providerWebhookRoutes } from './routes/provider-webhooks.ts';
import { auditRoutes } from './routes/audit.ts';
import { AgentContextSchema } from '../schemas/dispatch.ts';
import { LoanResponse } from '../schemas/loan.ts';
import { TaskResponse } from '../schemas/schedule.ts';
import { CallResponse } from '../schemas/call.ts';

const BODY_LIMIT_BYTES = 1024 * 1024;

export interface AppOptions {
  readonly services: Services;
  /** Logger options (the server) or a ready logger instance (tests capture its output). */
  readonly logger?: FastifyServerOptions['logger'];
  readonly loggerInstance?: FastifyBaseLogger;
  /** Where rate-limit budgets are counted: in the process (default) or a shared Redis. */
  readonly rateLimit?: RateLimitOptions;
  /** How long a request may take to arrive (default: 30 s in all, 10 s for the headers). */
  readonly timeouts?: ConnectionTimeouts;
  /** /metrics answers only `Authorization: Bearer <metricsToken>`; without one it is not served. */
  readonly metricsToken?: string | undefined;
  /** This deployment's public URL: provider webhooks are signed over it (Twilio). */
  readonly publicUrl?: string | undefined;
  /**
   * Counts the requests being served, for the background work of the same process (the webhook
   * sender yields while the API is busy: observability/api-load.ts).
   */
  readonly apiLoad?: ApiLoad | undefined;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { services } = options;
  const app = Fastify({
    ...(options.loggerInstance ? { loggerInstance: options.loggerInstance } : { logger: options.logger ?? false }),
    bodyLimit: BODY_LIMIT_BYTES,
    genReqId: () => newId('req'),
    // Never trust a client-sent request id: it would end up in our logs unchecked.
    requestIdHeader: false,
    // Customer ids may be 255 characters, up to 9 bytes each once percent-encoded; find-my-way's
    // default (100) answered longer ids with a bare 414 that was not a problem document.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 4096 },
    // Errors raised before routing (bad percent-encoding, over-long path parameters) bypass the
    // error handler and the onRequest hook: answer them as problems with a request id too.
    frameworkErrors: (error, request, reply) => {
      reply.header('x-request-id', request.id);
      // A reply is thenable; here it is sent, not awaited.
      void sendProblem(
        request,
        reply,
        'validation_failed',
        error.code === 'FST_ERR_BAD_URL' ? 'The path is not a valid URL: check its percent-encoding.' : 'The path is invalid.',
      );
    },
    // Validation is TypeBox's (validation.ts), so Fastify's Ajv is never loaded; serialisers are
    // Fastify's own, compiled on first use (serialization.ts).
    schemaController: { compilersFactory: { buildValidator: buildTypeBoxValidator, buildSerializer: buildLazySerializer } },
    // Time limits for a request to arrive; 400, 408 and 431 from the connection as problems.
    ...connectionOptions(options.timeouts ?? { requestMs: DEFAULT_REQUEST_TIMEOUT_MS, headersMs: DEFAULT_HEADERS_TIMEOUT_MS }, services.metrics),
  }).withTypeProvider<TypeBoxTypeProvider>();
  // JSON only: Fastify also parses text/plain by default, which would let a non-JSON body through.
  app.removeContentTypeParser('text/plain');
  // Every JSON body is read by one parser (json-body.ts): malformed text, names given twice, text
  // PostgreSQL cannot store and nesting too deep are refused whole, before any hook or handler
  // walks the body; free-form metadata keeps its numbers as written.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
  const { apiLoad } = options;
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    trackRequest(request, reply);
    if (apiLoad) {
      apiLoad.started();
      // 'close' comes once, answered or abandoned by the client.
      reply.raw.once('close', () => apiLoad.finished());
    }
  });
  registerErrorHandling(app);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    services.metrics.requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    services.metrics.latency.observe({ method: request.method, route }, reply.elapsedTime / 1000);
    if (request.problemCode) services.metrics.errors.inc({ code: request.problemCode });
  });

  app.addSchema(ProblemSchema);
  app.addSchema(CustomerResponse);
  app.addSchema(TaskResponse);
  app.addSchema(CallResponse);
  app.addSchema(LoanResponse);
  app.addSchema(AgentContextSchema);
  await registerApiReference(app);

  healthRoutes(app, services.db);
  // The operator console's files: public, like /docs; the data it shows comes from the API below.
  consoleRoutes(app);
  // Keys revoked by other processes (the CLI, other workers and hosts) leave this one's key cache
  // as soon as PostgreSQL announces them.
  let revocations: { close(): Promise<void> } | undefined;
  app.addHook('onReady', async () => {
    revocations = services.auth.followRevocations(services.database, app.log.child({ component: 'auth' }));
  });
  app.addHook('onClose', async () => {
    await revocations?.close();
  });
  // LMS reads log through the app's logger: outcomes, retries and timings, never values.
  services.lmsConfigs.attachLogger(app.log.child({ component: 'lms' }));
  metricsRoute(app, services.metrics, options.metricsToken);
  await providerWebhookRoutes(app, services.providerWebhooks, options.publicUrl ?? null);
  await app.register(async (scope) => {
    const authenticated = scope.withTypeProvider<TypeBoxTypeProvider>();
    requireApiKey(authenticated, services.auth);
    // After the authentication hook and before the routes, so that it applies to each of them.
    await registerRateLimit(authenticated, options.rateLimit);
    customerRoutes(authenticated, services.customers, services.idempotency);
    scheduleRoutes(authenticated, services.customers, services.schedules, services.scheduleControl, services.idempotency);
    callRoutes(authenticated, services.calls, services.idempotency);
    consentRoutes(authenticated, services.consent, services.idempotency);
    taskTypeRoutes(authenticated, services.companies);
    complianceRoutes(authenticated, services.complianceChecks, services.idempotency);
    referenceRoutes(authenticated);
    loanRoutes(authenticated, services.loans);
    lmsWebhookRoutes(authenticated, services.lmsWebhooks, services.idempotency);
    dispatchRoutes(authenticated, services.dispatch, services.idempotency);
    webhookEndpointRoutes(authenticated, services.webhookEndpoints);
    batchRoutes(authenticated, services.batchJobs, services.customers, services.schedules, services.idempotency);
    auditRoutes(authenticated, services.audit);
  });
  return app;
}
