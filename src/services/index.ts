/**
 * The composition root of the domain: one place that builds every service from the database,
 * the keyring and the clock. The HTTP app, the CLI and tests all get their services here.
 */
import type { Keyring } from '../security/encryption.ts';
import type { Db, DatabaseHandle } from '../store/database.ts';
import { DirectTransactions, GroupCommitTransactions, type Transactions } from '../store/transactions.ts';
import { AuditService } from './audit.ts';
import { AuthService } from './auth.ts';
import { type Clock, systemClock } from './clock.ts';
import { CompanyService } from './companies.ts';
import { CustomerService } from './customers.ts';
import { CustomerMapper } from './customer-mapper.ts';
import { CompanySettingsService } from './company-settings.ts';
import { ScheduleService } from './schedules.ts';
import { ScheduleControlService } from './schedule-control.ts';
import { CallService } from './calls.ts';
import { ConsentService } from './consent.ts';
import { ComplianceCheckService } from './compliance-check.ts';
import { IdempotencyService } from './idempotency.ts';
import { Metrics } from '../observability/metrics.ts';
import { TaskTypeCatalog } from './task-type-catalog.ts';
import { LmsConfigService } from './lms-configs.ts';
import { DEFAULT_SYNC_DEADLINE_MS, LmsSyncService } from './lms-sync.ts';
import { LmsWebhookService } from './lms-webhooks.ts';
import { LoanService } from './loans.ts';
import { AgentContextService } from './agent-context.ts';
import { DialerService } from './dialers.ts';
import { DispatchService, type DispatchOptions } from './dispatch.ts';
import { ProviderWebhookService } from './provider-webhooks.ts';
import { WebhookEvents } from './webhook-events.ts';
import { BulkImportService } from './bulk-import.ts';
import { BatchJobService, type BatchJobOptions } from './batch-jobs.ts';
import { WebhookEndpointService, type WebhookTargetsOptions } from './webhook-endpoints.ts';
import { WebhookDeliveryService, type WebhookDeliveryOptions } from './webhook-delivery.ts';

export interface Services {
  readonly db: Db;
  readonly database: DatabaseHandle;
  readonly tx: Transactions;
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly companies: CompanyService;
  readonly customers: CustomerService;
  readonly audit: AuditService;
  readonly settings: CompanySettingsService;
  readonly schedules: ScheduleService;
  readonly scheduleControl: ScheduleControlService;
  readonly calls: CallService;
  readonly consent: ConsentService;
  readonly complianceChecks: ComplianceCheckService;
  readonly idempotency: IdempotencyService;
  readonly metrics: Metrics;
  readonly lmsConfigs: LmsConfigService;
  readonly lmsWebhooks: LmsWebhookService;
  readonly loans: LoanService;
  readonly dialers: DialerService;
  readonly dispatch: DispatchService;
  readonly providerWebhooks: ProviderWebhookService;
  readonly webhookEndpoints: WebhookEndpointService;
  readonly webhookDelivery: WebhookDeliveryService;
  readonly bulkImport: BulkImportService;
  readonly batchJobs: BatchJobService;
}

export interface ServiceOptions {
  readonly clock?: Clock;
  /** Share transactions between concurrent requests (see store/transactions.ts). Default on. */
  readonly groupCommit?: boolean;
  /**
   * Requests per minute per API key unless the key says otherwise; 0 = unlimited (default). The
   * limit is enforced in the HTTP layer (http/plugins/rate-limit.ts) on the key's principal.
   */
  readonly rateLimitPerMinute?: number;
  /** Bound on one LMS sync, all its reads together (default 30 s). */
  readonly lmsSyncDeadlineMs?: number;
  /** Leases, timeouts and the public URL of dispatch (services/dispatch.ts). */
  readonly dispatch?: DispatchOptions;
  /** Which lender webhook endpoints are accepted (default: public https only). */
  readonly webhooks?: WebhookTargetsOptions;
  /** Timeouts, leases and retention of webhook delivery (services/webhook-delivery.ts). */
  readonly webhookDelivery?: WebhookDeliveryOptions;
  /** Chunk sizes of batch jobs (services/batch-jobs.ts). */
  readonly batchJobs?: BatchJobOptions;
}

export function createServices(database: DatabaseHandle, keyring: Keyring, options: ServiceOptions | Clock = {}): Services {
  const {
    clock = systemClock,
    groupCommit = true,
    rateLimitPerMinute = 0,
    lmsSyncDeadlineMs = DEFAULT_SYNC_DEADLINE_MS,
    dispatch: dispatchOptions = {},
    webhooks: webhookTargets = { development: false },
    webhookDelivery: webhookDeliveryOptions = {},
    batchJobs: batchJobOptions = {},
  } = typeof options === 'function' ? { clock: options } : options;
  const db = database.db;
  const tx: Transactions = groupCommit
    ? new GroupCommitTransactions(db, { concurrency: database.kind === 'pglite' ? 2 : Math.max(1, database.maxConnections - 1) })
    : new DirectTransactions(db);
  const auth = new AuthService(db, rateLimitPerMinute);
  const companies = new CompanyService(db, {
    keyRevoked: (keyId) => auth.forgetKey(keyId),
    taskTypesChanged: (companyId) => catalog.invalidate(companyId),
    // The demo company syncs from the embedded demo LMS out of the box (README "LMS auto-fill"),
    // and its calls are placed by the built-in simulator (README "Dispatch").
    demoCompanyCreated: async (companyId) => {
      await lmsConfigs.configure(companyId, { kind: 'demo' });
      await dialers.configure(companyId, { kind: 'simulator' });
    },
  });
  const lmsConfigs = new LmsConfigService(db, keyring, clock);
  const dialers = new DialerService(db, keyring, clock);
  const metrics = new Metrics({
    pool: () => database.poolStats(),
    // Read when /metrics is scraped, long after every service exists.
    dispatchBacklog: (): Promise<{ due: number; inFlight: number }> => dispatch.backlog(),
    webhookQueue: (): Promise<{ pending: number; oldestAgeSeconds: number }> => webhookDelivery.queueStats(),
    ...(tx instanceof GroupCommitTransactions ? { groupCommit: () => tx.stats } : {}),
  });
  const settings = new CompanySettingsService(db);
  const catalog = new TaskTypeCatalog(db);
  const events = new WebhookEvents(keyring, clock);
  const schedules = new ScheduleService(db, settings, catalog, clock, events, (seconds) => metrics.planning.observe(seconds));
  const mapper = new CustomerMapper(keyring);
  const lmsSync = new LmsSyncService(lmsConfigs, lmsSyncDeadlineMs);
  const customers = new CustomerService(db, tx, mapper, schedules, catalog, clock, events, lmsSync);
  const lmsWebhooks = new LmsWebhookService(tx, lmsSync, mapper, schedules, catalog, clock, events);
  const loans = new LoanService(db, customers);
  const consent = new ConsentService(db, tx, schedules, clock, events);
  const calls = new CallService(db, tx, customers, schedules, settings, clock, events, consent);
  const idempotency = new IdempotencyService(db, tx, clock);
  const complianceChecks = new ComplianceCheckService(db, settings, catalog);
  // Claims run in transactions of their own: a claim's locks and leases never share a commit
  // with a request's work.
  const dispatch = new DispatchService({
    db,
    tx: new DirectTransactions(db),
    calls,
    schedules,
    settings,
    dialers,
    contexts: new AgentContextService(mapper, settings),
    clock,
    metrics,
    events,
    options: dispatchOptions,
  });
  const providerWebhooks = new ProviderWebhookService({ db, tx: new DirectTransactions(db), dialers, dispatch, keyring, clock });
  const webhookEndpoints = new WebhookEndpointService(db, new DirectTransactions(db), keyring, clock, webhookTargets);
  const webhookDelivery = new WebhookDeliveryService({
    db,
    tx: new DirectTransactions(db),
    keyring,
    endpoints: webhookEndpoints,
    clock,
    metrics,
    options: webhookDeliveryOptions,
  });
  // Chunks of an import run in transactions of their own, never shared with requests'.
  const bulkImport = new BulkImportService(customers, new DirectTransactions(db));
  const batchJobs = new BatchJobService({ db, tx: new DirectTransactions(db), keyring, bulk: bulkImport, customers, events, clock, options: batchJobOptions });
  return {
    db,
    database,
    tx,
    keyring,
    clock,
    auth,
    audit: new AuditService(db),
    companies,
    customers,
    settings,
    schedules,
    scheduleControl: new ScheduleControlService(tx, schedules, mapper, clock),
    calls,
    consent,
    complianceChecks,
    idempotency,
    metrics,
    lmsConfigs,
    lmsWebhooks,
    loans,
    dialers,
    dispatch,
    providerWebhooks,
    webhookEndpoints,
    webhookDelivery,
    bulkImport,
    batchJobs,
  };
}
