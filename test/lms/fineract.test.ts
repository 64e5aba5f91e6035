import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isLmsError } from '../../src/lms/errors.ts';
import { parseFineractLoan } from '../../src/lms/fineract.ts';
import type { FineractFake } from '../fakes/fineract-fake.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { fineractDirect, type Pair } from './pairs.ts';

installNetworkGuard();

describe('Fineract connector, wire details', () => {
  let pair: Pair & { fake: FineractFake };
  before(async () => {
    pair = await fineractDirect();
  });
  after(async () => {
    await pair.close();
  });
  beforeEach(() => pair.fake.reset());

  test('Basic auth and the tenant header on every call; three reads per customer', async () => {
    await pair.connector.getCustomer('1001');
    const expected = `Basic ${Buffer.from(`${pair.fake.username}:${pair.fake.password}`).toString('base64')}`;
    assert.deepEqual(pair.fake.requests.map((r) => r.path).sort(), [
      '/fineract-provider/api/v1/client/1001/addresses',
      '/fineract-provider/api/v1/clients/1001',
      '/fineract-provider/api/v1/clients/1001/identifiers',
    ]);
    for (const r of pair.fake.requests) {
      assert.equal(r.headers.authorization, expected);
      assert.equal(r.headers['fineract-platform-tenantid'], pair.fake.tenantId);
    }
  });

  test('loans come from the accounts overview, each read with only the schedule associated', async () => {
    await pair.connector.listLoans('1006');
    const loanReads = pair.fake.requests.filter((r) => /\/loans\/\d+$/.test(r.path));
    // Distinct loans: a read that outlives the tests' short timeout is retried, which is not what this is about.
    assert.equal(new Set(loanReads.map((r) => r.path)).size, 3);
    for (const r of loanReads) assert.equal(r.query.get('associations'), 'repaymentSchedule');
    assert.equal(pair.fake.count('/clients/1006/accounts'), 1);
  });

  test('Fineract status text and account number are kept', async () => {
    const loan = await pair.connector.getLoan('5002');
    assert.equal(loan.rawStatus, 'Closed (obligations met)');
    assert.equal(loan.status, 'paid_off');
    assert.equal(loan.displayId, '000005002');
  });

  test('not-found carries the static Fineract code, not its message', async () => {
    await assert.rejects(pair.connector.getLoan('9998'), (err: unknown) => {
      assert.ok(isLmsError(err));
      assert.equal(err.kind, 'loan_not_found');
      assert.equal(err.lmsCode, 'error.msg.loan.id.invalid');
      assert.doesNotMatch(err.message, /identifier/);
      return true;
    });
  });
});

describe('Fineract connector, tenant options', () => {
  test('customers by externalId (clients/external-id/{x}); loans report the same reference', async () => {
    const pair = await fineractDirect({}, { customerIdType: 'externalId' });
    try {
      const customer = await pair.connector.getCustomer('EXT-1001');
      assert.equal(customer.lmsCustomerId, 'EXT-1001');
      assert.equal(customer.ssnLastFour, '7319');
      const loans = await pair.connector.listLoans('EXT-1001');
      assert.deepEqual(
        loans.map((l) => [l.loanId, l.customerId]),
        [
          ['5001', 'EXT-1001'],
          ['5002', 'EXT-1001'],
        ],
      );
      const found = await pair.connector.findCustomerByLoan('5004');
      assert.equal(found.customer.lmsCustomerId, 'EXT-1002');
      assert.equal(found.loan.customerId, 'EXT-1002');
      await assert.rejects(pair.connector.getCustomer('EXT-9999'), (err: unknown) => isLmsError(err) && err.kind === 'customer_not_found');
      await assert.rejects(pair.connector.getCustomer('1001'), (err: unknown) => isLmsError(err) && err.kind === 'customer_not_found');
    } finally {
      await pair.close();
    }
  });

  test('older servers: externalId through the clients list (pageItems)', async () => {
    const pair = await fineractDirect({ externalIdPath: false }, { customerIdType: 'externalId', externalIdLookup: 'query' });
    try {
      assert.equal((await pair.connector.getCustomer('EXT-1003')).lastName, 'Ortiz');
      assert.equal(pair.fake.requests[0]?.query.get('externalId'), 'EXT-1003');
      await assert.rejects(pair.connector.getCustomer('EXT-9999'), (err: unknown) => isLmsError(err) && err.kind === 'customer_not_found');
    } finally {
      await pair.close();
    }
  });

  test('the SSN is read only from the configured document type', async () => {
    const pair = await fineractDirect({ ssnDocumentType: 'Social Security Number' }, { ssnDocumentType: 'social security number' });
    const wrong = await fineractDirect({ ssnDocumentType: 'Social Security Number' });
    try {
      assert.equal((await pair.connector.getCustomer('1001')).ssnLastFour, '7319');
      assert.equal((await wrong.connector.getCustomer('1001')).ssnLastFour, undefined);
    } finally {
      await pair.close();
      await wrong.close();
    }
  });

  test('address module disabled: the customer still syncs, with a warning', async () => {
    const pair = await fineractDirect({ addressModule: false });
    const off = await fineractDirect({ addressModule: false }, { addresses: false });
    try {
      const customer = await pair.connector.getCustomer('1001');
      assert.equal(customer.streetAddress1, undefined);
      assert.deepEqual(customer.warnings, [{ code: 'address_unavailable', field: 'streetAddress1' }]);
      const quiet = await off.connector.getCustomer('1001');
      assert.deepEqual(quiet.warnings, []);
      assert.equal(off.fake.count('/addresses'), 0);
    } finally {
      await pair.close();
      await off.close();
    }
  });
});

describe('Fineract loan parser', () => {
  const base = {
    id: 1,
    accountNo: '000000001',
    clientId: 27,
    status: { code: 'loanStatusType.active', value: 'Active' },
    currency: { code: 'USD' },
  };

  test('no delinquent block: DPD from overdueSinceDate in tenant days, next due and amount from the schedule', () => {
    const { facts, clientId } = parseFineractLoan(
      {
        ...base,
        summary: { principalOutstanding: 3120.55, totalOverdue: 230.0, overdueSinceDate: [2025, 12, 13] },
        repaymentSchedule: {
          periods: [
            { dueDate: [2025, 10, 13], principalDisbursed: 5000 },
            { period: 1, dueDate: [2025, 11, 13], totalOutstandingForPeriod: 0, complete: true },
            { period: 2, dueDate: [2025, 12, 13], totalOutstandingForPeriod: 230.0, complete: false },
            { period: 3, dueDate: [2026, 1, 13], totalOutstandingForPeriod: 230.0, complete: false },
            { period: 4, dueDate: [2026, 2, 13], totalOutstandingForPeriod: 230.0, complete: false },
          ],
        },
      },
      '2026-01-01',
    );
    assert.equal(clientId, '27');
    assert.deepEqual(facts, {
      loanId: '1',
      displayId: '000000001',
      status: 'active',
      rawStatus: 'Active',
      currency: 'USD',
      balanceCents: 312055,
      amountDueCents: 46000,
      daysPastDue: 19,
      nextDueDate: '2026-01-13',
      asOf: '2026-01-01',
    });
  });

  test('an installment due today is upcoming, not overdue', () => {
    const { facts } = parseFineractLoan(
      {
        ...base,
        summary: { principalOutstanding: 100, totalOverdue: 0 },
        repaymentSchedule: { periods: [{ period: 1, dueDate: [2026, 1, 1], totalOutstandingForPeriod: 50, complete: false }] },
      },
      '2026-01-01',
    );
    assert.equal(facts.nextDueDate, '2026-01-01');
    assert.equal(facts.amountDueCents, 5000);
    assert.equal(facts.daysPastDue, 0);
  });

  test('a group loan has no client', () => {
    const { clientId } = parseFineractLoan({ ...base, clientId: undefined, group: { id: 3 } }, '2026-01-01');
    assert.equal(clientId, undefined);
  });
});
