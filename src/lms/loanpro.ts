import { addDays, buildCustomer, dateFromLoanPro, isBlank, todayIn, toCents, type PhoneCandidate, type PhoneKind } from './canonical.ts';
import type {
  GetLoanOptions,
  ListLoansOptions,
  LmsCallOptions,
  LmsCapabilities,
  LmsConnector,
  LmsCustomer,
  LmsCustomerWithLoan,
  LmsLoan,
  LmsLoanParty,
  LoanRole,
} from './connector.ts';
import { LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE } from './connector.ts';
import { customerNotFound, LmsError, loanNotFound, readAnswer, safeLmsCode } from './errors.ts';
import { LmsHttpClient, type ConnectorDeps, type ErrorAnswer, type HttpTuning } from './http-client.ts';
import { asArray, asId, asObject, isObject, optArray, optFlag, optInteger, optObject, optString, ShapeError, type JsonObject } from './json-read.ts';
import { mapAll, normaliseLoanId, normaliseLoanIds, sortLoans, withPerspective, type LoanFacts } from './loan-selection.ts';
import { mapLoanStatus, type StatusMap } from './loan-status.ts';

/**
 * LoanPro LMS API connector (OData v2 style, lms-connectors.md §2.1).
 *
 * The caller's customer `id` is LoanPro's numeric customer `id` (reference §3 item 9); loan ids
 * are LoanPro's numeric loan `id` (not `displayId`). Anything non-numeric cannot exist in
 * LoanPro and is reported as not found without a request.
 */

export interface LoanProSettings {
  /** e.g. https://loanpro.simnang.com/api/public/api/1 (developers.loanpro.io/reference/loanpro-api-introduction-2) */
  baseUrl: string;
  token: string;
  tenantId: string;
  /** OData page size; LoanPro's default is 50 (reference §2.1 "Pagination"). */
  pageSize: number;
  /**
   * The offset parameter's name: the stored guide does not say whether LoanPro uses the OData
   * `$skip` or its own `$start` (reference §2.1, UNVERIFIED), so it is configurable.
   */
  offsetParam: '$skip' | '$start';
  /** How far back to look for the newest status-archive row. */
  statusArchiveLookbackDays: number;
  /** The tenant's zone; "today" for the status archive is a tenant-local date. */
  tenantTimezone: string;
  statusMap?: StatusMap;
  http: HttpTuning;
}

const CUSTOMER_EXPAND = 'PrimaryAddress,MailAddress,Phones';
const LOAN_EXPAND = 'LoanSetup,LoanSettings,Customers';
const MAX_PAGES = 200;

const LOANPRO_CAPABILITIES: LmsCapabilities = {
  loansByCustomer: true,
  customerByLoan: true,
  coBorrowers: true,
  // LoanPro keeps only a tenant timezone, never a borrower's (reference §3 item 6).
  customerFields: LMS_CUSTOMER_FIELDS_WITHOUT_TIMEZONE,
};

/** Sub-status text first (it is the more specific: "Closed / Charged Off"), then status. */
const LOANPRO_DEFAULT_STATUS_MAP: StatusMap = {
  open: 'active',
  active: 'active',
  current: 'active',
  'paid off': 'paid_off',
  'paid in full': 'paid_off',
  'charged off': 'charged_off',
  'charge off': 'charged_off',
  'charged-off': 'charged_off',
  'written off': 'charged_off',
  closed: 'closed',
  void: 'closed',
  voided: 'closed',
  cancelled: 'closed',
  canceled: 'closed',
  pending: 'pending',
  'pending funding': 'pending',
  application: 'pending',
  approved: 'pending',
};

// customer.phoneType.* (reference §2.1, PHONES_TYPE__C.php in the 2017 PHP SDK).
const PHONE_KINDS: Readonly<Record<string, PhoneKind>> = {
  'customer.phoneType.cell': 'mobile',
  'customer.phoneType.cellSmartPhone': 'mobile',
  'customer.phoneType.home': 'home',
  'customer.phoneType.office': 'work',
  'customer.phoneType.fax': 'fax',
  'customer.phoneType.other': 'other',
};

// loan.customerRole.* (developers.loanpro.io/docs/loan-customer-role-values).
const ROLES: Readonly<Record<string, LoanRole>> = {
  'loan.customerRole.primary': 'primary',
  'loan.customerRole.secondary': 'co-borrower',
  'loan.customerRole.additional': 'other',
  'loan.customerRole.authorized': 'other',
  'loan.customerRole.unassigned': 'other',
};

export function createLoanProConnector(settings: LoanProSettings, deps: ConnectorDeps = {}): LmsConnector {
  return new LoanProConnector(settings, deps);
}

class LoanProConnector implements LmsConnector {
  readonly kind = 'loanpro' as const;
  readonly capabilities = LOANPRO_CAPABILITIES;
  private readonly http: LmsHttpClient;
  private readonly clock: () => Date;

  private readonly settings: LoanProSettings;

  constructor(settings: LoanProSettings, deps: ConnectorDeps) {
    this.settings = settings;
    // developers.loanpro.io/docs/authentication: both headers on every call.
    this.http = new LmsHttpClient(
      {
        system: 'loanpro',
        baseUrl: settings.baseUrl,
        headers: { Authorization: `Bearer ${settings.token}`, 'Autopal-Instance-Id': settings.tenantId },
        tuning: settings.http,
      },
      deps,
    );
    this.clock = deps.clock ?? (() => new Date());
  }

  async getCustomer(lmsCustomerId: string, options: LmsCallOptions = {}): Promise<LmsCustomer> {
    const id = entityId(lmsCustomerId);
    if (!id) throw customerNotFound('loanpro', String(lmsCustomerId));
    const body = await this.http.getJson({
      path: `odata.svc/Customers(${id})`,
      query: { $expand: CUSTOMER_EXPAND },
      op: 'customer',
      signal: options.signal,
      classify: notFoundAs('customer', id),
    });
    // An OData `d: null` is an entity that is not there; a missing `d` is a malformed answer.
    if (isObject(body) && body.d === null) throw customerNotFound('loanpro', id);
    return parse(() => parseLoanProCustomer(body));
  }

  async findCustomerByLoan(loanId: string | number, options: LmsCallOptions = {}): Promise<LmsCustomerWithLoan> {
    const loan = await this.getLoan(loanId, options);
    const customer = await this.getCustomer(loan.customerId, options);
    return { customer, loan };
  }

  async listLoans(lmsCustomerId: string, options: ListLoansOptions = {}): Promise<LmsLoan[]> {
    const id = entityId(lmsCustomerId);
    if (!id) throw customerNotFound('loanpro', String(lmsCustomerId));
    if (options.loanIds) {
      const ids = normaliseLoanIds('loanpro', options.loanIds);
      return sortLoans(await mapAll(ids, options.signal, (loanId, signal) => this.getLoan(loanId, { customerId: id, signal })));
    }
    const entities = await this.listLoanEntities(id, options.signal);
    const loans = await mapAll(entities, options.signal, async (entity, signal) => {
      const facts = await this.loanFacts(entity, signal);
      return withPerspective('loanpro', facts, includeCustomer(entity.parties, id), id);
    });
    return sortLoans(loans);
  }

  async getLoan(loanId: string | number, options: GetLoanOptions = {}): Promise<LmsLoan> {
    const text = normaliseLoanId('loanpro', loanId);
    const id = entityId(text);
    if (!id) throw loanNotFound('loanpro', text);
    const body = await this.http.getJson({
      path: `odata.svc/Loans(${id})`,
      query: { $expand: LOAN_EXPAND },
      op: 'loan',
      signal: options.signal,
      classify: notFoundAs('loan', id),
    });
    if (isObject(body) && body.d === null) throw loanNotFound('loanpro', id);
    const entity = parse(() => parseLoanProLoanEntity(asObject(asObject(body, '$').d, 'd'), 'd'));
    const facts = await this.loanFacts(entity, options.signal);
    return withPerspective('loanpro', facts, entity.parties, options.customerId);
  }

  /** Pages through `Customers(id)/Loans` (developers.loanpro.io/docs/filtering-and-paginating-responses). */
  private async listLoanEntities(customerId: string, signal: AbortSignal | undefined): Promise<LoanProLoanEntity[]> {
    const { pageSize, offsetParam } = this.settings;
    const entities: LoanProLoanEntity[] = [];
    let offset = 0;
    let previousFirst: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const body = await this.http.getJson({
        path: `odata.svc/Customers(${customerId})/Loans`,
        query: { $expand: LOAN_EXPAND, $orderby: 'id asc', $top: pageSize, [offsetParam]: offset > 0 ? offset : undefined },
        op: 'customer.loans',
        signal,
        classify: notFoundAs('customer', customerId),
      });
      const { rows, total } = parse(() => odataCollection(body));
      const parsed = parse(() => rows.map((row, i) => parseLoanProLoanEntity(asObject(row, `d.results[${i}]`), `d.results[${i}]`)));
      const first = parsed[0]?.loanId;
      // A server that ignores the offset parameter returns page one forever; stop instead of
      // looping (the parameter name is a configuration knob, see `offsetParam`).
      if (page > 0 && first !== undefined && first === previousFirst) {
        throw new LmsError({
          kind: 'upstream',
          system: 'loanpro',
          reason: 'paging',
          message: `paging did not advance; check the offset parameter (${offsetParam})`,
        });
      }
      previousFirst = first;
      // Offset paging over a list that changes between pages can repeat a row; keep one.
      for (const entity of parsed) if (!entities.some((e) => e.loanId === entity.loanId)) entities.push(entity);
      offset += parsed.length;
      if (parsed.length < pageSize || (total !== undefined && offset >= total)) return entities;
    }
    throw new LmsError({ kind: 'upstream', system: 'loanpro', reason: 'paging', message: `more than ${MAX_PAGES} pages of loans` });
  }

  /**
   * Balances and DPD come from the status archive, one row per day (reference §2.1: request
   * today's row and fall back to the newest; report that row's date as `asOf`).
   */
  private async loanFacts(entity: LoanProLoanEntity, signal: AbortSignal | undefined): Promise<LoanFacts> {
    const today = todayIn(this.settings.tenantTimezone, this.clock());
    const since = addDays(today, -this.settings.statusArchiveLookbackDays);
    const path = `odata.svc/Loans(${entity.loanId})/StatusArchive`;
    const recent = await this.http.getJson({
      path,
      // developers.loanpro.io/docs/odata-and-opensearch: `$filter=date ge datetime'…'`.
      query: { $filter: `date ge datetime'${since}T00:00:00'`, $orderby: 'date desc', $top: this.settings.statusArchiveLookbackDays + 1 },
      op: 'loan.statusArchive',
      signal,
      classify: notFoundAs('loan', entity.loanId),
    });
    let rows = parse(() => odataCollection(recent).rows.map((r, i) => parseStatusArchiveRow(r, `d.results[${i}]`)));
    if (rows.length === 0) {
      const newest = await this.http.getJson({
        path,
        query: { $orderby: 'date desc', $top: 1 },
        op: 'loan.statusArchive',
        signal,
        classify: notFoundAs('loan', entity.loanId),
      });
      rows = parse(() => odataCollection(newest).rows.map((r, i) => parseStatusArchiveRow(r, `d.results[${i}]`)));
    }
    return loanProLoanFacts(entity, newestRow(rows), this.settings.statusMap);
  }
}

// ---------------------------------------------------------------------------------------------
// Pure parsers (exported for unit tests)

export function parseLoanProCustomer(body: unknown): LmsCustomer {
  const d = asObject(asObject(body, '$').d, 'd');
  const primary = optObject(d.PrimaryAddress, 'd.PrimaryAddress');
  const mail = optObject(d.MailAddress, 'd.MailAddress');
  // The primary address is the residence; the mailing address only stands in when the
  // primary one is empty (both are customer address entities, reference §2.1).
  const address = [primary, mail].find((a) => a && !isBlank(a.address1) && a.active !== 0) ?? undefined;
  const phones = optArray(optObject(d.Phones, 'd.Phones')?.results, 'd.Phones.results').map((p, i): PhoneCandidate => {
    const phone = asObject(p, `d.Phones.results[${i}]`);
    const type = optString(phone.type, `d.Phones.results[${i}].type`);
    return {
      raw: phone.phone,
      kind: (type && PHONE_KINDS[type]) || 'other',
      primary: optFlag(phone.isPrimary, `d.Phones.results[${i}].isPrimary`) === true,
      active: optFlag(phone.active, `d.Phones.results[${i}].active`) !== false,
    };
  });
  return buildCustomer({
    lmsCustomerId: asId(d.id, 'd.id'),
    firstName: d.firstName,
    lastName: d.lastName,
    email: d.email,
    phones,
    ...(address
      ? {
          address: {
            line1: address.address1,
            line2: address.address2,
            city: address.city,
            state: address.state,
            zip: address.zipcode,
            country: address.country,
          },
        }
      : {}),
    birthday: d.birthDate,
    birthdayParser: dateFromLoanPro,
    // The full nine digits arrive here and are cut to four inside buildCustomer (reference §2.1).
    ssn: d.ssn,
  });
}

interface LoanProLoanEntity {
  loanId: string;
  displayId?: string;
  parties: LmsLoanParty[];
  loanStatusId?: number;
}

function parseLoanProLoanEntity(loan: JsonObject, path: string): LoanProLoanEntity {
  const customers = optArray(optObject(loan.Customers, `${path}.Customers`)?.results, `${path}.Customers.results`);
  // Where the role travels in a read is not in the stored docs (UNVERIFIED): a `customerRole`
  // member is used when present; otherwise the first linked customer is taken as primary, as
  // LoanPro's own examples list the primary first.
  const parties = customers.map((c, i): LmsLoanParty => {
    const customer = asObject(c, `${path}.Customers.results[${i}]`);
    const roleText = optString(customer.customerRole ?? customer.loanRole, `${path}.Customers.results[${i}].customerRole`);
    const role: LoanRole = roleText ? (ROLES[roleText] ?? 'other') : i === 0 ? 'primary' : 'co-borrower';
    return { customerId: asId(customer.id, `${path}.Customers.results[${i}].id`), role };
  });
  const settings = optObject(loan.LoanSettings, `${path}.LoanSettings`);
  const displayId = optString(loan.displayId, `${path}.displayId`);
  const loanStatusId = optInteger(settings?.loanStatusId, `${path}.LoanSettings.loanStatusId`);
  return {
    loanId: asId(loan.id, `${path}.id`),
    parties,
    ...(displayId ? { displayId } : {}),
    ...(loanStatusId === undefined ? {} : { loanStatusId }),
  };
}

interface StatusArchiveRow {
  date: string;
  principalBalanceCents: number;
  amountDueCents: number;
  daysPastDue: number;
  nextPaymentDate: string | null;
  statusText: string;
  subStatusText: string;
}

/** Field names from STATUS_ARCHIVE.php / loanTemplate_11.json (reference §2.1). */
export function parseStatusArchiveRow(value: unknown, path: string): StatusArchiveRow {
  const row = asObject(value, path);
  const date = dateFromLoanPro(row.date);
  if (!date) throw new ShapeError(`${path}.date`);
  const cents = (field: string) => {
    if (isBlank(row[field])) return 0;
    const c = toCents(row[field]);
    if (c === undefined) throw new ShapeError(`${path}.${field}`);
    return c;
  };
  const next = isBlank(row.nextPaymentDate) ? undefined : dateFromLoanPro(row.nextPaymentDate);
  if (!isBlank(row.nextPaymentDate) && next === undefined) throw new ShapeError(`${path}.nextPaymentDate`);
  return {
    date,
    principalBalanceCents: cents('principalBalance'),
    amountDueCents: cents('amountDue'),
    daysPastDue: Math.max(0, optInteger(row.daysPastDue, `${path}.daysPastDue`) ?? 0),
    // `/Date(0)/` and other pre-1971 values can only be "no date" for a due date.
    nextPaymentDate: next && next >= '1971-01-01' ? next : null,
    statusText: optString(row.loanStatusText, `${path}.loanStatusText`)?.trim() ?? '',
    subStatusText: optString(row.loanSubStatusText, `${path}.loanSubStatusText`)?.trim() ?? '',
  };
}

function newestRow(rows: readonly StatusArchiveRow[]): StatusArchiveRow | undefined {
  // Whatever order the server used, the newest snapshot wins.
  return rows.reduce<StatusArchiveRow | undefined>((best, row) => (!best || row.date > best.date ? row : best), undefined);
}

export function loanProLoanFacts(entity: LoanProLoanEntity, row: StatusArchiveRow | undefined, statusMap?: StatusMap): LoanFacts {
  const base = { loanId: entity.loanId, ...(entity.displayId ? { displayId: entity.displayId } : {}), currency: 'USD' };
  if (!row) {
    // No snapshot yet (a loan not activated): nothing is owed, and the status is unknown.
    const raw = entity.loanStatusId === undefined ? '' : `loanStatusId ${entity.loanStatusId}`;
    return { ...base, status: mapLoanStatus([raw], statusMap, {}), rawStatus: raw, balanceCents: 0, amountDueCents: 0, daysPastDue: 0, nextDueDate: null };
  }
  const rawStatus = row.subStatusText ? `${row.statusText} / ${row.subStatusText}` : row.statusText;
  return {
    ...base,
    status: mapLoanStatus([rawStatus, row.subStatusText, row.statusText].filter(Boolean), statusMap, LOANPRO_DEFAULT_STATUS_MAP),
    rawStatus,
    balanceCents: row.principalBalanceCents,
    amountDueCents: row.amountDueCents,
    daysPastDue: row.daysPastDue,
    nextDueDate: row.nextPaymentDate,
    asOf: row.date,
  };
}

/** OData v2 collections come as `{d: {results: [...]}}` (or v1's `{d: [...]}`). */
function odataCollection(body: unknown): { rows: unknown[]; total?: number } {
  const d = asObject(body, '$').d;
  if (Array.isArray(d)) return { rows: d };
  const obj = asObject(d, 'd');
  const summary = optObject(obj.summary, 'd.summary');
  const total = optInteger(summary?.total, 'd.summary.total');
  return { rows: asArray(obj.results, 'd.results'), ...(total === undefined ? {} : { total }) };
}

// ---------------------------------------------------------------------------------------------

function entityId(text: string | number): string | undefined {
  const s = String(text).trim();
  return /^\d{1,15}$/.test(s) && Number(s) > 0 ? String(Number(s)) : undefined;
}

/** A listed loan always has the listing customer on it, whatever the expansion carried. */
function includeCustomer(parties: readonly LmsLoanParty[], customerId: string): LmsLoanParty[] {
  if (parties.some((p) => p.customerId === customerId)) return [...parties];
  return [...parties, { customerId, role: parties.length === 0 ? 'primary' : 'other' }];
}

/**
 * developers.loanpro.io/docs/response-codes: 409 is the usual answer for a missing entity, 404
 * is rare and mostly a wrong endpoint — so a 404 only counts as "not found" when it carries
 * LoanPro's `{"error": {…}}` envelope; a bare 404 points at a wrong base URL (upstream).
 */
function notFoundAs(resource: 'customer' | 'loan', ref: string) {
  return (answer: ErrorAnswer): LmsError | undefined => {
    const envelope = isObject(answer.body) && isObject(answer.body.error) ? answer.body.error : undefined;
    if (answer.status === 409 || (answer.status === 404 && envelope)) {
      const code = safeLmsCode(envelope?.type);
      return resource === 'customer' ? customerNotFound('loanpro', ref, answer.status, code) : loanNotFound('loanpro', ref, undefined, answer.status, code);
    }
    return undefined;
  };
}

function parse<T>(fn: () => T): T {
  return readAnswer('loanpro', fn);
}
