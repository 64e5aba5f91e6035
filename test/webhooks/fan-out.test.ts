/**
 * The outbox's fan-out, on each database: a change writes one event row listing the endpoints
 * subscribed when it happened, and the sender (its lease) turns that list into deliveries later,
 * in `seq` order, keeping each customer's order per endpoint (webhook-events.ts insertEvent, fanOut).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { fanOut } from '../../src/store/repositories/webhook-events.ts';
import { WebhookReceiver } from '../fakes/webhook-receiver.ts';
import { customerBody, startTestApp, type TestApp } from '../helpers/app.ts';
import { backends } from '../helpers/database.ts';
import { clearWebhooks, subscribe } from '../helpers/webhooks.ts';

const START = new Date('2026-12-02T15:00:00Z');

for (const backend of backends) {
  describe(`the webhook outbox's fan-out (${backend})`, () => {
    let t: TestApp;
    const clock = { now: START };
    let receiver: WebhookReceiver;

    const register = (eventTypes: string[]) => subscribe(t, receiver, eventTypes);
    const call = async (customerId: string) => {
      const res = await t.request('POST', '/calls', {
        body: { customerId, toPhoneNumber: '+14155550100', timestamp: clock.now.toISOString(), outcome: 'conversation' },
      });
      assert.equal(res.statusCode, 201, res.body);
    };
    const events = async () =>
      (
        await sql<{ id: string; customer_id: string | null; fan_out_to: string[] | null }>`
          select id, customer_id, fan_out_to from webhook_events where type = 'call.completed' order by seq`.execute(t.services.db)
      ).rows;
    const deliveryRows = async () =>
      (
        await sql<{ endpoint_id: string; event_id: string; ready: boolean; status: string }>`
          select endpoint_id, event_id, ready, status from webhook_deliveries order by endpoint_id, event_seq`.execute(t.services.db)
      ).rows;

    before(async () => {
      t = await startTestApp(backend, { clock: () => clock.now, webhooks: { development: true }, webhookDelivery: { random: () => 0.5, timeoutMs: 400 } });
      receiver = await WebhookReceiver.start();
      for (const id of ['FAN-1', 'FAN-2']) {
        const res = await t.request('POST', '/customers', { body: customerBody({ id }) });
        assert.equal(res.statusCode, 201, res.body);
      }
    });
    after(async () => {
      await receiver?.close();
      await t?.close();
    });
    beforeEach(async () => {
      await clearWebhooks(t);
      receiver.accepted.length = 0;
    });

    it('writes one event row with the endpoints subscribed at the change, and no delivery until the sender fans it out', async () => {
      const a = await register(['call.completed']);
      const b = await register(['call.completed', 'schedule.rebuilt']);
      await register(['schedule.rebuilt']);
      const disabled = await register(['call.completed']);
      const off = await t.request('PATCH', `/webhook-endpoints/${disabled}`, { body: { enabled: false } });
      assert.equal(off.statusCode, 200, off.body);

      await call('FAN-1');
      const [event] = await events();
      assert.deepEqual(event!.fan_out_to, [a, b].sort(), 'the enabled endpoints subscribed to call.completed, and only those');
      assert.deepEqual(await deliveryRows(), [], 'the change itself wrote no delivery');

      // Registered after the change: not subscribed when it happened, so not delivered to.
      const late = await register(['call.completed']);
      assert.equal(await t.services.webhookDelivery.fanOut(), 1);
      assert.equal((await events())[0]!.fan_out_to, null, 'fanned out');
      const rows = await deliveryRows();
      assert.deepEqual(rows.map((r) => r.endpoint_id).sort(), [a, b].sort());
      assert.ok(!rows.some((r) => r.endpoint_id === late));
      assert.equal(await t.services.webhookDelivery.fanOut(), 0, 'nothing left to fan out');
    });

    it('writes an event no endpoint subscribes to as already fanned out', async () => {
      await register(['schedule.rebuilt']);
      await call('FAN-1');
      assert.deepEqual(
        (await events()).map((e) => e.fan_out_to),
        [null],
      );
      const stats = await t.services.webhookDelivery.queueStats();
      assert.equal(stats.pending, 0);
    });

    it('keeps an endpoint disabled after the change: its delivery is made and waits for it to be enabled', async () => {
      const endpoint = await register(['call.completed']);
      await call('FAN-1');
      const off = await t.request('PATCH', `/webhook-endpoints/${endpoint}`, { body: { enabled: false } });
      assert.equal(off.statusCode, 200, off.body);
      assert.deepEqual(await t.services.webhookDelivery.lease(10), [], 'nothing is sent to a disabled endpoint');
      assert.deepEqual(
        (await deliveryRows()).map((r) => [r.endpoint_id, r.status]),
        [[endpoint, 'pending']],
        'but the delivery exists, waiting',
      );
      const on = await t.request('PATCH', `/webhook-endpoints/${endpoint}`, { body: { enabled: true } });
      assert.equal(on.statusCode, 200, on.body);
      assert.equal((await t.services.webhookDelivery.lease(10)).length, 1);
    });

    it("keeps each customer's order per endpoint, within one fan-out and across several", async () => {
      const endpoint = await register(['call.completed']);
      await call('FAN-1');
      await call('FAN-2');
      await call('FAN-1');
      // One batch: of FAN-1's two events only the first is its chain's head.
      assert.equal(await t.services.webhookDelivery.fanOut(), 3);
      const [first, second, third] = await events();
      const byEvent = new Map((await deliveryRows()).map((r) => [r.event_id, r.ready]));
      assert.deepEqual([byEvent.get(first!.id), byEvent.get(second!.id), byEvent.get(third!.id)], [true, true, false]);

      // A later event of FAN-2, fanned out while FAN-2's head is still pending, waits behind it.
      await call('FAN-2');
      const fourth = (await events())[3]!;
      assert.equal(await t.services.webhookDelivery.fanOut(), 1);
      assert.equal((await deliveryRows()).find((r) => r.event_id === fourth.id)!.ready, false);

      // Sent in order: the receiver gets each customer's events as they happened.
      while ((await t.services.webhookDelivery.sendDue(50)) > 0);
      const received = receiver.accepted.map((r) => r.id);
      const order = (ids: string[]) => ids.filter((id) => received.includes(id)).map((id) => received.indexOf(id));
      const isSorted = (xs: number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! < x);
      assert.equal(received.length, 4, `all four delivered to ${endpoint}`);
      assert.ok(isSorted(order([first!.id, third!.id])), "FAN-1's events in order");
      assert.ok(isSorted(order([second!.id, fourth.id])), "FAN-2's events in order");
    });

    it('counts an event waiting for its fan-out in the queue metrics, from its time', async () => {
      await register(['call.completed']);
      await call('FAN-1');
      clock.now = new Date(START.getTime() + 90_000);
      const stats = await t.services.webhookDelivery.queueStats();
      assert.equal(stats.pending, 1);
      assert.ok(stats.oldestAgeSeconds >= 89, `oldest ${stats.oldestAgeSeconds} s`);
      clock.now = START;
    });

    if (backend === 'postgres') {
      it('lets one fan-out run at a time: another finds the turn taken and leaves the events to it', async () => {
        await register(['call.completed']);
        await call('FAN-1');
        const holder = new pg.Client({ connectionString: t.database.url });
        await holder.connect();
        try {
          await holder.query('begin');
          await holder.query(`select pg_advisory_xact_lock(hashtextextended('webhooks/fan-out', 0))`);
          assert.equal(await t.services.tx.run((trx) => fanOut(trx, 100)), 0, 'the turn is taken');
          assert.notEqual((await events())[0]!.fan_out_to, null, 'the event still waits');
          await holder.query('rollback');
          assert.equal(await t.services.tx.run((trx) => fanOut(trx, 100)), 1);
        } finally {
          await holder.end();
        }
      });
    }
  });
}
