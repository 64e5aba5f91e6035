import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.js';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.js';

for (const backend of backends) {
  describe(`Idempotency-Key (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    const post = (url: string, body: unknown, key?: string, apiKey?: string) =>
      t.request('POST', url, { body, headers: key === undefined ? {} : { 'idempotency-key': key }, ...(apiKey ? { key: apiKey } : {}) });

    it('replays the stored status and body for the same key and body, and marks it', async () => {
      const body = customerBody({ id: 'idem-1' });
      const first = await post('/customers', body, 'key-idem-1');
      assert.equal(first.statusCode, 201);
      assert.equal(first.headers['idempotent-replayed'], undefined);
      const second = await post('/customers', body, 'key-idem-1');
      assert.equal(second.statusCode, 201, 'not 409: the retry is answered from storage');
      assert.equal(second.headers['idempotent-replayed'], 'true');
      assert.deepEqual(second.json(), first.json());
      assert.equal(second.headers.location, '/customers/idem-1');
    });

    it('treats the same body with keys in another order as the same request', async () => {
      const body = customerBody({ id: 'idem-order' });
      const reversed = Object.fromEntries(Object.entries(body).reverse());
      assert.equal((await post('/customers', body, 'key-order')).statusCode, 201);
      const again = await post('/customers', reversed, 'key-order');
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
    });

    it('refuses the same key with another body with 422', async () => {
      assert.equal((await post('/customers', customerBody({ id: 'idem-2' }), 'key-idem-2')).statusCode, 201);
      const other = await post('/customers', customerBody({ id: 'idem-2b' }), 'key-idem-2');
      assert.equal(other.statusCode, 422);
      assert.equal(other.json().code, 'idempotency_key_reused');
      assert.equal((await t.request('GET', '/customers/idem-2b')).statusCode, 404);
    });

    it('accepts the draft standard\'s quoted form and Stripe\'s bare form as the same key', async () => {
      const body = customerBody({ id: 'idem-quoted' });
      assert.equal((await post('/customers', body, '"abc-123"')).statusCode, 201);
      const bare = await post('/customers', body, 'abc-123');
      assert.equal(bare.headers['idempotent-replayed'], 'true');
    });

    for (const bad of ['', 'has space', 'x'.repeat(256), 'quote"inside', 'ünïcode']) {
      it(`refuses a malformed key ${JSON.stringify(bad.slice(0, 20))} with 400`, async () => {
        const res = await t.app.inject({
          method: 'POST', url: '/customers',
          headers: { 'x-api-key': t.apiKey, 'content-type': 'application/json', 'idempotency-key': bad },
          payload: JSON.stringify(customerBody({ id: `idem-bad-${bad.length}` })),
        });
        assert.equal(res.statusCode, 400);
        assert.equal(res.json().code, 'idempotency_key_invalid');
      });
    }

    it('scopes keys to the company: another company reusing a key gets its own result', async () => {
      const mine = await post('/customers', customerBody({ id: 'idem-shared' }), 'shared-key');
      assert.equal(mine.statusCode, 201);
      const theirs = await post('/customers', customerBody({ id: 'idem-shared-other' }), 'shared-key', t.otherApiKey);
      assert.equal(theirs.statusCode, 201);
      assert.equal(theirs.headers['idempotent-replayed'], undefined);
      assert.equal(theirs.json().id, 'idem-shared-other');
    });

    it('scopes keys to the route', async () => {
      assert.equal((await post('/customers', customerBody({ id: 'idem-route' }), 'route-key')).statusCode, 201);
      const call = await post('/calls', { customerId: 'idem-route', toPhoneNumber: '+14155550100', timestamp: new Date(Date.now() - 60_000).toISOString(), outcome: 'no_answer' }, 'route-key');
      assert.equal(call.statusCode, 201);
    });

    it('does not store a failed request: fixing the body and retrying with the same key works', async () => {
      const bad = await post('/customers', customerBody({ id: 'idem-fix', phoneNumber: '800-555-0100' }), 'key-fix');
      assert.equal(bad.statusCode, 400);
      const good = await post('/customers', customerBody({ id: 'idem-fix' }), 'key-fix');
      assert.equal(good.statusCode, 201);
    });

    if (backend === 'postgres') {
      it('20 concurrent identical requests with one key create exactly one customer and one schedule', async () => {
        const body = customerBody({ id: 'idem-race' });
        const answers = await Promise.all(Array.from({ length: 20 }, () => post('/customers', body, 'race-key')));
        const created = answers.filter((a) => a.statusCode === 201);
        const inProgress = answers.filter((a) => a.statusCode === 409);
        assert.equal(created.length + inProgress.length, 20, answers.map((a) => a.statusCode).join(','));
        assert.ok(created.length >= 1);
        const firstBody = created[0]!.json();
        for (const answer of created) assert.deepEqual(answer.json(), firstBody, 'every 201 is the stored response');
        for (const answer of inProgress) {
          assert.equal(answer.json().code, 'idempotency_key_in_progress');
          assert.ok(Number(answer.headers['retry-after']) >= 1);
        }
        const customers = await t.services.db.selectFrom('customers').select('id').where('company_id', '=', t.companyId).where('id', '=', 'idem-race').execute();
        assert.equal(customers.length, 1);
        const tasks = await t.services.db.selectFrom('call_tasks').select(['id', 'created_at']).where('company_id', '=', t.companyId).where('customer_id', '=', 'idem-race').execute();
        assert.equal(new Set(tasks.map((task) => task.created_at.getTime())).size, 1, 'one schedule, built once');
        assert.equal((await post('/customers', body, 'race-key')).headers['idempotent-replayed'], 'true');
      });
    }
  });
}
