/**
 * The composition root of the domain: one place that builds every service from the database,
 * the keyring and the clock. The HTTP app, the CLI and tests all get their services here.
 */
import type { Keyring } from '../security/encryption.js';
import type { Db, DatabaseHandle } from '../store/database.js';
import { AuthService } from './auth.js';
import { type Clock, systemClock } from './clock.js';
import { CompanyService } from './companies.js';
import { CustomerService } from './customers.js';
import { CustomerMapper } from './customer-mapper.js';
import { CompanySettingsService } from './company-settings.js';
import { ScheduleService } from './schedules.js';
import { CallService } from './calls.js';

export interface Services {
  readonly db: Db;
  readonly database: DatabaseHandle;
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly companies: CompanyService;
  readonly customers: CustomerService;
  readonly settings: CompanySettingsService;
  readonly schedules: ScheduleService;
  readonly calls: CallService;
}

export function createServices(database: DatabaseHandle, keyring: Keyring, clock: Clock = systemClock): Services {
  const db = database.db;
  const auth = new AuthService(db);
  const companies = new CompanyService(db, (keyId) => auth.forgetKey(keyId));
  const settings = new CompanySettingsService(db);
  const schedules = new ScheduleService(db, settings, clock);
  const mapper = new CustomerMapper(keyring);
  const customers = new CustomerService(db, mapper, schedules, clock);
  const calls = new CallService(db, customers, schedules, settings, clock);
  return { db, database, keyring, clock, auth, companies, customers, settings, schedules, calls };
}
