import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import type { GroupCommitTransactions } from '../../src/store/transactions.ts';
import Fastify from 'fastify';
import { handlePost } from '../../src/http/post.ts';
import { DomainError } from '../../src/domain/errors.ts';

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

    it("accepts the draft standard's quoted form and Stripe's bare form as the same key", async () => {
      const body = customerBody({ id: 'idem-quoted' });
      assert.equal((await post('/customers', body, '"abc-123"')).statusCode, 201);
      const bare = await post('/customers', body, 'abc-123');
      assert.equal(bare.headers['idempotent-replayed'], 'true');
    });

    for (const bad of ['', 'has space', 'x'.repeat(256), 'quote"inside', 'ünïcode']) {
      it(`refuses a malformed key ${JSON.stringify(bad.slice(0, 20))} with 400`, async () => {
        const res = await t.app.inject({
          method: 'POST',
          url: '/customers',
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
      const call = await post(
        '/calls',
        { customerId: 'idem-route', toPhoneNumber: '+14155550100', timestamp: new Date(Date.now() - 60_000).toISOString(), outcome: 'no_answer' },
        'route-key',
      );
      assert.equal(call.statusCode, 201);
    });

    it('does not store a failed request: fixing the body and retrying with the same key works', async () => {
      const bad = await post('/customers', customerBody({ id: 'idem-fix', phoneNumber: '800-555-0100' }), 'key-fix');
      assert.equal(bad.statusCode, 400);
      const good = await post('/customers', customerBody({ id: 'idem-fix' }), 'key-fix');
      assert.equal(good.statusCode, 201);
    });

    it('40 keyed creates at once share transactions, and each key replays its own stored answer', async () => {
      const tx = t.services.tx as GroupCommitTransactions;
      const before = { ...tx.stats };
      const bodies = Array.from({ length: 40 }, (_, i) => customerBody({ id: `idem-many-${i}` }));
      const answers = await Promise.all(bodies.map((body, i) => post('/customers', body, `many-key-${i}`)));
      answers.forEach((answer, i) => {
        assert.equal(answer.statusCode, 201, answer.body);
        assert.equal(answer.json().id, `idem-many-${i}`);
      });
      const batches = tx.stats.batches - before.batches;
      assert.ok(batches < 20, `40 keyed creates in ${batches} shared transactions`);
      const claims = await t.services.db
        .selectFrom('idempotency_keys')
        .select(['response_status', 'response_body'])
        .where('company_id', '=', t.companyId)
        .where('route', '=', 'POST /customers')
        .execute();
      for (const [i, body] of bodies.entries()) {
        const replay = await post('/customers', body, `many-key-${i}`);
        assert.equal(replay.headers['idempotent-replayed'], 'true');
        assert.equal(replay.body, answers[i]!.body, 'the replay is the first answer, byte for byte');
      }
      assert.ok(
        claims.every((claim) => claim.response_status !== null && claim.response_body !== null),
        'every claim holds its response',
      );
    });

    it('concurrent requests with one key and different bodies: one customer, one 201, the others refused', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, (_, i) => post('/customers', customerBody({ id: `idem-split-${i}` }), 'split-key')));
      const statuses = answers.map((answer) => answer.statusCode);
      assert.equal(statuses.filter((status) => status === 201).length, 1, statuses.join(','));
      assert.ok(
        statuses.every((status) => [201, 409, 422].includes(status)),
        statuses.join(','),
      );
      const stored = await t.services.db
        .selectFrom('customers')
        .select('id')
        .where('company_id', '=', t.companyId)
        .where('id', 'like', 'idem-split-%')
        .execute();
      assert.equal(stored.length, 1, 'only the request that holds the key wrote anything');
      assert.equal(stored[0]!.id, answers.find((answer) => answer.statusCode === 201)!.json().id);
    });

    it('takes over an expired claim that has not been swept yet', async () => {
      const { scope } = t.services.idempotency.keyed(t.companyId, 'POST /customers', 'expired-key', {});
      await t.services.db
        .insertInto('idempotency_keys')
        .values({
          company_id: scope.companyId,
          route: scope.route,
          key_hash: scope.keyHash,
          fingerprint: 'old',
          response_status: 201,
          response_body: '{}',
          created_at: new Date(Date.now() - 49 * 3_600_000),
          expires_at: new Date(Date.now() - 3_600_000),
        })
        .execute();
      const answer = await post('/customers', customerBody({ id: 'idem-expired' }), 'expired-key');
      assert.equal(answer.statusCode, 201, answer.body);
      assert.equal(answer.headers['idempotent-replayed'], undefined);
      assert.equal(answer.json().id, 'idem-expired');
    });

    it('replays a finished request even when its body would now be refused', async () => {
      // The customers route wired as in the app, with a prepare step that refuses on demand (as
      // it would if, say, the task type had since been removed).
      const app = Fastify();
      let refuse = false;
      app.addHook('onRequest', async (request) => {
        request.principal = { companyId: t.companyId } as typeof request.principal;
      });
      app.post('/customers', { schema: { response: { 201: { type: 'object', additionalProperties: true } } } }, async (request, reply) =>
        handlePost(request, reply, t.services.idempotency, {
          prepare: () => {
            if (refuse) throw new DomainError('validation_failed', 'refused this time');
            return t.services.customers.prepareCreate(t.companyId, { body: request.body, schemaErrors: [] });
          },
          commit: async (prepared) => {
            await t.services.customers.commitCreate(prepared);
            return { status: 201, body: prepared.customer };
          },
          claiming: {
            answer: (prepared) => ({ status: 201, body: prepared.customer }),
            commitClaiming: async (prepared, claim) => (await t.services.customers.commitCreate(prepared, claim)).outcome === 'created',
          },
        }),
      );
      try {
        const send = () =>
          app.inject({ method: 'POST', url: '/customers', headers: { 'idempotency-key': 'later-refused' }, payload: customerBody({ id: 'idem-later' }) });
        const first = await send();
        assert.equal(first.statusCode, 201, first.body);
        refuse = true;
        const retry = await send();
        assert.equal(retry.statusCode, 201, retry.body);
        assert.equal(retry.headers['idempotent-replayed'], 'true');
        assert.equal(retry.body, first.body);
      } finally {
        await app.close();
      }
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
        const customers = await t.services.db
          .selectFrom('customers')
          .select('id')
          .where('company_id', '=', t.companyId)
          .where('id', '=', 'idem-race')
          .execute();
        assert.equal(customers.length, 1);
        const tasks = await t.services.db
          .selectFrom('call_tasks')
          .select(['id', 'created_at'])
          .where('company_id', '=', t.companyId)
          .where('customer_id', '=', 'idem-race')
          .execute();
        assert.equal(new Set(tasks.map((task) => task.created_at.getTime())).size, 1, 'one schedule, built once');
        assert.equal((await post('/customers', body, 'race-key')).headers['idempotent-replayed'], 'true');
      });
    }
  });
}
