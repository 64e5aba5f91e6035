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

export interface Services {
  readonly db: Db;
  readonly database: DatabaseHandle;
  readonly keyring: Keyring;
  readonly clock: Clock;
  readonly auth: AuthService;
  readonly companies: CompanyService;
  readonly customers: CustomerService;
}

export function createServices(database: DatabaseHandle, keyring: Keyring, clock: Clock = systemClock): Services {
  const db = database.db;
  const auth = new AuthService(db);
  const companies = new CompanyService(db, (keyId) => auth.forgetKey(keyId));
  const customers = new CustomerService(db, keyring, clock);
  return { db, database, keyring, clock, auth, companies, customers };
}
