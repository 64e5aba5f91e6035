/**
 * LMS sync: reading a customer and their loans from the company's loan management system,
 * merging them into a request (caller-supplied values win; domain/lms-merge.ts), and writing the
 * imported loans. It never writes a customer itself: CustomerService and the webhooks validate the
 * merged customer exactly like any other and write it in their own transactions.
 *
 * Every LMS read happens here, before any transaction opens (PGlite has one connection, and a
 * slow LMS must never hold a database transaction open). A failed read leaves nothing behind:
 * the caller has not written anything yet, and the error says which system failed and why —
 * LmsError messages carry no personal data — mapped to HTTP by LMS_ERROR_HTTP.
 */
import { DomainError, type ErrorCode, type FieldError, pointerOf } from '../domain/errors.ts';
import { unsafeInputProblems } from '../domain/input-hygiene.ts';
import { mergeIntoRequest, overLongValues, SYNCABLE_FIELDS, type LmsValues, type ProvenanceMap, type SyncableField } from '../domain/lms-merge.ts';
import { isLmsError, LMS_ERROR_HTTP, LmsError, type LmsConnector, type LmsCustomer, type LmsKind, type LmsLoan, type LmsWarning } from '../lms/index.ts';
import type { Trx } from '../store/database.ts';
import type { NewCustomer } from '../store/repositories/customer-writes.ts';
import { linkLoanParties, upsertLmsLoans, type LmsLoanRow, type LoanParty } from '../store/repositories/loans.ts';
import type { LmsConfigService, SyncLogger } from './lms-configs.ts';

/** One sync's overall bound: every read it makes, retries included (each read has its own too). */
export const DEFAULT_SYNC_DEADLINE_MS = 30_000;

/** What one sync read from the LMS. */
export interface LmsFetch {
  readonly kind: LmsKind;
  readonly customer: LmsCustomer;
  readonly loans: readonly LmsLoan[];
}

/** What a sync adds to a customer write: where values came from and the loans to import. */
export interface LmsImport {
  readonly kind: LmsKind;
  readonly lmsCustomerId: string;
  readonly provenance: ProvenanceMap;
  readonly loans: readonly LmsLoan[];
}

export interface SyncedBody {
  /** The request with the LMS's values (and a ZIP timezone) filled in. */
  readonly body: Record<string, unknown>;
  readonly lms: LmsImport;
  /** LMS values that break the request schema's limits (normalisation finds the rest). */
  readonly errors: FieldError[];
  readonly warnings: readonly LmsWarning[];
}

export interface RequestRef {
  readonly id: string;
  readonly loanId?: string | undefined;
  readonly loanIds?: readonly string[] | undefined;
}

export class LmsSyncService {
  private readonly configs: Pick<LmsConfigService, 'connectorFor' | 'logger'>;
  private readonly deadlineMs: number;

  constructor(
    // Only these two: tests hand in a connector of their own (e.g. one without a loan list).
    configs: Pick<LmsConfigService, 'connectorFor' | 'logger'>,
    deadlineMs: number = DEFAULT_SYNC_DEADLINE_MS,
  ) {
    this.configs = configs;
    this.deadlineMs = deadlineMs;
  }

  private get logger(): SyncLogger {
    return this.configs.logger;
  }

  /**
   * POST /customers and schedule sync with `sync: true`: the customer by `id`, or through
   * `loanId` when the LMS finds customers by loan; then the loans to import (`loanIds`, else all)
   * plus the `loanId` loan; then the merge. Throws DomainError (LMS failures, mapped).
   */
  async enrich(companyId: string, body: Record<string, unknown>, ref: RequestRef): Promise<SyncedBody> {
    const fetched = await this.read(companyId, 'customer.sync', (lms, signal) => fetchForRequest(lms, ref, signal));
    const { body: merged, provenance } = mergeIntoRequest(body, lmsValues(fetched.customer));
    const errors = overLongValues(merged, provenance).map(({ field, max }) => ({
      pointer: pointerOf(field),
      detail: `must be at most ${max} characters (value from the LMS)`,
    }));
    return {
      body: merged,
      lms: { kind: fetched.kind, lmsCustomerId: fetched.customer.lmsCustomerId, provenance, loans: fetched.loans },
      errors,
      warnings: fetched.customer.warnings,
    };
  }

  /** `/webhooks/lms/sync/customer-full`: the customer and all their loans. */
  async fetchCustomerFull(companyId: string, customerId: string): Promise<LmsFetch> {
    return this.read(companyId, 'webhook.customer-full', async (lms, signal) => {
      const customer = await lms.getCustomer(customerId, { signal });
      const loans = lms.capabilities.loansByCustomer ? await lms.listLoans(customer.lmsCustomerId, { signal }) : [];
      return { customer, loans };
    });
  }

  /** `/webhooks/lms/sync/loan`: the loan and its primary borrower. */
  async fetchByLoan(companyId: string, loanId: string): Promise<LmsFetch> {
    return this.read(companyId, 'webhook.loan', async (lms, signal) => {
      if (!lms.capabilities.customerByLoan) {
        throw new LmsError({ kind: 'unsupported', system: lms.kind, reason: 'capability', message: 'finding a customer by loan is not supported' });
      }
      const { customer, loan } = await lms.findCustomerByLoan(loanId, { signal });
      return { customer, loans: [loan] };
    });
  }

  /** Runs reads against the company's LMS under one deadline; maps and logs failures. */
  private async read(
    companyId: string,
    op: string,
    work: (lms: LmsConnector, signal: AbortSignal) => Promise<{ customer: LmsCustomer; loans: readonly LmsLoan[] }>,
  ): Promise<LmsFetch> {
    const started = performance.now();
    const ms = () => Math.round(performance.now() - started);
    try {
      const { connector } = await this.configs.connectorFor(companyId);
      const result = await work(connector, AbortSignal.timeout(this.deadlineMs));
      // Where LMS data enters: text that cannot be stored is refused here, not patched later.
      const unstorable = unsafeInputProblems(result);
      if (unstorable.length > 0) {
        throw new LmsError({
          kind: 'upstream',
          system: connector.kind,
          reason: 'malformed',
          message: `malformed answer: text that cannot be stored at ${unstorable.map((p) => p.pointer).join(', ')}`,
        });
      }
      // Counts and timings only: never values (lms-connectors.md §3 item 4).
      this.logger.info(
        { companyId, lms: connector.kind, op, loans: result.loans.length, warnings: result.customer.warnings.map((w) => w.code), ms: ms() },
        'lms read',
      );
      return { kind: connector.kind, ...result };
    } catch (error) {
      if (!isLmsError(error)) throw error;
      this.logger.warn(
        { companyId, lms: error.system, op, kind: error.kind, reason: error.reason, status: error.upstreamStatus, attempts: error.attempts, ms: ms() },
        'lms read failed',
      );
      throw lmsProblem(error);
    }
  }
}

async function fetchForRequest(lms: LmsConnector, ref: RequestRef, signal: AbortSignal): Promise<{ customer: LmsCustomer; loans: LmsLoan[] }> {
  let customer: LmsCustomer;
  let enrichment: LmsLoan | undefined;
  if (ref.loanId !== undefined && lms.capabilities.customerByLoan) {
    const found = await lms.findCustomerByLoan(ref.loanId, { signal });
    // The loan must be this customer's: a mistyped loanId must not pull another person's data.
    if (!found.loan.borrowers.some((b) => b.customerId === ref.id)) throw loanNotTheirs(lms.kind, ref.loanId);
    if (found.customer.lmsCustomerId === ref.id) {
      customer = found.customer;
      enrichment = found.loan;
    } else {
      // A co-borrower: the loan came back seen from its primary borrower.
      customer = await lms.getCustomer(ref.id, { signal });
      enrichment = await lms.getLoan(ref.loanId, { signal, customerId: customer.lmsCustomerId });
    }
  } else {
    customer = await lms.getCustomer(ref.id, { signal });
    if (ref.loanId !== undefined) enrichment = await lms.getLoan(ref.loanId, { signal, customerId: customer.lmsCustomerId });
  }

  let loans: LmsLoan[] = [];
  if (lms.capabilities.loansByCustomer) {
    loans = await lms.listLoans(customer.lmsCustomerId, { signal, ...(ref.loanIds ? { loanIds: ref.loanIds } : {}) });
  } else {
    // Without a loan list, only the loans named can be imported.
    for (const loanId of ref.loanIds ?? []) loans.push(await lms.getLoan(loanId, { signal, customerId: customer.lmsCustomerId }));
  }
  if (enrichment && !loans.some((l) => l.loanId === enrichment.loanId)) loans.push(enrichment);
  return { customer, loans };
}

function loanNotTheirs(system: LmsKind, loanId: string): LmsError {
  return new LmsError({ kind: 'loan_not_found', system, reason: 'not_found', message: "loan not found among this customer's loans", ref: loanId });
}

/** The LMS record's values in the contract's names. */
export function lmsValues(customer: LmsCustomer): LmsValues {
  const values: LmsValues = {};
  for (const field of SYNCABLE_FIELDS) {
    const value = customer[field];
    if (typeof value === 'string' && value !== '') values[field] = value;
  }
  return values;
}

/** An LmsError as the problem the API answers with (issue 5 §6 via LMS_ERROR_HTTP). */
function lmsProblem(error: LmsError): DomainError {
  const code = LMS_ERROR_HTTP[error.kind].code as ErrorCode;
  const detail =
    error.kind === 'not_configured' && error.reason === 'missing_config'
      ? 'sync needs a loan management system configured for your company, and none is (an operator sets one with `callwise lms configure`).'
      : `${error.message}.`;
  return new DomainError(code, detail, {
    lmsSystem: error.system,
    ...(error.kind === 'rate_limited' && error.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.retryAfterSeconds } : {}),
  });
}

/**
 * Makes validation errors of a merged customer say where the value came from, so a lender can
 * tell its own mistakes from gaps in its LMS. Details never carry values, only warning codes.
 */
export function annotateSyncErrors(errors: readonly FieldError[], provenance: ProvenanceMap, warnings: readonly LmsWarning[]): FieldError[] {
  return errors.map((error) => {
    const field = error.pointer.slice(1) as SyncableField;
    if (!(SYNCABLE_FIELDS as readonly string[]).includes(field)) return error;
    if (error.detail === 'is required') {
      const unusable = warnings.filter((w) => w.field === field).map((w) => w.code);
      const why = unusable.length > 0 ? `the LMS value was unusable (${unusable.join(', ')})` : 'the LMS record has no value for it';
      return { pointer: error.pointer, detail: `is required: not in the request, and ${why}` };
    }
    if (provenance[field] === 'lms' && !error.detail.includes('(value from the LMS)'))
      return { pointer: error.pointer, detail: `${error.detail} (value from the LMS)` };
    if (provenance[field] === 'zip') return { pointer: error.pointer, detail: `${error.detail} (derived from the ZIP code)` };
    return error;
  });
}

function loanRow(loan: LmsLoan): LmsLoanRow {
  return {
    loanId: loan.loanId,
    displayId: loan.displayId ?? null,
    status: loan.status,
    rawStatus: loan.rawStatus,
    currency: loan.currency,
    balanceCents: loan.balanceCents,
    amountDueCents: loan.amountDueCents,
    daysPastDue: loan.daysPastDue,
    nextDueDate: loan.nextDueDate,
    asOf: loan.asOf ?? null,
  };
}

/** Upserts the loans' figures; call before the customer's links are written. */
export async function writeLoans(trx: Trx, companyId: string, loans: readonly LmsLoan[], now: Date): Promise<void> {
  await upsertLmsLoans(trx, companyId, loans.map(loanRow), now);
}

/**
 * Who owes each loan, with their role: `customerId`, and every other borrower on it — linked only
 * if already a Callwise customer. Co-borrowers' loans count as theirs: the debt is theirs too.
 */
function loanParties(customerId: string, loans: readonly LmsLoan[]): LoanParty[] {
  const links = new Map<string, LoanParty>();
  for (const loan of loans) {
    const parties = [{ customerId, role: loan.role }, ...loan.borrowers.filter((b) => b.customerId !== loan.customerId)];
    for (const party of parties) {
      const key = `${loan.loanId}\u0000${party.customerId}`;
      if (!links.has(key)) links.set(key, { loanId: loan.loanId, customerId: party.customerId, role: party.role });
    }
  }
  return [...links.values()];
}

/** The loans of a new customer, as the customer-writing operation imports them. */
export function lmsLoanWrite(customerId: string, loans: readonly LmsLoan[]): NonNullable<NewCustomer['lmsLoans']> {
  return { loans: loans.map(loanRow), parties: loanParties(customerId, loans) };
}

/** Links an existing customer's loans (see loanParties); call after writeLoans. */
export async function linkLoans(trx: Trx, companyId: string, customerId: string, loans: readonly LmsLoan[]): Promise<void> {
  await linkLoanParties(trx, companyId, loanParties(customerId, loans));
}
