/**
 * POST /compliance/check: may this call be placed at this instant, and if not, when?
 *
 * The facts are what the request says, added to what Callwise stores when a customerId is given:
 * location hints are united (every hint widens the candidate zones, none narrows them,
 * call-compliance.md §3.2), histories are concatenated, and the request decides the number dialled
 * and its line. The policy is the engine defaults, overlaid with the company settings, overlaid with
 * the request's `policy`.
 *
 * Read-only, but it still runs as a POST through handlePost: `prepare` validates, reads and
 * compiles the facts (every input problem is a 400 before an Idempotency-Key is claimed), and
 * `decide` is the commit.
 */
import { hasConsent, parseStanding, stopFor } from '../domain/consent.ts';
import {
  ComplianceInputError,
  DEFAULT_HORIZON_MS,
  evaluatePrepared,
  lawfulWindowsPrepared,
  nextAllowedAtPrepared,
  prepare,
  DEFAULT_PURPOSE,
  type CallFacts,
  type CallPurpose,
  type ContactEvent,
  type PreparedCall,
} from '../compliance/index.ts';
import { callFacts } from '../compliance/facts.ts';
import { normaliseCheckRequest, type CheckRequest } from '../domain/compliance-request.ts';
import { ValidationError } from '../domain/errors.ts';
import type { Db } from '../store/database.ts';
import { listLedger } from '../store/repositories/calls.ts';
import { findCustomer, type CustomerRow } from '../store/repositories/customers.ts';
import type { CompanySettingsService, ComplianceSettings } from './company-settings.ts';
import type { TaskTypeCatalog } from './task-type-catalog.ts';
import { customerNotFound, type CheckedBody } from './customers.ts';
import { ledgerEvent } from './schedules.ts';

/** A reason as the API returns it: the engine's, or one of the stored customer's blockers below. */
export interface CheckReason {
  code: string;
  rule: string;
  zone?: string;
  detail: string;
}

export interface CheckResult {
  allowed: boolean;
  reasons: CheckReason[];
  candidateZones: string[];
  jurisdictions: string[];
  /** RFC 3339 (UTC), or null. */
  nextAllowedAt: string | null;
  /** With windowsUntil: where a call may start between `at` and then. */
  lawfulWindows?: Array<{ from: string; to: string }>;
}

export interface PreparedCheck {
  readonly at: number;
  /** Epoch ms, or null: answer lawfulWindows up to then. */
  readonly windowsUntil: number | null;
  readonly engine: PreparedCall;
  /** Stored facts the engine has no rule for that still forbid every call (see customerBlockers). */
  readonly blockers: readonly CheckReason[];
}

interface StoredCustomer {
  readonly customer: CustomerRow;
  readonly ledger: readonly ContactEvent[];
}

const unique = (values: ReadonlyArray<string | null | undefined>): string[] => [
  ...new Set(values.filter((v): v is string => typeof v === 'string' && v !== '')),
];

/** The engine facts of the check (pure). `purpose` is the request's, else the stored customer's task type's. */
function checkFacts(request: CheckRequest, settings: ComplianceSettings, stored: StoredCustomer | null, purpose: CallPurpose): CallFacts {
  const phoneNumber = request.phoneNumber ?? stored?.customer.phone_number ?? null;
  const adHoc = callFacts({
    zipCode: request.zipCode,
    state: request.state,
    timezone: request.timezone,
    phoneNumber,
    // Unset line facts fall back to what the company attests for the numbers it sends and, for a
    // stored customer, to its consent ledger. A request's tcpaConsent is the lender's attestation
    // for this one check: it is not recorded, and never outweighs the consumer's revocation.
    lineType: request.lineType ?? settings.defaultLineType,
    tcpaConsent:
      request.tcpaConsent ??
      (stored
        ? hasConsent(parseStanding(stored.customer.consent), phoneNumber, request.loanId ?? stored.customer.loan_id, settings.attestation)
        : settings.attestation !== null),
    isWorkNumber: request.isWorkNumber ?? false,
    blockedWindows: request.blockedWindows,
    loanId: request.loanId,
    loanIds: request.loanIds,
    consented: request.consented,
    consentGrantedAt: request.consentGrantedAt,
    consentLoanIds: request.consentLoanIds,
    history: request.history,
  });
  const call: CallFacts = { ...adHoc, purpose, nationalDncRegistered: request.nationalDncRegistered };
  if (stored === null) return call;
  const { customer, ledger } = stored;
  const kept = callFacts({ zipCode: customer.zip_code, state: customer.state, timezone: customer.timezone });
  const stated = unique([adHoc.timezone, kept.timezone]);
  const states = unique([adHoc.addressState, kept.addressState]);
  return {
    ...call,
    // A second stated zone is still a place the borrower may be: it joins the address zones.
    addressTimezones: unique([...(adHoc.addressTimezones ?? []), ...(kept.addressTimezones ?? []), ...stated.slice(1)]),
    timezone: stated[0] ?? null,
    addressState: states[0] ?? null,
    addressInNyc: adHoc.addressInNyc === true || kept.addressInNyc === true,
    otherStates: unique([...states.slice(1), ...(adHoc.otherStates ?? []), ...(kept.otherStates ?? [])]),
    // The lender's flag, or the consumer's revocation for the dialled number (47 CFR 64.1200(a)(10)).
    doNotCall: customer.do_not_call || stopFor(parseStanding(customer.consent), phoneNumber) !== undefined,
    // Request events first, so an engine error's history index is the request's own.
    history: [...request.history, ...ledger],
  };
}

/** Citations for the stop flags of recorded calls (domain/call-fields.ts STOP_FLAGS). */
const STOP_RULES: Readonly<Record<string, string>> = {
  ATTORNEY_REP: '15 USC 1692c(a)(2)',
  BANKRUPTCY: '11 USC 362(a)(6)',
  DEBT_DISPUTE: '15 USC 1692g(b)',
};

/**
 * What the scheduler refuses that the engine has no rule for: a customer whose calls were stopped
 * (attorney, bankruptcy, death, dispute, fraud) or a number reported as a wrong number. The check
 * must not say yes to a call the scheduler would never place.
 */
function customerBlockers(customer: CustomerRow, dialled: string | null): CheckReason[] {
  const out: CheckReason[] = [];
  if (customer.stop_reason) {
    const flag = customer.stop_reason.split(' ')[0] ?? '';
    out.push({
      code: 'CALLS_STOPPED',
      rule: STOP_RULES[flag] ?? 'Company policy (stop list)',
      detail: `Calls to this customer are stopped: ${customer.stop_reason}.`,
    });
  }
  if (dialled !== null && customer.unusable_phone_numbers.includes(dialled)) {
    out.push({
      code: 'WRONG_NUMBER',
      rule: "47 USC 227(b)(1)(A)(iii) (the consumer's consent does not cover another subscriber)",
      detail: 'This number was reported as a wrong number on a recorded call; it is never dialled again.',
    });
  }
  return out;
}

/** 'history[3].at' → '/history/3/at'. */
function pointerOfField(field: string): string {
  return `/${field
    .replace(/\[(\d+)\]/g, '.$1')
    .split('.')
    .join('/')}`;
}

export class ComplianceCheckService {
  private readonly db: Db;
  private readonly settings: CompanySettingsService;
  private readonly catalog: TaskTypeCatalog;

  constructor(db: Db, settings: CompanySettingsService, catalog: TaskTypeCatalog) {
    this.db = db;
    this.settings = settings;
    this.catalog = catalog;
  }

  /** Validation, reads and compilation; throws ValidationError (400) or customer_not_found (404). */
  async prepare(companyId: string, input: CheckedBody): Promise<PreparedCheck> {
    const { request, errors } = normaliseCheckRequest(input.body, input.schemaErrors);
    if (request === null) throw new ValidationError(errors);
    const settings = await this.settings.compliance(companyId);
    let stored: StoredCustomer | null = null;
    if (request.customerId !== null) {
      const customer = await findCustomer(this.db, companyId, request.customerId);
      if (!customer) throw customerNotFound();
      stored = { customer, ledger: (await listLedger(this.db, companyId, customer.id)).map(ledgerEvent) };
    }
    const purpose =
      request.purpose ?? (stored ? ((await this.catalog.find(companyId, stored.customer.task_type))?.purpose ?? DEFAULT_PURPOSE) : DEFAULT_PURPOSE);
    const facts = checkFacts(request, settings, stored, purpose);
    try {
      const engine = prepare(facts, { ...settings.policy, ...request.policy });
      return {
        at: request.at,
        windowsUntil: request.windowsUntil,
        engine,
        blockers: stored ? customerBlockers(stored.customer, facts.phoneNumber ?? null) : [],
      };
    } catch (error) {
      // The request was validated above; this is the engine's backstop, still the client's 400.
      if (error instanceof ComplianceInputError) {
        throw new ValidationError([{ pointer: pointerOfField(error.field), detail: error.message }]);
      }
      throw error;
    }
  }

  /** The decision; pure computation on the prepared check. */
  decide(prepared: PreparedCheck): CheckResult {
    const { at, windowsUntil, engine, blockers } = prepared;
    const evaluation = evaluatePrepared(engine, at);
    const next = blockers.length > 0 ? null : evaluation.allowed ? at : nextAllowedAtPrepared(engine, at, DEFAULT_HORIZON_MS);
    const result: CheckResult = {
      allowed: evaluation.allowed && blockers.length === 0,
      reasons: [...blockers, ...evaluation.reasons].map((r) => ({ ...r })),
      candidateZones: [...evaluation.candidateZones],
      jurisdictions: [...evaluation.jurisdictions],
      nextAllowedAt: next === null ? null : new Date(next).toISOString(),
    };
    if (windowsUntil !== null) {
      const windows = blockers.length > 0 ? [] : lawfulWindowsPrepared(engine, at, windowsUntil);
      result.lawfulWindows = windows.map((w) => ({ from: new Date(w.fromMs).toISOString(), to: new Date(w.toMs).toISOString() }));
    }
    return result;
  }
}
