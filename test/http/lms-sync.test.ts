import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { startTestApp, type TestApp } from '../helpers/app.ts';
import { installNetworkGuard } from '../helpers/network-guard.ts';
import { comparableLogLines, countRows, FAST_TUNING, fineractFor, lmsTestClock, loanProFor, newCompany } from '../helpers/lms.ts';
import { refusedOrigin, type FakeServer, type Fault } from '../fakes/http-fake.ts';
import { EXPECTED_CUSTOMERS, EXPECTED_LOANS } from '../fakes/scenario-expected.ts';
import { assertNoPii } from '../fakes/pii-spy.ts';

/**
 * `sync: true` on POST /customers and POST /customers/schedule/sync, end to end: the embedded demo
 * LMS the demo company starts with, then the LoanPro and Fineract fakes configured through the
 * service, every failure mode (answer, and nothing left behind), and no personal data in any log
 * line or error.
 */

installNetworkGuard();

const sync = (id: string, extra: Record<string, unknown> = {}) => ({ id, taskType: 'collections', sync: true, ...extra });

for (const backend of backends) {
  describe(`sync: true with the embedded demo LMS (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { clock: lmsTestClock });
    });
    after(() => t.close());

    it("a new user's flow: id, taskType and sync: true give a complete customer, its loans, a ZIP timezone and a schedule", async () => {
      const res = await t.request('POST', '/customers', { body: { id: 'demo-1001', taskType: 'collections', sync: true } });
      assert.equal(res.statusCode, 201, res.body);
      const customer = res.json();
      assert.deepEqual(
        Object.fromEntries(
          ['firstName', 'lastName', 'email', 'birthday', 'ssnLastFour', 'phoneNumber', 'streetAddress1', 'city', 'state', 'zipCode', 'timezone'].map((k) => [
            k,
            customer[k],
          ]),
        ),
        {
          firstName: 'Rosa',
          lastName: 'Delgado',
          email: 'rosa.delgado@example.test',
          birthday: '1979-05-14',
          ssnLastFour: '4410',
          phoneNumber: '+12195550101',
          streetAddress1: '512 W 5th Ave',
          city: 'Gary',
          state: 'IN',
          zipCode: '46402',
          // Lake County, Indiana keeps Central time while most of the state is Eastern.
          timezone: 'America/Chicago',
        },
      );
      assert.equal(customer.provenance.timezone, 'zip');
      assert.equal(customer.provenance.firstName, 'lms');

      const loans = (await t.request('GET', '/customers/demo-1001/loans')).json();
      assert.deepEqual(
        loans.map((l: { loanId: string }) => l.loanId),
        ['70001', '70002'],
      );
      assert.deepEqual(
        { ...loans[0], updatedAt: undefined },
        {
          loanId: '70001',
          displayId: 'CW-70001',
          source: 'lms',
          role: 'primary',
          status: 'active',
          rawStatus: 'Open / Past Due',
          currency: 'USD',
          balanceCents: 312055,
          amountDueCents: 46000,
          daysPastDue: 19,
          nextDueDate: '2026-12-01',
          asOf: '2026-11-20',
          updatedAt: undefined,
        },
      );
      const tasks = (await t.request('GET', '/customers/demo-1001/tasks')).json();
      assert.ok(tasks.length > 0, 'a schedule was planned');
    });

    it('the demo company starts with the embedded demo LMS; other companies have none', async () => {
      assert.deepEqual(await t.services.lmsConfigs.describe(t.companyId), { kind: 'demo' });
      assert.equal(await t.services.lmsConfigs.describe(t.otherCompanyId), null);
    });

    it('caller-supplied values win, field by field, and provenance records where each came from', async () => {
      const res = await t.request('POST', '/customers', {
        body: sync('demo-1002', { firstName: 'Thomas', phoneNumber: '(812) 555-0199', timezone: 'America/Indiana/Indianapolis' }),
      });
      assert.equal(res.statusCode, 201, res.body);
      const c = res.json();
      assert.equal(c.firstName, 'Thomas');
      assert.equal(c.lastName, 'Haskins');
      assert.equal(c.phoneNumber, '+18125550199');
      assert.equal(c.timezone, 'America/Indiana/Indianapolis');
      assert.equal(c.zipCode, '47711', 'the LMS ZIP+4 is cut to five digits');
      assert.equal(c.email, undefined, 'the LMS has no email for this borrower');
      assert.deepEqual(c.provenance, {
        firstName: 'caller',
        lastName: 'lms',
        phoneNumber: 'caller',
        streetAddress1: 'lms',
        city: 'lms',
        state: 'lms',
        zipCode: 'lms',
        birthday: 'lms',
        ssnLastFour: 'lms',
        timezone: 'caller',
      });
      assert.deepEqual((await t.request('GET', '/customers/demo-1002')).json().provenance, c.provenance, 'stored, and returned by GET');
    });

    it('uses the timezone the LMS holds before the ZIP', async () => {
      const c = (await t.request('POST', '/customers', { body: sync('demo-1003') })).json();
      assert.equal(c.timezone, 'America/Indiana/Indianapolis');
      assert.equal(c.provenance.timezone, 'lms');
    });

    it('a customer created without sync has no provenance', async () => {
      const c = (
        await t.request('POST', '/customers', {
          body: {
            id: 'plain-1',
            taskType: 'collections',
            firstName: 'A',
            lastName: 'B',
            phoneNumber: '+14155550100',
            timezone: 'America/Los_Angeles',
            streetAddress1: '1 Main St',
            city: 'SF',
            state: 'CA',
            zipCode: '94102',
          },
        })
      ).json();
      assert.equal('provenance' in c, false);
    });

    it('loanIds imports only the loans named', async () => {
      const res = await t.request('POST', '/customers', { body: sync('demo-1004', { loanIds: [70005, 70007] }) });
      assert.equal(res.statusCode, 201, res.body);
      const loans = (await t.request('GET', '/customers/demo-1004/loans')).json();
      assert.deepEqual(
        loans.map((l: { loanId: string; status: string }) => [l.loanId, l.status]),
        [
          ['70005', 'active'],
          ['70007', 'paid_off'],
        ],
      );
    });

    it("loanIds naming another borrower's loan is 404 lms_loan_not_found, and nothing is saved", async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', '/customers', { body: sync('demo-1005', { loanIds: [70001] }) });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'lms_loan_not_found');
      assert.match(res.json().detail, /^Demo LMS: /);
      assert.deepEqual(await countRows(t, t.companyId), before);
    });

    it('loanId finds the customer through the loan, and its loan is imported and linked to the schedule', async () => {
      const res = await t.request('POST', '/customers', { body: sync('demo-1006', { loanId: '70009' }) });
      assert.equal(res.statusCode, 201, res.body);
      const loans = (await t.request('GET', '/customers/demo-1006/loans')).json();
      assert.deepEqual(
        loans.map((l: { loanId: string }) => l.loanId),
        ['70009'],
      );
      const row = await t.services.db
        .selectFrom('customers')
        .select('loan_id')
        .where('company_id', '=', t.companyId)
        .where('id', '=', 'demo-1006')
        .executeTakeFirstOrThrow();
      assert.equal(row.loan_id, '70009');
    });

    it("loanId of a loan the customer co-signed works; the loan keeps the co-borrower's role", async () => {
      const res = await t.request('POST', '/customers', { body: sync('demo-1014', { loanId: '70015' }) });
      assert.equal(res.statusCode, 201, res.body);
      const loans = (await t.request('GET', '/customers/demo-1014/loans')).json();
      assert.deepEqual(
        loans.map((l: { loanId: string; role: string }) => [l.loanId, l.role]),
        [
          ['70015', 'co-borrower'],
          ['70016', 'co-borrower'],
          ['70017', 'primary'],
        ],
      );
      // The primary borrower of 70015, synced later, is linked too: one loan, two borrowers.
      assert.equal((await t.request('POST', '/customers', { body: sync('demo-1012') })).statusCode, 201);
      const links = await t.services.db
        .selectFrom('customer_loans')
        .select(['customer_id', 'role'])
        .where('company_id', '=', t.companyId)
        .where('loan_id', '=', '70015')
        .orderBy('customer_id')
        .execute();
      assert.deepEqual(links, [
        { customer_id: 'demo-1012', role: 'primary' },
        { customer_id: 'demo-1014', role: 'co-borrower' },
      ]);
    });

    it("loanId of someone else's loan is 404 lms_loan_not_found: a typo must not pull another person's data", async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', '/customers', { body: sync('demo-1007', { loanId: '70001' }) });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'lms_loan_not_found');
      assert.deepEqual(await countRows(t, t.companyId), before);
      assert.equal((await t.request('GET', '/customers/demo-1007')).statusCode, 404);
    });

    it('a merged customer still missing a required field is 400 listing it, and nothing is saved', async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', '/customers', { body: sync('demo-1017') });
      assert.equal(res.statusCode, 400);
      const problem = res.json();
      assert.equal(problem.code, 'validation_failed');
      assert.deepEqual(problem.errors, [{ pointer: '/phoneNumber', detail: 'is required: not in the request, and the LMS record has no value for it' }]);
      assert.deepEqual(await countRows(t, t.companyId), before);
      // Supplying the missing field makes the same customer valid.
      assert.equal((await t.request('POST', '/customers', { body: sync('demo-1017', { phoneNumber: '701-555-0117' }) })).statusCode, 201);
    });

    it("the caller's own invalid fields are refused before the LMS is read", async () => {
      const res = await t.request('POST', '/customers', { body: sync('demo-1008', { phoneNumber: '800-555-0100' }) });
      assert.equal(res.statusCode, 400);
      assert.deepEqual(
        res.json().errors.map((e: { pointer: string }) => e.pointer),
        ['/phoneNumber'],
      );
    });

    it('an id the LMS does not know is 404 lms_customer_not_found, and nothing is saved', async () => {
      const before = await countRows(t, t.companyId);
      const res = await t.request('POST', '/customers', { body: sync('demo-9999') });
      assert.equal(res.statusCode, 404);
      assert.equal(res.json().code, 'lms_customer_not_found');
      assert.equal(res.json().lmsSystem, 'demo');
      assert.deepEqual(await countRows(t, t.companyId), before);
    });

    it('an id already taken is 409 customer_exists', async () => {
      const res = await t.request('POST', '/customers', { body: sync('demo-1001') });
      assert.equal(res.statusCode, 409);
      assert.equal(res.json().code, 'customer_exists');
    });

    it('schedule sync with sync: true fills from the LMS and holds the merged customer to its stricter list', async () => {
      const missing = await t.request('POST', '/customers/schedule/sync', { body: sync('demo-1009') });
      assert.equal(missing.statusCode, 400);
      assert.deepEqual(
        missing
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort(),
        ['/email', '/ssnLastFour'],
      );

      const first = await t.request('POST', '/customers/schedule/sync', { body: sync('demo-1010') });
      assert.equal(first.statusCode, 200, first.body);
      assert.equal(first.json().scheduleCreated, true);
      assert.equal(first.json().timezone, 'America/Phoenix');
      assert.equal(first.json().provenance.timezone, 'zip');
      const again = await t.request('POST', '/customers/schedule/sync', { body: sync('demo-1010', { phoneNumber: '+19285550177' }) });
      assert.equal(again.statusCode, 200, again.body);
      assert.equal(again.json().phoneNumber, '+19285550177');
      assert.equal(again.json().provenance.phoneNumber, 'caller');
      assert.equal(again.json().provenance.firstName, 'lms');
      const loans = (await t.request('GET', '/customers/demo-1010/loans')).json();
      assert.deepEqual(
        loans.map((l: { loanId: string; status: string }) => [l.loanId, l.status]),
        [['70013', 'pending']],
      );
    });

    it("a value changed with PATCH becomes the caller's", async () => {
      const res = await t.request('PATCH', '/customers/demo-1001', { body: { city: 'Gary Township' } });
      assert.equal(res.statusCode, 200);
      assert.equal(res.json().provenance.city, 'caller');
      assert.equal(res.json().provenance.state, 'lms');
    });

    it("GET /customers/{id}/loans: references without figures, another company's customer is 404, no key is 401", async () => {
      await t.request('POST', '/customers', {
        body: {
          id: 'refs-1',
          taskType: 'collections',
          firstName: 'A',
          lastName: 'B',
          phoneNumber: '+14155550100',
          timezone: 'America/Los_Angeles',
          streetAddress1: '1 Main St',
          city: 'SF',
          state: 'CA',
          zipCode: '94102',
          loanIds: [5],
        },
      });
      const refs = (await t.request('GET', '/customers/refs-1/loans')).json();
      assert.deepEqual(
        refs.map((l: Record<string, unknown>) => [l.loanId, l.source, l.balanceCents, l.role]),
        [['5', 'reference', null, null]],
      );
      assert.equal((await t.request('GET', '/customers/demo-1001/loans', { key: t.otherApiKey })).statusCode, 404);
      assert.equal((await t.request('GET', '/customers/demo-1001/loans', { key: null })).statusCode, 401);
      assert.equal((await t.request('GET', '/customers/nobody/loans')).statusCode, 404);
    });

    it('a company without an LMS gets 400 lms_not_configured and nothing is saved', async () => {
      const before = await countRows(t, t.otherCompanyId);
      const res = await t.request('POST', '/customers', { body: sync('demo-1001'), key: t.otherApiKey });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'lms_not_configured');
      assert.match(res.json().detail, /callwise lms configure/);
      assert.deepEqual(await countRows(t, t.otherCompanyId), before);
    });

    it('writes no personal data of the demo borrowers to the log', () => {
      const lines = comparableLogLines(t.logLines).join('\n');
      for (const value of ['666-21-4410', '666214410', '1979-05-14', '2195550101', '555-0101', 'Delgado', 'rosa.delgado']) {
        assert.equal(lines.includes(value), false, `${value} leaked into the log`);
      }
      assert.ok(
        t.logLines.some((l) => l.includes('"msg":"lms read"')),
        'syncs are logged',
      );
    });
  });

  const products = [
    // loanPath: the requests that read loans (not the customer), to fail a sync half-way.
    // Fineract has one client per loan, so it knows no co-borrowers (src/lms/fineract.ts).
    { name: 'LoanPro', kind: 'loanpro', start: loanProFor, loanPath: /\/Loans/, coBorrowers: true },
    { name: 'Apache Fineract', kind: 'fineract', start: fineractFor, loanPath: /\/accounts$|\/loans\//, coBorrowers: false },
  ] as const;

  for (const product of products) {
    describe(`sync: true against the ${product.name} fake (${backend})`, () => {
      let t: TestApp;
      let fake: FakeServer & { baseUrl: string };
      let companyId: string;
      let key: string;
      const errorBodies: string[] = [];
      before(async () => {
        t = await startTestApp(backend, { clock: lmsTestClock });
        ({ companyId, key } = await newCompany(t, `${product.name} lender`));
        fake = await product.start(t, companyId);
      });
      after(async () => {
        await fake.close();
        await t.close();
      });
      const post = (body: unknown, headers?: Record<string, string>) => t.request('POST', '/customers', { body, key, ...(headers ? { headers } : {}) });

      it('fills a complete customer from the LMS, with a ZIP timezone and every loan with its figures', async () => {
        const res = await post(sync('1001'));
        assert.equal(res.statusCode, 201, res.body);
        const c = res.json();
        const expected = EXPECTED_CUSTOMERS['1001']!;
        for (const field of [
          'firstName',
          'lastName',
          'email',
          'phoneNumber',
          'streetAddress1',
          'streetAddress2',
          'city',
          'state',
          'zipCode',
          'birthday',
          'ssnLastFour',
        ] as const) {
          assert.equal(c[field], expected[field], field);
          assert.equal(c.provenance[field], 'lms', field);
        }
        // No real LMS stores a borrower timezone: Boise's comes from its ZIP.
        assert.equal(c.timezone, 'America/Boise');
        assert.equal(c.provenance.timezone, 'zip');
        const loans = (await t.request('GET', '/customers/1001/loans', { key })).json();
        assert.deepEqual(
          loans.map((l: { loanId: string }) => l.loanId),
          ['5001', '5002'],
        );
        for (const loan of loans) {
          const figures = EXPECTED_LOANS[loan.loanId]!.figures;
          assert.deepEqual(
            [loan.status, loan.balanceCents, loan.amountDueCents, loan.daysPastDue, loan.nextDueDate, loan.role],
            [figures.status, figures.balanceCents, figures.amountDueCents, figures.daysPastDue, figures.nextDueDate, 'primary'],
            loan.loanId,
          );
        }
      });

      it('imports only loanIds when given', async () => {
        const res = await post(sync('1006', { loanIds: [5007] }));
        assert.equal(res.statusCode, 201, res.body);
        const loans = (await t.request('GET', '/customers/1006/loans', { key })).json();
        assert.deepEqual(
          loans.map((l: { loanId: string; daysPastDue: number }) => [l.loanId, l.daysPastDue]),
          [['5007', 45]],
        );
      });

      it('finds the customer through loanId', async () => {
        if (!product.coBorrowers) {
          // The LMS does not know 1002 co-signed 5003: for it, the loan is not theirs.
          const res = await post(sync('1002', { loanId: '5003' }));
          assert.equal(res.statusCode, 404);
          assert.equal(res.json().code, 'lms_loan_not_found');
        }
        const res = await post(sync('1002', { loanId: product.coBorrowers ? '5003' : '5004' }));
        assert.equal(res.statusCode, 201, res.body);
        assert.equal(res.json().timezone, 'America/Chicago', 'Pensacola, Florida panhandle: Central');
        const loans = (await t.request('GET', '/customers/1002/loans', { key })).json();
        assert.deepEqual(
          loans.map((l: { loanId: string; role: string }) => [l.loanId, l.role]),
          product.coBorrowers
            ? [
                ['5003', 'co-borrower'],
                ['5004', 'primary'],
              ]
            : [['5004', 'primary']],
        );
      });

      it('an Idempotency-Key replays the answer without asking the LMS again', async () => {
        const headers = { 'idempotency-key': `sync-${product.kind}-1` };
        const first = await post(sync('1004'), headers);
        assert.equal(first.statusCode, 201, first.body);
        const requests = fake.count();
        const replay = await post(sync('1004'), headers);
        assert.equal(replay.statusCode, 201);
        assert.equal(replay.headers['idempotent-replayed'], 'true');
        assert.equal(replay.body, first.body);
        assert.equal(fake.count(), requests, 'the LMS was not read again');
      });

      const failures: Array<{ name: string; body: unknown; fault?: Fault; match?: RegExp; status: number; code: string; retryAfter?: string }> = [
        { name: 'customer not found', body: sync('9999'), status: 404, code: 'lms_customer_not_found' },
        { name: 'loan not found', body: sync('1003', { loanIds: [9998] }), status: 404, code: 'lms_loan_not_found' },
        { name: 'timeout', body: sync('1003'), fault: { type: 'delay', ms: 3000 }, status: 504, code: 'lms_timeout' },
        {
          name: 'server error',
          body: sync('1003'),
          fault: { type: 'status', status: 500, raw: 'Ana Reyes 666-40-7319 failed' },
          status: 502,
          code: 'lms_upstream_error',
        },
        { name: 'malformed answer', body: sync('1003'), fault: { type: 'malformed' }, status: 502, code: 'lms_upstream_error' },
        { name: 'connection reset', body: sync('1003'), fault: { type: 'reset' }, status: 502, code: 'lms_upstream_error' },
        { name: 'rate limit', body: sync('1003'), fault: { type: 'rateLimit', retryAfter: '600' }, status: 503, code: 'lms_rate_limited', retryAfter: '600' },
        { name: 'credentials rejected', body: sync('1003'), fault: { type: 'auth' }, status: 502, code: 'lms_auth_failed' },
        {
          name: 'loans failing after the customer was read',
          body: sync('1003'),
          fault: { type: 'status', status: 503 },
          match: product.loanPath,
          status: 502,
          code: 'lms_upstream_error',
        },
      ];
      for (const failure of failures) {
        it(`${failure.name} → ${failure.status} ${failure.code}, and nothing is saved`, async () => {
          const before = await countRows(t, companyId);
          if (failure.fault) fake.inject({ fault: failure.fault, ...(failure.match ? { match: failure.match } : {}) });
          try {
            const res = await post(failure.body, { 'idempotency-key': `fail-${product.kind}-${failure.name.replace(/\W+/g, '-')}` });
            errorBodies.push(res.body);
            assert.equal(res.statusCode, failure.status, res.body);
            const problem = res.json();
            assert.equal(problem.code, failure.code);
            assert.equal(problem.lmsSystem, product.kind);
            assert.ok(problem.detail.startsWith(`${String(product.name)}: `), `the error names the system: ${String(problem.detail)}`);
            if (failure.retryAfter) assert.equal(res.headers['retry-after'], failure.retryAfter);
          } finally {
            fake.clearFaults();
          }
          assert.deepEqual(await countRows(t, companyId), before);
        });
      }

      it('a refused connection → 502 lms_upstream_error, and nothing is saved', async () => {
        const before = await countRows(t, companyId);
        await t.services.lmsConfigs.configure(companyId, { ...configOf(product.kind, fake), baseUrl: await refusedOrigin() });
        const res = await post(sync('1003'));
        errorBodies.push(res.body);
        assert.equal(res.statusCode, 502, res.body);
        assert.equal(res.json().code, 'lms_upstream_error');
        assert.match(res.json().detail, /connection failed/);
        assert.deepEqual(await countRows(t, companyId), before);
        // Pointed back at the running fake, the same request succeeds.
        await t.services.lmsConfigs.configure(companyId, configOf(product.kind, fake));
        assert.equal((await post(sync('1003'))).statusCode, 201);
      });

      it('an unusable LMS phone is reported by its warning code, never its value', async () => {
        const before = await countRows(t, companyId);
        const res = await post(sync('1005'));
        errorBodies.push(res.body);
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json().errors, [
          { pointer: '/phoneNumber', detail: 'is required: not in the request, and the LMS value was unusable (invalid_phone)' },
        ]);
        assert.deepEqual(res.json().lmsWarnings, [{ field: 'phoneNumber', code: 'invalid_phone' }]);
        assert.deepEqual(await countRows(t, companyId), before);
      });

      it('no SSN, birthday, phone, name, e-mail or street in any log line or error', () => {
        assert.ok(errorBodies.length >= failures.length);
        assertNoPii(errorBodies, 'problem responses');
        assertNoPii(comparableLogLines(t.logLines), 'the log');
        assert.ok(
          t.logLines.some((l) => l.includes('"msg":"lms read failed"')),
          'failures are logged',
        );
      });
    });
  }
}

function configOf(kind: 'loanpro' | 'fineract', fake: FakeServer & { baseUrl: string }): Record<string, unknown> {
  const f = fake as FakeServer & { baseUrl: string; token?: string; tenantId?: string; username?: string; password?: string };
  const tuning = { tenantTimezone: 'America/Denver', ...FAST_TUNING };
  return kind === 'loanpro'
    ? { kind, baseUrl: f.baseUrl, credentials: { token: f.token, tenantId: f.tenantId }, ...tuning }
    : { kind, baseUrl: f.baseUrl, credentials: { username: f.username, password: f.password, tenantId: f.tenantId }, ...tuning };
}
