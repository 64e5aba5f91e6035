/**
 * Per-company LMS configuration: validated with the connector layer's own schema, stored as one
 * encrypted envelope (it holds credentials), shown without secrets, and turned into a connector.
 *
 * Connectors are kept per company while the stored envelope is unchanged, so each lender's
 * concurrency gate (at most a few requests in flight) holds across requests. The row is read on
 * every sync — one primary-key lookup — so a change made by the CLI in another process applies to
 * the next sync.
 */
import { DomainError } from '../domain/errors.ts';
import {
  createConnector,
  describeLmsConfig,
  isLmsError,
  LmsError,
  parseLmsConfig,
  type LmsConfig,
  type LmsConnector,
  type LmsKind,
  type LmsLogger,
} from '../lms/index.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import * as companies from '../store/repositories/companies.ts';
import * as configs from '../store/repositories/lms-configs.ts';
import type { Clock } from './clock.ts';

/** Additional authenticated data of a company's sealed configuration. */
export function lmsConfigContext(companyId: string): string {
  return `lms/${companyId}/config`;
}

/** The slice of pino the LMS layer logs through (connectors use debug and warn only). */
export interface SyncLogger extends LmsLogger {
  info(obj: object, msg?: string): void;
}

const silent: SyncLogger = { debug() {}, info() {}, warn() {} };

/**
 * LMS log lines go wherever the app's logger is, once it exists (see attachLogger): services are
 * built before the HTTP app and its logger, and cached connectors keep the logger they were
 * made with.
 */
class ForwardingLogger implements SyncLogger {
  target: SyncLogger = silent;
  debug(obj: object, msg?: string): void {
    this.target.debug(obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.target.info(obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.target.warn(obj, msg);
  }
}

export interface CompanyConnector {
  readonly connector: LmsConnector;
  readonly kind: LmsKind;
}

export class LmsConfigService {
  readonly #connectors = new Map<string, { envelope: string; connector: LmsConnector }>();
  readonly #logger = new ForwardingLogger();

  private readonly db: Db;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(db: Db, keyring: Keyring, clock: Clock) {
    this.db = db;
    this.keyring = keyring;
    this.clock = clock;
  }

  /** Where LMS reads log (outcomes, retries, timings): the HTTP app passes its logger. */
  attachLogger(logger: SyncLogger): void {
    this.#logger.target = logger;
  }

  get logger(): SyncLogger {
    return this.#logger;
  }

  /**
   * Validates and stores (replacing any previous) configuration. Throws DomainError
   * `validation_failed` naming the failing paths — never the rejected values, which may be
   * credentials. Returns the description without secrets.
   */
  async configure(companyId: string, input: unknown): Promise<Record<string, unknown>> {
    if (!(await companies.findCompany(this.db, companyId))) throw new DomainError('not_found', `no company with id ${companyId}`);
    let config: LmsConfig;
    try {
      config = parseLmsConfig(input);
    } catch (error) {
      if (isLmsError(error)) throw new DomainError('validation_failed', error.message.replace(/^LMS: /, ''));
      throw error;
    }
    const envelope = this.keyring.encrypt(JSON.stringify(config), lmsConfigContext(companyId));
    await configs.upsertLmsConfig(this.db, { companyId, kind: config.kind, configEnc: envelope, now: this.clock() });
    this.#connectors.delete(companyId);
    return describeLmsConfig(config);
  }

  /** The configuration without credentials, or null when none is stored. */
  async describe(companyId: string): Promise<Record<string, unknown> | null> {
    const row = await configs.findLmsConfig(this.db, companyId);
    return row ? describeLmsConfig(parseLmsConfig(this.open(companyId, row.config_enc))) : null;
  }

  async remove(companyId: string): Promise<boolean> {
    this.#connectors.delete(companyId);
    return configs.deleteLmsConfig(this.db, companyId);
  }

  /** The company's connector; throws LmsError kind `not_configured` when it has none. */
  async connectorFor(companyId: string): Promise<CompanyConnector> {
    const row = await configs.findLmsConfig(this.db, companyId);
    if (!row) {
      throw new LmsError({ kind: 'not_configured', system: 'lms', reason: 'missing_config', message: 'no LMS is configured for this company' });
    }
    const cached = this.#connectors.get(companyId);
    if (cached && cached.envelope === row.config_enc) return { connector: cached.connector, kind: cached.connector.kind };
    const connector = createConnector(this.open(companyId, row.config_enc), { logger: this.#logger, clock: this.clock });
    if (this.#connectors.size > 10_000) this.#connectors.clear();
    this.#connectors.set(companyId, { envelope: row.config_enc, connector });
    return { connector, kind: connector.kind };
  }

  /**
   * Re-encrypts configurations sealed with an older key (`callwise encryption rotate`); runs in
   * the rotation's transaction. Returns how many were rewritten.
   */
  async reEncrypt(trx: Db): Promise<number> {
    let count = 0;
    for (const row of await configs.lockAllLmsConfigs(trx)) {
      if (!this.keyring.isStale(row.config_enc)) continue;
      const context = lmsConfigContext(row.company_id);
      await configs.updateLmsConfigEnvelope(trx, row.company_id, this.keyring.encrypt(this.keyring.decrypt(row.config_enc, context), context));
      count++;
    }
    return count;
  }

  private open(companyId: string, envelope: string): unknown {
    return JSON.parse(this.keyring.decrypt(envelope, lmsConfigContext(companyId))) as unknown;
  }
}
