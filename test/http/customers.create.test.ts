import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

for (const backend of backends) {
  describe(`POST /customers (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    it("accepts the seed page's example request with its placeholders filled in", async () => {
      const seedExample = {
        id: 'seed-example-1',
        taskType: 'collections',
        firstName: 'Jordan',
        lastName: 'Smith',
        email: 'jordan.smith@example.com',
        birthday: '1985-06-15',
        ssnLastFour: '1234',
        timezone: 'America/Los_Angeles',
        phoneNumber: '+14155550123',
        streetAddress1: '123 Main St',
        streetAddress2: 'Apt 4B',
        city: 'San Francisco',
        state: 'CA',
        zipCode: '94102',
        doNotCall: true,
        isTest: true,
        test: false,
        externalMetadata: {
          home_phone: '+14155555555',
          cell_phone: '+14155556666',
          employer_name: 'Acme Corporation',
          employer_address: '456 Business Ave',
          employer_city: 'San Francisco',
          employer_state: 'CA',
          employer_zip: '94103',
          employer_department: 'Sales',
          employer_phone: '+14155557777',
          employer_direct_line: '+14155558888',
          pay_frequency: 'biweekly',
          pay_day: 'Friday',
        },
        loanIds: [123, 456, 789],
        sync: false,
        loanId: 'LN-42',
      };
      const res = await t.request('POST', '/customers', { body: seedExample });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      for (const field of [
        'id',
        'taskType',
        'firstName',
        'lastName',
        'email',
        'birthday',
        'ssnLastFour',
        'timezone',
        'phoneNumber',
        'streetAddress1',
        'streetAddress2',
        'city',
        'state',
        'zipCode',
        'doNotCall',
      ]) {
        assert.deepEqual(body[field], seedExample[field as keyof typeof seedExample], field);
      }
      assert.equal(body.isTest, true);
      assert.deepEqual(body.externalMetadata, seedExample.externalMetadata);
      assert.equal('test' in body, false);
      assert.equal('sync' in body, false);
      assert.match(body.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(body.updatedAt, body.createdAt);
      assert.equal(res.headers.location, '/customers/seed-example-1');
    });

    it('returns 409 customer_exists for the same id in the same company, and allows it in another', async () => {
      const first = await t.request('POST', '/customers', { body: customerBody({ id: 'dup-1' }) });
      assert.equal(first.statusCode, 201);
      const again = await t.request('POST', '/customers', { body: customerBody({ id: 'dup-1', firstName: 'Other' }) });
      assert.equal(again.statusCode, 409);
      assert.equal(again.json().code, 'customer_exists');
      const stored = await t.request('GET', '/customers/dup-1');
      assert.equal(stored.json().firstName, 'Ana', 'the conflicting request changed nothing');
      const elsewhere = await t.request('POST', '/customers', { body: customerBody({ id: 'dup-1' }), key: t.otherApiKey });
      assert.equal(elsewhere.statusCode, 201);
    });

    it('reports every missing required field at once, each with a JSON pointer', async () => {
      const res = await t.request('POST', '/customers', { body: {} });
      assert.equal(res.statusCode, 400);
      const problem = res.json();
      assert.equal(problem.code, 'validation_failed');
      assert.match(res.headers['content-type'] as string, /^application\/problem\+json/);
      const pointers = problem.errors.map((e: { pointer: string }) => e.pointer).sort();
      assert.deepEqual(pointers, [
        '/city',
        '/firstName',
        '/id',
        '/lastName',
        '/phoneNumber',
        '/state',
        '/streetAddress1',
        '/taskType',
        '/timezone',
        '/zipCode',
      ]);
      for (const error of problem.errors) assert.equal(error.detail, 'is required');
    });

    for (const field of ['id', 'taskType', 'firstName', 'lastName', 'phoneNumber', 'timezone', 'streetAddress1', 'city', 'state', 'zipCode']) {
      it(`requires ${field}`, async () => {
        const body = customerBody({ id: `missing-${field}` });
        delete body[field];
        const res = await t.request('POST', '/customers', { body });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(res.json().errors, [{ pointer: `/${field}`, detail: 'is required' }]);
      });
    }

    const cases: Array<[string, unknown, number, unknown?]> = [
      // [field, value, expected status, expected stored value]
      ['timezone', 'America/New_York', 201, 'America/New_York'],
      ['timezone', 'US/Eastern', 201, 'America/New_York'],
      ['timezone', 'america/chicago', 201, 'America/Chicago'],
      ['timezone', 'America/Indianapolis', 201, 'America/Indiana/Indianapolis'],
      ['timezone', 'EST', 400],
      ['timezone', 'EST5EDT', 400],
      ['timezone', '+05:00', 400],
      ['timezone', '-0500', 400],
      ['timezone', 'Etc/GMT+5', 400],
      ['timezone', 'America/Nowhere', 400],
      ['timezone', 'Eastern Standard Time', 400],
      ['phoneNumber', '(415) 555-0100', 201, '+14155550100'],
      ['phoneNumber', '415.555.0100', 201, '+14155550100'],
      ['phoneNumber', '+1 415 555 0100', 201, '+14155550100'],
      ['phoneNumber', '1-415-555-0100', 201, '+14155550100'],
      ['phoneNumber', '4155550100', 201, '+14155550100'],
      ['phoneNumber', '800-555-0100', 400],
      ['phoneNumber', '(888) 555-0100', 400],
      ['phoneNumber', '900-555-0100', 400],
      ['phoneNumber', 'call me at 415-555-0100', 400],
      ['phoneNumber', '415-555-0100 ext. 12', 400],
      ['phoneNumber', '555-555-5555', 400],
      ['phoneNumber', '12345', 400],
      ['phoneNumber', '+44 20 7946 0958', 400],
      ['state', 'ny', 201, 'NY'],
      ['state', 'DC', 201, 'DC'],
      ['state', 'pr', 201, 'PR'],
      ['state', 'AE', 201, 'AE'],
      ['state', 'XX', 400],
      ['state', 'N', 400],
      ['zipCode', '10001', 201, '10001'],
      ['zipCode', '10001-1234', 201, '10001-1234'],
      ['zipCode', '1000', 400],
      ['zipCode', '10001-12', 400],
      ['zipCode', 'ABCDE', 400],
      ['email', 'ana.reyes@example.com', 201, 'ana.reyes@example.com'],
      ['email', 'not-an-email', 400],
      ['email', 'a@b', 400],
      ['email', 'two words@example.com', 400],
      ['birthday', '1985-06-15', 201, '1985-06-15'],
      ['birthday', '2000-02-29', 201, '2000-02-29'],
      ['birthday', '1900-01-01', 201, '1900-01-01'],
      ['birthday', '1899-12-31', 400],
      ['birthday', '1985-02-30', 400],
      ['birthday', '1985-13-01', 400],
      ['birthday', '06/15/1985', 400],
      ['birthday', '2999-01-01', 400],
      ['ssnLastFour', '0042', 201, '0042'],
      ['ssnLastFour', '123', 400],
      ['ssnLastFour', '12345', 400],
      ['ssnLastFour', '12a4', 400],
      ['ssnLastFour', 1234, 400],
      ['externalMetadata', [], 400],
      ['externalMetadata', null, 400],
      ['externalMetadata', 'text', 400],
      ['loanIds', [1, 2, 3], 201],
      ['loanIds', [0], 400],
      ['loanIds', [-5], 400],
      ['loanIds', [1.5], 400],
      ['loanIds', ['123'], 400],
      ['loanIds', 123, 400],
      ['loanIds', Array.from({ length: 1001 }, (_, i) => i + 1), 400],
      ['loanId', 'LN-1', 201],
      ['loanId', '', 400],
      ['loanId', '   ', 400],
      ['loanId', 42, 400],
      ['doNotCall', 'yes', 400],
      ['isTest', 'true', 400],
      ['firstName', 42, 400],
      ['firstName', 'x'.repeat(101), 400],
      ['firstName', '   ', 400],
      ['streetAddress1', 'x'.repeat(201), 400],
    ];
    let n = 0;
    for (const [field, value, status, stored] of cases) {
      it(`${field} = ${JSON.stringify(value)?.slice(0, 40)} → ${status}`, async () => {
        const id = `case-${n++}`;
        const res = await t.request('POST', '/customers', { body: customerBody({ id, [field]: value }) });
        assert.equal(res.statusCode, status, res.body);
        if (status === 201 && stored !== undefined) assert.deepEqual(res.json()[field], stored);
        if (status === 400) {
          const problem = res.json();
          assert.equal(problem.errors.length, 1, res.body);
          assert.equal(problem.errors[0].pointer.split('/')[1], field);
          const get = await t.request('GET', `/customers/${id}`);
          assert.equal(get.statusCode, 404, 'a failed request stores nothing');
        }
      });
    }

    it('never echoes a rejected value back in the error', async () => {
      const res = await t.request('POST', '/customers', {
        body: customerBody({ id: 'echo', phoneNumber: '800-555-0199', email: 'secret-person@', ssnLastFour: '98765', birthday: '2999-12-31' }),
      });
      assert.equal(res.statusCode, 400);
      for (const value of ['800-555-0199', 'secret-person', '98765', '2999-12-31']) assert.ok(!res.body.includes(value), value);
    });

    it('trims strings', async () => {
      const res = await t.request('POST', '/customers', {
        body: customerBody({ id: '  trim-1  ', firstName: '  Ana ', city: ' San Francisco\t', state: ' ca ', zipCode: ' 94102 ', ssnLastFour: ' 1234 ' }),
      });
      assert.equal(res.statusCode, 201, res.body);
      const body = res.json();
      assert.equal(body.id, 'trim-1');
      assert.equal(body.firstName, 'Ana');
      assert.equal(body.city, 'San Francisco');
      assert.equal(body.state, 'CA');
      assert.equal(body.zipCode, '94102');
      assert.equal(body.ssnLastFour, '1234');
    });

    it('rejects unknown fields by name, together with every other failure', async () => {
      const res = await t.request('POST', '/customers', {
        body: customerBody({ id: 'unknown-fields', nickname: 'Annie', name: 'Ana Reyes', timezone: 'EST', phoneNumber: '800-555-0100' }),
      });
      assert.equal(res.statusCode, 400);
      const pointers = res
        .json()
        .errors.map((e: { pointer: string }) => e.pointer)
        .sort();
      assert.deepEqual(pointers, ['/name', '/nickname', '/phoneNumber', '/timezone']);
    });

    it('matches taskType case-insensitively and stores the company spelling', async () => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'tt-1', taskType: 'COLLECTIONS' }) });
      assert.equal(res.statusCode, 201);
      assert.equal(res.json().taskType, 'collections');
    });

    it('answers an unknown taskType with invalid_task_type and the valid list', async () => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'tt-2', taskType: 'marketing' }) });
      assert.equal(res.statusCode, 400);
      const problem = res.json();
      assert.equal(problem.code, 'invalid_task_type');
      assert.deepEqual(problem.validTaskTypes, ['collections', 'servicing', 'verification']);
      assert.deepEqual(
        problem.errors.map((e: { pointer: string }) => e.pointer),
        ['/taskType'],
      );
    });

    it("another company's task types are not valid here", async () => {
      await t.services.companies.addTaskType(t.otherCompanyId, 'recoveries');
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'tt-3', taskType: 'recoveries' }) });
      assert.equal(res.statusCode, 400);
      assert.ok(!res.json().validTaskTypes.includes('recoveries'));
    });

    it('makes a test customer when either test or isTest is true', async () => {
      const combos: Array<[Record<string, boolean>, boolean]> = [
        [{}, false],
        [{ test: true }, true],
        [{ isTest: true }, true],
        [{ isTest: true, test: false }, true],
        [{ isTest: false, test: true }, true],
        [{ isTest: false, test: false }, false],
      ];
      for (const [i, [flags, expected]] of combos.entries()) {
        const res = await t.request('POST', '/customers', { body: customerBody({ id: `test-flag-${i}`, ...flags }) });
        assert.equal(res.statusCode, 201);
        assert.equal(res.json().isTest, expected, JSON.stringify(flags));
      }
    });

    it('defaults doNotCall to false', async () => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'dnc-default' }) });
      assert.equal(res.json().doNotCall, false);
    });

    it('stores externalMetadata exactly as given: keys, order, nesting and types', async () => {
      const metadata = {
        zeta: 1,
        alpha: 'two',
        nested: { deep: { deeper: [1, 'x', null, true, { k: 1.5 }] } },
        emptyObject: {},
        emptyArray: [],
        flag: false,
        nothing: null,
        unicode: 'Zoë — 東京 🚀',
        injection: "'; DROP TABLE customers; --",
        number: -0.000123,
        big: 9007199254740991,
        // What the embedded database quotes statement parameters with: the quoting must pick another tag.
        dollarQuotes: '$cw$); DROP TABLE customers; -- $cw0$ $$',
      };
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'meta-1', externalMetadata: metadata, firstName: '$cw1$ Ana' }) });
      assert.equal(res.statusCode, 201);
      assert.equal(res.json().firstName, '$cw1$ Ana');
      const read = await t.request('GET', '/customers/meta-1');
      assert.equal(JSON.stringify(read.json().externalMetadata), JSON.stringify(metadata));
    });

    it('accepts metadata up to 64 KiB and refuses more', async () => {
      const fits = { blob: 'x'.repeat(64 * 1024 - 12) };
      assert.ok(JSON.stringify(fits).length <= 64 * 1024);
      const ok = await t.request('POST', '/customers', { body: customerBody({ id: 'meta-big-ok', externalMetadata: fits }) });
      assert.equal(ok.statusCode, 201);
      const tooBig = { blob: 'x'.repeat(64 * 1024) };
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'meta-big', externalMetadata: tooBig }) });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().errors[0].pointer, '/externalMetadata');
    });

    it("records loanIds and loanId as the customer's loan references", async () => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id: 'loans-1', loanIds: [123, 456, 123], loanId: 'LN-9' }) });
      assert.equal(res.statusCode, 201);
      const rows = await t.services.db
        .selectFrom('customer_loans')
        .select('loan_id')
        .where('company_id', '=', t.companyId)
        .where('customer_id', '=', 'loans-1')
        .orderBy('loan_id')
        .execute();
      assert.deepEqual(
        rows.map((r) => r.loan_id),
        ['123', '456', 'LN-9'],
      );
    });

    it('answers sync: true with lms_not_configured while no LMS is configured, and stores nothing', async () => {
      // The demo company comes with the demo LMS (test/http/lms-sync.test.ts); the other has none.
      const res = await t.request('POST', '/customers', { body: { id: 'sync-1', taskType: 'collections', sync: true }, key: t.otherApiKey });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'lms_not_configured');
      assert.equal((await t.request('GET', '/customers/sync-1', { key: t.otherApiKey })).statusCode, 404);
    });

    it('still validates the fields sent with sync: true', async () => {
      const res = await t.request('POST', '/customers', { body: { id: 'sync-2', taskType: 'collections', sync: true, phoneNumber: '800-555-0100' } });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json().code, 'validation_failed');
    });

    it('stores SSN last four and birthday encrypted, never as plaintext', async () => {
      await t.request('POST', '/customers', { body: customerBody({ id: 'pii-1', ssnLastFour: '7351', birthday: '1971-03-09' }) });
      const row = await t.services.db.selectFrom('customers').selectAll().where('id', '=', 'pii-1').executeTakeFirstOrThrow();
      const raw = JSON.stringify(row);
      assert.ok(!raw.includes('7351'));
      assert.ok(!raw.includes('1971-03-09'));
      assert.match(row.ssn_last_four_enc!, /^v1\./);
    });
  });
}
