/**
 * The dispatcher's rules, driven step by step on a controlled clock against the Retell fake (a
 * real HTTP provider on 127.0.0.1): the provider's concurrency budget, one call in flight per
 * customer, a refusal that is not a call, an answer lost in transit reconciled before anything is
 * dialled again, a provider that has no record of the call, a check that fails closed, and pause.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/http/app.ts';
import { Keyring } from '../../src/security/encryption.ts';
import { createServices, type Services } from '../../src/services/index.ts';
import { DEMO_COMPANY_ID } from '../../src/services/companies.ts';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { startRetellFake, type RetellFake } from '../fakes/retell-fake.ts';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';

const KEY = 'cw_test_dispatch_key_0123456789abcdef';
const FROM = '+12125550000';
/** Monday 2026-12-07, 11:00 in New York: lawful for the next ten hours. */
const MONDAY_11_NY = Date.parse('2026-12-07T16:00:00Z');

interface Harness {
  services: Services;
  app: FastifyInstance;
  database: TestDatabase;
  retell: RetellFake;
  setNow(ms: number): void;
  now(): number;
}

async function harness(backend: (typeof backends)[number], concurrency: number): Promise<Harness> {
  let now = MONDAY_11_NY;
  const database = await createTestDatabase(backend);
  const services = createServices(database.handle, Keyring.parse(Keyring.generateKey()), {
    clock: () => new Date(now),
    // Short enough that a held-back answer counts as lost.
    dispatch: { dialTimeoutMs: 2_000, dialLeaseMs: 60_000, reconcileRetryMs: 60_000, refusedRetryMs: 120_000 },
  });
  await services.companies.bootstrapDemo({ secret: KEY, createIfEmpty: false });
  const retell = await startRetellFake({ ownedNumbers: [FROM], concurrencyLimit: 100 });
  await services.dialers.configure(DEMO_COMPANY_ID, { kind: 'retell', apiKey: retell.apiKey, fromNumber: FROM, baseUrl: retell.baseUrl, concurrency });
  const app = await buildApp({ services });
  await app.ready();
  return {
    services,
    app,
    database,
    retell,
    setNow: (ms) => {
      now = ms;
    },
    now: () => now,
  };
}

/** Creates a New York customer and returns when its first attempt is due. */
async function createCustomer(h: Harness, id: string, phone: string, taskType = 'collections'): Promise<number> {
  const response = await h.app.inject({
    method: 'POST',
    url: '/customers',
    headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
    payload: JSON.stringify({
      id,
      taskType,
      firstName: 'Ada',
      lastName: 'Byron',
      phoneNumber: phone,
      timezone: 'America/New_York',
      streetAddress1: '1 Broad St',
      city: 'Newark',
      state: 'NJ',
      zipCode: '07102',
    }),
  });
  assert.equal(response.statusCode, 201, response.body);
  return Date.parse((await tasksOf(h, id))[0]!.scheduledFor as string);
}

async function tasksOf(h: Harness, id: string): Promise<Array<Record<string, unknown>>> {
  const response = await h.app.inject({ method: 'GET', url: `/customers/${id}/tasks`, headers: { 'x-api-key': KEY } });
  return response.json();
}

async function callsOf(h: Harness, id: string): Promise<Array<Record<string, unknown>>> {
  const response = await h.app.inject({ method: 'GET', url: `/calls/customer/${id}`, headers: { 'x-api-key': KEY } });
  return response.json();
}

async function dialAll(h: Harness): Promise<Array<'placed' | 'refused' | 'unknown'>> {
  const claims = await h.services.dispatch.claimDue(50);
  return Promise.all(claims.map((claim) => h.services.dispatch.dial(claim)));
}

/** The budget counter the trigger keeps equals the company's dispatched tasks. */
async function assertInFlightCounted(h: Harness): Promise<void> {
  const counted = await h.services.db.selectFrom('dispatch_providers').select('in_flight').where('company_id', '=', DEMO_COMPANY_ID).executeTakeFirstOrThrow();
  const actual = await h.services.db
    .selectFrom('call_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('company_id', '=', DEMO_COMPANY_ID)
    .where('status', '=', 'dispatched')
    .executeTakeFirstOrThrow();
  assert.equal(counted.in_flight, Number(actual.n), 'dispatch_providers.in_flight');
}

async function checkErrors(h: Harness): Promise<number> {
  const metric = await h.services.metrics.registry.getSingleMetric('callwise_dispatch_check_errors_total')!.get();
  return metric.values[0]?.value ?? 0;
}

const createCalls = (h: Harness) => h.retell.requests.filter((r) => r.path.endsWith('/create-phone-call'));

for (const backend of backends) {
  describe(`dispatch rules (${backend})`, () => {
    let h: Harness;
    before(async () => {
      h = await harness(backend, 2);
    });
    after(async () => {
      await h.app.close();
      await h.retell.close();
      await h.database.drop();
    });
    beforeEach(() => {
      h.retell.reset();
    });

    it('dials no more calls at once than the provider account allows, and one call per customer', async () => {
      let due = 0;
      for (const [i, id] of ['budget-1', 'budget-2', 'budget-3'].entries()) due = Math.max(due, await createCustomer(h, id, `+1201555010${i}`));
      h.setNow(due + 1_000);
      assert.deepEqual(await dialAll(h), ['placed', 'placed']);
      assert.equal(createCalls(h).length, 2);
      // A second round while both are in flight places nothing: the budget is spent.
      assert.deepEqual(await dialAll(h), []);
      const dispatched = (await Promise.all(['budget-1', 'budget-2', 'budget-3'].map((id) => tasksOf(h, id)))).map(
        (tasks) => tasks.filter((t) => t.status === 'dispatched').length,
      );
      assert.deepEqual(dispatched.sort(), [0, 1, 1], 'at most one call in flight per customer, two in all');
      await assertInFlightCounted(h);
    });

    it('records an outcome through the same path as POST /calls, which frees the budget for the next call', async () => {
      const [first] = [...h.retell.calls.values()];
      const callId = first!.call_id as string;
      h.retell.endCall(callId, { disconnection_reason: 'dial_no_answer', durationMs: 30_000 });
      // No webhook came: once the provider's outcome is overdue, the provider is asked.
      h.setNow(h.now() + 21 * 60_000);
      assert.equal(await h.services.dispatch.reconcileExpired(50), 2);
      const { customer_id: customerId } = await h.services.db
        .selectFrom('call_tasks')
        .select('customer_id')
        .where('provider_call_id', '=', callId)
        .executeTakeFirstOrThrow();
      const calls = await callsOf(h, customerId);
      assert.equal(calls.length, 1);
      assert.equal(calls[0]!.outcome, 'no_answer');
      assert.deepEqual(calls[0]!.flags, ['NO_ANSWER']);
      const task = (await tasksOf(h, customerId)).find((t) => t.callId === calls[0]!.id)!;
      assert.equal(task.status, 'completed');
      assert.deepEqual(
        (task.life as Array<{ event: string }>).map((e) => e.event),
        ['claimed', 'dialled', 'reconciling', 'completed'],
      );
      // The other call is still ringing: its lease was pushed forward, not released.
      assert.deepEqual(await dialAll(h), ['placed'], 'the freed slot goes to the customer who waited');
      await assertInFlightCounted(h);
    });

    it('puts a refused call back in the queue without counting it, after the Retry-After', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'refused-1', '+12015550199');
      h.setNow(Math.max(h.now(), due) + 1_000);
      h.retell.refuseNext({ status: 429, message: 'Concurrency limit reached', retryAfter: '30' });
      assert.deepEqual(await dialAll(h), ['refused']);
      const task = (await tasksOf(h, 'refused-1')).find((t) => (t.life as unknown[]).length > 0)!;
      assert.equal(task.status, 'scheduled');
      assert.equal(Date.parse(task.scheduledFor as string), h.now() + 30_000);
      assert.deepEqual(await callsOf(h, 'refused-1'), [], 'a refused dial is not a call');
      h.setNow(h.now() + 31_000);
      assert.deepEqual(await dialAll(h), ['placed']);
      await assertInFlightCounted(h);
    });

    it('reconciles a call whose answer was lost before anything is dialled again, and adopts it', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'lost-1', '+12015550188');
      h.setNow(Math.max(h.now(), due) + 1_000);
      // The provider takes the call but its answer comes after our timeout.
      const before = h.retell.calls.size;
      h.retell.inject({ fault: { type: 'delay', ms: 2_500 }, match: '/create-phone-call', times: 1 });
      assert.deepEqual(await dialAll(h), ['unknown']);
      for (let waited = 0; h.retell.calls.size === before && waited < 10_000; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(createCalls(h).length, 1);
      assert.equal(h.retell.calls.size > 0, true);
      // Still leased: a claim round does not dial the customer again.
      assert.deepEqual(await dialAll(h), []);
      h.setNow(h.now() + 61_000);
      await h.services.dispatch.reconcileExpired(50);
      const task = (await tasksOf(h, 'lost-1')).find((t) => t.status === 'dispatched')!;
      assert.ok(task.providerCallId, 'the call the provider did place is now the task’s');
      assert.equal(createCalls(h).length, 1, 'never dialled twice');
    });

    it('releases a task whose call the provider never received, after asking', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'reset-1', '+12015550177');
      h.setNow(Math.max(h.now(), due) + 1_000);
      h.retell.inject({ fault: { type: 'reset' }, match: '/create-phone-call', times: 1 });
      assert.deepEqual(await dialAll(h), ['unknown']);
      h.setNow(h.now() + 61_000);
      await h.services.dispatch.reconcileExpired(50);
      const task = (await tasksOf(h, 'reset-1')).find((t) => (t.life as unknown[]).length > 0)!;
      assert.equal(task.status, 'scheduled');
      assert.deepEqual(
        (task.life as Array<{ event: string }>).map((e) => e.event),
        ['claimed', 'unanswered', 'reconciling', 'released'],
      );
      assert.ok(
        h.retell.requests.some((r) => r.path.endsWith('/list-calls')),
        'the provider was asked first',
      );
    });

    it('keeps a leased task leased while the provider cannot be asked', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'down-1', '+12015550166');
      h.setNow(Math.max(h.now(), due) + 1_000);
      h.retell.inject({ fault: { type: 'reset' }, match: '/create-phone-call', times: 1 });
      await dialAll(h);
      h.retell.inject({ fault: { type: 'status', status: 503 }, match: '/list-calls' });
      h.setNow(h.now() + 61_000);
      await h.services.dispatch.reconcileExpired(50);
      h.retell.clearFaults();
      const task = (await tasksOf(h, 'down-1')).find((t) => (t.life as unknown[]).length > 0)!;
      assert.equal(task.status, 'dispatched', 'not released on silence');
      assert.deepEqual(await dialAll(h), []);
    });

    it('skips a do-not-call customer at dial time without dialling, with the reason', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'dnc-1', '+12015550155');
      // Marked do-not-call behind the plan's back (no re-plan ran): only the dial-time check can catch it.
      await h.services.db.updateTable('customers').set({ do_not_call: true }).where('id', '=', 'dnc-1').execute();
      h.setNow(Math.max(h.now(), due) + 1_000);
      assert.deepEqual(await dialAll(h), []);
      assert.equal(createCalls(h).length, 0);
      const tasks = await tasksOf(h, 'dnc-1');
      const skipped = tasks.find((t) => t.status === 'skipped')!;
      assert.match(skipped.cancelReason as string, /doNotCall/);
      assert.ok(
        tasks.every((t) => t.status !== 'scheduled'),
        'nothing left pending',
      );
    });

    it("checks a task at dial time with its task type's purpose: a marketing call after marketing was switched off is skipped", async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      await h.services.settings.updateCompliance(DEMO_COMPANY_ID, { policy: { marketingCalls: true, businessRelationship: true } });
      await h.services.companies.addTaskType(DEMO_COMPANY_ID, 'offers', null, 'marketing');
      try {
        const due = await createCustomer(h, 'offer-1', '+12015550166', 'offers');
        // Switched off behind the plan's back (no re-plan ran): only the dial-time check can catch it.
        await h.services.settings.updateCompliance(DEMO_COMPANY_ID, { policy: { marketingCalls: false } });
        h.setNow(Math.max(h.now(), due) + 1_000);
        assert.deepEqual(await dialAll(h), []);
        assert.equal(createCalls(h).length, 0);
        const skipped = (await tasksOf(h, 'offer-1')).find((t) => t.status === 'skipped')!;
        assert.match(skipped.cancelReason as string, /marketing calls/);
      } finally {
        await h.services.settings.updateCompliance(DEMO_COMPANY_ID, { policy: { marketingCalls: undefined, businessRelationship: undefined } });
      }
    });

    it('fails closed: a check that throws dials nothing and writes nothing', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'broken-1', '+12015550144');
      // A ledger entry no instant can be read from (written behind the API's back) makes the
      // engine throw while preparing the check.
      await sql`insert into calls (company_id, id, customer_id, to_phone_number, occurred_at, direction, outcome)
                values (${DEMO_COMPANY_ID}, 'call_corrupt', 'broken-1', '+12015550144', 'infinity', 'outbound', 'no_answer')`.execute(h.services.db);
      h.setNow(Math.max(h.now(), due) + 1_000);
      const before = await h.services.db.selectFrom('call_tasks').selectAll().where('customer_id', '=', 'broken-1').orderBy('id').execute();
      const errorsBefore = await checkErrors(h);
      assert.deepEqual(await dialAll(h), []);
      assert.equal(createCalls(h).length, 0);
      assert.equal(await checkErrors(h), errorsBefore + 1, 'counted in callwise_dispatch_check_errors_total');
      const after = await h.services.db.selectFrom('call_tasks').selectAll().where('customer_id', '=', 'broken-1').orderBy('id').execute();
      assert.deepEqual(after, before, 'no task was moved, skipped or leased');
      await h.services.db.deleteFrom('calls').where('id', '=', 'call_corrupt').execute();
    });

    it('does not dial a claim held past half its lease (a stalled process): reconciliation releases it', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'stale-1', '+12015550122');
      h.setNow(Math.max(h.now(), due) + 1_000);
      const [claim] = await h.services.dispatch.claimDue(50);
      assert.ok(claim);
      h.setNow(h.now() + 31_000);
      assert.equal(await h.services.dispatch.dial(claim), 'unknown');
      assert.equal(createCalls(h).length, 0);
      h.setNow(h.now() + 30_000);
      await h.services.dispatch.reconcileExpired(50);
      const task = (await tasksOf(h, 'stale-1')).find((t) => t.id === claim.task.id)!;
      assert.equal(task.status, 'scheduled');
      assert.equal(createCalls(h).length, 0);
    });

    it('gives the agent date of birth and SSN last four only with identity verification on', async () => {
      const created = await h.app.inject({
        method: 'POST',
        url: '/customers',
        headers: { 'x-api-key': KEY, 'content-type': 'application/json' },
        payload: JSON.stringify({
          id: 'identity-1',
          taskType: 'collections',
          firstName: 'Ada',
          lastName: 'Byron',
          phoneNumber: '+12015550111',
          timezone: 'America/New_York',
          streetAddress1: '1 Broad St',
          city: 'Newark',
          state: 'NJ',
          zipCode: '07102',
          birthday: '1985-06-15',
          ssnLastFour: '4321',
          externalMetadata: { employer: 'Acme', balance: 1234.5 },
        }),
      });
      assert.equal(created.statusCode, 201, created.body);
      const context = async () => (await h.app.inject({ method: 'GET', url: '/customers/identity-1/agent-context', headers: { 'x-api-key': KEY } })).json();
      const off = await context();
      assert.equal(off.customer.identity, undefined);
      assert.ok(!JSON.stringify(off).includes('4321') && !JSON.stringify(off).includes('1985-06-15'));
      assert.deepEqual(off.customer.externalMetadata, { employer: 'Acme', balance: 1234.5 });
      await h.services.settings.updateDispatch(DEMO_COMPANY_ID, { identityVerification: true });
      try {
        assert.deepEqual((await context()).customer.identity, { birthday: '1985-06-15', ssnLastFour: '4321' });
      } finally {
        await h.services.settings.updateDispatch(DEMO_COMPANY_ID, { identityVerification: false });
      }
    });

    it('stops new dials for a paused company, and resumes them', async () => {
      await h.services.db.updateTable('call_tasks').set({ status: 'cancelled' }).where('status', 'in', ['dispatched', 'scheduled']).execute();
      const due = await createCustomer(h, 'pause-1', '+12015550133');
      h.setNow(Math.max(h.now(), due) + 1_000);
      await h.services.dispatch.pause(DEMO_COMPANY_ID, 'cli');
      assert.deepEqual(await dialAll(h), []);
      const status = await h.services.dispatch.status(DEMO_COMPANY_ID);
      assert.equal(status.paused, true);
      assert.equal(status.pausedBy, 'cli');
      await h.services.dispatch.resume(DEMO_COMPANY_ID, 'cli');
      assert.deepEqual(await dialAll(h), ['placed']);
      // Deleting a customer with a call in flight gives its slot back.
      await h.app.inject({ method: 'DELETE', url: '/customers/pause-1', headers: { 'x-api-key': KEY } });
      await assertInFlightCounted(h);
    });
  });
}
