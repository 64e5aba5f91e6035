/**
 * The composition root of the domain: one place that builds every service from the database,
 * the keyring and the clock. The HTTP app, the CLI and tests all get their services here.
 */
import type { Keyring } from '../security/encryption.ts';
import type { Db, DatabaseHandle } from '../store/database.ts';
import { DirectTransactions, GroupCommitTransactions, type Transactions } from '../store/transactions.ts';
import { AuthService } from './auth.ts';
import { type Clock, systemClock } from './clock.ts';
import { CompanyService } from './companies.ts';
import { CustomerService } from './customers.ts';
import { CustomerMapper } from './customer-mapper.ts';
import { CompanySettingsService } from './company-settings.ts';
import { ScheduleService } from './schedules.ts';
import { CallService } from './calls.ts';
import { ComplianceCheckService } from './compliance-check.ts';
import { IdempotencyService } from './idempotency.ts';
import { Metrics } from '../observability/metrics.ts';
import { TaskTypeCatalog } from './task-type-catalog.ts';
import { LmsConfigService } from './lms-configs.ts';
import { DEFAULT_SYNC_DEADLINE_MS, LmsSyncService } from './lms-sync.ts';
import { LmsWebhookService } from './lms-webhooks.ts';
import { LoanService } from './loans.ts';

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
