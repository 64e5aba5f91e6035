import { buildCustomer, dateFromIso, isBlank, todayIn, toCents, type PhoneCandidate, type RawAddress } from './canonical.ts';
import type {
  GetLoanOptions,
  ListLoansOptions,
  LmsCallOptions,
  LmsCapabilities,
  LmsConnector,
  LmsCustomer,
  LmsCustomerWithLoan,
  LmsLoan,
} from './connector.ts';
import { LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE } from './connector.ts';
import { customerNotFound, LmsError, loanNotFound, readAnswer, safeLmsCode } from './errors.ts';
import { LmsHttpClient, type ConnectorDeps, type ErrorAnswer, type HttpTuning } from './http-client.ts';
import { asArray, asId, asObject, isObject, optArray, optInteger, optObject, optString, ShapeError, type JsonObject } from './json-read.ts';
import { mapAll, normaliseLoanId, normaliseLoanIds, sortLoans, withPerspective, type LoanFacts } from './loan-selection.ts';
import { mapLoanStatus, type StatusMap } from './loan-status.ts';

/**
 * Mambu API v2 connector (lms-connectors.md §2.3; docs.mambu.com/api and the per-resource
 * OpenAPI files). The caller's customer `id` is the Mambu client `id` (or its `encodedKey`,
 * which the same endpoint accepts); loans are loan account ids. A Mambu loan has one account
 * holder, so there are no co-borrowers.
 *
 * What the stored docs leave open, and how it is handled here:
 * - listing a client's loans: the documented `POST /loans:search` on `accountHolderKey` is
 *   used (the `GET /loans?accountHolderType&accountHolderId` form is UNVERIFIED); as a POST it
 *   is sent once, never retried;
 * - installment `state` values are UNVERIFIED, so "not yet paid" is computed from the
 *   installment amounts (expected − paid) rather than from the state;
 * - numeric error codes for unknown ids are UNVERIFIED, so "not found" is any 404 carrying the
 *   documented `{"errors": […]}` envelope.
 */

export interface MambuSettings {
  /** e.g. https://<tenant>.mambu.com/api (api.mambu.com) */
  baseUrl: string;
  /** An API-consumer key (`apikey` header) or HTTP Basic user/password. */
  auth: { apiKey: string } | { username: string; password: string };
  /** `idDocuments[].documentType` that holds the SSN — tenant-defined, like Fineract's. */
  ssnDocumentType: string;
  /** Search page size (`limit`). */
  pageSize: number;
  /** Installments due "today" are counted in the tenant's zone. */
  tenantTimezone: string;
  statusMap?: StatusMap;
  http: HttpTuning;
}

const MAMBU_CAPABILITIES: LmsCapabilities = {
  loansByCustomer: true,
  customerByLoan: true,
  coBorrowers: false,
  customerFields: LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE,
};

/**
 * accountState / accountSubState (docs.mambu.com/docs/loan-account-life-cycle-and-states/):
 * sub-state first, it is the more specific ("CLOSED / REPAID" is paid off).
 */
const MAMBU_DEFAULT_STATUS_MAP: StatusMap = {
  PARTIAL_APPLICATION: 'pending',
  PENDING_APPROVAL: 'pending',
  APPROVED: 'pending',
  ACTIVE: 'active',
  ACTIVE_IN_ARREARS: 'active',
  REPAID: 'paid_off',
  WRITTEN_OFF: 'charged_off',
  CLOSED_WRITTEN_OFF: 'charged_off',
  CLOSED_REJECTED: 'closed',
  REJECTED: 'closed',
  WITHDRAWN: 'closed',
  REFINANCED: 'closed',
  RESCHEDULED: 'closed',
  CLOSED: 'closed',
};

/** Mambu v2 insists on its vendor media type (api.mambu.com: `Accept: application/vnd.mambu.v2+json`). */
const ACCEPT = 'application/vnd.mambu.v2+json';
const MAX_PAGES = 200;

export function createMambuConnector(settings: MambuSettings, deps: ConnectorDeps = {}): LmsConnector {
  return new MambuConnector(settings, deps);
}

interface MambuClient {
  id: string;
  encodedKey: string;
  body: JsonObject;
}

class MambuConnector implements LmsConnector {
  readonly kind = 'mambu' as const;
  readonly capabilities = MAMBU_CAPABILITIES;
  private readonly http: LmsHttpClient;
  private readonly clock: () => Date;

  private readonly settings: MambuSettings;

  constructor(settings: MambuSettings, deps: ConnectorDeps) {
    this.settings = settings;
    const auth: Record<string, string> =
      'apiKey' in settings.auth
        ? { apikey: settings.auth.apiKey }
        : { Authorization: `Basic ${Buffer.from(`${settings.auth.username}:${settings.auth.password}`, 'utf8').toString('base64')}` };
    this.http = new LmsHttpClient({ system: 'mambu', baseUrl: settings.baseUrl, headers: { Accept: ACCEPT, ...auth }, tuning: settings.http }, deps);
    this.clock = deps.clock ?? (() => new Date());
  }

  async getCustomer(lmsCustomerId: string, options: LmsCallOptions = {}): Promise<LmsCustomer> {
    const client = await this.fetchClient(lmsCustomerId, options.signal);
    return parse(() => parseMambuClient(client.body, this.settings.ssnDocumentType));
  }

  async findCustomerByLoan(loanId: string | number, options: LmsCallOptions = {}): Promise<LmsCustomerWithLoan> {
    const loan = await this.getLoan(loanId, options);
    return { customer: await this.getCustomer(loan.customerId, options), loan };
  }

  async listLoans(lmsCustomerId: string, options: ListLoansOptions = {}): Promise<LmsLoan[]> {
    const client = await this.fetchClient(lmsCustomerId, options.signal);
    const parties = [{ customerId: client.id, role: 'primary' as const }];
    if (options.loanIds) {
      const ids = normaliseLoanIds('mambu', options.loanIds);
      return sortLoans(
        await mapAll(ids, options.signal, async (loanId, signal) => {
          const loan = await this.fetchLoan(loanId, signal);
          if (loan.holderKey !== client.encodedKey) throw loanNotFound('mambu', loanId, 'it does not belong to this customer');
          return withPerspective('mambu', await this.facts(loan.body, signal), parties, client.id);
        }),
      );
    }
    const accounts = await this.searchLoans(client.encodedKey, options.signal);
    const loans = await mapAll(accounts, options.signal, async (account, signal) =>
      withPerspective('mambu', await this.facts(account, signal), parties, client.id),
    );
    return sortLoans(loans);
  }

  async getLoan(loanId: string | number, options: GetLoanOptions = {}): Promise<LmsLoan> {
    const loan = await this.fetchLoan(normaliseLoanId('mambu', loanId), options.signal);
    const [facts, holder] = await Promise.all([
      this.facts(loan.body, options.signal),
      // Group loans have a group as holder: no borrower to sync then.
      loan.holderType === 'CLIENT' && loan.holderKey ? this.fetchClient(loan.holderKey, options.signal) : Promise.resolve(undefined),
    ]);
    return withPerspective('mambu', facts, holder ? [{ customerId: holder.id, role: 'primary' }] : [], options.customerId);
  }

  // -------------------------------------------------------------------------------------------

  private async fetchClient(ref: string, signal: AbortSignal | undefined): Promise<MambuClient> {
    const text = String(ref).trim();
    if (text === '') throw customerNotFound('mambu', text);
    const body = await this.http.getJson({
      path: `clients/${encodeURIComponent(text)}`,
      query: { detailsLevel: 'FULL' },
      op: 'customer',
      signal,
      classify: notFoundAs('customer', text),
    });
    return parse(() => {
      const client = asObject(body, '$');
      return { id: asId(client.id, 'id'), encodedKey: asId(client.encodedKey, 'encodedKey'), body: client };
    });
  }

  private async fetchLoan(loanId: string, signal: AbortSignal | undefined): Promise<{ body: JsonObject; holderKey?: string; holderType?: string }> {
    const body = await this.http.getJson({
      path: `loans/${encodeURIComponent(loanId)}`,
      query: { detailsLevel: 'FULL' },
      op: 'loan',
      signal,
      classify: notFoundAs('loan', loanId),
    });
    return parse(() => {
      const loan = asObject(body, '$');
      const holderKey = optString(loan.accountHolderKey, 'accountHolderKey');
      const holderType = optString(loan.accountHolderType, 'accountHolderType');
      return { body: loan, ...(holderKey ? { holderKey } : {}), ...(holderType ? { holderType } : {}) };
    });
  }

  /** docs.mambu.com/api/api-v2/loans/search: filter on `accountHolderKey`, offset paging. */
  private async searchLoans(holderKey: string, signal: AbortSignal | undefined): Promise<JsonObject[]> {
    const { pageSize } = this.settings;
    const out: JsonObject[] = [];
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.http.postJson({
        path: 'loans:search',
        query: { detailsLevel: 'FULL', offset: page * pageSize, limit: pageSize },
        op: 'customer.loans',
        signal,
        body: {
          filterCriteria: [{ field: 'accountHolderKey', operator: 'EQUALS', value: holderKey }],
          sortingCriteria: { field: 'id', order: 'ASC' },
        },
      });
      const rows = parse(() => asArray(body, '$').map((row, i) => asObject(row, `[${i}]`)));
      for (const row of rows) if (!out.some((r) => r.id === row.id)) out.push(row);
      if (rows.length < pageSize) return out;
    }
    throw new LmsError({ kind: 'upstream', system: 'mambu', reason: 'paging', message: `more than ${MAX_PAGES} pages of loans` });
  }

  /** Balances come with the loan; "next due" needs the schedule (docs.mambu.com/api/api-v2/loans_schedule). */
  private async facts(loan: JsonObject, signal: AbortSignal | undefined): Promise<LoanFacts> {
    const loanId = parse(() => asId(loan.id, 'id'));
    const schedule = await this.http.getJson({
      path: `loans/${encodeURIComponent(loanId)}/schedule`,
      op: 'loan.schedule',
      signal,
      classify: notFoundAs('loan', loanId),
    });
    const today = todayIn(this.settings.tenantTimezone, this.clock());
    return parse(() => parseMambuLoan(loan, schedule, today, this.settings.statusMap));
  }
}

// ---------------------------------------------------------------------------------------------
// Pure parsers (exported for unit tests)

/** Client fields per docs.mambu.com/api/api-v2/clients/schemas/client and tap-mambu `clients.json`. */
function parseMambuClient(value: unknown, ssnDocumentType: string): LmsCustomer {
  const client = asObject(value, '$');
  // Three untyped slots and no primary flag (reference §3 item 5): the first mobile wins.
  const phones: PhoneCandidate[] = [
    { raw: client.mobilePhone, kind: 'mobile' },
    { raw: client.mobilePhone2, kind: 'mobile' },
    { raw: client.homePhone, kind: 'home' },
  ];
  const address = optArray(client.addresses, 'addresses').map((a, i) => asObject(a, `addresses[${i}]`))[0];
  const wanted = ssnDocumentType.trim().toLowerCase();
  const ssn = optArray(client.idDocuments, 'idDocuments')
    .map((d, i) => asObject(d, `idDocuments[${i}]`))
    // Mambu sends `documentType` as a string; anything else is read as its text, as before.
    .find(
      (d) =>
        // eslint-disable-next-line @typescript-eslint/no-base-to-string -- lenient on purpose: untrusted wire value
        String(d.documentType ?? '')
          .trim()
          .toLowerCase() === wanted,
    )?.documentId;
  const raw: RawAddress | undefined = address
    ? { line1: address.line1, line2: address.line2, city: address.city, state: address.region, zip: address.postcode, country: address.country }
    : undefined;
  return buildCustomer({
    lmsCustomerId: asId(client.id, 'id'),
    firstName: client.firstName,
    lastName: client.lastName,
    email: client.emailAddress,
    phones,
    ...(raw ? { address: raw } : {}),
    birthday: client.birthDate,
    birthdayParser: dateFromIso,
    ssn,
  });
}

export function parseMambuLoan(value: unknown, schedule: unknown, today: string, statusMap?: StatusMap): LoanFacts {
  const loan = asObject(value, '$');
  const state = optString(loan.accountState, 'accountState') ?? '';
  const sub = optString(loan.accountSubState, 'accountSubState') ?? '';
  const rawStatus = sub ? `${state} / ${sub}` : state;
  const status = mapLoanStatus([rawStatus, sub, state].filter(Boolean), statusMap, MAMBU_DEFAULT_STATUS_MAP);
  const balances = optObject(loan.balances, 'balances');
  const money = (obj: JsonObject | undefined, field: string, path: string): number => {
    if (!obj || isBlank(obj[field])) return 0;
    const c = toCents(obj[field]);
    if (c === undefined) throw new ShapeError(`${path}.${field}`);
    return c;
  };
  // "Total Due" = principal + interest + fees + penalty due (docs.mambu.com/docs/loan-account-overview-details/).
  const totalDue = ['principalDue', 'interestDue', 'feesDue', 'penaltyDue'].reduce((sum, f) => sum + money(balances, f, 'balances'), 0);

  const upcoming = optArray(optObject(schedule, 'schedule')?.installments, 'installments')
    .map((item, i) => {
      const inst = asObject(item, `installments[${i}]`);
      const dueDate = dateFromIso(inst.dueDate);
      if (!dueDate) throw new ShapeError(`installments[${i}].dueDate`);
      const outstanding = ['principal', 'interest', 'fee', 'penalty'].reduce((sum, part) => {
        const amount = optObject(optObject(inst[part], `installments[${i}].${part}`)?.amount, `installments[${i}].${part}.amount`);
        return sum + money(amount, 'expected', `installments[${i}].${part}.amount`) - money(amount, 'paid', `installments[${i}].${part}.amount`);
      }, 0);
      return { dueDate, outstanding };
    })
    .filter((inst) => inst.outstanding > 0 && inst.dueDate >= today)
    .sort((a, b) => a.dueDate.localeCompare(b.dueDate));
  const next = upcoming[0];
  // Mambu counts an installment as due on its due date, so today's is already in Total Due.
  const nextInstallment = next && next.dueDate > today ? next.outstanding : 0;
  const owed = status !== 'pending';
  const id = asId(loan.id, 'id');
  return {
    loanId: id,
    displayId: id,
    status,
    rawStatus,
    currency: optString(optObject(loan.currency, 'currency')?.code, 'currency.code') ?? 'USD',
    balanceCents: owed ? money(balances, 'principalBalance', 'balances') : 0,
    amountDueCents: owed ? totalDue + nextInstallment : 0,
    daysPastDue: owed ? Math.max(0, optInteger(loan.daysInArrears, 'daysInArrears') ?? 0) : 0,
    nextDueDate: owed ? (next?.dueDate ?? null) : null,
    asOf: today,
  };
}

/** `{"errors": [{errorCode, errorSource, errorReason}]}` (docs.mambu.com mambu-flows REST guide). */
function notFoundAs(resource: 'customer' | 'loan', ref: string) {
  return (answer: ErrorAnswer): LmsError | undefined => {
    if (answer.status !== 404 || !isObject(answer.body) || !Array.isArray(answer.body.errors)) return undefined;
    const first: unknown = answer.body.errors[0];
    const code = safeLmsCode(isObject(first) ? first.errorReason : undefined);
    return resource === 'customer' ? customerNotFound('mambu', ref, 404, code) : loanNotFound('mambu', ref, undefined, 404, code);
  };
}

function parse<T>(fn: () => T): T {
  return readAnswer('mambu', fn);
}
