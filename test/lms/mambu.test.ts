import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { isLmsError } from '../../src/lms/errors.ts';
import { parseMambuLoan } from '../../src/lms/mambu.ts';
import type { MambuFake } from '../fakes/mambu-fake.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { mambuDirect, type Pair } from './pairs.ts';

installNetworkGuard();

describe('Mambu connector, wire details', () => {
  let pair: Pair & { fake: MambuFake };
  before(async () => {
    pair = await mambuDirect({}, { pageSize: 2 });
  });
  after(async () => {
    await pair.close();
  });
  beforeEach(() => pair.fake.reset());

  test('sends the vendor media type and the apikey header', async () => {
    await pair.connector.getCustomer('1001');
    const req = pair.fake.requests[0];
    assert.equal(req?.headers.accept, 'application/vnd.mambu.v2+json');
    assert.equal(req?.headers.apikey, pair.fake.apiKey);
    assert.equal(req?.query.get('detailsLevel'), 'FULL');
  });

  test("lists a client's loans with POST loans:search on accountHolderKey, paged by offset", async () => {
    const loans = await pair.connector.listLoans('1006');
    assert.deepEqual(
      loans.map((l) => l.loanId),
      ['5006', '5007', '5008'],
    );
    const searches = pair.fake.requests.filter((r) => r.path.endsWith('loans:search'));
    assert.equal(searches.length, 2);
    assert.deepEqual(
      searches.map((r) => [r.method, r.query.get('offset'), r.query.get('limit')]),
      [
        ['POST', '0', '2'],
        ['POST', '2', '2'],
      ],
    );
    assert.deepEqual(JSON.parse(searches[0]?.body ?? '{}').filterCriteria, [{ field: 'accountHolderKey', operator: 'EQUALS', value: '8a19c0ffee1006' }]);
  });

  test('the search POST is never retried, even on a 503', async () => {
    pair.fake.inject({ match: 'loans:search', fault: { type: 'status', status: 503 } });
    await assert.rejects(pair.connector.listLoans('1006'), (err: unknown) => isLmsError(err) && err.kind === 'upstream' && err.upstreamStatus === 503);
    assert.equal(pair.fake.count('loans:search'), 1);
  });

  test('a client is also found by its encodedKey; states are kept as raw status', async () => {
    assert.equal((await pair.connector.getCustomer('8a19c0ffee1004')).lastName, 'Greene');
    const loan = await pair.connector.getLoan('5002');
    assert.equal(loan.rawStatus, 'CLOSED / REPAID');
    assert.equal(loan.status, 'paid_off');
    assert.equal((await pair.connector.getLoan('5005')).status, 'charged_off');
  });

  test('not found is a 404 with the errors envelope; its reason code is kept', async () => {
    await assert.rejects(
      pair.connector.getLoan('9998'),
      (err: unknown) => isLmsError(err) && err.kind === 'loan_not_found' && err.lmsCode === 'INVALID_LOAN_ACCOUNT_ID',
    );
  });
});

describe('Mambu loan parser', () => {
  const loan = {
    id: 'LN-5531',
    accountHolderType: 'CLIENT',
    accountState: 'ACTIVE_IN_ARREARS',
    currency: { code: 'USD' },
    daysInArrears: 19,
    balances: { principalBalance: 3120.55, principalDue: 400.0, interestDue: 52.0, feesDue: 8.0, penaltyDue: 0.0 },
  };
  const inst = (dueDate: string, expected: number, paid: number) => ({
    dueDate,
    principal: { amount: { expected, paid, due: 0 } },
    interest: { amount: { expected: 0, paid: 0 } },
  });

  test('amount due = Total Due + the next installment when it falls after today', () => {
    const facts = parseMambuLoan(loan, { installments: [inst('2025-12-13', 230, 0), inst('2026-01-13', 230, 0), inst('2026-02-13', 230, 0)] }, '2026-01-01');
    assert.deepEqual(facts, {
      loanId: 'LN-5531',
      displayId: 'LN-5531',
      status: 'active',
      rawStatus: 'ACTIVE_IN_ARREARS',
      currency: 'USD',
      balanceCents: 312055,
      amountDueCents: 46000 + 23000,
      daysPastDue: 19,
      nextDueDate: '2026-01-13',
      asOf: '2026-01-01',
    });
  });

  test('an installment due today is already in Total Due; paid ones are skipped', () => {
    const facts = parseMambuLoan(loan, { installments: [inst('2026-01-01', 230, 0), inst('2025-12-01', 230, 230)] }, '2026-01-01');
    assert.equal(facts.nextDueDate, '2026-01-01');
    assert.equal(facts.amountDueCents, 46000);
  });

  test('a pending application owes nothing', () => {
    const facts = parseMambuLoan({ ...loan, accountState: 'PENDING_APPROVAL' }, { installments: [inst('2026-02-01', 230, 0)] }, '2026-01-01');
    assert.deepEqual([facts.status, facts.balanceCents, facts.amountDueCents, facts.daysPastDue, facts.nextDueDate], ['pending', 0, 0, 0, null]);
  });
});
