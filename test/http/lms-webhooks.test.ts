import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { comparableLogLines, countRows, lmsTestClock, loanProFor, newCompany, snapshot } from '../helpers/lms.ts';
import { customerUuid, loanUuid } from '../../src/domain/stable-uuid.ts';
import type { SourceDataset } from '../../src/lms/dataset.ts';
import type { LoanProFake } from '../fakes/loanpro-fake.ts';
import { SCENARIO } from '../fakes/scenario.ts';
import { assertNoPii } from '../fakes/pii-spy.ts';

/**
 * POST /webhooks/lms/sync/customer-full and /webhooks/lms/sync/loan: the documented answers,
 * the same end state however often they are called, caller-supplied values kept, schedules rebuilt
 * only when a callable fact changed, and the decisions for customers Callwise does not have yet.
 */

installNetworkGuard();

const FULL = '/webhooks/lms/sync/customer-full';
const LOAN = '/webhooks/lms/sync/loan';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The answer minus the fields that say what this particular call changed. */
function stateOf(body: Record<string, unknown>) {
  const { customerCreated: _c, customerUpdated: _u, scheduleRebuilt: _s, ...rest } = body;
  return rest;
}

for (const backend of backends) {
  describe(`LMS webhooks with the demo LMS (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { clock: lmsTestClock });
    });
    after(() => t.close());

    it('customer-full creates a customer new to Callwise (taskType given) and answers in the documented shape', async () => {
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1004', taskType: 'Collections' } });
      assert.equal(res.statusCode, 200, res.body);
      const body = res.json();
      assert.equal(body.success, true);
      assert.equal(body.error, null);
      assert.equal(body.lmsType, 'demo');
      assert.equal(body.customerId, 'demo-1004');
      assert.equal(body.finosuCustomerId, customerUuid(t.companyId, 'demo-1004'));
      assert.match(body.finosuCustomerId, UUID);
      assert.equal(body.loansSynced, 3);
      assert.deepEqual(body.loans[0], {
        loanId: loanUuid(t.companyId, '70005'),
        nortridgeAcctrefno: 70005,
        loanExternalReference: '70005',
        transactionsRows: 0,
        paymentsDueRows: 0,
        paymentMethodsCreated: 0,
        paymentMethodsUpdated: 0,
        documentRows: 0,
        transactionsError: null,
        paymentsDueError: null,
        paymentMethodsError: null,
        documentsError: null,
        setupError: null,
      });
      assert.deepEqual([body.customerCreated, body.customerUpdated, body.scheduleRebuilt], [true, false, true]);

      const customer = (await t.request('GET', '/customers/demo-1004')).json();
      assert.equal(customer.taskType, 'collections', "the company's spelling");
      assert.equal(customer.timezone, 'America/Chicago');
      assert.equal(customer.provenance.timezone, 'zip');
      assert.ok((await t.request('GET', '/customers/demo-1004/tasks')).json().length > 0);
      assert.equal((await t.request('GET', '/customers/demo-1004/loans')).json().length, 3);
    });

    it('customer-full twice reaches the same state, and the second call changes nothing', async () => {
      const state = await snapshot(t, t.companyId);
      const first = await t.request('POST', FULL, { body: { customerId: 'demo-1004' } });
      const second = await t.request('POST', FULL, { body: { customerId: 'demo-1004' } });
      assert.equal(first.statusCode, 200, first.body);
      assert.deepEqual(stateOf(second.json()), stateOf(first.json()));
      assert.deepEqual([second.json().customerCreated, second.json().customerUpdated, second.json().scheduleRebuilt], [false, false, false]);
      assert.equal(await snapshot(t, t.companyId), state, 'rows, timestamps and scheduled tasks untouched');
    });

    it('a customer created with sync: true is already in step: customer-full changes nothing', async () => {
      assert.equal((await t.request('POST', '/customers', { body: { id: 'demo-1011', taskType: 'collections', sync: true } })).statusCode, 201);
      const state = await snapshot(t, t.companyId);
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1011' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().customerUpdated, res.json().scheduleRebuilt], [false, false]);
      assert.equal(await snapshot(t, t.companyId), state);
    });

    it('keeps every value the lender sent and fills only what it did not send', async () => {
      const sent = {
        id: 'demo-1005',
        taskType: 'collections',
        firstName: 'Lin',
        lastName: 'Carver',
        phoneNumber: '+18505550155',
        timezone: 'America/New_York',
        streetAddress1: '1 Other St',
        city: 'Tallahassee',
        state: 'FL',
        zipCode: '32301',
      };
      assert.equal((await t.request('POST', '/customers', { body: sent })).statusCode, 201);
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1005' } });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().customerUpdated, res.json().scheduleRebuilt], [true, false], 'only non-callable facts were filled');
      const customer = (await t.request('GET', '/customers/demo-1005')).json();
      for (const [field, value] of Object.entries(sent)) if (field !== 'taskType') assert.equal(customer[field], value, field);
      assert.equal(customer.email, 'linda.carver@example.test', 'filled from the LMS');
      assert.equal(customer.provenance.email, 'lms');
      assert.equal(customer.provenance.firstName, 'caller');
      // Settled: a second call leaves it alone.
      const state = await snapshot(t, t.companyId);
      assert.equal((await t.request('POST', FULL, { body: { customerId: 'demo-1005' } })).json().customerUpdated, false);
      assert.equal(await snapshot(t, t.companyId), state);
    });

    it('refuses to create a customer when no task type can be chosen, and saves nothing', async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1012' } });
      assert.equal(res.statusCode, 400);
      const problem = res.json();
      assert.equal(problem.code, 'validation_failed');
      assert.equal(problem.errors[0].pointer, '/taskType');
      assert.deepEqual(problem.validTaskTypes, ['collections', 'servicing', 'verification']);
      assert.deepEqual(await countRows(t, t.companyId), before, 'not even the loans were kept');
    });

    it('an unknown taskType is 400 invalid_task_type before the LMS is asked', async () => {
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1012', taskType: 'nope' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'invalid_task_type');
    });

    it('an LMS record that is not a valid customer is 422 lms_customer_invalid listing the fields, nothing saved', async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1017', taskType: 'collections' } });
      assert.equal(res.statusCode, 422);
      const problem = res.json();
      assert.equal(problem.code, 'lms_customer_invalid');
      assert.deepEqual(problem.errors, [{ pointer: '/phoneNumber', detail: 'is required: not in the request, and the LMS record has no value for it' }]);
      assert.deepEqual(await countRows(t, t.companyId), before);
    });

    it('an unknown customer is 404 lms_customer_not_found; a body without customerId is 400', async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-0000', taskType: 'collections' } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'lms_customer_not_found');
      assert.deepEqual(await countRows(t, t.companyId), before);
      const bad = await t.request('POST', FULL, { body: { customer: 'demo-1001' } });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().code, 'validation_failed');
    });

    it('sync/loan discovers the customer from the loan and syncs that loan only, idempotently', async () => {
      const first = await t.request('POST', LOAN, { body: { loanId: 70019, taskType: 'collections' } });
      assert.equal(first.statusCode, 200, first.body);
      const body = first.json();
      assert.deepEqual(stateOf(body), {
        success: true,
        lmsType: 'demo',
        customerId: 'demo-1016',
        finosuCustomerId: customerUuid(t.companyId, 'demo-1016'),
        loansSynced: 1,
        loans: [{ finosuLoanId: loanUuid(t.companyId, '70019'), loanId: '70019' }],
        error: null,
      });
      assert.equal(body.customerCreated, true);
      const state = await snapshot(t, t.companyId);
      const second = await t.request('POST', LOAN, { body: { loanId: '70019' } });
      assert.deepEqual(stateOf(second.json()), stateOf(body));
      assert.equal(await snapshot(t, t.companyId), state);
      const loans = (await t.request('GET', '/customers/demo-1016/loans')).json();
      assert.deepEqual(
        loans.map((l: { loanId: string; daysPastDue: number }) => [l.loanId, l.daysPastDue]),
        [['70019', 95]],
      );
    });

    it('sync/loan for an unknown loan is 404 lms_loan_not_found', async () => {
      const res = await t.request('POST', LOAN, { body: { loanId: '99001', taskType: 'collections' } });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'lms_loan_not_found');
    });

    it('a company with a single task type gets new customers without naming it', async () => {
      const { companyId, key } = await newCompany(t, 'Solo Lender', ['collections']);
      await t.services.lmsConfigs.configure(companyId, { kind: 'demo' });
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1020' }, key });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().customerCreated, true);
      assert.equal(res.json().loansSynced, 0, 'this borrower has no loans');
      assert.equal((await t.request('GET', '/customers/demo-1020', { key })).json().taskType, 'collections');
    });

    it('an Idempotency-Key replays the stored answer', async () => {
      const headers = { 'idempotency-key': 'webhook-demo-1013' };
      const first = await t.request('POST', FULL, { body: { customerId: 'demo-1013', taskType: 'collections' }, headers });
      const replay = await t.request('POST', FULL, { body: { customerId: 'demo-1013', taskType: 'collections' }, headers });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(replay.headers['idempotent-replayed'], 'true');
      assert.equal(replay.body, first.body);
    });

    it('needs an API key, and a company without an LMS gets 400 lms_not_configured', async () => {
      assert.equal((await t.request('POST', FULL, { body: { customerId: 'demo-1001' }, key: null })).statusCode, 401);
      assert.equal((await t.request('POST', LOAN, { body: { loanId: '70001' }, key: null })).statusCode, 401);
      const before = await countRows(t, t.otherCompanyId);
      const res = await t.request('POST', FULL, { body: { customerId: 'demo-1001' }, key: t.otherApiKey });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'lms_not_configured');
      assert.deepEqual(await countRows(t, t.otherCompanyId), before);
    });
  });

  describe(`LMS webhooks when the LMS record changes — LoanPro fake (${backend})`, () => {
    let t: TestApp;
    let fake: LoanProFake;
    let companyId: string;
    let key: string;
    // The fake serves this copy: tests change the lender's data between calls.
    const data = structuredClone(SCENARIO) as SourceDataset & { customers: Array<SourceDataset['customers'][number]> };
    const customer = (id: string) => data.customers.find((c) => c.id === id)!;
    const loan = (id: string) => data.loans.find((l) => l.id === id)!;
    const errorBodies: string[] = [];

    before(async () => {
      t = await startTestApp(backend, { clock: lmsTestClock });
      ({ companyId, key } = await newCompany(t, 'Changing Lender'));
      fake = await loanProFor(t, companyId, { dataset: data });
    });
    after(async () => {
      await fake.close();
      await t.close();
    });

    it('refreshes LMS values and loan figures, moves the ZIP timezone, and rebuilds the schedule', async () => {
      assert.equal((await t.request('POST', '/customers', { body: { id: '1002', taskType: 'collections', sync: true }, key })).statusCode, 201);
      const tasksBefore = await t.services.db
        .selectFrom('call_tasks')
        .select('id')
        .where('company_id', '=', companyId)
        .where('customer_id', '=', '1002')
        .execute();
      assert.ok(tasksBefore.length > 0);

      // Marcus moves from Pensacola (Central) to Tallahassee (Eastern); his loan falls behind.
      Object.assign(customer('1002').address!, { line1: '118 S Monroe St', city: 'Tallahassee', zip: '32301' });
      Object.assign(loan('5004'), { amountDue: '240.00', pastDue: '120.00', daysPastDue: 12 });

      const res = await t.request('POST', FULL, { body: { customerId: '1002' }, key });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().lmsType, 'loanpro');
      assert.deepEqual([res.json().customerUpdated, res.json().scheduleRebuilt], [true, true]);
      const c = (await t.request('GET', '/customers/1002', { key })).json();
      assert.deepEqual(
        [c.streetAddress1, c.city, c.zipCode, c.timezone, c.provenance.timezone],
        ['118 S Monroe St', 'Tallahassee', '32301', 'America/New_York', 'zip'],
      );
      const loans = (await t.request('GET', '/customers/1002/loans', { key })).json();
      const l5004 = loans.find((l: { loanId: string }) => l.loanId === '5004');
      assert.deepEqual([l5004.amountDueCents, l5004.daysPastDue], [24000, 12]);
      const tasksAfter = await t.services.db
        .selectFrom('call_tasks')
        .select('id')
        .where('company_id', '=', companyId)
        .where('customer_id', '=', '1002')
        .where('status', '=', 'scheduled')
        .execute();
      assert.notDeepEqual(
        tasksAfter.map((r) => r.id),
        tasksBefore.map((r) => r.id),
        'a new plan',
      );

      const state = await snapshot(t, companyId);
      const again = await t.request('POST', FULL, { body: { customerId: '1002' }, key });
      assert.deepEqual([again.json().customerUpdated, again.json().scheduleRebuilt], [false, false]);
      assert.equal(await snapshot(t, companyId), state);
    });

    it('never replaces a value the lender sent, even when the LMS changes it', async () => {
      const sent = { id: '1004', taskType: 'collections', sync: true, phoneNumber: '+15415550111' };
      assert.equal((await t.request('POST', '/customers', { body: sent, key })).statusCode, 201);
      customer('1004').phones = [{ number: '541-555-0122', type: 'mobile', primary: true }];
      customer('1004').email = 'walter.greene@example.test';
      const res = await t.request('POST', FULL, { body: { customerId: '1004' }, key });
      assert.equal(res.statusCode, 200, res.body);
      assert.deepEqual([res.json().customerUpdated, res.json().scheduleRebuilt], [true, false], 'only the e-mail changed');
      const c = (await t.request('GET', '/customers/1004', { key })).json();
      assert.equal(c.phoneNumber, '+15415550111');
      assert.equal(c.email, 'walter.greene@example.test');
    });

    it('sync/loan against LoanPro finds the primary borrower and links the co-borrower already known', async () => {
      const res = await t.request('POST', LOAN, { body: { loanId: '5003', taskType: 'collections' }, key });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().customerId, '1003');
      const links = await t.services.db
        .selectFrom('customer_loans')
        .select(['customer_id', 'role'])
        .where('company_id', '=', companyId)
        .where('loan_id', '=', '5003')
        .orderBy('customer_id')
        .execute();
      assert.deepEqual(links, [
        { customer_id: '1002', role: 'co-borrower' },
        { customer_id: '1003', role: 'primary' },
      ]);
    });

    it('an LMS failure during a re-sync answers like POST /customers and leaves the stored state as it was', async () => {
      customer('1002').firstName = 'Marc';
      const state = await snapshot(t, companyId);
      for (const [fault, status, code] of [
        [{ type: 'status', status: 500 }, 502, 'lms_upstream_error'],
        [{ type: 'delay', ms: 3000 }, 504, 'lms_timeout'],
        [{ type: 'rateLimit', retryAfter: '30' }, 503, 'lms_rate_limited'],
        [{ type: 'auth' }, 502, 'lms_auth_failed'],
      ] as const) {
        // Only the loan reads fail: the customer read before them succeeded, and still nothing is written.
        fake.inject({ match: /\/Loans/, fault });
        try {
          const res = await t.request('POST', FULL, { body: { customerId: '1002' }, key });
          errorBodies.push(res.body);
          assert.equal(res.statusCode, status, res.body);
          assert.equal(res.json().code, code);
          if (code === 'lms_rate_limited') assert.equal(res.headers['retry-after'], '30');
        } finally {
          fake.clearFaults();
        }
        assert.equal(await snapshot(t, companyId), state);
      }
    });

    it('no personal data in the log or in any error', () => {
      assertNoPii(errorBodies, 'webhook problem responses');
      assertNoPii(comparableLogLines(t.logLines), 'the log');
    });
  });
}
