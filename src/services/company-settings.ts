/**
 * A company's compliance settings, stored in companies.settings: the policy overrides (caller
 * type, counting mode, buffers, caps, Sundays/holidays) and what Callwise may assume about the
 * numbers a lender sends. Read often (every plan), changed rarely (CLI), so cached briefly.
 */
import type { LineType, Policy } from '../compliance/index.ts';
import { resolvePolicy } from '../compliance/index.ts';
import { DomainError } from '../domain/errors.ts';
import type { CompanyAttestation } from '../domain/consent.ts';
import { newId } from '../domain/ids.ts';
import type { Db } from '../store/database.ts';
import { findCompany, updateCompanySettings } from '../store/repositories/companies.ts';
import { insertConsentEvent, latestCompanyAttestation, type NewConsentEventRow } from '../store/repositories/consent-events.ts';

export interface ComplianceSettings {
  readonly policy: Partial<Policy>;
  /**
   * Whether the numbers a lender sends in customer records carry the borrower's prior express
   * consent to (AI-voice) calls about the debt — true when the borrower gave the number to the
   * creditor in connection with the debt (FCC 2008 ACA declaratory ruling). The lender attests it
   * by leaving this on; without consent the TCPA gate blocks every wireless or unknown line.
   * Read from the consent ledger: on exactly while `attestation` is in force.
   */
  readonly assumeTcpaConsent: boolean;
  /**
   * The company's dated attestation in the consent ledger (a company-level `granted` event), or
   * null when it never attested or withdrew it. Never a silent default: a company is created with
   * one recorded, and `callwise company settings set --assume-tcpa-consent` records each change.
   */
  readonly attestation: CompanyAttestation | null;
  /** Line type assumed for customer numbers (nothing in the contract says); unknown is treated as wireless. */
  readonly defaultLineType: LineType;
}

/** Line type assumed for customer numbers unless the company says otherwise. */
const DEFAULT_LINE_TYPE: LineType = 'unknown';

/** What a company attests when it is created, until it says otherwise (docs/decisions.md, "Consent ledger"). */
export const DEFAULT_ATTESTATION_EVIDENCE =
  'Company default at creation (assumeTcpaConsent on): the lender attests that the numbers it sends were given by the borrowers in connection with the debt, i.e. carry their prior express consent. Withdraw with callwise company settings set <companyId> --assume-tcpa-consent off.';

/** A company-level attestation event (granted or withdrawn) for the ledger. */
export function companyAttestationEvent(companyId: string, granted: boolean, evidence: string, recordedBy: string, now: Date): NewConsentEventRow {
  return {
    company_id: companyId,
    id: newId('cns'),
    customer_id: null,
    phone_number: null,
    kind: granted ? 'granted' : 'revoked',
    channel: 'other',
    effective_at: now,
    scope_loan_id: null,
    scope_channel: 'all',
    artificial_voice: true,
    source: 'lender',
    evidence,
    call_id: null,
    recorded_at: now,
    recorded_by: recordedBy,
  };
}

/**
 * How the company's calls are placed (issue: dispatch): what the agent is given and how long a
 * call may last. Stored beside the compliance settings in companies.settings.
 */
export interface DispatchSettings {
  /** Identity values (date of birth, SSN last four) go to the agent only when this is on. */
  readonly identityVerification: boolean;
  /** The longest call the agent may hold; a call is dialled only if this much lawful time remains. */
  readonly maxCallMinutes: number;
  /** Sentences every call must say; empty = the default mini-Miranda and recording notice. */
  readonly disclosures: readonly string[];
}

const DEFAULT_DISPATCH_SETTINGS: DispatchSettings = Object.freeze({ identityVerification: false, maxCallMinutes: 15, disclosures: [] });

function parseDispatchSettings(settings: Record<string, unknown> | null | undefined): DispatchSettings {
  const raw = (settings?.dispatch ?? {}) as Partial<DispatchSettings>;
  return {
    identityVerification: raw.identityVerification === true,
    maxCallMinutes:
      typeof raw.maxCallMinutes === 'number' && Number.isInteger(raw.maxCallMinutes) && raw.maxCallMinutes >= 1 && raw.maxCallMinutes <= 120
        ? raw.maxCallMinutes
        : DEFAULT_DISPATCH_SETTINGS.maxCallMinutes,
    disclosures: Array.isArray(raw.disclosures) ? raw.disclosures.filter((d): d is string => typeof d === 'string') : [],
  };
}

const TTL_MS = 10_000;
const LINE_TYPES = new Set(['wireless', 'landline', 'voip', 'unknown']);

/** The stored settings; consent is not among them (the ledger holds the company's attestation). */
type StoredComplianceSettings = Pick<ComplianceSettings, 'policy' | 'defaultLineType'>;

function parseComplianceSettings(settings: Record<string, unknown> | null | undefined): StoredComplianceSettings {
  const raw = (settings?.compliance ?? {}) as Partial<ComplianceSettings>;
  return {
    policy: typeof raw.policy === 'object' && raw.policy !== null ? raw.policy : {},
    defaultLineType: LINE_TYPES.has(raw.defaultLineType as string) ? (raw.defaultLineType as LineType) : DEFAULT_LINE_TYPE,
  };
}

/** Whether the company has enabled marketing calls, read from its stored settings (not cached). */
export function marketingCallsEnabled(settings: Record<string, unknown> | null | undefined): boolean {
  return resolvePolicy(parseComplianceSettings(settings).policy).marketingCalls;
}

async function readAttestation(executor: Db, companyId: string): Promise<CompanyAttestation | null> {
  const latest = await latestCompanyAttestation(executor, companyId);
  return latest?.kind === 'granted' ? { since: latest.effective_at, eventId: latest.id } : null;
}

export class CompanySettingsService {
  readonly #cache = new Map<string, { value: ComplianceSettings; expires: number }>();
  readonly #dispatchCache = new Map<string, { value: DispatchSettings; expires: number }>();

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
    const attestation = await readAttestation(executor, companyId);
    const value: ComplianceSettings = { ...parseComplianceSettings(company?.settings), assumeTcpaConsent: attestation !== null, attestation };
    this.#cache.set(companyId, { value, expires: Date.now() + TTL_MS });
    return value;
  }

  /**
   * Validates and stores new compliance settings (merged over the current ones). A change of
   * `assumeTcpaConsent` is recorded in the consent ledger as the company's dated attestation, or
   * its withdrawal; sending the value in force records nothing.
   */
  async updateCompliance(companyId: string, changes: Partial<Omit<ComplianceSettings, 'attestation'>>, recordedBy = 'cli'): Promise<ComplianceSettings> {
    const company = await findCompany(this.db, companyId);
    if (!company) throw new DomainError('not_found', `no company with id ${companyId}`);
    const current = parseComplianceSettings(company.settings);
    const next: StoredComplianceSettings = {
      policy: { ...current.policy, ...(changes.policy ?? {}) },
      defaultLineType: changes.defaultLineType ?? current.defaultLineType,
    };
    try {
      resolvePolicy(next.policy);
    } catch (error) {
      throw new DomainError('validation_failed', error instanceof Error ? error.message : 'invalid policy');
    }
    if (!LINE_TYPES.has(next.defaultLineType)) throw new DomainError('validation_failed', 'defaultLineType must be wireless, landline, voip or unknown');
    await updateCompanySettings(this.db, companyId, { ...company.settings, compliance: next });
    let attestation = await readAttestation(this.db, companyId);
    if (changes.assumeTcpaConsent !== undefined && changes.assumeTcpaConsent !== (attestation !== null)) {
      const evidence = changes.assumeTcpaConsent
        ? "Company setting assumeTcpaConsent turned on: the lender attests that the numbers it sends carry the borrowers' prior express consent."
        : 'Company setting assumeTcpaConsent turned off: the lender no longer attests consent for the numbers it sends.';
      await insertConsentEvent(this.db, companyAttestationEvent(companyId, changes.assumeTcpaConsent, evidence, recordedBy, new Date()));
      attestation = await readAttestation(this.db, companyId);
    }
    this.#cache.delete(companyId);
    return { ...next, assumeTcpaConsent: attestation !== null, attestation };
  }

  async dispatch(companyId: string, executor: Db = this.db): Promise<DispatchSettings> {
    const hit = this.#dispatchCache.get(companyId);
    if (hit && hit.expires > Date.now()) return hit.value;
    const company = await findCompany(executor, companyId);
    const value = parseDispatchSettings(company?.settings);
    this.#dispatchCache.set(companyId, { value, expires: Date.now() + TTL_MS });
    return value;
  }

  /** Validates and stores dispatch settings (merged over the current ones). */
  async updateDispatch(companyId: string, changes: Partial<DispatchSettings>): Promise<DispatchSettings> {
    const company = await findCompany(this.db, companyId);
    if (!company) throw new DomainError('not_found', `no company with id ${companyId}`);
    const next = { ...parseDispatchSettings(company.settings), ...changes };
    if (!Number.isInteger(next.maxCallMinutes) || next.maxCallMinutes < 1 || next.maxCallMinutes > 120)
      throw new DomainError('validation_failed', 'maxCallMinutes must be an integer from 1 to 120');
    await updateCompanySettings(this.db, companyId, { ...company.settings, dispatch: next });
    this.#dispatchCache.delete(companyId);
    return next;
  }
}
