import type { SourceCustomer, SourceDataset, SourceLoan } from '../../src/lms/dataset.ts';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';
import { SCENARIO } from './scenario.ts';
import { digits, loanProDate, moneyString, shiftDays, uspsOf } from './wire-values.ts';

/**
 * A LoanPro LMS API fake speaking the shapes of lms-connectors.md §2.1: OData v2 envelopes
 * (`d`, `results`, `__deferred` for unexpanded navigation properties), `/Date(seconds)/`,
 * decimal-string money, 10-digit phones, `geo.state.XX`, full SSNs, the two auth headers,
 * 409-as-not-found, `$top`/offset paging and a filterable status archive.
 */

export const LOANPRO_PREFIX = '/api/public/api/1';

export interface LoanProFakeOptions {
  dataset?: SourceDataset;
  token?: string;
  tenantId?: string;
  /** The offset parameter the fake honours; the other one is ignored (UNVERIFIED upstream). */
  offsetParam?: '$skip' | '$start';
  /** The server's page-size ceiling (OData default 50). */
  maxPageSize?: number;
  /** Missing entity answer: 409 is LoanPro's usual, 404 the rare variant. */
  notFoundStatus?: 409 | 404;
  /** Whether not-found answers carry the `{"error": {…}}` envelope (UNVERIFIED for 409). */
  errorEnvelope?: boolean;
  /** Whether expanded loan customers carry `customerRole` (UNVERIFIED on reads). */
  roleField?: boolean;
  /** Newest status-archive row is this many days before the scenario's asOf. */
  archiveLagDays?: number;
  /** Add `summary: {start, pageSize, total}` to lists. */
  includeSummary?: boolean;
}

export interface LoanProFake extends FakeServer {
  /** What a connector's `baseUrl` should be. */
  readonly baseUrl: string;
  readonly token: string;
  readonly tenantId: string;
}

const PHONE_TYPES = {
  mobile: 'customer.phoneType.cell',
  home: 'customer.phoneType.home',
  work: 'customer.phoneType.office',
  fax: 'customer.phoneType.fax',
  other: 'customer.phoneType.other',
} as const;
const ROLES = { primary: 'loan.customerRole.primary', 'co-borrower': 'loan.customerRole.secondary', other: 'loan.customerRole.additional' } as const;

export async function startLoanProFake(options: LoanProFakeOptions = {}): Promise<LoanProFake> {
  const data = options.dataset ?? SCENARIO;
  const token = options.token ?? 'lp-test-token';
  const tenantId = options.tenantId ?? '5200243';
  const offsetParam = options.offsetParam ?? '$skip';
  const maxPageSize = options.maxPageSize ?? 50;
  const notFoundStatus = options.notFoundStatus ?? 409;
  const envelope = options.errorEnvelope ?? true;
  const roleField = options.roleField ?? true;
  const lag = options.archiveLagDays ?? 0;

  const customers = new Map(data.customers.map((c) => [Number(c.id), c]));
  const loans = new Map(data.loans.map((l) => [Number(l.id), l]));
  for (const key of [...customers.keys(), ...loans.keys()]) if (!Number.isSafeInteger(key)) throw new Error('LoanPro fake: ids must be numeric');

  const notFound = (segment: string): FakeAnswer =>
    envelope
      ? json(notFoundStatus, { error: { message: `Resource not found for the segment '${segment}'.`, type: 'ODataException', code: notFoundStatus } })
      : { status: notFoundStatus, raw: '' };
  const deferred = (uri: string) => ({ __deferred: { uri } });
  const expands = (req: FakeRequest) =>
    new Set(
      (req.query.get('$expand') ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    );

  const renderCustomer = (c: SourceCustomer, expand: Set<string>) => {
    const id = Number(c.id);
    const address = c.address
      ? {
          id: id * 10 + 1,
          address1: c.address.line1,
          address2: c.address.line2 ?? null,
          city: c.address.city,
          state: `geo.state.${uspsOf(c.address.state)}`,
          zipcode: c.address.zip,
          country: 'company.country.usa',
          active: 1,
        }
      : { id: id * 10 + 1, address1: null, address2: null, city: null, state: null, zipcode: null, country: 'company.country.usa', active: 1 };
    const phones = (c.phones ?? []).map((p, i) => {
      const all = digits(p.number);
      return {
        id: id * 10 + i,
        // LoanPro stores ten digits without a country code (reference §2.1).
        phone: all.length > 10 ? all.slice(-10) : all,
        type: PHONE_TYPES[p.type],
        isPrimary: p.primary ? 1 : 0,
        isSecondary: 0,
        carrierVerified: 0,
        isLandLine: p.type === 'home' ? 1 : 0,
        dndEnabled: 0,
        active: 1,
      };
    });
    return {
      __metadata: { uri: `${LOANPRO_PREFIX}/odata.svc/Customers(id=${id})`, type: 'Entity.Customer' },
      id,
      customId: null,
      customerType: 'customer.type.individual',
      status: 'Active',
      firstName: c.firstName ?? null,
      middleName: null,
      lastName: c.lastName ?? null,
      email: c.email ?? null,
      ssn: c.ssn ? digits(c.ssn) : null,
      birthDate: c.birthday ? loanProDate(c.birthday) : null,
      gender: 'customer.gender.unknown',
      active: 1,
      created: loanProDate('2024-03-01'),
      PrimaryAddress: expand.has('PrimaryAddress') ? address : deferred(`Customers(id=${id})/PrimaryAddress`),
      MailAddress: expand.has('MailAddress')
        ? { id: id * 10 + 2, address1: null, address2: null, city: null, state: null, zipcode: null, country: 'company.country.usa', active: 1 }
        : deferred(`Customers(id=${id})/MailAddress`),
      Phones: expand.has('Phones') ? { results: phones } : deferred(`Customers(id=${id})/Phones`),
      Loans: deferred(`Customers(id=${id})/Loans`),
    };
  };

  const statusTexts = (loan: SourceLoan): [string, string] => {
    switch (loan.status) {
      case 'active':
        return ['Open', loan.daysPastDue > 0 ? 'Past Due' : 'Current'];
      case 'paid_off':
        return ['Closed', 'Paid Off'];
      case 'charged_off':
        return ['Closed', 'Charged Off'];
      case 'closed':
        return ['Closed', 'Closed'];
      case 'pending':
        return ['Pending', 'Pending Funding'];
      case 'other':
        return ['Other', ''];
    }
  };

  const renderLoan = (loan: SourceLoan, expand: Set<string>) => {
    const id = Number(loan.id);
    const ordered = [...loan.borrowers].sort((a, b) => (a.role === 'primary' ? -1 : b.role === 'primary' ? 1 : 0));
    return {
      __metadata: { uri: `${LOANPRO_PREFIX}/odata.svc/Loans(id=${id})`, type: 'Entity.Loan' },
      id,
      displayId: loan.displayId ?? `LN-${id}`,
      title: loan.displayId ?? `LN-${id}`,
      active: 1,
      archived: 0,
      LoanSetup: expand.has('LoanSetup')
        ? {
            loanAmount: moneyString(loan.principalBalance),
            payment: '0.00',
            contractDate: loanProDate('2025-01-15'),
            firstPaymentDate: loanProDate('2025-02-15'),
            loanClass: 'loan.class.consumer',
          }
        : deferred(`Loans(id=${id})/LoanSetup`),
      LoanSettings: expand.has('LoanSettings')
        ? { loanStatusId: loan.status === 'active' ? 2 : 3, loanSubStatusId: 9, autopayEnabled: 0 }
        : deferred(`Loans(id=${id})/LoanSettings`),
      Customers: expand.has('Customers')
        ? {
            results: ordered.map((b) => {
              const c = customers.get(Number(b.customerId));
              return {
                id: Number(b.customerId),
                firstName: c?.firstName ?? null,
                lastName: c?.lastName ?? null,
                ...(roleField ? { customerRole: ROLES[b.role] } : {}),
              };
            }),
          }
        : deferred(`Loans(id=${id})/Customers`),
      StatusArchive: deferred(`Loans(id=${id})/StatusArchive`),
    };
  };

  /** Three daily snapshots ending at asOf − lag; older rows differ, so picking the wrong one shows. */
  const archiveRows = (loan: SourceLoan) => {
    const newest = shiftDays(loan.asOf ?? data.asOf, -lag);
    const [status, sub] = statusTexts(loan);
    return [2, 1, 0].map((back) => ({
      loanId: Number(loan.id),
      date: loanProDate(shiftDays(newest, -back)),
      principalBalance: back === 0 ? moneyString(loan.principalBalance) : moneyString(Number(loan.principalBalance) + back * 10),
      payoff: moneyString(Number(loan.principalBalance) * 1.02),
      amountDue: moneyString(loan.amountDue),
      amountPastDue30: '0.00',
      daysPastDue: Math.max(0, loan.daysPastDue - back),
      nextPaymentDate: loan.nextDueDate ? loanProDate(loan.nextDueDate) : null,
      nextPaymentAmount: moneyString(loan.amountDue),
      lastPaymentDate: loanProDate('2026-10-15'),
      lastPaymentAmount: '100.00',
      loanStatusId: loan.status === 'active' ? 2 : 3,
      loanStatusText: status,
      loanSubStatusText: sub,
    }));
  };

  const page = <T>(req: FakeRequest, rows: T[], sortKey?: (row: T) => number): FakeAnswer => {
    const top = Math.min(Number(req.query.get('$top') ?? maxPageSize) || maxPageSize, maxPageSize);
    const offset = Number(req.query.get(offsetParam) ?? 0) || 0;
    const sorted = sortKey ? [...rows].sort((a, b) => sortKey(a) - sortKey(b)) : rows;
    const slice = sorted.slice(offset, offset + top);
    return json(200, { d: { results: slice, ...(options.includeSummary ? { summary: { start: offset, pageSize: top, total: rows.length } } : {}) } });
  };

  const handler = (req: FakeRequest): FakeAnswer => {
    // developers.loanpro.io/docs/authentication: both headers, every call.
    if (req.headers.authorization !== `Bearer ${token}` || req.headers['autopal-instance-id'] !== tenantId) return unauthorized();
    if (req.method !== 'GET') return json(405, { error: { message: 'read-only fake', type: 'MethodNotAllowed', code: 405 } });
    const path = req.path.startsWith(`${LOANPRO_PREFIX}/`) ? req.path.slice(LOANPRO_PREFIX.length + 1) : undefined;
    if (path === undefined) return { status: 404, raw: '<html><body>Not Found</body></html>', headers: { 'Content-Type': 'text/html' } };
    let m: RegExpExecArray | null;

    if ((m = /^odata\.svc\/Customers\((\d+)\)$/.exec(path))) {
      const c = customers.get(Number(m[1]));
      return c ? json(200, { d: renderCustomer(c, expands(req)) }) : notFound('Customers');
    }
    if ((m = /^odata\.svc\/Customers\((\d+)\)\/Loans$/.exec(path))) {
      const id = m[1] as string;
      if (!customers.has(Number(id))) return notFound('Customers');
      const mine = data.loans.filter((l) => l.borrowers.some((b) => b.customerId === id));
      const expand = expands(req);
      return page(
        req,
        mine.map((l) => renderLoan(l, expand)),
        (row) => row.id,
      );
    }
    if ((m = /^odata\.svc\/Loans\((\d+)\)$/.exec(path))) {
      const loan = loans.get(Number(m[1]));
      return loan ? json(200, { d: renderLoan(loan, expands(req)) }) : notFound('Loans');
    }
    if ((m = /^odata\.svc\/Loans\((\d+)\)\/StatusArchive$/.exec(path))) {
      const loan = loans.get(Number(m[1]));
      if (!loan) return notFound('Loans');
      let rows = archiveRows(loan);
      const filter = req.query.get('$filter');
      if (filter) {
        const f = /^date ge datetime'(\d{4}-\d{2}-\d{2})T00:00:00'$/.exec(filter);
        if (!f) return json(400, { error: { message: 'fake: unsupported $filter', type: 'ODataException', code: 400 } });
        const since = loanProDate(f[1] as string);
        const secs = (d: string) => Number(/-?\d+/.exec(d)?.[0]);
        rows = rows.filter((r) => secs(r.date) >= secs(since));
      }
      const order = req.query.get('$orderby');
      if (order === 'date desc') rows.reverse();
      else if (order && order !== 'date asc' && order !== 'date')
        return json(400, { error: { message: 'fake: unsupported $orderby', type: 'ODataException', code: 400 } });
      return page(req, rows);
    }
    if (path === 'odata.svc/Customers' || path === 'odata.svc/Loans') {
      // help.loanpro.io "get loan information redux": unfiltered lists are refused.
      return json(410, { error: { message: 'Access to retrieve all entities has been deprecated.', type: 'ODataException', code: 410 } });
    }
    return { status: 404, raw: '<html><body>Not Found</body></html>', headers: { 'Content-Type': 'text/html' } };
  };

  const server = await startFakeServer(handler, { unauthorized });
  return Object.assign(server, { baseUrl: `${server.origin}${LOANPRO_PREFIX}`, token, tenantId });
}

function unauthorized(): FakeAnswer {
  return json(401, { error: { message: 'Unauthorized', type: 'UnauthorizedException', code: 401 } });
}
