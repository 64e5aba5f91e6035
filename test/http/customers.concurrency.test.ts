import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { backends } from '../helpers/database.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';

for (const backend of backends) {
  describe(`concurrent creates share transactions without sharing outcomes (${backend})`, () => {
    let t: TestApp;
    before(async () => {
      t = await startTestApp(backend);
    });
    after(() => t.close());

    it('many concurrent creates: every one gets its own 201 and its own schedule', async () => {
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => t.request('POST', '/customers', { body: customerBody({ id: `many-${i}` }) })));
      assert.deepEqual(
        answers.map((a) => a.statusCode),
        Array(60).fill(201),
      );
      for (const [i, answer] of answers.entries()) assert.equal(answer.json().id, `many-${i}`);
      const tasks = await t.services.db
        .selectFrom('call_tasks')
        .select(['customer_id'])
        .where('company_id', '=', t.companyId)
        .where('customer_id', 'like', 'many-%')
        .execute();
      assert.equal(new Set(tasks.map((row) => row.customer_id)).size, 60, 'each customer has its schedule');
    });

    it('the same id created concurrently: one 201, the rest 409, one schedule', async () => {
      const answers = await Promise.all(Array.from({ length: 10 }, () => t.request('POST', '/customers', { body: customerBody({ id: 'same-id' }) })));
      const codes = answers.map((a) => a.statusCode).sort();
      assert.deepEqual(codes, [201, ...Array(9).fill(409)]);
      const tasks = await t.services.db
        .selectFrom('call_tasks')
        .select(['id', 'created_at'])
        .where('company_id', '=', t.companyId)
        .where('customer_id', '=', 'same-id')
        .execute();
      assert.ok(tasks.length > 0);
      assert.equal(new Set(tasks.map((task) => task.created_at.getTime())).size, 1, 'one schedule');
    });

    it('concurrent first creates that share new loans, in any order and with or without Idempotency-Key: every one a 201', async () => {
      // Every request references the same fresh loans, each in its own order: transactions insert
      // the same new loan rows concurrently, the classic setting for a deadlock between them.
      for (let round = 0; round < 3; round++) {
        const loans = [0, 1, 2, 3, 4, 5].map((k) => 7000 + 10 * round + k);
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => {
            const order = [...loans].sort((a, b) => ((a * (i + 3)) % 7) - ((b * (i + 3)) % 7));
            return t.request('POST', '/customers', {
              body: customerBody({ id: `shared-${round}-${i}`, loanIds: order.slice(0, 2 + (i % 5)) }),
              ...(i % 2 === 0 ? { headers: { 'idempotency-key': `shared-${round}-${i}` } } : {}),
            });
          }),
        );
        assert.deepEqual(
          answers.map((a, i) => `${i}:${a.statusCode}`),
          answers.map((_, i) => `${i}:201`),
          answers.find((a) => a.statusCode !== 201)?.body,
        );
      }
    });

    it('invalid requests among valid ones fail alone', async () => {
      const answers = await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          t.request('POST', '/customers', {
            body: customerBody({ id: `mixed-${i}`, ...(i % 5 === 0 ? { phoneNumber: '800-555-0100' } : {}) }),
          }),
        ),
      );
      answers.forEach((answer, i) => assert.equal(answer.statusCode, i % 5 === 0 ? 400 : 201, `request ${i}`));
    });
  });
}
