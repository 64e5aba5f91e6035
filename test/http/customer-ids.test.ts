/**
 * Customer ids at the edges of what a URL can carry. `.` and `..` are refused wherever an id is
 * accepted in a body: no client can send them as a path segment (they are resolved away, and
 * `%2E` is a dot to a URL parser too). Every other id — `/`, `?`, `#` and `%` included — is
 * addressed percent-encoded, on every route that takes an id in its path.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { backends } from '../helpers/database.ts';
import { customerBody, DEMO_KEY, startTestApp, type TestApp } from '../helpers/app.ts';

const NOW = new Date('2026-11-30T15:00:00Z');

function syncBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return customerBody({ email: 'ana@example.com', birthday: '1985-06-15', ssnLastFour: '1234', ...overrides });
}

/** The pointers of a 400 validation problem, sorted. */
function pointers(res: { statusCode: number; body: string; json: () => { code: string; errors: Array<{ pointer: string; detail: string }> } }): string[] {
  assert.equal(res.statusCode, 400, res.body);
  const problem = res.json();
  assert.equal(problem.code, 'validation_failed');
  for (const error of problem.errors) assert.ok(error.detail.length > 0, 'a readable detail');
  return problem.errors.map((e) => e.pointer).sort();
}

for (const backend of backends) {
  describe(`customer ids at the edges of a URL (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend, { clock: () => NOW });
    });
    after(() => t.close());

    for (const id of ['.', '..', ' .. ']) {
      it(`POST /customers refuses the id ${JSON.stringify(id)} with 400 at /id, and stores nothing`, async () => {
        const before = (await t.request('GET', '/customers?limit=100')).json().data.length;
        const res = await t.request('POST', '/customers', { body: customerBody({ id }) });
        assert.deepEqual(pointers(res), ['/id']);
        assert.match(res.json().errors[0].detail, /"\." or "\.\."/);
        assert.equal((await t.request('GET', '/customers?limit=100')).json().data.length, before);
      });

      it(`POST /customers/schedule/sync refuses the id ${JSON.stringify(id)} with 400 at /id`, async () => {
        const res = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id }) });
        assert.deepEqual(pointers(res), ['/id']);
      });
    }

    it('reports the id together with every other failing field', async () => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id: '..', phoneNumber: '800-555-0100', state: 'XX' }) });
      assert.deepEqual(pointers(res), ['/id', '/phoneNumber', '/state']);
    });

    it('ids that merely contain dots are ordinary ids', async () => {
      for (const id of ['...', '.a', 'a.', 'x/..', '../x', '%2E']) {
        const res = await t.request('POST', '/customers', { body: customerBody({ id }) });
        assert.equal(res.statusCode, 201, `${id}: ${res.body}`);
        const read = await t.request('GET', `/customers/${encodeURIComponent(id)}`);
        assert.equal(read.statusCode, 200, `${id}: ${read.body}`);
        assert.equal(read.json().id, id);
      }
    });

    it('the customer-full webhook refuses the customerId ".." with 400 at /customerId, before asking an LMS', async () => {
      const res = await t.request('POST', '/webhooks/lms/sync/customer-full', { body: { customerId: '..', taskType: 'collections' } });
      assert.deepEqual(pointers(res), ['/customerId']);
    });

    for (const id of ['ACME/2024/7', 'q?x=1&y=2', 'h#1', 'a/tasks', '50%/50%', 'a/../b']) {
      it(`${JSON.stringify(id)} round-trips percent-encoded through every route that names a customer`, async () => {
        const path = `/customers/${encodeURIComponent(id)}`;
        const created = await t.request('POST', '/customers', { body: customerBody({ id, loanIds: [42] }) });
        assert.equal(created.statusCode, 201, created.body);
        assert.equal(created.json().id, id);
        assert.equal(created.headers.location, path);

        const read = await t.request('GET', path);
        assert.equal(read.statusCode, 200, read.body);
        assert.equal(read.json().id, id);

        const tasks = await t.request('GET', `${path}/tasks`);
        assert.equal(tasks.statusCode, 200, tasks.body);
        assert.ok(tasks.json().length > 0, 'a plan');
        for (const task of tasks.json()) assert.equal(task.customerId, id);

        const loans = await t.request('GET', `${path}/loans`);
        assert.equal(loans.statusCode, 200, loans.body);
        assert.deepEqual(
          loans.json().map((loan: { loanId: string }) => loan.loanId),
          ['42'],
        );

        const call = await t.request('POST', '/calls', {
          body: { customerId: id, toPhoneNumber: '+14155550100', timestamp: '2026-11-30T14:00:00Z', outcome: 'no_answer' },
        });
        assert.equal(call.statusCode, 201, call.body);
        const calls = await t.request('GET', `/calls/customer/${encodeURIComponent(id)}`);
        assert.equal(calls.statusCode, 200, calls.body);
        assert.deepEqual(
          calls.json().map((c: { customerId: string }) => c.customerId),
          [id],
        );

        const patched = await t.request('PATCH', path, { body: { id, city: 'Oakland' } });
        assert.equal(patched.statusCode, 200, patched.body);
        assert.equal(patched.json().city, 'Oakland');

        const synced = await t.request('POST', '/customers/schedule/sync', { body: syncBody({ id, city: 'Berkeley' }) });
        assert.equal(synced.statusCode, 200, synced.body);
        assert.equal(synced.json().id, id);

        assert.equal((await t.request('DELETE', path)).statusCode, 204);
        assert.equal((await t.request('GET', path)).statusCode, 404);
      });
    }

    it('over a real socket: fetch reaches an id with /, ? and # percent-encoded', async () => {
      const id = 'REF/2024?part=1#7';
      const created = await t.request('POST', '/customers', { body: customerBody({ id }) });
      assert.equal(created.statusCode, 201, created.body);
      const address = await t.app.listen({ host: '127.0.0.1', port: 0 });
      assert.ok(address);
      const { port } = t.app.server.address() as AddressInfo;
      const base = `http://127.0.0.1:${port}`;
      const headers = { 'x-api-key': DEMO_KEY };
      const url = new URL(created.headers.location as string, base);
      assert.equal(url.pathname, `/customers/${encodeURIComponent(id)}`, 'the Location survives URL parsing');

      const read = await fetch(url, { headers });
      assert.equal(read.status, 200);
      assert.equal(((await read.json()) as { id: string }).id, id);
      const tasks = await fetch(`${url.href}/tasks`, { headers });
      assert.equal(tasks.status, 200);
      assert.ok(((await tasks.json()) as unknown[]).length > 0);
      const patched = await fetch(url, {
        method: 'PATCH',
        headers: { ...headers, 'content-type': 'application/json' },
        body: JSON.stringify({ city: 'Oakland' }),
      });
      assert.equal(patched.status, 200);
      assert.equal(((await patched.json()) as { city: string }).city, 'Oakland');
      const deleted = await fetch(url, { method: 'DELETE', headers });
      assert.equal(deleted.status, 204);
      assert.equal((await fetch(url, { headers })).status, 404);
    });
  });
}
