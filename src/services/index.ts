/**
 * The composition root of the domain: one place that builds every service from the database,
 * the keyring and the clock. The HTTP app, the CLI and tests all get their services here.
 */
import type { Keyring } from '../security/encryption.js';
import type { Db, DatabaseHandle } from '../store/database.js';
import { DirectTransactions, GroupCommitTransactions, type Transactions } from '../store/transactions.js';
import { AuthService } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { CompanyService } from './companies.js';
import { CustomerService } from './customers.js';
import { CustomerMapper } from './customer-mapper.js';
import { CompanySettingsService } from './company-settings.js';
import { ScheduleService } from './schedules.js';
import { CallService } from './calls.js';
import { ComplianceCheckService } from './compliance-check.js';
import { IdempotencyService } from './idempotency.js';
import { Metrics } from '../observability/metrics.js';
import { TaskTypeCatalog } from './task-type-catalog.js';
import { LmsConfigService } from './lms-configs.js';
import { DEFAULT_SYNC_DEADLINE_MS, LmsSyncService } from './lms-sync.js';
import { LmsWebhookService } from './lms-webhooks.js';
import { LoanService } from './loans.js';

export interface Services {
  readonly db: Db;
  readonly database: DatabaseHandle;
  readonly tx: Transactions;
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly companies: CompanyService;
  readonly customers: CustomerService;
  readonly settings: CompanySettingsService;
  readonly schedules: ScheduleService;
  readonly calls: CallService;
  readonly complianceChecks: ComplianceCheckService;
  readonly idempotency: IdempotencyService;
  readonly metrics: Metrics;
  readonly lmsConfigs: LmsConfigService;
  readonly lmsWebhooks: LmsWebhookService;
  readonly loans: LoanService;
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
}

export function createServices(database: DatabaseHandle, keyring: Keyring, options: ServiceOptions | Clock = {}): Services {
  const {
    clock = systemClock,
    groupCommit = true,
    rateLimitPerMinute = 0,
    lmsSyncDeadlineMs = DEFAULT_SYNC_DEADLINE_MS,
  } = typeof options === 'function' ? { clock: options } : options;
  const db = database.db;
  const tx: Transactions = groupCommit
    ? new GroupCommitTransactions(db, { concurrency: database.kind === 'pglite' ? 2 : Math.max(1, database.maxConnections - 1) })
    : new DirectTransactions(db);
  const auth = new AuthService(db, rateLimitPerMinute);
  const companies = new CompanyService(db, {
    keyRevoked: (keyId) => auth.forgetKey(keyId),
    taskTypesChanged: (companyId) => catalog.invalidate(companyId),
    // The demo company syncs from the embedded demo LMS out of the box (README "LMS auto-fill").
    demoCompanyCreated: async (companyId) => {
      await lmsConfigs.configure(companyId, { kind: 'demo' });
    },
  });
  const lmsConfigs = new LmsConfigService(db, keyring, clock);
  const metrics = new Metrics({
    pool: () => database.poolStats(),
    ...(tx instanceof GroupCommitTransactions ? { groupCommit: () => tx.stats } : {}),
  });
  const settings = new CompanySettingsService(db);
  const catalog = new TaskTypeCatalog(db);
  const schedules = new ScheduleService(db, settings, catalog, clock, (seconds) => metrics.planning.observe(seconds));
  const mapper = new CustomerMapper(keyring);
  const lmsSync = new LmsSyncService(lmsConfigs, lmsSyncDeadlineMs);
  const customers = new CustomerService(db, tx, mapper, schedules, catalog, clock, lmsSync);
  const lmsWebhooks = new LmsWebhookService(tx, lmsSync, mapper, schedules, catalog, clock);
  const loans = new LoanService(db, customers);
  const calls = new CallService(db, tx, customers, schedules, settings, clock);
  const idempotency = new IdempotencyService(db, tx, clock);
  const complianceChecks = new ComplianceCheckService(db, settings);
  return {
    db,
    database,
    tx,
    keyring,
    clock,
    auth,
    companies,
    customers,
    settings,
    schedules,
    calls,
    complianceChecks,
    idempotency,
    metrics,
    lmsConfigs,
    lmsWebhooks,
    loans,
  };
}
