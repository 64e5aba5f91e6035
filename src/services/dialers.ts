/**
 * Per-company dialer configuration (which voice provider places the company's calls, with its
 * credentials): validated, stored as one sealed envelope like LMS configurations, described
 * without secrets, and turned into a connector — kept per company while the envelope is unchanged,
 * so a simulator's calls and a connector's state survive between dispatcher ticks.
 */
import { DomainError, ValidationError } from '../domain/errors.ts';
import type { ProviderConnector } from '../dispatch/providers/provider.ts';
import { createProviderConnector, describeDialerConfig, parseDialerConfig, type DialerConfig } from '../dispatch/providers/registry.ts';
import { SimulatorConnector } from '../dispatch/providers/simulator.ts';
import type { Keyring } from '../security/encryption.ts';
import type { Db } from '../store/database.ts';
import * as companies from '../store/repositories/companies.ts';
import * as configs from '../store/repositories/dispatch-providers.ts';
import type { Clock } from './clock.ts';

function dialerConfigContext(companyId: string): string {
  return `dispatch/${companyId}/provider`;
}

export interface CompanyDialer {
  readonly config: DialerConfig;
  /** Null for `pull`: the lender's own dialer takes tasks through the pull API. */
  readonly connector: ProviderConnector | null;
}

export class DialerService {
  readonly #cache = new Map<string, { envelope: string; dialer: CompanyDialer }>();
  /** Test customers are dialled here whatever the company's provider is: never by a real one. */
  readonly testDialer: SimulatorConnector;

  private readonly db: Db;
  private readonly keyring: Keyring;
  private readonly clock: Clock;

  constructor(db: Db, keyring: Keyring, clock: Clock) {
    this.db = db;
    this.keyring = keyring;
    this.clock = clock;
    this.testDialer = new SimulatorConnector({ kind: 'simulator' }, { now: () => clock().getTime() });
  }

  /** Validates and stores (replacing any previous) configuration; returns it without secrets. */
  async configure(companyId: string, input: unknown): Promise<Record<string, unknown>> {
    if (!(await companies.findCompany(this.db, companyId))) throw new DomainError('not_found', `no company with id ${companyId}`);
    const parsed = parseDialerConfig(input);
    if ('errors' in parsed) throw new ValidationError(parsed.errors);
    const envelope = this.keyring.encrypt(JSON.stringify(parsed.config), dialerConfigContext(companyId));
    const concurrency = createProviderConnector(parsed.config)?.concurrency ?? null;
    await configs.upsertDialerConfig(this.db, { companyId, kind: parsed.config.kind, concurrency, configEnc: envelope, now: this.clock() });
    this.#cache.delete(companyId);
    return describeDialerConfig(parsed.config);
  }

  async describe(companyId: string): Promise<Record<string, unknown> | null> {
    const dialer = await this.dialerFor(companyId);
    return dialer ? describeDialerConfig(dialer.config) : null;
  }

  async remove(companyId: string): Promise<boolean> {
    this.#cache.delete(companyId);
    return configs.deleteDialerConfig(this.db, companyId);
  }

  /** The company's dialer, or null when none is configured (its tasks are not dispatched). */
  async dialerFor(companyId: string, executor: Db = this.db): Promise<CompanyDialer | null> {
    const row = await configs.findDialerConfig(executor, companyId);
    if (!row) return null;
    const cached = this.#cache.get(companyId);
    if (cached && cached.envelope === row.config_enc) return cached.dialer;
    const parsed = parseDialerConfig(JSON.parse(this.keyring.decrypt(row.config_enc, dialerConfigContext(companyId))));
    if ('errors' in parsed) throw new Error(`the stored dialer configuration of ${companyId} no longer validates`);
    const dialer: CompanyDialer = { config: parsed.config, connector: createProviderConnector(parsed.config, { now: () => this.clock().getTime() }) };
    if (this.#cache.size > 10_000) this.#cache.clear();
    this.#cache.set(companyId, { envelope: row.config_enc, dialer });
    return dialer;
  }

  /** Re-seals configurations sealed with an older key (`callwise encryption rotate`). */
  async reEncrypt(trx: Db): Promise<number> {
    let count = 0;
    for (const row of await configs.lockAllDialerConfigs(trx)) {
      if (!this.keyring.isStale(row.config_enc)) continue;
      const context = dialerConfigContext(row.company_id);
      await configs.updateDialerConfigEnvelope(trx, row.company_id, this.keyring.encrypt(this.keyring.decrypt(row.config_enc, context), context));
      count++;
    }
    return count;
  }
}
