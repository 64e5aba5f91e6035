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
import { IdempotencyService } from './idempotency.js';
import { Metrics } from '../observability/metrics.js';
import { RateLimiter } from './rate-limiter.js';
import { TaskTypeCatalog } from './task-type-catalog.js';

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
  readonly idempotency: IdempotencyService;
  readonly metrics: Metrics;
  readonly rateLimiter: RateLimiter;
}

export interface ServiceOptions {
  readonly clock?: Clock;
  /** Share transactions between concurrent requests (see store/transactions.ts). Default on. */
  readonly groupCommit?: boolean;
  /** Requests per minute per API key unless the key says otherwise; 0 = unlimited (default). */
  readonly rateLimitPerMinute?: number;
}

export function createServices(database: DatabaseHandle, keyring: Keyring, options: ServiceOptions | Clock = {}): Services {
  const { clock = systemClock, groupCommit = true, rateLimitPerMinute = 0 } = typeof options === 'function' ? { clock: options } : options;
  const db = database.db;
  const tx: Transactions = groupCommit
    ? new GroupCommitTransactions(db, { concurrency: database.kind === 'pglite' ? 1 : Math.max(1, database.maxConnections - 1) })
    : new DirectTransactions(db);
  const auth = new AuthService(db, rateLimitPerMinute);
  const rateLimiter = new RateLimiter();
  const companies = new CompanyService(db, {
    keyRevoked: (keyId) => auth.forgetKey(keyId),
    taskTypesChanged: (companyId) => catalog.invalidate(companyId),
  });
  const metrics = new Metrics({
    pool: () => database.poolStats(),
    ...(tx instanceof GroupCommitTransactions ? { groupCommit: () => tx.stats } : {}),
  });
  const settings = new CompanySettingsService(db);
  const catalog = new TaskTypeCatalog(db);
  const schedules = new ScheduleService(db, settings, catalog, clock, (seconds) => metrics.planning.observe(seconds));
  const mapper = new CustomerMapper(keyring);
  const customers = new CustomerService(db, tx, mapper, schedules, catalog, clock);
  const calls = new CallService(db, tx, customers, schedules, settings, clock);
  const idempotency = new IdempotencyService(db, tx, clock);
  return { db, database, tx, keyring, clock, auth, companies, customers, settings, schedules, calls, idempotency, metrics, rateLimiter };
}
