/**
 * Companies (tenants), their API keys and task types: what operators manage through the CLI,
 * plus the demo company the embedded default creates on first start.
 */
import { newId } from '../domain/ids.ts';
import { DomainError, ValidationError } from '../domain/errors.ts';
import { DEFAULT_PURPOSE, type CallPurpose } from '../compliance/types.ts';
import { isCallPurpose, marketingNotEnabled, purposeError } from '../domain/call-purpose.ts';
import { defaultCadenceFor, validateCadence, type Cadence } from '../scheduling/cadence.ts';
import { generateApiKeySecret, hashApiKey, visiblePrefix } from '../security/api-keys.ts';
import type { Db } from '../store/database.ts';
import * as companies from '../store/repositories/companies.ts';
import * as apiKeys from '../store/repositories/api-keys.ts';
import * as taskTypes from '../store/repositories/task-types.ts';
import { insertConsentEvent } from '../store/repositories/consent-events.ts';
import { companyAttestationEvent, DEFAULT_ATTESTATION_EVIDENCE, marketingCallsEnabled } from './company-settings.ts';

export const DEMO_COMPANY_ID = 'cmp_demo';
export const DEMO_COMPANY_NAME = 'Demo Lender';
export const DEFAULT_TASK_TYPES = ['collections', 'servicing', 'verification'] as const;

const TASK_TYPE_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

export interface CreatedApiKey {
  id: string;
  companyId: string;
  /** Shown once; only its hash is stored. */
  secret: string;
  prefix: string;
}

export class CompanyService {
  private readonly db: Db;
  private readonly notify: {
    keyRevoked?: (keyId: string) => void;
    taskTypesChanged?: (companyId: string) => void;
    /** The demo company was just created (services/index.ts configures the demo LMS). */
    demoCompanyCreated?: (companyId: string) => Promise<void>;
  };

  constructor(
    db: Db,
    notify: {
      keyRevoked?: (keyId: string) => void;
      taskTypesChanged?: (companyId: string) => void;
      /** The demo company was just created (services/index.ts configures the demo LMS). */
      demoCompanyCreated?: (companyId: string) => Promise<void>;
    } = {},
  ) {
    this.db = db;
    this.notify = notify;
  }

  async createCompany(name: string, options: { id?: string; taskTypes?: readonly string[] } = {}) {
    const trimmed = name.trim();
    if (trimmed === '' || trimmed.length > 200) throw new DomainError('validation_failed', 'company name must be 1 to 200 characters');
    const id = options.id ?? newId('cmp');
    await this.db.transaction().execute(async (trx) => {
      await companies.insertCompany(trx, { id, name: trimmed });
      // The default consent assumption, recorded as the company's dated attestation (never a
      // silent default): GET /customers/{id}/consent shows it, the CLI withdraws it.
      await insertConsentEvent(trx, companyAttestationEvent(id, true, DEFAULT_ATTESTATION_EVIDENCE, 'system', new Date()));
      for (const taskType of options.taskTypes ?? []) {
        await taskTypes.insertTaskType(trx, { companyId: id, name: taskType, cadence: null });
      }
    });
    return { id, name: trimmed };
  }

  async listCompanies() {
    return (await companies.listCompanies(this.db)).map((c) => ({ id: c.id, name: c.name, createdAt: c.created_at.toISOString() }));
  }

  async requireCompany(id: string) {
    const company = await companies.findCompany(this.db, id);
    if (!company) throw new DomainError('not_found', `no company with id ${id}`);
    return company;
  }

  /** Creates a key; `secret` may be supplied (bootstrap), otherwise a random one is made. */
  async createApiKey(companyId: string, options: { name?: string; secret?: string; rateLimitPerMinute?: number } = {}): Promise<CreatedApiKey> {
    await this.requireCompany(companyId);
    const limit = options.rateLimitPerMinute;
    if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
      throw new DomainError('validation_failed', 'the rate limit must be a whole number of requests per minute (0 = unlimited)');
    }
    const secret = options.secret ?? generateApiKeySecret();
    const key = {
      id: newId('key'),
      companyId,
      name: options.name ?? null,
      prefix: visiblePrefix(secret),
      secretHash: hashApiKey(secret),
      rateLimitPerMinute: limit ?? null,
    };
    await apiKeys.insertApiKey(this.db, key);
    return { id: key.id, companyId, secret, prefix: key.prefix };
  }

  async revokeApiKey(keyId: string): Promise<void> {
    if (!(await apiKeys.revokeApiKey(this.db, keyId))) throw new DomainError('not_found', `no active API key with id ${keyId}`);
    this.notify.keyRevoked?.(keyId);
  }

  async listApiKeys(companyId: string) {
    await this.requireCompany(companyId);
    return (await apiKeys.listApiKeys(this.db, companyId)).map((k) => ({
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: k.created_at.toISOString(),
      revokedAt: k.revoked_at ? k.revoked_at.toISOString() : null,
      rateLimitPerMinute: k.rate_limit_per_minute,
    }));
  }

  /**
   * Adds a task type; its purpose defaults to collection. A name and a purpose that are both wrong
   * are reported together; a marketing purpose needs the company to have enabled marketing calls.
   */
  async addTaskType(companyId: string, name: string, cadence: Record<string, unknown> | null = null, purpose: unknown = DEFAULT_PURPOSE) {
    const company = await this.requireCompany(companyId);
    const trimmed = name.trim();
    const errors = [];
    if (!TASK_TYPE_NAME.test(trimmed)) {
      errors.push({ pointer: '/name', detail: 'task type names are 1 to 64 letters, digits, spaces, dots, dashes or underscores' });
    }
    if (!isCallPurpose(purpose)) errors.push(purposeError('/purpose'));
    if (errors.length > 0 || !isCallPurpose(purpose)) throw new ValidationError(errors);
    if (purpose === 'marketing' && !marketingCallsEnabled(company.settings)) throw marketingNotEnabled('/purpose');
    if (!(await taskTypes.insertTaskType(this.db, { companyId, name: trimmed, cadence, purpose }))) {
      throw new DomainError('conflict', `task type ${trimmed} already exists (names are case-insensitive)`);
    }
    this.notify.taskTypesChanged?.(companyId);
    return { name: trimmed, purpose };
  }

  async listTaskTypes(companyId: string) {
    await this.requireCompany(companyId);
    return taskTypes.listTaskTypes(this.db, companyId);
  }

  /** Task types with the cadence each plans with (its own, or the built-in one for its name), and their purpose. */
  async taskTypesWithCadence(companyId: string): Promise<Array<{ name: string; cadence: Cadence; defaultCadence: boolean; purpose: CallPurpose }>> {
    return (await this.listTaskTypes(companyId)).map((t) => {
      const own = t.cadence ? validateCadence(t.cadence).cadence : null;
      return { name: t.name, cadence: own ?? defaultCadenceFor(t.name), defaultCadence: own === null, purpose: t.purpose };
    });
  }

  /** Validates and stores a task type's cadence; every problem is reported with its pointer. */
  async setCadence(companyId: string, name: string, input: unknown) {
    const { cadence, errors } = validateCadence(input);
    if (!cadence) throw new ValidationError(errors.map((e) => ({ ...e, pointer: e.pointer })));
    const found = await taskTypes.findTaskType(this.db, companyId, name);
    if (!found) throw new DomainError('not_found', 'No task type with this name exists in your company.');
    await taskTypes.updateTaskTypeCadence(this.db, companyId, found.name, cadence as unknown as Record<string, unknown>);
    this.notify.taskTypesChanged?.(companyId);
    return { name: found.name, cadence, defaultCadence: false, purpose: found.purpose };
  }

  /**
   * Changes what a task type's calls are for. Schedules planned from now on, re-checks and every
   * dial-time check use the new purpose; a marketing purpose needs marketing calls enabled.
   */
  async setPurpose(companyId: string, name: string, purpose: unknown, pointer = '/purpose') {
    const company = await this.requireCompany(companyId);
    if (!isCallPurpose(purpose)) throw new ValidationError([purposeError(pointer)]);
    const found = await taskTypes.findTaskType(this.db, companyId, name);
    if (!found) throw new DomainError('not_found', 'No task type with this name exists in your company.');
    if (purpose === 'marketing' && !marketingCallsEnabled(company.settings)) throw marketingNotEnabled(pointer);
    await taskTypes.updateTaskTypePurpose(this.db, companyId, found.name, purpose);
    this.notify.taskTypesChanged?.(companyId);
    const own = found.cadence ? validateCadence(found.cadence).cadence : null;
    return { name: found.name, cadence: own ?? defaultCadenceFor(found.name), defaultCadence: own === null, purpose };
  }

  /**
   * First-start set-up of the demo company. With `secret` (CALLWISE_BOOTSTRAP_API_KEY) the demo
   * company and that exact key are ensured on any database; without it a demo company and a random
   * key are made only when `createIfEmpty` and the database has no company yet.
   * Returns the key when one was created, so the caller can show it once.
   */
  async bootstrapDemo(options: { secret?: string; createIfEmpty: boolean }): Promise<CreatedApiKey | null> {
    const hasDemo = (await companies.findCompany(this.db, DEMO_COMPANY_ID)) !== undefined;
    if (options.secret) {
      if (!hasDemo) await this.createDemoCompany();
      const existing = await apiKeys.findActiveKeyByHash(this.db, hashApiKey(options.secret));
      if (existing) return null;
      return this.createApiKey(DEMO_COMPANY_ID, { name: 'bootstrap', secret: options.secret });
    }
    if (!options.createIfEmpty || (await companies.countCompanies(this.db)) > 0) return null;
    await this.createDemoCompany();
    return this.createApiKey(DEMO_COMPANY_ID, { name: 'demo' });
  }

  private async createDemoCompany(): Promise<void> {
    await this.createCompany(DEMO_COMPANY_NAME, { id: DEMO_COMPANY_ID, taskTypes: DEFAULT_TASK_TYPES });
    await this.notify.demoCompanyCreated?.(DEMO_COMPANY_ID);
  }
}
