import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createDemoConnector, loadDemoDataset } from '../../src/lms/demo.ts';
import { isLmsError } from '../../src/lms/errors.ts';
import { createConnector } from '../../src/lms/registry.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';

/** The shipped demo LMS covers the hard cases issue 5 asks for. */

installNetworkGuard();

const demo = createConnector({ kind: 'demo' });
const ids = Array.from({ length: 20 }, (_, i) => `demo-${1001 + i}`);

describe('embedded demo LMS', () => {
  test('borrowers demo-1001 … demo-1020, nothing else', () => {
    assert.deepEqual(
      loadDemoDataset().customers.map((c) => c.id),
      ids,
    );
  });

  test('every borrower canonicalises cleanly: E.164 phone, USPS state, 5-digit ZIP, no warnings', async () => {
    for (const id of ids) {
      const c = await demo.getCustomer(id);
      assert.deepEqual(c.warnings, [], id);
      assert.ok(c.firstName && c.lastName && c.streetAddress1 && c.city, id);
      assert.match(c.state ?? '', /^[A-Z]{2}$/, id);
      assert.match(c.zipCode ?? '', /^\d{5}$/, id);
      if (c.phoneNumber !== undefined) assert.match(c.phoneNumber, /^\+1\d{10}$/, id);
      if (c.ssnLastFour !== undefined) assert.match(c.ssnLastFour, /^\d{4}$/, id);
      if (c.birthday !== undefined) assert.match(c.birthday, /^\d{4}-\d{2}-\d{2}$/, id);
    }
  });

  test('most borrowers have no timezone (the sync resolves it from the ZIP); a few do', async () => {
    const customers = await Promise.all(ids.map((id) => demo.getCustomer(id)));
    const withZone = customers.filter((c) => c.timezone !== undefined);
    assert.ok(withZone.length >= 1 && withZone.length <= 4, `${withZone.length} with a timezone`);
  });

  test('missing optional fields: some borrowers lack email, birthday, SSN; one lacks a phone', async () => {
    const customers = await Promise.all(ids.map((id) => demo.getCustomer(id)));
    assert.ok(customers.some((c) => c.email === undefined));
    assert.ok(customers.some((c) => c.birthday === undefined));
    assert.ok(customers.some((c) => c.ssnLastFour === undefined));
    assert.ok(customers.some((c) => c.email === undefined && c.birthday === undefined && c.ssnLastFour === undefined));
    assert.deepEqual(
      customers.filter((c) => c.phoneNumber === undefined).map((c) => c.lmsCustomerId),
      ['demo-1017'],
    );
  });

  test('ZIPs in states split between time zones', async () => {
    const zips = new Set((await Promise.all(ids.map((id) => demo.getCustomer(id)))).map((c) => `${c.state} ${c.zipCode}`));
    for (const hard of [
      'IN 46402',
      'IN 47711',
      'FL 32502',
      'ID 83814',
      'ID 83702',
      'OR 97914',
      'AZ 86503',
      'TX 79901',
      'KY 42101',
      'TN 37402',
      'MI 49858',
      'ND 58563',
      'KS 67735',
    ]) {
      assert.ok(zips.has(hard), hard);
    }
  });

  test('several loans, a borrower with none, and one co-borrower shared by two borrowers', async () => {
    assert.equal((await demo.listLoans('demo-1004')).length, 3);
    assert.deepEqual(await demo.listLoans('demo-1020'), []);
    const shared = await demo.listLoans('demo-1014');
    assert.deepEqual(
      shared.map((l) => [l.loanId, l.role, l.borrowers.find((b) => b.role === 'primary')?.customerId]),
      [
        ['70015', 'co-borrower', 'demo-1012'],
        ['70016', 'co-borrower', 'demo-1013'],
        ['70017', 'primary', 'demo-1014'],
      ],
    );
  });

  test('loans are canonical: integer cents, YYYY-MM-DD dates, past-due ones have days past due', async () => {
    const loans = (await Promise.all(ids.map((id) => demo.listLoans(id)))).flat();
    assert.ok(loans.length >= 20);
    for (const l of loans) {
      assert.ok(Number.isSafeInteger(l.balanceCents) && Number.isSafeInteger(l.amountDueCents), l.loanId);
      assert.ok(l.nextDueDate === null || /^\d{4}-\d{2}-\d{2}$/.test(l.nextDueDate), l.loanId);
      assert.match(l.asOf ?? '', /^\d{4}-\d{2}-\d{2}$/);
      assert.match(l.loanId, /^\d+$/, 'the seed sends loanIds as integers');
    }
    assert.ok(loans.some((l) => l.daysPastDue > 0));
    assert.ok(loans.some((l) => l.status === 'charged_off'));
    assert.ok(loans.some((l) => l.status === 'paid_off'));
    assert.ok(loans.some((l) => l.status === 'pending'));
  });

  test('the sync-by-loan flow: integer loan id → customer and loan', async () => {
    const { customer, loan } = await demo.findCustomerByLoan(70001);
    assert.equal(customer.lmsCustomerId, 'demo-1001');
    assert.equal(loan.amountDueCents, 46000);
  });

  test('unknown ids and a cancelled call', async () => {
    await assert.rejects(demo.getCustomer('demo-9999'), (err: unknown) => isLmsError(err) && err.kind === 'customer_not_found');
    await assert.rejects(demo.getLoan(1), (err: unknown) => isLmsError(err) && err.kind === 'loan_not_found');
    const aborted = AbortSignal.abort();
    await assert.rejects(createDemoConnector().getCustomer('demo-1001', { signal: aborted }), (err: unknown) => isLmsError(err) && err.kind === 'timeout');
  });
});
