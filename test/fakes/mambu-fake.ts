import type { SourceCustomer, SourceDataset, SourceLoan } from '../../src/lms/dataset.ts';
import { json, startFakeServer, type FakeAnswer, type FakeRequest, type FakeServer } from './http-fake.ts';
import { SCENARIO } from './scenario.ts';
import { moneyMinus, moneyNumber, shiftDays, shiftMonths } from './wire-values.ts';

/**
 * A Mambu API v2 fake speaking the shapes of lms-connectors.md §2.3: the
 * `application/vnd.mambu.v2+json` Accept header, `apikey` or Basic auth, ISO dates, float
 * money, three phone slots, free-text `region`, `idDocuments` for the SSN, `POST /loans:search`
 * with offset paging and `Items-*` headers, `daysInArrears` + `balances`, the schedule, and the
 * `{"errors": [{errorCode, errorSource, errorReason}]}` envelope.
 *
 * Numeric error codes other than 2 (INVALID_CREDENTIALS) are UNVERIFIED and invented here; the
 * connector must not depend on them. Mambu loans have one holder: a scenario loan is served
 * under its primary borrower only.
 */

export const MAMBU_PREFIX = '/api';

export interface MambuFakeOptions {
  dataset?: SourceDataset;
  apiKey?: string;
  /** `idDocuments[].documentType` for the SSN. */
  ssnDocumentType?: string;
  /** The server's page-size ceiling for searches. */
  maxPageSize?: number;
}

export interface MambuFake extends FakeServer {
  readonly baseUrl: string;
  readonly apiKey: string;
}

const keyOf = (customerId: string) => `8a19c0ffee${customerId}`;

export async function startMambuFake(options: MambuFakeOptions = {}): Promise<MambuFake> {
  const data = options.dataset ?? SCENARIO;
  const apiKey = options.apiKey ?? 'mambu-test-key';
  const ssnType = options.ssnDocumentType ?? 'SSN';
  const maxPageSize = options.maxPageSize ?? 1000;

  const primaryOf = (loan: SourceLoan) => loan.borrowers.find((b) => b.role === 'primary')?.customerId as string;
  const byRef = (ref: string) => data.customers.find((c) => c.id === ref || keyOf(c.id) === ref);
  const errors = (status: number, errorCode: number, errorReason: string): FakeAnswer =>
    json(status, { errors: [{ errorCode, errorSource: 'fake', errorReason }] });

  const renderClient = (c: SourceCustomer) => {
    const phones = c.phones ?? [];
    const ordered = [...phones].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)));
    const mobiles = ordered.filter((p) => p.type === 'mobile').map((p) => p.number);
    const others = ordered.filter((p) => p.type !== 'mobile' && p.type !== 'fax').map((p) => p.number);
    return {
      encodedKey: keyOf(c.id),
      id: c.id,
      state: 'ACTIVE',
      firstName: c.firstName ?? null,
      middleName: null,
      lastName: c.lastName ?? null,
      ...(c.email ? { emailAddress: c.email } : {}),
      ...(mobiles[0] ? { mobilePhone: mobiles[0] } : {}),
      ...(mobiles[1] ? { mobilePhone2: mobiles[1] } : {}),
      ...(others[0] ? { homePhone: others[0] } : {}),
      ...(c.birthday ? { birthDate: c.birthday } : {}),
      addresses: c.address
        ? [
            {
              encodedKey: `${keyOf(c.id)}a`,
              line1: c.address.line1,
              line2: c.address.line2 ?? null,
              city: c.address.city,
              region: c.address.state,
              postcode: c.address.zip,
              country: 'US',
              indexInList: 0,
            },
          ]
        : [],
      idDocuments: [
        { documentType: 'Passport', documentId: `P${c.id}`, issuingAuthority: 'fake' },
        ...(c.ssn ? [{ documentType: ssnType, documentId: c.ssn, issuingAuthority: 'SSA' }] : []),
      ],
    };
  };

  const stateOf = (loan: SourceLoan): [string, string | null] => {
    switch (loan.status) {
      case 'active':
        return [loan.daysPastDue > 0 ? 'ACTIVE_IN_ARREARS' : 'ACTIVE', null];
      case 'paid_off':
        return ['CLOSED', 'REPAID'];
      case 'charged_off':
        return ['CLOSED_WRITTEN_OFF', null];
      case 'closed':
        return ['CLOSED', 'WITHDRAWN'];
      case 'pending':
        return ['PENDING_APPROVAL', null];
      case 'other':
        return ['LOCKED', null];
    }
  };

  const renderLoan = (loan: SourceLoan) => {
    const [accountState, accountSubState] = stateOf(loan);
    return {
      encodedKey: `8a19beef${loan.id}`,
      id: loan.id,
      accountHolderKey: keyOf(primaryOf(loan)),
      accountHolderType: 'CLIENT',
      accountState,
      accountSubState,
      loanName: 'Personal 12m',
      loanAmount: moneyNumber(loan.principalBalance) + 500,
      currency: { code: 'USD' },
      daysInArrears: loan.daysPastDue,
      daysLate: loan.daysPastDue,
      balances: {
        principalBalance: moneyNumber(loan.principalBalance),
        // The whole past-due amount as principal due; interest/fees/penalty due at zero.
        principalDue: moneyNumber(loan.pastDue),
        interestDue: 0,
        feesDue: 0,
        penaltyDue: 0,
        interestBalance: 12.5,
        feesBalance: 0,
      },
    };
  };

  const amount = (expected: number, paid: number) => ({ amount: { expected, paid, due: Math.max(0, expected - paid) } });
  const installment = (number: number, dueDate: string, expected: number, paid: number) => ({
    encodedKey: `inst${number}`,
    number: String(number),
    dueDate,
    state: paid >= expected ? 'PAID' : 'PENDING',
    principal: amount(expected, paid),
    interest: amount(0, 0),
    fee: amount(0, 0),
    penalty: amount(0, 0),
  });

  const renderSchedule = (loan: SourceLoan) => {
    const asOf = loan.asOf ?? data.asOf;
    const pastDue = moneyNumber(loan.pastDue);
    const overdueSince = loan.daysPastDue > 0 ? shiftDays(asOf, -loan.daysPastDue) : undefined;
    const anchor = overdueSince ?? (loan.nextDueDate ? shiftMonths(loan.nextDueDate, -1) : shiftDays(asOf, -30));
    const list = [installment(1, shiftMonths(anchor, -1), 100, 100)];
    if (overdueSince) list.push(installment(2, overdueSince, pastDue, 0));
    if (loan.nextDueDate || loan.status === 'pending') {
      const next = loan.nextDueDate ?? shiftMonths(asOf, 1);
      list.push(installment(3, next, moneyNumber(moneyMinus(loan.amountDue, loan.pastDue ?? '0')), 0));
      list.push(installment(4, shiftMonths(next, 1), 99.99, 0));
    }
    return { currency: { code: 'USD' }, installments: list };
  };

  const handler = (req: FakeRequest): FakeAnswer => {
    if (req.headers.apikey !== apiKey) return unauthorized();
    // The reference's fake contract: Mambu answers only to its vendor media type.
    if (req.headers.accept !== 'application/vnd.mambu.v2+json') return errors(400, 4, 'INVALID_PARAMETERS');
    if (!req.path.startsWith(`${MAMBU_PREFIX}/`)) return { status: 404, raw: '' };
    const path = req.path.slice(MAMBU_PREFIX.length + 1);
    let m: RegExpExecArray | null;

    if (req.method === 'POST' && path === 'loans:search') return search(req);
    if (req.method !== 'GET') return errors(405, 0, 'METHOD_NOT_ALLOWED');
    if ((m = /^clients\/([^/]+)$/.exec(path))) {
      const c = byRef(m[1] as string);
      return c ? json(200, renderClient(c)) : errors(404, 301, 'INVALID_CLIENT_ID');
    }
    if ((m = /^loans\/([^/]+)$/.exec(path))) {
      const loan = data.loans.find((l) => l.id === m?.[1]);
      return loan ? json(200, renderLoan(loan)) : errors(404, 101, 'INVALID_LOAN_ACCOUNT_ID');
    }
    if ((m = /^loans\/([^/]+)\/schedule$/.exec(path))) {
      const loan = data.loans.find((l) => l.id === m?.[1]);
      return loan ? json(200, renderSchedule(loan)) : errors(404, 101, 'INVALID_LOAN_ACCOUNT_ID');
    }
    return { status: 404, raw: '' };
  };

  /** docs.mambu.com/api/api-v2/loans/search: filter criteria in the body, offset/limit in the query. */
  function search(req: FakeRequest): FakeAnswer {
    let body: { filterCriteria?: Array<{ field?: string; operator?: string; value?: string }> };
    try {
      body = JSON.parse(req.body) as typeof body;
    } catch {
      return errors(400, 4, 'INVALID_PARAMETERS');
    }
    const criterion = body.filterCriteria?.[0];
    if (!criterion || criterion.field !== 'accountHolderKey' || criterion.operator !== 'EQUALS') return errors(400, 4, 'INVALID_PARAMETERS');
    const offset = Number(req.query.get('offset') ?? 0) || 0;
    const limit = Math.min(Number(req.query.get('limit') ?? 50) || 50, maxPageSize);
    const all = data.loans.filter((l) => keyOf(primaryOf(l)) === criterion.value).sort((a, b) => Number(a.id) - Number(b.id));
    return json(200, all.slice(offset, offset + limit).map(renderLoan), {
      'Items-Offset': String(offset),
      'Items-Limit': String(limit),
      'Items-Total': String(all.length),
    });
  }

  const server = await startFakeServer(handler, { unauthorized });
  return Object.assign(server, { baseUrl: `${server.origin}${MAMBU_PREFIX}`, apiKey });
}

function unauthorized(): FakeAnswer {
  return json(401, { errors: [{ errorCode: 2, errorSource: 'credentials', errorReason: 'INVALID_CREDENTIALS' }] });
}
