import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isLmsError } from '../../src/lms/errors.ts';
import { loanProLoanFacts, parseLoanProCustomer, parseStatusArchiveRow } from '../../src/lms/loanpro.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import type { LoanProFake } from '../fakes/loanpro-fake.ts';
import { loanProDirect, type Pair } from './pairs.ts';

installNetworkGuard();

describe('LoanPro connector, wire details', () => {
  let pair: Pair & { fake: LoanProFake };
  before(async () => {
    pair = await loanProDirect({ includeSummary: false }, { pageSize: 2 });
  });
  after(async () => {
    await pair.close();
  });
  beforeEach(() => pair.fake.reset());

  test('sends Bearer token and Autopal-Instance-Id, and expands what it reads', async () => {
    await pair.connector.getCustomer('1001');
    const req = pair.fake.requests[0];
    assert.ok(req);
    assert.equal(req.headers.authorization, `Bearer ${pair.fake.token}`);
    assert.equal(req.headers['autopal-instance-id'], pair.fake.tenantId);
    assert.equal(req.path, '/api/public/api/1/odata.svc/Customers(1001)');
    assert.equal(req.query.get('$expand'), 'PrimaryAddress,MailAddress,Phones');
  });

  test('pages through Customers(id)/Loans with $top and $skip', async () => {
    const loans = await pair.connector.listLoans('1006');
    assert.deepEqual(
      loans.map((l) => l.loanId),
      ['5006', '5007', '5008'],
    );
    const pages = pair.fake.requests.filter((r) => r.path.endsWith('/Loans'));
    assert.deepEqual(
      pages.map((r) => [r.query.get('$top'), r.query.get('$skip')]),
      [
        ['2', null],
        ['2', '2'],
      ],
    );
  });

  test('one status-archive request per loan, filtered to the recent window, newest row wins', async () => {
    const loan = await pair.connector.getLoan('5007');
    assert.equal(loan.daysPastDue, 45);
    assert.equal(loan.asOf, '2026-11-20');
    const archive = pair.fake.requests.filter((r) => r.path.endsWith('/StatusArchive'));
    assert.equal(archive.length, 1);
    assert.equal(archive[0]?.query.get('$filter'), "date ge datetime'2026-11-13T00:00:00'");
  });

  test('status text and display id are kept as LoanPro says them', async () => {
    const loan = await pair.connector.getLoan('5005');
    assert.equal(loan.rawStatus, 'Closed / Charged Off');
    assert.equal(loan.status, 'charged_off');
    assert.equal(loan.displayId, 'LN-5005');
  });

  test('a 410 (LoanPro refusing a request) is an upstream error', async () => {
    pair.fake.inject({
      match: /Customers\(1001\)$/,
      fault: { type: 'status', status: 410, raw: '{"error":{"message":"deprecated","type":"ODataException","code":410}}' },
    });
    await assert.rejects(pair.connector.getCustomer('1001'), (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.upstreamStatus === 410);
  });

  test('`d: null` is not found; a missing `d` or a wrong type is malformed, naming the path only', async () => {
    pair.fake.inject({ match: /Customers\(1001\)$/, fault: { type: 'status', status: 200, raw: '{"d": null}' } });
    await assert.rejects(pair.connector.getCustomer('1001'), (err: unknown) => isLmsError(err) && err.kind === 'customer_not_found');
    pair.fake.reset();
    pair.fake.inject({ match: /Customers\(1001\)$/, fault: { type: 'status', status: 200, raw: '{"results": []}' } });
    await assert.rejects(pair.connector.getCustomer('1001'), (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.reason === 'malformed');
    pair.fake.reset();
    pair.fake.inject({
      match: /Customers\(1001\)$/,
      fault: { type: 'status', status: 200, raw: '{"d": {"id": 1001, "Phones": {"results": [{"phone": "2085550143", "isPrimary": "yes"}]}}}' },
    });
    await assert.rejects(pair.connector.getCustomer('1001'), (err: unknown) => {
      assert.ok(isLmsError(err));
      assert.equal(err.kind, 'upstream');
      assert.equal(err.reason, 'malformed');
      assert.match(err.message, /d\.Phones\.results\[0\]\.isPrimary/);
      assert.doesNotMatch(err.message, /2085550143/);
      return true;
    });
  });
});

describe('LoanPro connector, UNVERIFIED knobs', () => {
  test('not-found as 409 without a body is still not found', async () => {
    const pair = await loanProDirect({ errorEnvelope: false });
    try {
      await assert.rejects(
        pair.connector.getCustomer('9999'),
        (err: unknown) => isLmsError(err) && err.kind === 'customer_not_found' && err.upstreamStatus === 409,
      );
      await assert.rejects(pair.connector.getLoan('9998'), (err: unknown) => isLmsError(err) && err.kind === 'loan_not_found');
    } finally {
      await pair.close();
    }
  });

  test('a 404 without the error envelope means a wrong endpoint: upstream', async () => {
    const pair = await loanProDirect({ notFoundStatus: 404, errorEnvelope: false });
    try {
      await assert.rejects(pair.connector.getCustomer('9999'), (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.upstreamStatus === 404);
    } finally {
      await pair.close();
    }
  });

  test('a server that ignores the configured offset parameter is caught, not looped on', async () => {
    const pair = await loanProDirect({ offsetParam: '$start', maxPageSize: 2 }, { pageSize: 2, offsetParam: '$skip' });
    try {
      await assert.rejects(pair.connector.listLoans('1006'), (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.reason === 'paging');
      assert.equal(pair.fake.count(/\/Loans$/), 2);
    } finally {
      await pair.close();
    }
  });

  test("today's snapshot missing: falls back to the newest row and reports its date", async () => {
    const pair = await loanProDirect({ archiveLagDays: 10 });
    try {
      const loan = await pair.connector.getLoan('5001');
      assert.equal(loan.asOf, '2026-11-10');
      assert.equal(loan.balanceCents, 312055);
      assert.equal(pair.fake.count('/StatusArchive'), 2);
    } finally {
      await pair.close();
    }
  });

  test('a lender status map overrides the defaults', async () => {
    const pair = await loanProDirect({}, { statusMap: { 'Open / Past Due': 'other' } });
    try {
      assert.equal((await pair.connector.getLoan('5001')).status, 'other');
      assert.equal((await pair.connector.getLoan('5006')).status, 'active');
    } finally {
      await pair.close();
    }
  });
});

describe('LoanPro parsers', () => {
  test('the mailing address stands in for an empty primary address; deferred links are absent', () => {
    const customer = parseLoanProCustomer({
      d: {
        id: 7,
        firstName: 'Ana',
        ssn: '666-40-7319',
        birthDate: '/Date(631152000)/',
        PrimaryAddress: { address1: null, city: null, state: null, zipcode: null },
        MailAddress: { address1: 'PO Box 12', city: 'Boise', state: 'geo.state.ID', zipcode: '83701-0012', country: 'company.country.usa', active: 1 },
        Phones: { __deferred: { uri: 'Customers(id=7)/Phones' } },
      },
    });
    assert.deepEqual(customer, {
      lmsCustomerId: '7',
      firstName: 'Ana',
      streetAddress1: 'PO Box 12',
      city: 'Boise',
      state: 'ID',
      zipCode: '83701',
      birthday: '1990-01-01',
      ssnLastFour: '7319',
      warnings: [],
    });
  });

  test('inactive and fax phones are skipped; the LMS primary wins', () => {
    const customer = parseLoanProCustomer({
      d: {
        id: 7,
        Phones: {
          results: [
            { phone: '2085550101', type: 'customer.phoneType.cell', isPrimary: 1, active: 0 },
            { phone: '2085550102', type: 'customer.phoneType.fax', isPrimary: 0, active: 1 },
            { phone: '2085550103', type: 'customer.phoneType.home', isPrimary: 0, active: 1 },
            { phone: '2085550104', type: 'customer.phoneType.cellSmartPhone', isPrimary: 0, active: 1 },
          ],
        },
      },
    });
    assert.equal(customer.phoneNumber, '+12085550104');
  });

  test('status-archive rows: `/Date(0)/` next payment means none; money strings become cents', () => {
    const row = parseStatusArchiveRow(
      {
        date: '/Date(1763596800)/',
        principalBalance: '3120.55',
        amountDue: '460.00',
        daysPastDue: '19',
        nextPaymentDate: '/Date(0)/',
        loanStatusText: 'Open',
        loanSubStatusText: 'Past Due',
      },
      'row',
    );
    assert.deepEqual(row, {
      date: '2025-11-20',
      principalBalanceCents: 312055,
      amountDueCents: 46000,
      daysPastDue: 19,
      nextPaymentDate: null,
      statusText: 'Open',
      subStatusText: 'Past Due',
    });
  });

  test('a loan without any snapshot owes nothing and says so', () => {
    assert.deepEqual(loanProLoanFacts({ loanId: '9', parties: [], loanStatusId: 1 }, undefined), {
      loanId: '9',
      currency: 'USD',
      status: 'other',
      rawStatus: 'loanStatusId 1',
      balanceCents: 0,
      amountDueCents: 0,
      daysPastDue: 0,
      nextDueDate: null,
    });
  });
});
