import type { SourceCustomer, SourceDataset, SourceLoan } from '../../src/lms/dataset.ts';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';
import { SCENARIO } from './scenario.ts';
import { dateParts, moneyMinus, moneyNumber, shiftDays, shiftMonths } from './wire-values.ts';

/**
 * An Apache Fineract fake speaking the shapes of lms-connectors.md §2.2 (apiLive.htm and the
 * Swagger model classes): Basic auth + `Fineract-Platform-TenantId`, lower-case
 * `firstname`/`lastname`, `[y, m, d]` dates, float money, identifiers for the SSN, the
 * singular `client/{id}/addresses`, the accounts overview, `pageItems` lists, and the
 * `{developerMessage, httpStatusCode, …, errors[]}` error envelope.
 *
 * Fineract has one client per individual loan: a scenario loan is served under its primary
 * borrower only, and co-borrowers do not exist here.
 */

export const FINERACT_PREFIX = '/fineract-provider/api/v1';

export interface FineractFakeOptions {
  dataset?: SourceDataset;
  username?: string;
  password?: string;
  tenantId?: string;
  /** `documentType.name` the SSN identifier is filed under. */
  ssnDocumentType?: string;
  /** Serve the `delinquent` block (newer releases); false = the older summary-only shape. */
  delinquentBlock?: boolean;
  /** Serve `clients/external-id/{x}` (FINERACT-1760); false = an older server without it. */
  externalIdPath?: boolean;
  /** Address module enabled; false = `client/{id}/addresses` answers 404. */
  addressModule?: boolean;
  /** A client's externalId; default `EXT-<id>`. */
  externalIdOf?: (customerId: string) => string;
}

export interface FineractFake extends FakeServer {
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly tenantId: string;
}

const STATUS: Record<SourceLoan['status'], { id: number; code: string; value: string }> = {
  pending: { id: 100, code: 'loanStatusType.submitted.and.pending.approval', value: 'Submitted and pending approval' },
  active: { id: 300, code: 'loanStatusType.active', value: 'Active' },
  paid_off: { id: 600, code: 'loanStatusType.closed.obligations.met', value: 'Closed (obligations met)' },
  charged_off: { id: 601, code: 'loanStatusType.closed.written.off', value: 'Closed (written off)' },
  closed: { id: 400, code: 'loanStatusType.withdrawn.by.client', value: 'Withdrawn by applicant' },
  other: { id: 0, code: 'loanStatusType.invalid', value: 'Invalid' },
};

export async function startFineractFake(options: FineractFakeOptions = {}): Promise<FineractFake> {
  const data = options.dataset ?? SCENARIO;
  const username = options.username ?? 'mifos';
  const password = options.password ?? 'password';
  const tenantId = options.tenantId ?? 'default';
  const ssnType = options.ssnDocumentType ?? 'SSN';
  const delinquentBlock = options.delinquentBlock ?? true;
  const externalIdPath = options.externalIdPath ?? true;
  const addressModule = options.addressModule ?? true;
  const externalIdOf = options.externalIdOf ?? ((id: string) => `EXT-${id}`);
  const expectedAuth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

  const customers = new Map(data.customers.map((c) => [c.id, c]));
  const loans = new Map(data.loans.map((l) => [l.id, l]));
  const primaryOf = (loan: SourceLoan) => loan.borrowers.find((b) => b.role === 'primary')?.customerId as string;

  const error = (status: number, code: string, message: string): FakeAnswer =>
    json(status, {
      developerMessage: 'The requested resource is not available.',
      httpStatusCode: String(status),
      defaultUserMessage: message,
      userMessageGlobalisationCode: code,
      errors: [{ developerMessage: message, defaultUserMessage: message, userMessageGlobalisationCode: code, parameterName: 'id', value: null, args: [] }],
    });
  const clientNotFound = (id: string) => error(404, 'error.msg.client.id.invalid', `Client with identifier ${id} does not exist`);
  const bareNotFound = (): FakeAnswer => ({ status: 404, raw: '' });

  const renderClient = (c: SourceCustomer) => {
    // One free-text phone: the primary one, typed as the lender typed it.
    const phone = (c.phones ?? []).find((p) => p.primary) ?? (c.phones ?? []).find((p) => p.type !== 'fax');
    return {
      id: Number(c.id),
      accountNo: c.id.padStart(9, '0'),
      externalId: externalIdOf(c.id),
      status: { id: 300, code: 'clientStatusType.active', value: 'Active' },
      active: true,
      activationDate: [2024, 3, 1],
      firstname: c.firstName,
      middlename: null,
      lastname: c.lastName,
      displayName: [c.firstName, c.lastName].filter(Boolean).join(' '),
      ...(phone ? { mobileNo: phone.number } : {}),
      ...(c.email ? { emailAddress: c.email } : {}),
      ...(c.birthday ? { dateOfBirth: dateParts(c.birthday) } : {}),
      officeId: 1,
      officeName: 'Head Office',
    };
  };

  const renderLoan = (loan: SourceLoan) => {
    const asOf = loan.asOf ?? data.asOf;
    const client = customers.get(primaryOf(loan));
    const pending = loan.status === 'pending';
    const pastDue = loan.pastDue ?? '0';
    const overdueSince = loan.daysPastDue > 0 ? shiftDays(asOf, -loan.daysPastDue) : undefined;
    const firstDue = overdueSince ?? (loan.nextDueDate ? shiftMonths(loan.nextDueDate, -1) : shiftDays(asOf, -30));
    // Period 0 is the disbursement row (no `period` number), then one paid period, the overdue
    // one, the upcoming one and one more — so "next due" must skip paid and overdue periods.
    const periods: unknown[] = [
      { dueDate: dateParts(shiftMonths(firstDue, -2)), principalDisbursed: moneyNumber(loan.principalBalance), complete: true },
      {
        period: 1,
        fromDate: dateParts(shiftMonths(firstDue, -2)),
        dueDate: dateParts(shiftMonths(firstDue, -1)),
        totalDueForPeriod: 100,
        totalOutstandingForPeriod: 0,
        complete: true,
      },
    ];
    let n = 2;
    if (overdueSince)
      periods.push({
        period: n++,
        dueDate: dateParts(overdueSince),
        totalDueForPeriod: moneyNumber(pastDue),
        totalOutstandingForPeriod: moneyNumber(pastDue),
        complete: false,
      });
    if (loan.nextDueDate || pending) {
      const next = loan.nextDueDate ?? shiftMonths(asOf, 1);
      const installment = moneyNumber(moneyMinus(loan.amountDue, pastDue));
      periods.push({ period: n++, dueDate: dateParts(next), totalDueForPeriod: installment, totalOutstandingForPeriod: installment, complete: false });
      periods.push({ period: n++, dueDate: dateParts(shiftMonths(next, 1)), totalDueForPeriod: 99.99, totalOutstandingForPeriod: 99.99, complete: false });
    }
    return {
      id: Number(loan.id),
      accountNo: loan.id.padStart(9, '0'),
      externalId: loan.displayId ?? null,
      clientId: Number(client ? client.id : primaryOf(loan)),
      clientName: client ? [client.firstName, client.lastName].filter(Boolean).join(' ') : null,
      status: { ...STATUS[loan.status], active: loan.status === 'active', closed: ['paid_off', 'charged_off', 'closed'].includes(loan.status) },
      currency: { code: 'USD', name: 'US Dollar', decimalPlaces: 2 },
      principal: moneyNumber(loan.principalBalance) + 500,
      // Pending loans have no summary yet; the projected schedule is there all the same.
      ...(pending
        ? {}
        : {
            summary: {
              principalOutstanding: moneyNumber(loan.principalBalance),
              totalOutstanding: moneyNumber(loan.principalBalance) + 12.34,
              totalOverdue: moneyNumber(pastDue),
              ...(overdueSince ? { overdueSinceDate: dateParts(overdueSince) } : {}),
            },
          }),
      inArrears: loan.daysPastDue > 0,
      ...(delinquentBlock && !pending
        ? {
            delinquent: {
              pastDueDays: loan.daysPastDue,
              delinquentDays: loan.daysPastDue,
              delinquentAmount: moneyNumber(pastDue),
              ...(loan.nextDueDate ? { nextPaymentDueDate: dateParts(loan.nextDueDate) } : {}),
              lastPaymentDate: dateParts(shiftMonths(firstDue, -1)),
              lastPaymentAmount: 100,
            },
          }
        : {}),
      repaymentSchedule: { currency: { code: 'USD' }, periods },
    };
  };

  const handler = (req: FakeRequest): FakeAnswer => {
    // TenantAwareBasicAuthenticationFilter: tenant header and Basic credentials on every call.
    if (req.headers['fineract-platform-tenantid'] !== tenantId || req.headers.authorization !== expectedAuth) return unauthorized();
    if (req.method !== 'GET') return error(405, 'error.msg.method.not.allowed', 'read-only fake');
    if (!req.path.startsWith(`${FINERACT_PREFIX}/`)) return bareNotFound();
    const path = req.path.slice(FINERACT_PREFIX.length + 1);
    let m: RegExpExecArray | null;

    if (path === 'clients') {
      // apiLive.htm "List Clients": offset/limit, `limit` ≤ 0 means all.
      const ext = req.query.get('externalId');
      const offset = Number(req.query.get('offset') ?? 0) || 0;
      const limitRaw = Number(req.query.get('limit') ?? 200);
      const all = data.customers.filter((c) => ext === null || externalIdOf(c.id) === ext);
      const items = limitRaw > 0 ? all.slice(offset, offset + limitRaw) : all.slice(offset);
      return json(200, { totalFilteredRecords: all.length, pageItems: items.map(renderClient) });
    }
    if ((m = /^clients\/external-id\/(.+)$/.exec(path))) {
      if (!externalIdPath) return bareNotFound();
      const c = data.customers.find((x) => externalIdOf(x.id) === m?.[1]);
      return c ? json(200, renderClient(c)) : error(404, 'error.msg.client.external.id.invalid', `Client with external id ${m[1]} does not exist`);
    }
    if ((m = /^clients\/(\d+)$/.exec(path))) {
      const c = customers.get(m[1] as string);
      return c ? json(200, renderClient(c)) : clientNotFound(m[1] as string);
    }
    if ((m = /^clients\/(\d+)\/identifiers$/.exec(path))) {
      const c = customers.get(m[1] as string);
      if (!c) return clientNotFound(m[1] as string);
      const ids: unknown[] = [
        { id: Number(c.id) * 10 + 1, clientId: Number(c.id), documentType: { id: 2, name: 'Drivers License' }, documentKey: `D${c.id}4471`, status: 'Active' },
      ];
      if (c.ssn) ids.push({ id: Number(c.id) * 10 + 2, clientId: Number(c.id), documentType: { id: 1, name: ssnType }, documentKey: c.ssn, status: 'Active' });
      return json(200, ids);
    }
    if ((m = /^client\/(\d+)\/addresses$/.exec(path))) {
      if (!addressModule) return error(404, 'error.msg.resource.not.found', 'Resource not found');
      const c = customers.get(m[1] as string);
      if (!c) return clientNotFound(m[1] as string);
      if (!c.address) return json(200, []);
      return json(200, [
        {
          client_id: Number(c.id),
          addressType: 'Home',
          addressId: Number(c.id) * 10,
          addressTypeId: 1,
          isActive: true,
          street: c.address.line1,
          addressLine1: c.address.line1,
          addressLine2: c.address.line2 ?? null,
          addressLine3: null,
          townVillage: null,
          city: c.address.city,
          countyDistrict: null,
          stateName: c.address.state,
          countryName: 'United States',
          postalCode: c.address.zip,
        },
      ]);
    }
    if ((m = /^clients\/(\d+)\/accounts$/.exec(path))) {
      const id = m[1] as string;
      if (!customers.has(id)) return clientNotFound(id);
      const mine = data.loans.filter((l) => primaryOf(l) === id);
      return json(200, {
        loanAccounts: mine.map((l) => ({
          id: Number(l.id),
          accountNo: l.id.padStart(9, '0'),
          externalId: l.displayId ?? null,
          productName: 'Personal 12m',
          status: { ...STATUS[l.status], active: l.status === 'active' },
          loanType: { code: 'loanType.individual' },
          loanCycle: 1,
        })),
        savingsAccounts: [],
      });
    }
    if ((m = /^loans\/(\d+)$/.exec(path))) {
      const loan = loans.get(m[1] as string);
      if (req.query.get('associations') === 'all') return error(400, 'fake.associations.all', 'fake: associations=all is too heavy for sync');
      return loan ? json(200, renderLoan(loan)) : error(404, 'error.msg.loan.id.invalid', `Loan with identifier ${m[1]} does not exist`);
    }
    return bareNotFound();
  };

  const server = await startFakeServer(handler, { unauthorized });
  return Object.assign(server, { baseUrl: `${server.origin}${FINERACT_PREFIX}`, username, password, tenantId });
}

function unauthorized(): FakeAnswer {
  return json(401, {
    developerMessage: 'Invalid authentication details were passed in api request.',
    httpStatusCode: '401',
    defaultUserMessage: 'Unauthenticated. Please login.',
    userMessageGlobalisationCode: 'error.msg.not.authenticated',
    errors: [],
  });
}
