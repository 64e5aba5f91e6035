import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { isLmsError, type LmsErrorKind } from '../../src/lms/errors.ts';
import { comparable, expectedCustomer, expectedLoan, expectedLoansOf } from '../fakes/scenario-expected.ts';
import { SCENARIO, UNKNOWN_CUSTOMER_ID, UNKNOWN_LOAN_ID } from '../fakes/scenario.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { demoPair, fineractViaRegistry, loanProViaRegistry, mambuViaRegistry, type Pair } from './pairs.ts';

/**
 * One suite, every connector: the shared scenario must come out identical in canonical form
 * (lms-connectors.md §4.3), trimmed only by each connector's declared capabilities.
 */

installNetworkGuard();

const variants: Array<[string, () => Promise<Pair> | Pair]> = [
  ['demo (scenario dataset)', demoPair],
  // Page size 2 forces paging through Dale's three loans.
  ['loanpro', () => loanProViaRegistry({}, { pageSize: 2 })],
  // The UNVERIFIED knobs the other way round: no role member, `$start` offsets, 404 envelopes.
  [
    'loanpro (no role field, $start, 404 not-found)',
    () => loanProViaRegistry({ roleField: false, offsetParam: '$start', notFoundStatus: 404, maxPageSize: 2 }, { offsetParam: '$start', pageSize: 2 }),
  ],
  ['fineract', () => fineractViaRegistry()],
  // An older Fineract without the `delinquent` block: DPD and next due are derived.
  ['fineract (no delinquent block)', () => fineractViaRegistry({ delinquentBlock: false })],
  // Search pages of 2, so Dale's three loans take two POSTs.
  ['mambu', () => mambuViaRegistry({}, { pageSize: 2 })],
];

async function rejectsWith(promise: Promise<unknown>, kind: LmsErrorKind): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isLmsError(err), `expected LmsError, got ${String(err)}`);
    assert.equal(err.kind, kind, err.message);
    return true;
  });
}

const customerIds = SCENARIO.customers.map((c) => c.id);
const loanIds = SCENARIO.loans.map((l) => l.id);

for (const [name, make] of variants) {
  describe(`conformance: ${name}`, () => {
    let pair: Pair;
    before(async () => {
      pair = await make();
    });
    after(async () => {
      await pair.close();
    });

    test('every customer comes out canonical', async () => {
      for (const id of customerIds) {
        assert.deepEqual(await pair.connector.getCustomer(id), expectedCustomer(id, pair.connector.capabilities), `customer ${id}`);
      }
    });

    test("every customer's loans, all roles, sorted by id", async () => {
      for (const id of customerIds) {
        const loans = await pair.connector.listLoans(id);
        assert.deepEqual(loans.map(comparable), expectedLoansOf(id, pair.connector.capabilities), `loans of ${id}`);
      }
    });

    test('every loan by id, seen from its primary borrower', async () => {
      for (const id of loanIds) {
        assert.deepEqual(comparable(await pair.connector.getLoan(id)), expectedLoan(id, pair.connector.capabilities), `loan ${id}`);
      }
    });

    test('a co-borrower sees the shared loan, if the LMS knows co-borrowers', async () => {
      const expected = expectedLoan('5003', pair.connector.capabilities, '1002');
      if (pair.connector.capabilities.coBorrowers) {
        assert.ok(expected);
        assert.deepEqual(comparable(await pair.connector.getLoan('5003', { customerId: '1002' })), expected);
        assert.equal((await pair.connector.getLoan('5003', { customerId: '1002' })).role, 'co-borrower');
      } else {
        assert.equal(expected, undefined);
        await rejectsWith(pair.connector.getLoan('5003', { customerId: '1002' }), 'loan_not_found');
      }
    });

    test('loanIds limits the import; integers, strings and duplicates are accepted', async () => {
      const loans = await pair.connector.listLoans('1006', { loanIds: [5007, '5006', 5007] });
      assert.deepEqual(loans.map(comparable), [expectedLoan('5006', pair.connector.capabilities), expectedLoan('5007', pair.connector.capabilities)]);
    });

    test("loanIds naming someone else's loan or no loan is loan_not_found", async () => {
      await rejectsWith(pair.connector.listLoans('1006', { loanIds: [5006, 5001] }), 'loan_not_found');
      await rejectsWith(pair.connector.listLoans('1006', { loanIds: [UNKNOWN_LOAN_ID] }), 'loan_not_found');
      await rejectsWith(pair.connector.listLoans('1006', { loanIds: [1.5] }), 'loan_not_found');
    });

    test('a customer with no loans has an empty list', async () => {
      assert.deepEqual(await pair.connector.listLoans('1005'), []);
    });

    test('findCustomerByLoan returns the primary borrower and the loan', async () => {
      for (const id of loanIds) {
        const { customer, loan } = await pair.connector.findCustomerByLoan(id);
        const expected = expectedLoan(id, pair.connector.capabilities);
        assert.ok(expected);
        assert.deepEqual(comparable(loan), expected);
        assert.deepEqual(customer, expectedCustomer(expected.customerId, pair.connector.capabilities));
      }
    });

    test('unknown ids are not found, not errors', async () => {
      await rejectsWith(pair.connector.getCustomer(UNKNOWN_CUSTOMER_ID), 'customer_not_found');
      await rejectsWith(pair.connector.listLoans(UNKNOWN_CUSTOMER_ID), 'customer_not_found');
      await rejectsWith(pair.connector.getLoan(UNKNOWN_LOAN_ID), 'loan_not_found');
      await rejectsWith(pair.connector.findCustomerByLoan(UNKNOWN_LOAN_ID), 'loan_not_found');
      await rejectsWith(pair.connector.getCustomer('not-an-id'), 'customer_not_found');
      await rejectsWith(pair.connector.getLoan(''), 'loan_not_found');
    });

    test('not-found errors name the system and the reference, nothing else', async () => {
      await assert.rejects(pair.connector.getCustomer(UNKNOWN_CUSTOMER_ID), (err: unknown) => {
        assert.ok(isLmsError(err));
        assert.equal(err.system, pair.connector.kind);
        assert.equal(err.ref, UNKNOWN_CUSTOMER_ID);
        assert.match(err.message, /^(Demo LMS|LoanPro|Apache Fineract|Mambu): customer not found/);
        return true;
      });
    });
  });
}
