import { buildCustomer, canonicalDate, daysBetween, isBlank, todayIn, toCents, type RawAddress } from './canonical.ts';
import type {
  GetLoanOptions,
  ListLoansOptions,
  LmsCallOptions,
  LmsCapabilities,
  LmsConnector,
  LmsCustomer,
  LmsCustomerWithLoan,
  LmsLoan,
  LmsWarning,
} from './connector.ts';
import { LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE } from './connector.ts';
import { customerNotFound, LmsError, loanNotFound, readAnswer, safeLmsCode } from './errors.ts';
import { LmsHttpClient, type ConnectorDeps, type ErrorAnswer, type HttpTuning } from './http-client.ts';
import { asArray, asId, asObject, isObject, optArray, optFlag, optId, optInteger, optObject, optString, ShapeError, type JsonObject } from './json-read.ts';
import { mapAll, normaliseLoanId, normaliseLoanIds, sortLoans, withPerspective, type LoanFacts } from './loan-selection.ts';
import { mapLoanStatus, type StatusMap } from './loan-status.ts';

/**
 * Apache Fineract / Mifos X connector (lms-connectors.md §2.2; apiLive.htm in apache/fineract).
 *
 * The caller's customer `id` is either Fineract's numeric client `id` or the client's
 * `externalId` (`customerIdType`), reference §3 item 9. Loans are numeric loan ids. Fineract
 * has one client per individual loan, so it knows no co-borrowers.
 */

export interface FineractSettings {
  /** e.g. https://host:8443/fineract-provider/api/v1 (apiLive.htm `getBaseURL`) */
  baseUrl: string;
  username: string;
  password: string;
  tenantId: string;
  customerIdType: 'id' | 'externalId';
  /**
   * `path`: `clients/external-id/{x}` (Fineract after FINERACT-1760, apache/fineract#2783);
   * `query`: `clients?externalId=x` for older servers.
   */
  externalIdLookup: 'path' | 'query';
  /** The identifier `documentType.name` that holds the SSN — tenant configuration (reference §2.2). */
  ssnDocumentType: string;
  /** The address module is optional in Fineract; off means no address is ever asked for. */
  addresses: boolean;
  /** DPD and "next due" are counted in the tenant's business zone (reference §3 item 6). */
  tenantTimezone: string;
  statusMap?: StatusMap;
  http: HttpTuning;
}

const FINERACT_CAPABILITIES: LmsCapabilities = {
  loansByCustomer: true,
  customerByLoan: true,
  coBorrowers: false,
  customerFields: LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE,
};

/** `loanStatusType.*` codes (LoanStatus.java); the lender map may override any of them. */
const FINERACT_DEFAULT_STATUS_MAP: StatusMap = {
  'loanStatusType.submitted.and.pending.approval': 'pending',
  'loanStatusType.approved': 'pending',
  'loanStatusType.active': 'active',
  'loanStatusType.transfer.in.progress': 'active',
  'loanStatusType.transfer.on.hold': 'active',
  'loanStatusType.withdrawn.by.client': 'closed',
  'loanStatusType.rejected': 'closed',
  'loanStatusType.closed.obligations.met': 'paid_off',
  'loanStatusType.overpaid': 'paid_off',
  'loanStatusType.closed.written.off': 'charged_off',
  'loanStatusType.closed.reschedule.outstanding.amount': 'closed',
};

export function createFineractConnector(settings: FineractSettings, deps: ConnectorDeps = {}): LmsConnector {
  return new FineractConnector(settings, deps);
}

class FineractConnector implements LmsConnector {
  readonly kind = 'fineract' as const;
  readonly capabilities = FINERACT_CAPABILITIES;
  private readonly http: LmsHttpClient;
  private readonly clock: () => Date;

  private readonly settings: FineractSettings;

  constructor(settings: FineractSettings, deps: ConnectorDeps) {
    this.settings = settings;
    const basic = Buffer.from(`${settings.username}:${settings.password}`, 'utf8').toString('base64');
    // HTTP Basic plus the tenant header on every call (TenantAwareBasicAuthenticationFilter.java).
    this.http = new LmsHttpClient(
      {
        system: 'fineract',
        baseUrl: settings.baseUrl,
        headers: { Authorization: `Basic ${basic}`, 'Fineract-Platform-TenantId': settings.tenantId },
        tuning: settings.http,
      },
      deps,
    );
    this.clock = deps.clock ?? (() => new Date());
  }

  async getCustomer(lmsCustomerId: string, options: LmsCallOptions = {}): Promise<LmsCustomer> {
    const client = await this.fetchClient(lmsCustomerId, options.signal);
    const warnings: LmsWarning[] = [];
    const [identifiers, addresses] = await Promise.all([
      this.http.getJson({
        path: `clients/${client.id}/identifiers`,
        op: 'customer.identifiers',
        signal: options.signal,
        classify: notFoundAs('customer', client.ref),
      }),
      this.settings.addresses ? this.fetchAddresses(client.id, options.signal, warnings) : Promise.resolve(undefined),
    ]);
    return parse(() =>
      parseFineractCustomer({
        ref: client.ref,
        client: client.body,
        identifiers,
        addresses,
        ssnDocumentType: this.settings.ssnDocumentType,
        warnings,
      }),
    );
  }

  async findCustomerByLoan(loanId: string | number, options: LmsCallOptions = {}): Promise<LmsCustomerWithLoan> {
    const loan = await this.getLoan(loanId, options);
    const customer = await this.getCustomer(loan.customerId, options);
    return { customer, loan };
  }

  async listLoans(lmsCustomerId: string, options: ListLoansOptions = {}): Promise<LmsLoan[]> {
    const client = await this.resolveClient(lmsCustomerId, options.signal);
    let loanIds: string[];
    if (options.loanIds) {
      loanIds = normaliseLoanIds('fineract', options.loanIds);
    } else {
      // `GET loans` has no client filter, so the accounts overview is the list (reference §2.2).
      const body = await this.http.getJson({
        path: `clients/${client.id}/accounts`,
        query: { fields: 'loanAccounts' },
        op: 'customer.loans',
        signal: options.signal,
        classify: notFoundAs('customer', client.ref),
      });
      loanIds = parse(() =>
        optArray(asObject(body, '$').loanAccounts, 'loanAccounts').map((a, i) => asId(asObject(a, `loanAccounts[${i}]`).id, `loanAccounts[${i}].id`)),
      );
    }
    const loans = await mapAll(loanIds, options.signal, async (loanId, signal) => {
      const { facts, clientId } = await this.fetchLoan(loanId, signal);
      if (clientId !== client.id) throw loanNotFound('fineract', loanId, 'it does not belong to this customer');
      return withPerspective('fineract', facts, [{ customerId: client.ref, role: 'primary' }], client.ref);
    });
    return sortLoans(loans);
  }

  async getLoan(loanId: string | number, options: GetLoanOptions = {}): Promise<LmsLoan> {
    const { facts, clientId } = await this.fetchLoan(normaliseLoanId('fineract', loanId), options.signal);
    // Group/JLG loans carry a group instead of a client; there is no borrower to sync then.
    const ref = clientId === undefined ? undefined : await this.clientRef(clientId, options.signal);
    return withPerspective('fineract', facts, ref === undefined ? [] : [{ customerId: ref, role: 'primary' }], options.customerId);
  }

  // -------------------------------------------------------------------------------------------

  private async fetchLoan(loanId: string, signal: AbortSignal | undefined): Promise<{ facts: LoanFacts; clientId?: string }> {
    if (!/^\d{1,15}$/.test(loanId)) throw loanNotFound('fineract', loanId);
    // Only the schedule is associated: `associations=all` pulls transactions and can take 20 s+
    // on busy loans (apache/fineract#3997, reference §3 item 12).
    const body = await this.http.getJson({
      path: `loans/${loanId}`,
      query: { associations: 'repaymentSchedule' },
      op: 'loan',
      signal,
      classify: notFoundAs('loan', loanId),
    });
    const today = todayIn(this.settings.tenantTimezone, this.clock());
    return parse(() => parseFineractLoan(body, today, this.settings.statusMap));
  }

  private async fetchClient(ref: string, signal: AbortSignal | undefined): Promise<{ id: string; ref: string; body: JsonObject }> {
    const text = String(ref).trim();
    if (this.settings.customerIdType === 'id') {
      if (!/^\d{1,15}$/.test(text)) throw customerNotFound('fineract', text);
      const body = await this.http.getJson({ path: `clients/${text}`, op: 'customer', signal, classify: notFoundAs('customer', text) });
      return parse(() => {
        const client = asObject(body, '$');
        return { id: asId(client.id, 'id'), ref: asId(client.id, 'id'), body: client };
      });
    }
    if (text === '') throw customerNotFound('fineract', text);
    if (this.settings.externalIdLookup === 'path') {
      const body = await this.http.getJson({
        path: `clients/external-id/${encodeURIComponent(text)}`,
        op: 'customer',
        signal,
        classify: notFoundAs('customer', text),
      });
      return parse(() => {
        const client = asObject(body, '$');
        return { id: asId(client.id, 'id'), ref: text, body: client };
      });
    }
    // apiLive.htm "List Clients": `{ totalFilteredRecords, pageItems }`. Matches are re-checked
    // locally — a server that ignores the filter must not hand back someone else.
    const body = await this.http.getJson({ path: 'clients', query: { externalId: text, limit: 2 }, op: 'customer.search', signal });
    const matches = parse(() =>
      asArray(asObject(body, '$').pageItems, 'pageItems')
        .map((item, i) => asObject(item, `pageItems[${i}]`))
        .filter((item) => item.externalId === text),
    );
    if (matches.length > 1) {
      throw new LmsError({ kind: 'upstream', system: 'fineract', reason: 'malformed', message: 'external id matches more than one client' });
    }
    const client = matches[0];
    if (!client) throw customerNotFound('fineract', text);
    return parse(() => ({ id: asId(client.id, 'pageItems[0].id'), ref: text, body: client }));
  }

  /** Internal client id plus the caller-facing ref, without the customer's details when possible. */
  private async resolveClient(ref: string, signal: AbortSignal | undefined): Promise<{ id: string; ref: string }> {
    const text = String(ref).trim();
    if (this.settings.customerIdType === 'id') {
      if (!/^\d{1,15}$/.test(text)) throw customerNotFound('fineract', text);
      return { id: text, ref: text };
    }
    const client = await this.fetchClient(text, signal);
    return { id: client.id, ref: client.ref };
  }

  /** The caller-facing id of a client found through a loan. */
  private async clientRef(clientId: string, signal: AbortSignal | undefined): Promise<string> {
    if (this.settings.customerIdType === 'id') return clientId;
    const body = await this.http.getJson({ path: `clients/${clientId}`, op: 'customer', signal, classify: notFoundAs('customer', clientId) });
    // A client without an external id cannot be named by the lender's reference; its numeric
    // id is the only handle left.
    return parse(() => optId(asObject(body, '$').externalId, 'externalId') ?? clientId);
  }

  private async fetchAddresses(clientId: string, signal: AbortSignal | undefined, warnings: LmsWarning[]): Promise<unknown> {
    try {
      // Singular `client` in this path (ClientAddressApiResource.java).
      return await this.http.getJson({ path: `client/${clientId}/addresses`, op: 'customer.addresses', signal });
    } catch (err) {
      // The module may be disabled or the API user not allowed to read addresses; the customer
      // still syncs and the caller can supply the address.
      if (err instanceof LmsError && (err.upstreamStatus === 404 || err.upstreamStatus === 403)) {
        warnings.push({ code: 'address_unavailable', field: 'streetAddress1' });
        return undefined;
      }
      throw err;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Pure parsers (exported for unit tests)

interface FineractCustomerInput {
  ref: string;
  client: unknown;
  identifiers: unknown;
  addresses: unknown;
  ssnDocumentType: string;
  warnings?: LmsWarning[];
}

function parseFineractCustomer(input: FineractCustomerInput): LmsCustomer {
  const client = asObject(input.client, '$');
  return buildCustomer({
    lmsCustomerId: input.ref,
    // Lower-case `firstname`/`lastname` (ClientApiConstants.java).
    firstName: client.firstname,
    lastName: client.lastname,
    email: client.emailAddress,
    // One free-text phone, unvalidated until recently (apache/fineract#5939).
    phones: [{ raw: client.mobileNo, kind: 'mobile', primary: true }],
    ...(() => {
      const address = pickAddress(input.addresses);
      return address ? { address } : {};
    })(),
    birthday: client.dateOfBirth,
    birthdayParser: canonicalDate,
    ssn: pickSsn(input.identifiers, input.ssnDocumentType),
    warnings: input.warnings ?? [],
  });
}

/** `[{documentType: {name}, documentKey, status}]` (ClientIdentifierData.java). */
function pickSsn(identifiers: unknown, documentType: string): unknown {
  const wanted = documentType.trim().toLowerCase();
  const matches = optArray(identifiers, 'identifiers')
    .map((item, i) => asObject(item, `identifiers[${i}]`))
    .filter(
      (item) => optString(optObject(item.documentType, 'identifiers[].documentType')?.name, 'identifiers[].documentType.name')?.trim().toLowerCase() === wanted,
    );
  // Fineract sends `status` as a string ("Active"/"Inactive"); anything else is read as its text, as before.
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- lenient on purpose: untrusted wire value
  const active = matches.find((item) => !/inactive/i.test(String(item.status ?? '')));
  return (active ?? matches[0])?.documentKey;
}

/** AddressData.java; the first active address wins. */
function pickAddress(addresses: unknown): RawAddress | undefined {
  const all = optArray(addresses, 'addresses').map((a, i) => asObject(a, `addresses[${i}]`));
  const chosen = all.find((a, i) => optFlag(a.isActive, `addresses[${i}].isActive`) !== false);
  if (!chosen) return undefined;
  return {
    line1: isBlank(chosen.addressLine1) ? chosen.street : chosen.addressLine1,
    line2: chosen.addressLine2,
    city: isBlank(chosen.city) ? chosen.townVillage : chosen.city,
    state: chosen.stateName,
    zip: chosen.postalCode,
    country: chosen.countryName,
  };
}

export function parseFineractLoan(body: unknown, today: string, statusMap?: StatusMap): { facts: LoanFacts; clientId?: string } {
  const loan = asObject(body, '$');
  const statusObj = asObject(loan.status, 'status');
  const code = optString(statusObj.code, 'status.code') ?? '';
  const value = optString(statusObj.value, 'status.value')?.trim() ?? code;
  const summary = optObject(loan.summary, 'summary');
  // `delinquent` exists only in newer releases (LoansApiResourceSwagger
  // GetLoansLoanIdDelinquencySummary); older ones fall back to summary + schedule (reference §2.2).
  const delinquent = optObject(loan.delinquent, 'delinquent');
  const cents = (obj: JsonObject | undefined, field: string, path: string): number => {
    if (!obj || isBlank(obj[field])) return 0;
    const c = toCents(obj[field]);
    if (c === undefined) throw new ShapeError(`${path}.${field}`);
    return c;
  };
  const date = (raw: unknown, path: string): string | undefined => {
    if (isBlank(raw)) return undefined;
    const d = canonicalDate(raw);
    if (!d) throw new ShapeError(path);
    return d;
  };

  const overdueSince = date(summary?.overdueSinceDate, 'summary.overdueSinceDate');
  const daysPastDue = optInteger(delinquent?.pastDueDays, 'delinquent.pastDueDays') ?? (overdueSince ? Math.max(0, daysBetween(overdueSince, today)) : 0);

  // Periods not yet fully paid and not yet overdue (due today or later); period 0 is the
  // disbursement row, which has no `period` number.
  const upcoming = optArray(optObject(loan.repaymentSchedule, 'repaymentSchedule')?.periods, 'repaymentSchedule.periods')
    .flatMap((value, i) => {
      const path = `repaymentSchedule.periods[${i}]`;
      const p = asObject(value, path);
      if (optInteger(p.period, `${path}.period`) === undefined || optFlag(p.complete, `${path}.complete`) === true) return [];
      const dueDate = date(p.dueDate, `${path}.dueDate`);
      return dueDate !== undefined && dueDate >= today ? [{ dueDate, outstanding: cents(p, 'totalOutstandingForPeriod', path) }] : [];
    })
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const nextDueDate = date(delinquent?.nextPaymentDueDate, 'delinquent.nextPaymentDueDate') ?? upcoming[0]?.dueDate ?? null;
  const nextInstallment = upcoming.find((p) => p.dueDate === nextDueDate)?.outstanding ?? 0;

  const clientId = optId(loan.clientId, 'clientId');
  const displayId = optString(loan.accountNo, 'accountNo');
  const currency = optString(optObject(loan.currency, 'currency')?.code, 'currency.code') ?? 'USD';
  const status = mapLoanStatus([code, value], statusMap, FINERACT_DEFAULT_STATUS_MAP);
  // A loan not yet disbursed owes nothing; its schedule is only a projection.
  const owed = status !== 'pending';
  return {
    facts: {
      loanId: asId(loan.id, 'id'),
      ...(displayId ? { displayId } : {}),
      status,
      rawStatus: value,
      currency,
      balanceCents: owed ? cents(summary, 'principalOutstanding', 'summary') : 0,
      amountDueCents: owed ? cents(summary, 'totalOverdue', 'summary') + nextInstallment : 0,
      daysPastDue: owed ? daysPastDue : 0,
      nextDueDate: owed ? nextDueDate : null,
      // Fineract computes these figures live, so they are as of the tenant's today.
      asOf: today,
    },
    ...(clientId === undefined ? {} : { clientId }),
  };
}

/**
 * apiLive.htm "Errors": `{developerMessage, httpStatusCode, defaultUserMessage,
 * userMessageGlobalisationCode, errors[]}`; 404 with `error.msg.client.id.invalid` /
 * `error.msg.loan.id.invalid` (ClientNotFoundException, LoanNotFoundException). Only a 404 in
 * that envelope is "not found"; a bare 404 means a wrong base URL.
 */
function notFoundAs(resource: 'customer' | 'loan', ref: string) {
  return (answer: ErrorAnswer): LmsError | undefined => {
    if (answer.status !== 404 || !isObject(answer.body) || !('userMessageGlobalisationCode' in answer.body || 'errors' in answer.body)) return undefined;
    const code = safeLmsCode(answer.body.userMessageGlobalisationCode);
    return resource === 'customer' ? customerNotFound('fineract', ref, 404, code) : loanNotFound('fineract', ref, undefined, 404, code);
  };
}

function parse<T>(fn: () => T): T {
  return readAnswer('fineract', fn);
}
