/**
 * A complete Callwise app in-process for route tests: a throwaway database, a random encryption
 * key, the demo company with a known API key, and a second company to prove tenant isolation.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ApiLoad } from '../../src/observability/api-load.ts';
import { buildApp } from '../../src/http/app.ts';
import type { RateLimitOptions } from '../../src/http/plugins/rate-limit.ts';
import type { ConnectionTimeouts } from '../../src/http/connections.ts';
import { loggerOptions } from '../../src/http/logging.ts';
import { Keyring } from '../../src/security/encryption.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import type { Clock } from '../../src/services/clock.ts';
import { DEMO_COMPANY_ID } from '../../src/services/companies.ts';
import type { WebhookTargetsOptions } from '../../src/services/webhook-endpoints.ts';
import type { WebhookDeliveryOptions } from '../../src/services/webhook-delivery.ts';
import type { BatchJobOptions } from '../../src/services/batch-jobs.ts';
import { createTestDatabase, type Backend, type TestDatabase } from './database.ts';

export const DEMO_KEY = 'cw_test_demo_key_0123456789abcdef';
/** The app's METRICS_TOKEN: /metrics answers `Authorization: Bearer <it>` only. */
export const METRICS_TOKEN = 'test-metrics-token-0123456789abcdef';

export interface TestApp {
  readonly app: FastifyInstance;
  /** Requests being served, as the server's webhook sender reads it. */
  readonly apiLoad: ApiLoad;
  readonly services: Services;
  readonly database: TestDatabase;
  readonly backend: Backend;
  /** Key of the demo company (task types collections, servicing, verification). */
  readonly apiKey: string;
  readonly companyId: string;
  /** A second company and its key, for isolation tests. */
  readonly otherApiKey: string;
  readonly otherCompanyId: string;
  /** Every line the app logged, as raw JSON text. */
  readonly logLines: string[];
  request(method: string, url: string, options?: { body?: unknown; key?: string | null; headers?: Record<string, string> }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function startTestApp(
  backend: Backend,
  options: {
    clock?: Clock;
    rateLimit?: RateLimitOptions;
    timeouts?: ConnectionTimeouts;
    /** Where providers reach this app: per-call webhook URLs are built on it, Twilio signs over it. */
    publicUrl?: string;
    /**
     * Lender webhooks: which endpoints are accepted (default: development, so a receiver on
     * 127.0.0.1 may be registered; test/webhooks/delivery.test.ts proves the production rules),
     * and delivery timings.
     */
    webhooks?: WebhookTargetsOptions;
    webhookDelivery?: WebhookDeliveryOptions;
    batchJobs?: BatchJobOptions;
  } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(backend);
  const keyring = Keyring.parse(Keyring.generateKey());
  const services = createServices(database.handle, keyring, {
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.publicUrl ? { dispatch: { publicUrl: options.publicUrl } } : {}),
    webhooks: options.webhooks ?? { development: true },
    ...(options.webhookDelivery ? { webhookDelivery: options.webhookDelivery } : {}),
    ...(options.batchJobs ? { batchJobs: options.batchJobs } : {}),
  });
  await services.companies.bootstrapDemo({ secret: DEMO_KEY, createIfEmpty: false });
  const other = await services.companies.createCompany('Other Lender', { taskTypes: ['collections'] });
  const otherKey = await services.companies.createApiKey(other.id);

  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = pino({ ...(loggerOptions('debug') as object) }, sink);
  const apiLoad = new ApiLoad();
  const app = await buildApp({
    services,
    apiLoad,
    loggerInstance: logger,
    metricsToken: METRICS_TOKEN,
    ...(options.rateLimit ? { rateLimit: options.rateLimit } : {}),
    ...(options.timeouts ? { timeouts: options.timeouts } : {}),
    ...(options.publicUrl ? { publicUrl: options.publicUrl } : {}),
  });
  await app.ready();

  return {
    app,
    apiLoad,
    services,
    database,
    backend,
    logLines,
    apiKey: DEMO_KEY,
    companyId: DEMO_COMPANY_ID,
    otherApiKey: otherKey.secret,
    otherCompanyId: other.id,
    request: (method, url, opts = {}) => {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      const key = opts.key === undefined ? DEMO_KEY : opts.key;
      if (key !== null) headers['x-api-key'] = key;
      if (opts.body !== undefined && headers['content-type'] === undefined) headers['content-type'] = 'application/json';
      return app.inject({
        method: method as never,
        url,
        headers,
        ...(opts.body === undefined ? {} : { payload: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }),
      });
    },
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}

/** A valid create body; override or delete fields per test. */
export function customerBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'cust-1',
    taskType: 'collections',
    firstName: 'Ana',
    lastName: 'Reyes',
    phoneNumber: '+14155550100',
    timezone: 'America/Los_Angeles',
    streetAddress1: '123 Main St',
    city: 'San Francisco',
    state: 'CA',
    zipCode: '94102',
    ...overrides,
  };
}
