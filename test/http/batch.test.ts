/**
 * `POST /customers/batch` as the reference describes it (202 with a job id, then the job's status
 * with each item's result), on each database, with the runner driven by the test: independent
 * items, paging, an Idempotency-Key that returns the same job, limits, cancelling, a job resumed by
 * a new process after its runner died mid-way, the batch.completed event; and
 * `POST /scheduled-calls/{customerId}`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { BatchRunner } from '../../src/batch-runner.ts';
import { BatchJobService } from '../../src/services/batch-jobs.ts';
import { DirectTransactions } from '../../src/store/transactions.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { backends } from '../helpers/database.ts';

interface Job {
  jobId: string;
  status: string;
  totalCustomers: number;
  counts: { validated: number; invalid: number; processed: number; succeeded: number; failed: number };
  results: Array<{
    index: number;
    id: string | null;
    success: boolean;
    message: string;
    customer?: { id: string; phoneNumber: string } | null;
    errors?: Array<{ pointer: string }>;
  }>;
  nextCursor: string | null;
}

for (const backend of backends) {
  describe(`POST /customers/batch (${backend})`, () => {
    let t: TestApp;
    let runner: BatchRunner;
    const clock = { now: new Date('2026-12-02T15:00:00Z') };

    const submit = async (customers: unknown[], headers: Record<string, string> = {}) => {
      const res = await t.request('POST', '/customers/batch', { body: { customers }, headers });
      assert.equal(res.statusCode, 202, res.body);
      return res.json<{ jobId: string; totalCustomers: number; message: string }>();
    };
    const job = async (id: string, query = '') => {
      const res = await t.request('GET', `/customers/batch/${id}${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<Job>();
    };

    before(async () => {
      t = await startTestApp(backend, { clock: () => clock.now, batchJobs: { chunkSize: 2 } });
      runner = new BatchRunner(t.services.batchJobs, t.services.database, { warn: () => {} });
    });
    after(() => t?.close());

    it('creates every valid item and reports each item on its own, paged, with the customer or the field errors', async () => {
      const existing = await t.request('POST', '/customers', { body: customerBody({ id: 'bt-existing' }) });
      assert.equal(existing.statusCode, 201);
      const accepted = await submit([
        customerBody({ id: 'bt-1' }),
        customerBody({ id: 'bt-2', phoneNumber: 'not a phone', ssnLastFour: '12' }),
        customerBody({ id: 'bt-3', phoneNumber: '(303) 555-0188', zipCode: '80202', state: 'CO', city: 'Denver', timezone: 'America/Denver' }),
        customerBody({ id: 'bt-existing' }),
        { id: 'bt-5' },
        customerBody({ id: 'bt-1' }),
      ]);
      assert.equal(accepted.totalCustomers, 6);
      assert.match(accepted.jobId, /^[0-9a-f-]{36}$/);
      assert.equal((await job(accepted.jobId)).status, 'queued');

      await runner.runOnce();
      const done = await job(accepted.jobId, '?limit=100');
      assert.equal(done.status, 'completed_with_errors');
      assert.deepEqual(done.counts, { validated: 6, invalid: 2, processed: 6, succeeded: 2, failed: 4 });
      assert.deepEqual(
        done.results.map((r) => [r.index, r.id, r.success]),
        [
          [0, 'bt-1', true],
          [1, 'bt-2', false],
          [2, 'bt-3', true],
          [3, 'bt-existing', false],
          [4, 'bt-5', false],
          [5, 'bt-1', false],
        ],
      );
      assert.equal(done.results[0]!.customer?.id, 'bt-1');
      assert.equal(done.results[2]!.customer?.phoneNumber, '+13035550188');
      assert.deepEqual(done.results[1]!.errors?.map((e) => e.pointer).sort(), ['/phoneNumber', '/ssnLastFour']);
      assert.ok((done.results[4]!.errors?.length ?? 0) >= 5, 'every missing field is named');
      assert.match(done.results[3]!.message, /already exists/);
      // Customers are real: planned like any create.
      const tasks = await t.request('GET', '/customers/bt-3/tasks');
      assert.ok(tasks.json<unknown[]>().length > 0);

      const first = await job(accepted.jobId, '?limit=4');
      assert.equal(first.results.length, 4);
      const rest = await job(accepted.jobId, `?limit=4&cursor=${first.nextCursor}`);
      assert.deepEqual(
        rest.results.map((r) => r.index),
        [4, 5],
      );
      assert.equal(rest.nextCursor, null);
      // The lender hears that it finished.
      const events = await sql<{ type: string }>`select type from webhook_events where type = 'batch.completed'`.execute(t.services.db);
      assert.equal(events.rows.length, 1);
    });

    it('the same batch with the same Idempotency-Key is the same job, and no customer is ever duplicated', async () => {
      const items = [customerBody({ id: 'bt-idem-1' }), customerBody({ id: 'bt-idem-2' })];
      const one = await submit(items, { 'idempotency-key': 'batch-key-1' });
      const two = await submit(items, { 'idempotency-key': 'batch-key-1' });
      assert.equal(two.jobId, one.jobId);
      await runner.runOnce();
      const again = await submit(items);
      assert.notEqual(again.jobId, one.jobId);
      await runner.runOnce();
      const result = await job(again.jobId);
      assert.equal(result.status, 'completed_with_errors');
      assert.deepEqual(
        result.results.map((r) => r.success),
        [false, false],
      );
      const count = await sql<{ n: number }>`select count(*)::int as n from customers where id like 'bt-idem-%'`.execute(t.services.db);
      assert.equal(count.rows[0]!.n, 2);
    });

    it('refuses a batch that is not a list, is empty, has too many items or is too large, writing nothing', async () => {
      for (const body of [{}, { customers: [] }, { customers: 'x' }, [customerBody()]]) {
        const res = await t.request('POST', '/customers/batch', { body });
        assert.equal(res.statusCode, 400, JSON.stringify(body));
        assert.deepEqual(
          res.json<{ errors: Array<{ pointer: string }> }>().errors.map((e) => e.pointer),
          ['/customers'],
        );
      }
      const many = await t.request('POST', '/customers/batch', { body: { customers: Array.from({ length: 10_001 }, () => ({})) } });
      assert.equal(many.statusCode, 400);
      const huge = await t.request('POST', '/customers/batch', {
        body: { customers: [{ id: 'x', externalMetadata: { blob: 'x'.repeat(17 * 1024 * 1024) } }] },
      });
      assert.equal(huge.statusCode, 413);
      const jobs = await sql<{ n: number }>`select count(*)::int as n from batch_jobs where status = 'queued'`.execute(t.services.db);
      assert.equal(jobs.rows[0]!.n, 0);
    });

    it('a cancelled job processes nothing more and keeps what it created; a finished one cannot be cancelled', async () => {
      const accepted = await submit([customerBody({ id: 'bt-cancel-1' })]);
      const cancelled = await t.request('POST', `/customers/batch/${accepted.jobId}/cancel`);
      assert.equal(cancelled.statusCode, 200, cancelled.body);
      assert.equal(cancelled.json<Job>().status, 'cancelled');
      await runner.runOnce();
      assert.equal((await t.request('GET', '/customers/bt-cancel-1')).statusCode, 404);
      const again = await t.request('POST', `/customers/batch/${accepted.jobId}/cancel`);
      assert.equal(again.statusCode, 409);
      const other = await t.request('GET', `/customers/batch/${accepted.jobId}`, { key: t.otherApiKey });
      assert.equal(other.statusCode, 404, "another company's key does not see it");
    });

    it('a job whose runner died mid-way is resumed by another process when its lease ends, writing nothing twice', async () => {
      const items = Array.from({ length: 9 }, (_, i) => customerBody({ id: `bt-resume-${i}` }));
      const accepted = await submit(items);
      // This runner works one chunk (two items) per turn, then "dies" holding the lease.
      const dying = new BatchJobService({
        db: t.services.db,
        tx: new DirectTransactions(t.services.db),
        keyring: t.services.keyring,
        bulk: t.services.bulkImport,
        customers: t.services.customers,
        events: { emit: async () => '' } as never,
        clock: () => clock.now,
        options: { chunkSize: 2, chunksPerTurn: 8 },
      });
      await dying.workNext(); // queued → validating, and the whole validation (5 chunks), then 2 writes
      await sql`update batch_jobs set lease_until = ${new Date(clock.now.getTime() + 60_000)} where id = ${accepted.jobId}`.execute(t.services.db);
      const midway = await job(accepted.jobId);
      assert.equal(midway.status, 'in_progress');
      assert.ok(midway.counts.succeeded > 0 && midway.counts.succeeded < 9, JSON.stringify(midway.counts));
      await runner.runOnce();
      assert.equal((await job(accepted.jobId)).counts.succeeded, midway.counts.succeeded, 'the lease holds the job while it runs');
      clock.now = new Date(clock.now.getTime() + 61_000);
      await runner.runOnce();
      const done = await job(accepted.jobId);
      assert.equal(done.status, 'completed');
      assert.deepEqual(done.counts, { validated: 9, invalid: 0, processed: 9, succeeded: 9, failed: 0 });
      const count = await sql<{ n: number }>`select count(*)::int as n from customers where id like 'bt-resume-%'`.execute(t.services.db);
      assert.equal(count.rows[0]!.n, 9);
      const sealed = await sql<{ n: number }>`select count(*)::int as n from batch_job_items where job_id = ${accepted.jobId} and body_enc is not null`.execute(
        t.services.db,
      );
      assert.equal(sealed.rows[0]!.n, 0, 'no item body is kept once it has its result');
    });

    it('an item with a __proto__ member is refused for it, as POST /customers refuses it', async () => {
      const item = JSON.parse(`{"__proto__": {"isTest": true}, ${JSON.stringify(customerBody({ id: 'bt-proto' })).slice(1)}`) as unknown;
      const [result] = await t.services.bulkImport.importChunk(t.companyId, [item], 0);
      assert.equal(result!.outcome, 'invalid');
      assert.deepEqual(
        result!.errors?.map((e) => e.pointer),
        ['/__proto__'],
      );
    });

    it('POST /scheduled-calls/{customerId} builds a schedule of the type and retires the active one', async () => {
      const created = await t.request('POST', '/customers', { body: customerBody({ id: 'sc-1' }) });
      assert.equal(created.statusCode, 201);
      const before = (await t.request('GET', '/customers/sc-1/tasks?status=scheduled')).json<Array<{ id: string }>>();
      const res = await t.request('POST', '/scheduled-calls/sc-1', { body: { scheduleType: 'servicing' } });
      assert.equal(res.statusCode, 201, res.body);
      const planned = res.json<Array<{ id: string; scheduledFor: string; status: string }>>();
      assert.ok(planned.length > 0);
      assert.ok(planned.every((task) => task.status === 'scheduled'));
      assert.ok(!planned.some((task) => before.some((b) => b.id === task.id)), 'the active schedule was retired');
      assert.equal((await t.request('GET', '/customers/sc-1')).json<{ taskType: string }>().taskType, 'servicing');
      const bad = await t.request('POST', '/scheduled-calls/sc-1', { body: { scheduleType: 'nonsense', extra: 1 } });
      assert.equal(bad.statusCode, 400, bad.body);
      const missing = await t.request('POST', '/scheduled-calls/nobody', { body: { scheduleType: 'collections' } });
      assert.equal(missing.statusCode, 404);
    });
  });
}
