/**
 * The sender's cost and its manners, on each database: finished sends are recorded together (one
 * transaction for many attempts, chain order kept), the server's sender yields to the API while it
 * is busy and still sends at its floor rate, and — the webhook tables having no foreign keys
 * (migration 0017) — deleting an endpoint or pruning events leaves nothing of theirs behind.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { ApiLoad } from '../../src/observability/api-load.ts';
import { WebhookDeliveryService } from '../../src/services/webhook-delivery.ts';
import { DirectTransactions } from '../../src/store/transactions.ts';
import { WebhookSender } from '../../src/webhook-sender.ts';
import { WebhookReceiver } from '../fakes/webhook-receiver.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { backends } from '../helpers/database.ts';
import { clearWebhooks, subscribe } from '../helpers/webhooks.ts';

const START = new Date('2026-12-02T15:00:00Z');
const DAY = 86_400_000;

for (const backend of backends) {
  describe(`webhook sender: flushes, priority, deletes (${backend})`, () => {
    let t: TestApp;
    const clock = { now: START };
    let receiver: WebhookReceiver;
    let endpointId: string;
    let seq = 0;

    const customer = async (id: string) => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id }) });
      assert.equal(res.statusCode, 201, res.body);
    };
    const call = async (customerId: string) => {
      const res = await t.request('POST', '/calls', {
        body: { customerId, toPhoneNumber: '+14155550100', timestamp: clock.now.toISOString(), outcome: 'no_answer', flags: ['NO_ANSWER'] },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>().id;
    };
    const count = async (table: 'webhook_deliveries' | 'webhook_attempts' | 'webhook_events', where = sql`true`) =>
      (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(t.services.db)).rows[0]!.n;
    const newService = () =>
      new WebhookDeliveryService({
        db: t.services.db,
        tx: new DirectTransactions(t.services.db),
        keyring: t.services.keyring,
        endpoints: t.services.webhookEndpoints,
        clock: () => clock.now,
        metrics: t.services.metrics,
        options: { random: () => 0.5, timeoutMs: 2_000 },
      });

    before(async () => {
      t = await startTestApp(backend, { clock: () => clock.now, webhooks: { development: true }, webhookDelivery: { random: () => 0.5, timeoutMs: 2_000 } });
      receiver = await WebhookReceiver.start();
    });
    after(async () => {
      await receiver?.close();
      await t?.close();
    });
    beforeEach(async () => {
      await clearWebhooks(t);
      receiver.mode = { kind: 'ok' };
      receiver.accepted.length = 0;
      receiver.requests.length = 0;
      endpointId = await subscribe(t, receiver, ['call.completed']);
      seq++;
    });

    it('records the attempts of many finished sends in one transaction each flush, and keeps every customer’s order', async () => {
      const customers = Array.from({ length: 20 }, (_, i) => `fl-${seq}-${i}`);
      for (const id of customers) await customer(id);
      const calls = new Map<string, string[]>();
      for (let round = 0; round < 3; round++) {
        for (const id of customers) calls.set(id, [...(calls.get(id) ?? []), await call(id)]);
      }
      const service = newService();
      // Each round leases every customer's head (20) and sends them together.
      while ((await service.sendDue(50)) > 0);
      assert.equal(receiver.accepted.length, 60, 'every event delivered');
      assert.equal(receiver.requests.length, 60, 'once');
      assert.equal(service.flushStats.attempts, 60);
      assert.ok(
        service.flushStats.flushes <= 30,
        `${service.flushStats.flushes} flushes for 60 attempts: finished sends wait for the flush in progress and are recorded together`,
      );
      for (const id of customers) {
        const seen = receiver.accepted.filter((e) => e.data.customerId === id).map((e) => e.data.id);
        assert.deepEqual(seen, calls.get(id), `${id}'s calls arrived in the order they were recorded`);
      }
      assert.equal(await count('webhook_attempts'), 60, 'one log line per attempt');
      assert.equal(await count('webhook_deliveries', sql`status <> 'delivered' or ready is not true`), 0);
    });

    it('one flush: the heads settle, the next of each chain is promoted, a failing streak starts once and ends with a success', async () => {
      const customers = Array.from({ length: 8 }, (_, i) => `fs-${seq}-${i}`);
      for (const id of customers) await customer(id);
      for (let round = 0; round < 2; round++) for (const id of customers) await call(id);
      const service = newService();
      const heads = await service.lease(50);
      assert.equal(heads.length, 8, 'only the heads are due');
      receiver.mode = { kind: 'status', status: 503 };
      await Promise.all(heads.map((d) => service.deliver(d)));
      const failing = await sql<{ failing_since: Date | null }>`select failing_since from webhook_endpoints where id = ${endpointId}`.execute(t.services.db);
      assert.equal(failing.rows[0]!.failing_since?.toISOString(), clock.now.toISOString(), 'the streak starts at the first failure');
      assert.equal(await count('webhook_deliveries', sql`ready and status = 'pending'`), 8, 'a retry keeps its chain: nothing promoted');
      receiver.mode = { kind: 'ok' };
      clock.now = new Date(clock.now.getTime() + 3_600_000);
      const again = await service.lease(50);
      assert.equal(again.length, 8);
      await Promise.all(again.map((d) => service.deliver(d)));
      const healthy = await sql<{ failing_since: Date | null }>`select failing_since from webhook_endpoints where id = ${endpointId}`.execute(t.services.db);
      assert.equal(healthy.rows[0]!.failing_since, null, 'a success ends the streak');
      assert.equal(await count('webhook_deliveries', sql`ready and status = 'pending'`), 8, "each chain's second delivery is its head now");
      assert.equal(await count('webhook_attempts'), 16);
    });

    it('the sender yields while requests are in flight, still sending at its floor rate, and runs at full speed once the API is idle', async () => {
      const customers = Array.from({ length: 30 }, (_, i) => `pr-${seq}-${i}`);
      for (const id of customers) await customer(id);
      for (const id of customers) await call(id);
      const apiLoad = new ApiLoad();
      apiLoad.started(); // a request being served, for as long as this test wants
      const sender = new WebhookSender(newService(), t.services.database, { warn: () => {} }, { pollMs: 50, apiLoad, busyIntervalMs: 200, busyBatch: 2 });
      sender.start();
      try {
        await sleep(1_000);
        const whileBusy = receiver.accepted.length;
        assert.ok(whileBusy >= 2, `${whileBusy} sent while the API was busy: the floor rate keeps deliveries moving`);
        assert.ok(whileBusy <= 14, `${whileBusy} sent in a second while the API was busy: at most 2 every 200 ms`);
        const waiting = await count('webhook_events', sql`fan_out_to is not null`);
        assert.ok(waiting >= 16, `${waiting} of 30 events still wait as one row each: yielding, the sender fans out only what it is about to send`);
        apiLoad.finished();
        const idleSince = Date.now();
        while (receiver.accepted.length < 30 && Date.now() - idleSince < 5_000) await sleep(20);
        assert.equal(receiver.accepted.length, 30, 'the rest went once the API was idle');
        assert.ok(Date.now() - idleSince < 2_000, 'at full speed: not at the floor rate');
        assert.equal(await count('webhook_events', sql`fan_out_to is not null`), 0, 'and every event was fanned out');
      } finally {
        await sender.stop();
      }
    });

    it('a busy API delays deliveries by at most the lag bound: older ones are sent at full speed', async () => {
      const customers = Array.from({ length: 30 }, (_, i) => `lag-${seq}-${i}`);
      for (const id of customers) await customer(id);
      for (const id of customers) await call(id);
      // The deliveries have been due a minute when the sender first looks, and the API never pauses.
      const start = clock.now;
      clock.now = new Date(start.getTime() + 60_000);
      const apiLoad = new ApiLoad();
      apiLoad.started();
      const sender = new WebhookSender(
        newService(),
        t.services.database,
        { warn: () => {} },
        {
          pollMs: 50,
          apiLoad,
          busyIntervalMs: 1_000,
          busyBatch: 1,
          busyMaxLagMs: 30_000,
        },
      );
      sender.start();
      try {
        const since = Date.now();
        while (receiver.accepted.length < 30 && Date.now() - since < 5_000) await sleep(20);
        assert.equal(receiver.accepted.length, 30, 'every delivery went although the API stayed busy');
        assert.ok(Date.now() - since < 2_500, 'at full speed: the floor (1 a second) would have taken 30 s');
      } finally {
        await sender.stop();
        apiLoad.finished();
        clock.now = start;
      }
    });

    it('the HTTP layer counts the requests it serves: busy while one is in flight and just after', async () => {
      assert.equal(t.apiLoad.inFlight, 0);
      // Looks at the gauge on every turn of the event loop until the request is answered (its
      // database read spans several turns). The loop ends with the request, whatever it sees.
      let answered = false;
      const pending = t.request('GET', '/webhook-endpoints').finally(() => {
        answered = true;
      });
      let seenInFlight = false;
      while (!answered) {
        if (t.apiLoad.inFlight > 0) seenInFlight = true;
        await new Promise((resolve) => setImmediate(resolve));
      }
      await pending;
      assert.ok(seenInFlight, 'the request was counted while it was served');
      assert.equal(t.apiLoad.inFlight, 0, 'and no longer once answered');
      assert.equal(t.apiLoad.busy(), true, 'the API counts as busy just after a request');
      await sleep(80);
      assert.equal(t.apiLoad.busy(), false, 'and idle after a quiet moment');
    });

    it('deleting an endpoint deletes its deliveries and their attempts; nothing else goes', async () => {
      const otherId = await subscribe(t, receiver, ['call.completed']);
      const id = `del-${seq}`;
      await customer(id);
      await call(id);
      await call(id);
      receiver.mode = { kind: 'status', status: 500 };
      while ((await t.services.webhookDelivery.sendDue(50)) > 0);
      assert.equal(await count('webhook_attempts', sql`endpoint_id = ${endpointId}`), 1);
      assert.equal(await count('webhook_deliveries', sql`endpoint_id = ${endpointId}`), 2);
      const res = await t.request('DELETE', `/webhook-endpoints/${endpointId}`);
      assert.equal(res.statusCode, 204, res.body);
      assert.equal(await count('webhook_deliveries', sql`endpoint_id = ${endpointId}`), 0);
      assert.equal(await count('webhook_attempts', sql`endpoint_id = ${endpointId}`), 0);
      assert.equal(await count('webhook_deliveries', sql`endpoint_id = ${otherId}`), 2, "the other endpoint's deliveries stay");
      assert.equal(await count('webhook_attempts', sql`endpoint_id = ${otherId}`), 1);
      assert.equal(await count('webhook_events'), 2, 'the events stay: another endpoint has them');
    });

    it('pruning removes settled events with their deliveries and attempts, and sweeps deliveries left without their endpoint or event', async () => {
      const id = `prune-${seq}`;
      await customer(id);
      await call(id);
      await call(id);
      while ((await t.services.webhookDelivery.sendDue(50)) > 0);
      assert.equal(await count('webhook_attempts'), 2);
      // What a write racing a delete leaves behind: without foreign keys nothing refuses it.
      await sql`insert into webhook_deliveries (company_id, endpoint_id, event_id, event_seq, customer_id, status, next_attempt_at, created_at)
        values (${t.companyId}, 'whe_gone', 'evt_gone', 1, ${id}, 'pending', now(), now())`.execute(t.services.db);
      await sql`insert into webhook_attempts (company_id, endpoint_id, event_id, attempt, attempted_at, latency_ms)
        values (${t.companyId}, 'whe_gone', 'evt_gone', 1, now(), 3)`.execute(t.services.db);
      const kept = clock.now;
      clock.now = new Date(kept.getTime() + 31 * DAY);
      try {
        assert.equal(await t.services.webhookDelivery.prune(), 2);
      } finally {
        clock.now = kept;
      }
      assert.equal(await count('webhook_events'), 0);
      assert.equal(await count('webhook_deliveries'), 0, 'nothing left behind, orphans included');
      assert.equal(await count('webhook_attempts'), 0);
    });
  });
}
