import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

/** Every field the contract lets a customer have, so a PATCH can be checked against all of them. */
function fullCustomer(id: string): Record<string, unknown> {
  return customerBody({
    id,
    email: 'ana.reyes@example.com',
    birthday: '1985-06-15',
    ssnLastFour: '1234',
    streetAddress2: 'Apt 4B',
    doNotCall: false,
    isTest: false,
    externalMetadata: { employer_name: 'Acme', pay: { frequency: 'biweekly', day: 'Friday' }, ids: [1, 2] },
  });
}

for (const backend of backends) {
  describe(`PATCH and DELETE /customers/{id} (${backend})`, () => {
    let t: TestApp;
    let n = 0;
    // A clock that moves one second every time it is read, so updatedAt visibly moves.
    let instant = Date.parse('2025-06-01T12:00:00.000Z');
    const clock = () => new Date((instant += 1000));

    /** Creates a full customer with a fresh id and returns it as the API shows it. */
    async function fresh(prefix: string): Promise<Record<string, unknown> & { id: string }> {
      const res = await t.request('POST', '/customers', { body: fullCustomer(`${prefix}-${n++}`) });
      assert.equal(res.statusCode, 201, res.body);
      return res.json();
    }

    const read = async (id: string) => (await t.request('GET', `/customers/${encodeURIComponent(id)}`)).json();

    before(async () => {
      t = await startTestApp(backend, { clock });
      await t.services.companies.addTaskType(t.companyId, 'Hardship');
    });
    after(() => t.close());

    describe('PATCH', () => {
      it('changes only the fields sent; updatedAt moves, createdAt does not', async () => {
        const before = await fresh('partial');
        const res = await t.request('PATCH', `/customers/${before.id}`, { body: { firstName: 'Maria' } });
        assert.equal(res.statusCode, 200, res.body);
        const after = res.json();
        assert.equal(after.firstName, 'Maria');
        assert.equal(after.createdAt, before.createdAt);
        assert.ok(Date.parse(after.updatedAt) > Date.parse(before.updatedAt as string), 'updatedAt moved forward');
        const { firstName: _a, updatedAt: _b, ...restBefore } = before;
        const { firstName: _c, updatedAt: _d, ...restAfter } = after;
        assert.deepEqual(restAfter, restBefore, 'nothing else changed');
        assert.deepEqual(await read(before.id), after, 'GET shows what PATCH returned');
      });

      const changes: Array<[string, unknown, unknown]> = [
        // [field, value sent, value returned]
        ['lastName', 'Delgado', 'Delgado'],
        ['email', 'maria@example.org', 'maria@example.org'],
        ['birthday', '2000-02-29', '2000-02-29'],
        ['ssnLastFour', '0007', '0007'],
        ['timezone', 'US/Eastern', 'America/New_York'],
        ['timezone', 'america/chicago', 'America/Chicago'],
        ['phoneNumber', '(212) 555-0100', '+12125550100'],
        ['phoneNumber', '+1 415 555 0199', '+14155550199'],
        ['streetAddress1', '9 Elm St', '9 Elm St'],
        ['streetAddress2', 'Unit 5', 'Unit 5'],
        ['city', '  Oakland ', 'Oakland'],
        ['state', 'ny', 'NY'],
        ['state', 'ae', 'AE'],
        ['zipCode', '10001-1234', '10001-1234'],
        ['doNotCall', true, true],
        ['isTest', true, true],
        ['externalMetadata', { b: 2, a: [1, { c: null }], z: 'é' }, { b: 2, a: [1, { c: null }], z: 'é' }],
      ];
      for (const [field, sent, stored] of changes) {
        it(`changes ${field} to ${JSON.stringify(sent)} and nothing else`, async () => {
          const before = await fresh('field');
          const res = await t.request('PATCH', `/customers/${before.id}`, { body: { [field]: sent } });
          assert.equal(res.statusCode, 200, res.body);
          const after = res.json();
          assert.deepEqual(after[field], stored);
          for (const key of Object.keys({ ...before, ...after })) {
            if (key !== field && key !== 'updatedAt') assert.deepEqual(after[key], before[key], key);
          }
          assert.deepEqual(await read(before.id), after);
        });
      }

      it('marks a test customer when either test or isTest is true, and unmarks it', async () => {
        const customer = await fresh('flags');
        const steps: Array<[Record<string, boolean>, boolean]> = [
          [{ test: true }, true],
          [{ isTest: false }, false],
          [{ isTest: false, test: true }, true],
          [{ isTest: false, test: false }, false],
          [{ isTest: true, test: false }, true],
        ];
        for (const [flags, expected] of steps) {
          const res = await t.request('PATCH', `/customers/${customer.id}`, { body: flags });
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(res.json().isTest, expected, JSON.stringify(flags));
          assert.equal('test' in res.json(), false);
        }
      });

      it('matches a new taskType case-insensitively and stores the company spelling', async () => {
        const customer = await fresh('task');
        const upper = await t.request('PATCH', `/customers/${customer.id}`, { body: { taskType: 'VERIFICATION' } });
        assert.equal(upper.statusCode, 200, upper.body);
        assert.equal(upper.json().taskType, 'verification');
        const company = await t.request('PATCH', `/customers/${customer.id}`, { body: { taskType: 'hardship' } });
        assert.equal(company.json().taskType, 'Hardship');
        assert.equal((await read(customer.id)).taskType, 'Hardship');
      });

      it('refuses an unknown taskType with invalid_task_type and the valid list, changing nothing', async () => {
        const before = await fresh('task-bad');
        const res = await t.request('PATCH', `/customers/${before.id}`, { body: { taskType: 'marketing' } });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'invalid_task_type');
        assert.deepEqual(res.json().validTaskTypes, ['collections', 'Hardship', 'servicing', 'verification']);
        assert.deepEqual(await read(before.id), before);
      });

      const invalid: Array<[string, unknown]> = [
        ['timezone', 'EST'],
        ['timezone', 'EST5EDT'],
        ['timezone', '-05:00'],
        ['timezone', 'Etc/GMT+5'],
        ['phoneNumber', '800-555-0100'],
        ['phoneNumber', '900-555-0100'],
        ['phoneNumber', 'call 415-555-0100'],
        ['phoneNumber', 4155550100],
        ['state', 'XX'],
        ['state', 'Cal'],
        ['zipCode', '1234'],
        ['zipCode', '12345-12'],
        ['email', 'not-an-email'],
        ['email', 'a@b'],
        ['email', `${'x'.repeat(250)}@example.com`],
        ['streetAddress2', 'x'.repeat(201)],
        ['ssnLastFour', '12345'],
        ['birthday', '1985-06-15T00:00'],
        ['birthday', '2999-01-01'],
        ['birthday', '1985-02-30'],
        ['birthday', '1899-12-31'],
        ['birthday', '15/06/1985'],
        ['ssnLastFour', '12a4'],
        ['ssnLastFour', '123'],
        ['ssnLastFour', 1234],
        ['firstName', ''],
        ['firstName', '   '],
        ['firstName', 'x'.repeat(101)],
        ['firstName', 42],
        ['firstName', 'Ana\u0000'],
        ['lastName', ['Reyes']],
        ['city', { name: 'Oakland' }],
        ['streetAddress1', 'x'.repeat(201)],
        ['externalMetadata', []],
        ['externalMetadata', 'text'],
        ['externalMetadata', { blob: 'x'.repeat(64 * 1024) }],
        ['doNotCall', 'yes'],
        ['doNotCall', 1],
        ['isTest', 'true'],
        ['test', 'false'],
        ['taskType', ''],
        ['taskType', 7],
      ];
      for (const [field, value] of invalid) {
        it(`refuses ${field} = ${JSON.stringify(value).slice(0, 30)} with 400 at /${field}, changing nothing`, async () => {
          const before = await fresh('invalid');
          const companion = field === 'streetAddress2' ? 'city' : 'streetAddress2';
          const res = await t.request('PATCH', `/customers/${before.id}`, { body: { [field]: value, [companion]: 'Changed too' } });
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.deepEqual(
            res.json().errors.map((e: { pointer: string }) => e.pointer),
            [`/${field}`],
          );
          assert.deepEqual(await read(before.id), before, 'the valid field in the same request was not applied either');
        });
      }

      it('says one thing per field of a nullable type: "must be a string or null", or the rule it broke', async () => {
        const customer = await fresh('nullable');
        const cases: Array<[Record<string, unknown>, Array<{ pointer: string; detail: string }>]> = [
          [{ ssnLastFour: 1234 }, [{ pointer: '/ssnLastFour', detail: 'must be a string or null' }]],
          [{ externalMetadata: [] }, [{ pointer: '/externalMetadata', detail: 'must be a JSON object or null' }]],
          [{ email: false }, [{ pointer: '/email', detail: 'must be a string or null' }]],
          [{ ssnLastFour: '12345' }, [{ pointer: '/ssnLastFour', detail: 'must be at most 4 characters' }]],
          [{ streetAddress2: '' }, [{ pointer: '/streetAddress2', detail: 'must not be empty' }]],
        ];
        for (const [body, errors] of cases) {
          const res = await t.request('PATCH', `/customers/${customer.id}`, { body });
          assert.equal(res.statusCode, 400);
          assert.deepEqual(res.json().errors, errors, JSON.stringify(body));
        }
      });

      it('reports every failing field in one response', async () => {
        const before = await fresh('many');
        const res = await t.request('PATCH', `/customers/${before.id}`, {
          body: { timezone: 'EST', phoneNumber: '800-555-0100', state: 'XX', birthday: '1985-13-01', nickname: 'Annie', firstName: null },
        });
        assert.equal(res.statusCode, 400);
        const pointers = res
          .json()
          .errors.map((e: { pointer: string }) => e.pointer)
          .sort();
        assert.deepEqual(pointers, ['/birthday', '/firstName', '/nickname', '/phoneNumber', '/state', '/timezone']);
        assert.deepEqual(await read(before.id), before);
      });

      for (const field of ['email', 'birthday', 'ssnLastFour', 'streetAddress2', 'externalMetadata']) {
        it(`clears the optional ${field} with null`, async () => {
          const before = await fresh('clear');
          assert.notEqual(before[field], undefined);
          const res = await t.request('PATCH', `/customers/${before.id}`, { body: { [field]: null } });
          assert.equal(res.statusCode, 200, res.body);
          assert.equal(field in res.json(), false);
          const stored = await read(before.id);
          assert.equal(field in stored, false);
          const { [field]: _gone, updatedAt: _u, ...rest } = before;
          const { updatedAt: _v, ...restStored } = stored;
          assert.deepEqual(restStored, rest, 'only that field was cleared');
        });
      }

      it('clears every optional field at once, and stores no ciphertext for the cleared PII', async () => {
        const before = await fresh('clear-all');
        const res = await t.request('PATCH', `/customers/${before.id}`, {
          body: { email: null, birthday: null, ssnLastFour: null, streetAddress2: null, externalMetadata: null },
        });
        assert.equal(res.statusCode, 200, res.body);
        const row = await t.services.db
          .selectFrom('customers')
          .selectAll()
          .where('company_id', '=', t.companyId)
          .where('id', '=', before.id)
          .executeTakeFirstOrThrow();
        assert.equal(row.email, null);
        assert.equal(row.birthday_enc, null);
        assert.equal(row.ssn_last_four_enc, null);
        assert.equal(row.street_address2, null);
        assert.equal(row.external_metadata, null);
      });

      for (const field of [
        'firstName',
        'lastName',
        'phoneNumber',
        'timezone',
        'streetAddress1',
        'city',
        'state',
        'zipCode',
        'taskType',
        'doNotCall',
        'isTest',
      ]) {
        it(`refuses null for the required ${field}`, async () => {
          const before = await fresh('null-required');
          const res = await t.request('PATCH', `/customers/${before.id}`, { body: { [field]: null } });
          assert.equal(res.statusCode, 400, res.body);
          assert.equal(res.json().code, 'validation_failed');
          assert.deepEqual(
            res.json().errors.map((e: { pointer: string }) => e.pointer),
            [`/${field}`],
          );
          assert.deepEqual(await read(before.id), before);
        });
      }

      it('refuses a different id and keeps the customer where it is', async () => {
        const before = await fresh('immutable');
        const res = await t.request('PATCH', `/customers/${before.id}`, { body: { id: 'someone-else', firstName: 'X' } });
        assert.equal(res.statusCode, 400);
        assert.deepEqual(
          res.json().errors.map((e: { pointer: string }) => e.pointer),
          ['/id'],
        );
        assert.deepEqual(await read(before.id), before);
        assert.equal((await t.request('GET', '/customers/someone-else')).statusCode, 404);
        for (const id of [null, 42, '']) {
          const bad = await t.request('PATCH', `/customers/${before.id}`, { body: { id } });
          assert.equal(bad.statusCode, 400, JSON.stringify(id));
          assert.deepEqual(
            bad.json().errors.map((e: { pointer: string }) => e.pointer),
            ['/id'],
          );
        }
      });

      it('accepts the same id (also with surrounding spaces) along with other changes', async () => {
        const before = await fresh('same-id');
        const res = await t.request('PATCH', `/customers/${before.id}`, { body: { id: before.id, firstName: 'Same' } });
        assert.equal(res.statusCode, 200, res.body);
        assert.equal(res.json().id, before.id);
        assert.equal(res.json().firstName, 'Same');
        const spaced = await t.request('PATCH', `/customers/${before.id}`, { body: { id: `  ${before.id} ` } });
        assert.equal(spaced.statusCode, 200, spaced.body);
      });

      for (const field of ['nickname', 'createdAt', 'updatedAt', 'customerId']) {
        it(`refuses the unknown field ${field} with 400 naming it`, async () => {
          const before = await fresh('unknown');
          const res = await t.request('PATCH', `/customers/${before.id}`, { body: { [field]: '2020-01-01T00:00:00.000Z', city: 'Elsewhere' } });
          assert.equal(res.statusCode, 400);
          assert.deepEqual(res.json().errors, [{ pointer: `/${field}`, detail: 'is not a known field' }]);
          assert.deepEqual(await read(before.id), before);
        });
      }

      it('changes nothing but updatedAt for an empty object', async () => {
        const before = await fresh('empty');
        const res = await t.request('PATCH', `/customers/${before.id}`, { body: {} });
        assert.equal(res.statusCode, 200, res.body);
        const { updatedAt: _a, ...rest } = res.json();
        const { updatedAt: _b, ...restBefore } = before;
        assert.deepEqual(rest, restBefore);
      });

      it('answers a missing customer with 404 customer_not_found and creates nothing', async () => {
        const res = await t.request('PATCH', '/customers/never-created', { body: { firstName: 'Ghost' } });
        assert.equal(res.statusCode, 404);
        assert.equal(res.json().code, 'customer_not_found');
        assert.equal((await t.request('GET', '/customers/never-created')).statusCode, 404);
      });

      it("answers another company's customer with 404 and leaves it alone", async () => {
        const theirs = await t.request('POST', '/customers', { key: t.otherApiKey, body: customerBody({ id: 'their-patch' }) });
        assert.equal(theirs.statusCode, 201);
        const res = await t.request('PATCH', '/customers/their-patch', { body: { firstName: 'Hijacked' } });
        assert.equal(res.statusCode, 404);
        assert.deepEqual((await t.request('GET', '/customers/their-patch', { key: t.otherApiKey })).json(), theirs.json());
      });
    });

    describe('DELETE', () => {
      it('answers 204 with no body, then GET, PATCH and DELETE answer 404', async () => {
        const customer = await fresh('delete');
        const res = await t.request('DELETE', `/customers/${customer.id}`);
        assert.equal(res.statusCode, 204);
        assert.equal(res.body, '');
        const get = await t.request('GET', `/customers/${customer.id}`);
        assert.equal(get.statusCode, 404);
        assert.equal(get.json().code, 'customer_not_found');
        const patch = await t.request('PATCH', `/customers/${customer.id}`, { body: { firstName: 'Back' } });
        assert.equal(patch.statusCode, 404);
        const again = await t.request('DELETE', `/customers/${customer.id}`);
        assert.equal(again.statusCode, 404);
        assert.equal(again.json().code, 'customer_not_found');
        const page = (await t.request('GET', '/customers?limit=100')).json();
        assert.ok(!page.data.some((c: { id: string }) => c.id === customer.id), 'no longer listed');
      });

      it('removes the loan links and frees the id for a new customer', async () => {
        const created = await t.request('POST', '/customers', { body: customerBody({ id: 'delete-loans', loanIds: [11, 12], loanId: 'LN-13' }) });
        assert.equal(created.statusCode, 201);
        const links = () =>
          t.services.db
            .selectFrom('customer_loans')
            .select('loan_id')
            .where('company_id', '=', t.companyId)
            .where('customer_id', '=', 'delete-loans')
            .execute();
        assert.equal((await links()).length, 3);
        assert.equal((await t.request('DELETE', '/customers/delete-loans')).statusCode, 204);
        assert.deepEqual(await links(), []);
        const recreated = await t.request('POST', '/customers', { body: customerBody({ id: 'delete-loans', firstName: 'Second' }) });
        assert.equal(recreated.statusCode, 201);
        assert.equal(recreated.json().firstName, 'Second');
      });

      it("answers another company's customer with 404 and keeps it", async () => {
        assert.equal((await t.request('POST', '/customers', { key: t.otherApiKey, body: customerBody({ id: 'their-delete' }) })).statusCode, 201);
        assert.equal((await t.request('DELETE', '/customers/their-delete')).statusCode, 404);
        assert.equal((await t.request('GET', '/customers/their-delete', { key: t.otherApiKey })).statusCode, 200);
      });

      it('only deletes in the company that asks, when both use the same id', async () => {
        for (const key of [t.apiKey, t.otherApiKey]) {
          assert.equal((await t.request('POST', '/customers', { key, body: customerBody({ id: 'shared-id' }) })).statusCode, 201);
        }
        assert.equal((await t.request('DELETE', '/customers/shared-id')).statusCode, 204);
        assert.equal((await t.request('GET', '/customers/shared-id')).statusCode, 404);
        assert.equal((await t.request('GET', '/customers/shared-id', { key: t.otherApiKey })).statusCode, 200);
      });
    });
  });
}
