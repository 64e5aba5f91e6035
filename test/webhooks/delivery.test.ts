/**
 * Lender webhooks end to end, in-process on each database: endpoints through the API, events
 * written with the changes that cause them, and the sender delivering to a real receiver on
 * 127.0.0.1 that verifies every delivery with the `standardwebhooks` package and deduplicates by
 * webhook-id. The app runs on a settable clock, so a receiver can be down for hours of retries in
 * a second; the backoff's jitter is fixed (random = 0.5: each delay exactly as scheduled).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { Webhook } from 'standardwebhooks';
import { WebhookDeliveryService } from '../../src/services/webhook-delivery.ts';
import { WebhookEndpointService } from '../../src/services/webhook-endpoints.ts';
import { DirectTransactions } from '../../src/store/transactions.ts';
import { WebhookSender } from '../../src/webhook-sender.ts';
import { WebhookReceiver } from '../fakes/webhook-receiver.ts';
import { customerBody, METRICS_TOKEN, startTestApp, type TestApp } from '../helpers/app.ts';
import { backends } from '../helpers/database.ts';

/** Wednesday 2026-12-02, 07:00 in Los Angeles. */
const START = new Date('2026-12-02T15:00:00Z');
const HOUR = 3_600_000;
const ALL_TYPES = ['call.completed', 'customer.do_not_call', 'customer.calls_stopped', 'customer.callback_requested', 'task.skipped', 'schedule.rebuilt'];

for (const backend of backends) {
  describe(`lender webhooks (${backend})`, () => {
    let t: TestApp;
    const clock = { now: START };
    let receiver: WebhookReceiver;
    let endpointId: string;
    let secret: string;
    let seq = 0;

    const advance = (ms: number) => {
      clock.now = new Date(clock.now.getTime() + ms);
    };
    /** Sends everything due now, as the sender loop would. */
    const send = async () => {
      while ((await t.services.webhookDelivery.sendDue(50)) > 0);
    };
    const customer = async (id: string, extra: Record<string, unknown> = {}) => {
      const res = await t.request('POST', '/customers', { body: customerBody({ id, ...extra }) });
      assert.equal(res.statusCode, 201, res.body);
    };
    const call = async (customerId: string, extra: Record<string, unknown> = {}) => {
      const res = await t.request('POST', '/calls', {
        body: { customerId, toPhoneNumber: '+14155550100', timestamp: clock.now.toISOString(), outcome: 'conversation', ...extra },
      });
      assert.equal(res.statusCode, 201, res.body);
      return res.json<{ id: string }>();
    };
    const deliveries = async (id = endpointId, query = '') => {
      const res = await t.request('GET', `/webhook-endpoints/${id}/deliveries${query}`);
      assert.equal(res.statusCode, 200, res.body);
      return res.json<{
        data: Array<{ eventId: string; type: string; status: string; attempts: number; log: Array<{ statusCode: number | null; error: string | null }> }>;
      }>().data;
    };
    const eventCount = async (type?: string) => {
      const row = await sql<{ n: number }>`select count(*)::int as n from webhook_events where ${type ? sql`type = ${type}` : sql`true`}`.execute(
        t.services.db,
      );
      return row.rows[0]!.n;
    };

    before(async () => {
      t = await startTestApp(backend, { clock: () => clock.now, webhooks: { development: true }, webhookDelivery: { random: () => 0.5, timeoutMs: 400 } });
      receiver = await WebhookReceiver.start();
    });
    after(async () => {
      await receiver?.close();
      await t?.close();
    });
    beforeEach(async () => {
      // Each test starts with one fresh endpoint and an empty outbox.
      await sql`delete from webhook_attempts`.execute(t.services.db);
      await sql`delete from webhook_deliveries`.execute(t.services.db);
      await sql`delete from webhook_events`.execute(t.services.db);
      await sql`delete from webhook_endpoints`.execute(t.services.db);
      receiver.mode = { kind: 'ok' };
      receiver.accepted.length = 0;
      receiver.requests.length = 0;
      receiver.duplicates = 0;
      const res = await t.request('POST', '/webhook-endpoints', { body: { url: receiver.url, eventTypes: ALL_TYPES, description: 'collections system' } });
      assert.equal(res.statusCode, 201, res.body);
      const created = res.json<{ endpoint: { id: string }; secret: string }>();
      endpointId = created.endpoint.id;
      secret = created.secret;
      receiver.trust(secret);
      seq++;
    });

    it('registers an endpoint: the secret is shown once, never listed; refuses bad input naming every field; other companies cannot see it', async () => {
      assert.match(secret, /^whsec_[A-Za-z0-9+/]{43}=$/);
      const listed = await t.request('GET', '/webhook-endpoints');
      assert.equal(listed.statusCode, 200);
      assert.equal(listed.body.includes(secret.slice(6)), false, 'the secret is never listed');
      assert.deepEqual(
        listed.json<Array<{ id: string; enabled: boolean; eventTypes: string[] }>>().map((e) => [e.id, e.enabled, e.eventTypes.length]),
        [[endpointId, true, ALL_TYPES.length]],
      );
      const bad = await t.request('POST', '/webhook-endpoints', {
        body: { url: 'ftp://lender.example/x', eventTypes: ['call.completed', 'call.started'], colour: 'red' },
      });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.deepEqual(
        bad
          .json<{ errors: Array<{ pointer: string }> }>()
          .errors.map((e) => e.pointer)
          .sort(),
        ['/colour', '/eventTypes/1', '/url'],
      );
      assert.equal(await eventCount(), 0);
      const other = await t.request('GET', `/webhook-endpoints/${endpointId}`, { key: t.otherApiKey });
      assert.equal(other.statusCode, 404);
      const otherPatch = await t.request('PATCH', `/webhook-endpoints/${endpointId}`, { body: { enabled: false }, key: t.otherApiKey });
      assert.equal(otherPatch.statusCode, 404);
    });

    it('delivers a recorded call and what it changed, in order, signed so that the oracle verifies every delivery', async () => {
      const id = `wh-call-${seq}`;
      await customer(id);
      advance(60_000);
      const recorded = await call(id, {
        flags: ['LIVE_CONNECT', 'RPC', 'DNC'],
        transcript: 'Agent: hello\nCustomer: stop calling me',
        summarization: 'asked to stop',
      });
      await send();
      assert.deepEqual(
        receiver.accepted.map((e) => e.type),
        ['call.completed', 'customer.do_not_call'],
      );
      const [completed, dnc] = receiver.accepted;
      // The reference's call object, exactly its field names, plus taskId and outcome.
      for (const field of ['customerId', 'toPhoneNumber', 'transcript', 'timestamp', 'flags', 'summarization', 'outcome'])
        assert.ok(field in completed!.data, `call.completed carries ${field}`);
      assert.equal(completed!.data.id, recorded.id);
      assert.equal('taskId' in completed!.data, false, 'taskId is there when the call completed a task (loop.test.ts), as in GET /calls');
      assert.deepEqual(dnc!.data, { customerId: id, source: 'call', callId: recorded.id, at: clock.now.toISOString() });
      // The envelope of the specification, and the event's own creation instant.
      assert.deepEqual(Object.keys(JSON.parse(completed!.rawBody) as object), ['type', 'timestamp', 'data']);
      assert.equal(completed!.timestamp, clock.now.toISOString());
      assert.equal(
        receiver.requests.every((r) => r.verified),
        true,
      );
      assert.deepEqual(
        (await deliveries()).map((d) => [d.type, d.status, d.attempts, d.log.map((l) => l.statusCode)]),
        [
          ['customer.do_not_call', 'delivered', 1, [204]],
          ['call.completed', 'delivered', 1, [204]],
        ],
      );
    });

    it('tells the lender of every consent event: a stop on a call, a revocation through the API, and the evidenced consent that lifts it', async () => {
      const id = `wh-consent-${seq}`;
      const subscribed = await t.request('PATCH', `/webhook-endpoints/${endpointId}`, { body: { eventTypes: ['customer.consent_changed'] } });
      assert.equal(subscribed.statusCode, 200, subscribed.body);
      await customer(id);
      advance(60_000);
      const recorded = await call(id, { flags: ['RPC', 'DNC'] });
      advance(60_000);
      const revoked = await t.request('POST', `/customers/${id}/consent`, { body: { kind: 'revoked', channel: 'email', source: 'inbound_opt_out' } });
      assert.equal(revoked.statusCode, 201, revoked.body);
      advance(60_000);
      const granted = await t.request('POST', `/customers/${id}/consent`, {
        body: { kind: 'granted', channel: 'web', phoneNumber: '+14155550100', evidence: 'Portal consent form 41, signed' },
      });
      assert.equal(granted.statusCode, 201, granted.body);
      await send();
      const events = receiver.accepted.map((e) => e.data);
      assert.deepEqual(
        events.map((d) => [d.kind, d.source, d.channel, d.callingStopped, d.customerExists]),
        [
          ['revoked', 'call', 'call', true, true],
          ['revoked', 'inbound_opt_out', 'email', true, true],
          // A newer consent with its evidence lifts the earlier revocations of this number.
          ['granted', 'api', 'web', false, true],
        ],
      );
      assert.equal(events[0]!.callId, recorded.id);
      assert.equal(events[2]!.phoneNumber, '+14155550100');
      const ledger = (await t.request('GET', `/customers/${id}/consent`)).json<{ events: Array<{ id: string }> }>().events.map((e) => e.id);
      assert.deepEqual(events.map((d) => d.consentEventId).sort(), [...ledger].sort());
      // The evidence is the lender's own text and stays in the ledger, not in webhook bodies.
      assert.equal(
        receiver.accepted.some((e) => e.rawBody.includes('Portal consent form')),
        false,
      );
      assert.equal(
        receiver.requests.every((r) => r.verified),
        true,
      );
    });

    it('the oracle refuses a tampered body, a wrong secret and a stale timestamp', async () => {
      await customer(`wh-oracle-${seq}`);
      await call(`wh-oracle-${seq}`);
      await send();
      const [event] = receiver.accepted;
      const headers = { 'webhook-id': event!.id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)), 'webhook-signature': event!.signature };
      // Re-sign as Callwise would now (a fresh timestamp), then break one thing at a time.
      headers['webhook-signature'] = new Webhook(secret).sign(event!.id, new Date(Number(headers['webhook-timestamp']) * 1000), event!.rawBody);
      assert.ok(new Webhook(secret).verify(event!.rawBody, headers));
      assert.throws(() => new Webhook(secret).verify(event!.rawBody.replace('conversation', 'voicemail'), headers));
      const other = 'whsec_' + Buffer.alloc(32, 7).toString('base64');
      assert.throws(() => new Webhook(other).verify(event!.rawBody, headers));
      const stale = String(Math.floor(Date.now() / 1000) - 600);
      const staleHeaders = {
        ...headers,
        'webhook-timestamp': stale,
        'webhook-signature': new Webhook(secret).sign(event!.id, new Date(Number(stale) * 1000), event!.rawBody),
      };
      assert.throws(() => new Webhook(secret).verify(event!.rawBody, staleHeaders));
    });

    it('no event without its change: a refused call writes nothing; a stop and a callback request each tell the lender', async () => {
      await customer(`wh-none-${seq}`);
      const refused = await t.request('POST', '/calls', { body: { customerId: `wh-none-${seq}`, toPhoneNumber: 'nope', timestamp: clock.now.toISOString() } });
      assert.equal(refused.statusCode, 400);
      const unknown = await t.request('POST', '/calls', { body: { customerId: 'nobody', toPhoneNumber: '+14155550100', timestamp: clock.now.toISOString() } });
      assert.equal(unknown.statusCode, 404);
      assert.equal(await eventCount(), 0);

      const callback = new Date(clock.now.getTime() + 26 * HOUR).toISOString();
      await call(`wh-none-${seq}`, { flags: ['RPC', 'CALLBACK_REQUEST'], callbackAt: callback });
      const stopped = await call(`wh-none-${seq}`, { flags: ['ATTORNEY_REP'] });
      await send();
      assert.deepEqual(
        receiver.accepted.map((e) => e.type),
        ['call.completed', 'customer.callback_requested', 'call.completed', 'customer.calls_stopped'],
      );
      const requested = receiver.accepted[1]!.data as { requestedFor: string; task: { scheduledFor: string; consented: boolean } | null };
      assert.equal(requested.requestedFor, callback);
      assert.equal(requested.task?.consented, true);
      assert.deepEqual(
        { ...receiver.accepted[3]!.data, tasksCancelled: undefined },
        {
          customerId: `wh-none-${seq}`,
          reason: 'ATTORNEY_REP',
          detail: `ATTORNEY_REP reported on call ${stopped.id}`,
          callId: stopped.id,
          stoppedAt: clock.now.toISOString(),
          tasksCancelled: undefined,
        },
      );
    });

    it('a changed plan (PATCH) and a do-not-call mark through the API each become an event', async () => {
      const id = `wh-plan-${seq}`;
      await customer(id);
      assert.equal(await eventCount(), 0, 'a create is not a rebuild');
      const moved = await t.request('PATCH', `/customers/${id}`, {
        body: { phoneNumber: '+13035550123', zipCode: '80202', state: 'CO', city: 'Denver', timezone: 'America/Denver' },
      });
      assert.equal(moved.statusCode, 200, moved.body);
      const dnc = await t.request('PATCH', `/customers/${id}`, { body: { doNotCall: true } });
      assert.equal(dnc.statusCode, 200, dnc.body);
      const again = await t.request('PATCH', `/customers/${id}`, { body: { doNotCall: true } });
      assert.equal(again.statusCode, 200);
      await send();
      assert.deepEqual(
        receiver.accepted.map((e) => e.type),
        ['schedule.rebuilt', 'customer.do_not_call', 'schedule.rebuilt', 'schedule.rebuilt'],
      );
      const rebuilt = receiver.accepted[0]!.data as { tasks: Array<{ id: string; scheduledFor: string }>; tasksCreated: number };
      assert.equal(rebuilt.tasks.length, rebuilt.tasksCreated);
      assert.ok(rebuilt.tasks.length > 0);
      assert.deepEqual(receiver.accepted[1]!.data, { customerId: id, source: 'api', at: clock.now.toISOString() });
      assert.deepEqual((receiver.accepted[2]!.data as { tasks: unknown[] }).tasks, [], 'do-not-call: no attempt left');
    });

    it('a receiver down for hours: retries on the schedule, honours Retry-After, and delivers everything once, in order per customer', async () => {
      const [a, b] = [`wh-out-a-${seq}`, `wh-out-b-${seq}`];
      await customer(a);
      await customer(b);
      receiver.mode = { kind: 'status', status: 503 };
      await call(a);
      await call(b);
      await call(a, { flags: ['DNC'] });
      await send();
      assert.equal(receiver.accepted.length, 0);
      // Only the first event of each customer is tried: the rest wait behind it.
      assert.equal(new Set(receiver.requests.map((r) => r.id)).size, 2);
      const first = await deliveries();
      assert.deepEqual(first.map((d) => [d.status, d.attempts]).sort(), [
        ['pending', 0],
        ['pending', 0],
        ['pending', 1],
        ['pending', 1],
      ]);

      // Operators see the queue: every delivery pending, the oldest as old as the first call.
      const metrics = await t.request('GET', '/metrics', { key: null, headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      assert.match(metrics.body, /^callwise_webhook_queue_depth 4$/m);
      assert.match(metrics.body, /^callwise_webhook_oldest_pending_seconds 0$/m, 'on the frozen clock, no time has passed');
      assert.ok(Number(/^callwise_webhook_attempts_total\{result="retry"\} (\d+)$/m.exec(metrics.body)?.[1]) >= 2, 'the failed attempts are counted');

      // 5 s later (the first retry), a timeout; 5 min later, refused connections; then 429 asking for 2 h.
      advance(5_000);
      receiver.mode = { kind: 'hang' };
      await send();
      advance(300_000);
      receiver.mode = { kind: 'ok' };
      await receiver.down();
      await send();
      await receiver.listen();
      receiver.mode = { kind: 'status', status: 429, retryAfter: '7200' };
      advance(1_800_000);
      await send();
      const log = (await deliveries()).find((d) => d.attempts === 4)!.log;
      assert.deepEqual(
        log.map((l) => [l.statusCode, l.error]),
        [
          [503, 'answered 503'],
          [null, 'timed out'],
          [null, 'connection refused'],
          [429, 'answered 429'],
        ],
      );
      // The 429 asked for 2 h, longer than the 2 h backoff step would be with jitter fixed: not before.
      receiver.mode = { kind: 'ok' };
      advance(HOUR);
      await send();
      assert.equal(receiver.accepted.length, 0, 'Retry-After is honoured');
      advance(HOUR);
      await send();
      await send();
      assert.equal(receiver.accepted.length, 4, 'everything arrives once the receiver is back');
      assert.equal(receiver.duplicates, 0);
      const ofA = receiver.accepted.filter((e) => e.data.customerId === a).map((e) => e.type);
      assert.deepEqual(ofA, ['call.completed', 'call.completed', 'customer.do_not_call']);
      assert.equal(
        (await deliveries()).every((d) => d.status === 'delivered'),
        true,
      );
    });

    it('a receiver that hangs holds only its own deliveries: another endpoint gets each event at once', async () => {
      const healthy = await WebhookReceiver.start();
      const res = await t.request('POST', '/webhook-endpoints', { body: { url: healthy.url, eventTypes: ['call.completed'] } });
      healthy.trust(res.json<{ secret: string }>().secret);
      // A bound far above the waits below: the healthy endpoint must not wait for it.
      const service = new WebhookDeliveryService({
        db: t.services.db,
        tx: t.services.tx,
        keyring: t.services.keyring,
        endpoints: t.services.webhookEndpoints,
        clock: () => clock.now,
        metrics: t.services.metrics,
        options: { timeoutMs: 30_000, random: () => 0.5 },
      });
      const sender = new WebhookSender(service, t.services.database, { warn: () => {} }, { pollMs: 50 });
      receiver.mode = { kind: 'hang' };
      const id = `wh-hang-${seq}`;
      await customer(id);
      sender.start();
      try {
        for (const expected of [1, 2]) {
          await call(id);
          const startedAt = Date.now();
          while (healthy.accepted.length < expected && Date.now() - startedAt < 10_000) await sleep(20);
          assert.equal(healthy.accepted.length, expected, `event ${expected} reached the healthy endpoint while the other hangs`);
        }
        assert.equal(receiver.requests.filter((r) => r.status === 'hung').length, 1, "the hanging endpoint holds the customer's next event behind the first");
      } finally {
        await receiver.down(); // lets the hung request fail at once
        await sender.stop();
        await receiver.listen();
        await healthy.close();
      }
    });

    it('410 disables the endpoint and nothing is dropped: enabled again, it receives what waited', async () => {
      await customer(`wh-gone-${seq}`);
      receiver.mode = { kind: 'status', status: 410 };
      await call(`wh-gone-${seq}`);
      await send();
      const gone = await t.request('GET', `/webhook-endpoints/${endpointId}`);
      assert.equal(gone.json<{ enabled: boolean; disabledReason: string }>().enabled, false);
      assert.equal(gone.json<{ disabledReason: string }>().disabledReason, 'the endpoint answered 410 Gone');
      receiver.mode = { kind: 'ok' };
      await call(`wh-gone-${seq}`);
      advance(HOUR);
      await send();
      assert.equal(receiver.accepted.length, 0, 'a disabled endpoint receives nothing');
      const enabled = await t.request('PATCH', `/webhook-endpoints/${endpointId}`, { body: { enabled: true } });
      assert.equal(enabled.statusCode, 200, enabled.body);
      await send();
      // New events while disabled were not queued for it; the one that met the 410 waited.
      assert.deepEqual(
        receiver.accepted.map((e) => e.type),
        ['call.completed'],
      );
      const redelivered = await t.request('POST', `/webhook-endpoints/${endpointId}/redeliver`, {
        body: { since: new Date(START.getTime() - 365 * 24 * HOUR).toISOString(), until: new Date(clock.now.getTime() + 1000).toISOString() },
      });
      assert.equal(redelivered.statusCode, 400, 'a range longer than 31 days is refused');
      const range = await t.request('POST', `/webhook-endpoints/${endpointId}/redeliver`, {
        body: { since: new Date(clock.now.getTime() - 2 * HOUR).toISOString(), until: new Date(clock.now.getTime() + 1000).toISOString() },
      });
      assert.equal(range.statusCode, 202, range.body);
      assert.equal(range.json<{ queued: number }>().queued, 2, 'the one missed while disabled, and the delivered one again');
      await send();
      assert.equal(receiver.accepted.length, 2);
      assert.equal(receiver.duplicates, 1, 'a redelivery carries its original webhook-id');
    });

    it('an endpoint failing for three days is disabled; a delivery gives up after its last retry and can be sent again', async () => {
      await customer(`wh-dead-${seq}`);
      receiver.mode = { kind: 'status', status: 500 };
      await call(`wh-dead-${seq}`);
      for (let i = 0; i < 12; i++) {
        await send();
        advance(25 * HOUR);
      }
      const endpoint = (await t.request('GET', `/webhook-endpoints/${endpointId}`)).json<{ enabled: boolean; disabledReason: string }>();
      assert.equal(endpoint.enabled, false);
      assert.equal(endpoint.disabledReason, 'every delivery failed for three days');
      const [delivery] = await deliveries();
      assert.ok(delivery!.attempts >= 4 && delivery!.attempts <= 10, `attempts: ${delivery!.attempts}`);
      receiver.mode = { kind: 'ok' };
      assert.equal((await t.request('PATCH', `/webhook-endpoints/${endpointId}`, { body: { enabled: true } })).statusCode, 200);
      for (let i = 0; i < 12 && receiver.accepted.length === 0; i++) {
        await send();
        advance(25 * HOUR);
      }
      assert.equal(receiver.accepted.length, 1);
      const redo = await t.request('POST', `/webhook-endpoints/${endpointId}/redeliver`, { body: { eventId: receiver.accepted[0]!.id } });
      assert.equal(redo.json<{ queued: number }>().queued, 1);
      const missing = await t.request('POST', `/webhook-endpoints/${endpointId}/redeliver`, { body: { eventId: 'evt_nope' } });
      assert.equal(missing.statusCode, 404);
    });

    it('rotating the secret signs with both for 24 hours, then with the new one only', async () => {
      const rotated = await t.request('POST', `/webhook-endpoints/${endpointId}/rotate-secret`);
      assert.equal(rotated.statusCode, 200, rotated.body);
      const fresh = rotated.json<{ secret: string }>().secret;
      assert.notEqual(fresh, secret);
      await customer(`wh-rot-${seq}`);
      await call(`wh-rot-${seq}`);
      receiver.trust(secret);
      await send();
      assert.equal(receiver.accepted.length, 1, 'the old secret still verifies');
      assert.equal(receiver.accepted[0]!.signature.split(' ').length, 2);
      advance(25 * HOUR);
      await call(`wh-rot-${seq}`);
      await send();
      assert.equal(receiver.accepted.length, 1, 'after 24 hours the old secret no longer does');
      receiver.trust(fresh);
      advance(10_000);
      await send();
      assert.equal(receiver.accepted.length, 2);
      assert.equal(receiver.accepted[1]!.signature.split(' ').length, 1);
    });

    it('refuses private, loopback and plain-http endpoints outside development', async () => {
      const production = new WebhookEndpointService(t.services.db, new DirectTransactions(t.services.db), t.services.keyring, () => clock.now, {
        development: false,
      });
      for (const url of [
        receiver.url,
        'https://127.0.0.1/x',
        'https://10.1.2.3/x',
        'https://169.254.169.254/latest',
        'https://[::1]/x',
        'http://lender.example/x',
        'https://localhost/x',
      ]) {
        await assert.rejects(
          production.create(t.companyId, { url, eventTypes: ['call.completed'] }, 'cli'),
          (error: { errors?: Array<{ pointer: string }> }) => error.errors?.[0]?.pointer === '/url',
          url,
        );
      }
    });

    if (backend === 'postgres')
      it('two senders share the queue: every delivery is sent once', async () => {
        for (let i = 0; i < 40; i++) await customer(`wh-pair-${seq}-${i}`);
        for (let i = 0; i < 40; i++) await call(`wh-pair-${seq}-${i}`);
        const other = new WebhookDeliveryService({
          db: t.services.db,
          tx: t.services.tx,
          keyring: t.services.keyring,
          endpoints: t.services.webhookEndpoints,
          clock: () => clock.now,
          metrics: t.services.metrics,
        });
        const drain = async (service: WebhookDeliveryService) => {
          while ((await service.sendDue(7)) > 0);
        };
        await Promise.all([drain(t.services.webhookDelivery), drain(other)]);
        assert.equal(receiver.accepted.length, 40);
        assert.equal(receiver.requests.length, 40, 'no delivery was sent twice');
      });
  });
}
