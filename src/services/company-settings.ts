/**
 * A company's compliance settings, stored in companies.settings: the policy overrides (caller
 * type, counting mode, buffers, caps, Sundays/holidays) and what Callwise may assume about the
 * numbers a lender sends. Read often (every plan), changed rarely (CLI), so cached briefly.
 */
import type { LineType, Policy } from '../compliance/index.ts';
import { resolvePolicy } from '../compliance/index.ts';
import { DomainError } from '../domain/errors.ts';
import type { Db } from '../store/database.ts';
import { findCompany, updateCompanySettings } from '../store/repositories/companies.ts';

export interface ComplianceSettings {
  readonly policy: Partial<Policy>;
  /**
   * Whether the numbers a lender sends in customer records carry the borrower's prior express
   * consent to (AI-voice) calls about the debt — true when the borrower gave the number to the
   * creditor in connection with the debt (FCC 2008 ACA declaratory ruling). The lender attests it
   * by leaving this on; without consent the TCPA gate blocks every wireless or unknown line.
   */
  readonly assumeTcpaConsent: boolean;
  /** Line type assumed for customer numbers (nothing in the contract says); unknown is treated as wireless. */
  readonly defaultLineType: LineType;
}

const DEFAULT_COMPLIANCE_SETTINGS: ComplianceSettings = Object.freeze({
  policy: {},
  assumeTcpaConsent: true,
  defaultLineType: 'unknown',
});

const TTL_MS = 10_000;
const LINE_TYPES = new Set(['wireless', 'landline', 'voip', 'unknown']);

function parseComplianceSettings(settings: Record<string, unknown> | null | undefined): ComplianceSettings {
  const raw = (settings?.compliance ?? {}) as Partial<ComplianceSettings>;
  return {
    policy: typeof raw.policy === 'object' && raw.policy !== null ? raw.policy : {},
    assumeTcpaConsent: typeof raw.assumeTcpaConsent === 'boolean' ? raw.assumeTcpaConsent : DEFAULT_COMPLIANCE_SETTINGS.assumeTcpaConsent,
    defaultLineType: LINE_TYPES.has(raw.defaultLineType as string) ? (raw.defaultLineType as LineType) : DEFAULT_COMPLIANCE_SETTINGS.defaultLineType,
  };
}

export class CompanySettingsService {
  readonly #cache = new Map<string, { value: ComplianceSettings; expires: number }>();

  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  /**
   * Inside a transaction pass its handle: on PGlite (one connection) a query outside the open
   * transaction would wait for it forever.
   */
  async compliance(companyId: string, executor: Db = this.db): Promise<ComplianceSettings> {
    const hit = this.#cache.get(companyId);
    if (hit && hit.expires > Date.now()) return hit.value;
    const company = await findCompany(executor, companyId);
    const value = parseComplianceSettings(company?.settings);
    this.#cache.set(companyId, { value, expires: Date.now() + TTL_MS });
    return value;
  }

  /** Validates and stores new compliance settings (merged over the current ones). */
  async updateCompliance(companyId: string, changes: Partial<ComplianceSettings>): Promise<ComplianceSettings> {
    const company = await findCompany(this.db, companyId);
    if (!company) throw new DomainError('not_found', `no company with id ${companyId}`);
    const current = parseComplianceSettings(company.settings);
    const next: ComplianceSettings = {
      policy: { ...current.policy, ...(changes.policy ?? {}) },
      assumeTcpaConsent: changes.assumeTcpaConsent ?? current.assumeTcpaConsent,
      defaultLineType: changes.defaultLineType ?? current.defaultLineType,
    };
    try {
      resolvePolicy(next.policy);
    } catch (error) {
      throw new DomainError('validation_failed', error instanceof Error ? error.message : 'invalid policy');
    }
    if (!LINE_TYPES.has(next.defaultLineType)) throw new DomainError('validation_failed', 'defaultLineType must be wireless, landline, voip or unknown');
    await updateCompanySettings(this.db, companyId, { ...company.settings, compliance: next });
    this.#cache.delete(companyId);
    return next;
  }
}
