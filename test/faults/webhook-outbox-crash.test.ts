/**
 * kill -9 and the lender-webhook outbox (issue: lender webhooks, "no event without its change, no
 * change without its event, also across kill -9; nothing lost, nothing delivered twice to a
 * receiver that deduplicates by webhook-id"). The real server runs as a child process on
 * PostgreSQL, with the dispatcher off (the only calls are those the test records) and its webhook
 * sender on, delivering to a receiver on 127.0.0.1 that verifies every request with the
 * `standardwebhooks` package and deduplicates by webhook-id.
 *
 * 1. Twenty clients record calls (`POST /calls`, some flagged DNC) for 40 customers while the sender
 *    delivers; the server is killed with SIGKILL with requests in flight, and restarted. From the
 *    database: every acknowledged call exists; each customer has as many `call.completed` events as
 *    calls, one `customer.do_not_call` event if a committed call of theirs says DNC (none if not) and
 *    is marked do-not-call exactly then; every event has its delivery to the endpoint.
 * 2. The server is killed while the sender is delivering: some deliveries failed once (503) and wait
 *    for their retry, others are on the wire to a receiver that does not answer, more wait behind
 *    them. It is restarted with the receiver still silent and killed again once every due delivery
 *    is on the wire; restarted once more, the receiver answers again.
 *
 * After each restart the queue drains, and then: every delivery is delivered; the receiver accepted
 * exactly one verified event per `webhook_events` row (its unique webhook-ids are the event ids) and
 * nothing else; each call was told once, by a `call.completed` naming it, and each DNC event names a
 * committed DNC call of its customer; each customer's events arrived in the order they happened. A
 * webhook-id may reach the receiver twice (at least once: the attempt's answer was lost in the kill),
 * but only for a delivery leased by the killed process — the duplicates are counted and checked
 * against those leases, not merely bounded by their number.
 *
 * A lease taken by the killed process runs out 60 s later (the sender's lease is not configurable
 * from the environment). Rather than wait, the test ages those leases while no server runs — the
 * restarted sender then sees exactly what it would see a minute later.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { WebhookReceiver } from '../fakes/webhook-receiver.ts';
import { newEncryptionKey, startServer, type HttpResponse, type ServerProcess } from './server-process.ts';

const skip = !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)';

const CUSTOMERS = 40;
const IN_FLIGHT = 20;
/**
 * Kill once this many calls were acknowledged, or after KILL_AFTER_MS, whichever comes first — but
 * never before MIN_ACKS (a machine busy with other suites can be slow to start answering).
 */
const KILL_AFTER_ACKS = 300;
const KILL_AFTER_MS = 4_000;
const MIN_ACKS = 20;
const GIVE_UP_MS = 30_000;
/** The queue must drain within this long of a restart (a failed first attempt is retried after 4–6 s). */
const DRAIN_LIMIT_MS = 30_000;
const EVENT_TYPES = ['call.completed', 'customer.consent_changed', 'customer.do_not_call'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const customerId = (i: number) => `hook-${i}`;
/** Customers whose calls may say DNC in the load; the others never do. */
const mayAskDnc = (i: number) => i % 4 === 0;

function callBody(customer: string, dnc: boolean): Record<string, unknown> {
  return {
    customerId: customer,
    toPhoneNumber: '+14155550100',
    // Within five minutes of now and never ahead of the server's clock.
    timestamp: new Date(Date.now() - 1_000).toISOString(),
    outcome: 'conversation',
    flags: dnc ? ['DNC'] : [],
  };
}

describe('kill -9 and the lender-webhook outbox (postgres)', { skip }, () => {
  let database: { url: string; drop: () => Promise<void> };
  let client: pg.Client;
  let receiver: WebhookReceiver;
  let server: ServerProcess | undefined;
  let env: Record<string, string>;
  let endpointId: string;
  /** Deliveries the killed processes held leased, by event id: only these may reach the receiver twice. */
  const leasedAtKill = new Set<string>();

  const count = async (query: string, values: unknown[] = []) => Number((await client.query<{ n: string }>(query, values)).rows[0]!.n);

  /** After a kill, before the restart: notes the dead process's leases and lets them run out. */
  async function expireLeasesOfTheDead(): Promise<string[]> {
    const { rows } = await client.query<{ event_id: string }>(
      `update webhook_deliveries set lease_until = now() where status = 'pending' and lease_until > now() returning event_id`,
    );
    for (const row of rows) leasedAtKill.add(row.event_id);
    return rows.map((r) => r.event_id);
  }

  /** No event without its change, no change without its event: the rows themselves. */
  async function assertOutbox(acknowledged: readonly string[]): Promise<void> {
    const { rows: stored } = await client.query<{ id: string }>(`select id from calls where id = any($1)`, [acknowledged]);
    const present = new Set(stored.map((r) => r.id));
    assert.deepEqual(
      acknowledged.filter((id) => !present.has(id)),
      [],
      'every call answered 201 survived the crash',
    );

    const { rows: perCustomer } = await client.query<{
      id: string;
      calls: string;
      completed: string;
      dnc_events: string;
      consent_events: string;
      dnc_calls: string;
      dnc_call: boolean;
      do_not_call: boolean;
    }>(
      `select c.id,
        (select count(*) from calls k where k.company_id = c.company_id and k.customer_id = c.id) as calls,
        (select count(*) from webhook_events v where v.company_id = c.company_id and v.customer_id = c.id and v.type = 'call.completed') as completed,
        (select count(*) from webhook_events v where v.company_id = c.company_id and v.customer_id = c.id and v.type = 'customer.do_not_call') as dnc_events,
        (select count(*) from webhook_events v where v.company_id = c.company_id and v.customer_id = c.id and v.type = 'customer.consent_changed') as consent_events,
        (select count(*) from calls k where k.company_id = c.company_id and k.customer_id = c.id and k.flags @> '["DNC"]') as dnc_calls,
        exists (select 1 from calls k where k.company_id = c.company_id and k.customer_id = c.id and k.flags @> '["DNC"]') as dnc_call,
        c.do_not_call
      from customers c order by c.id`,
    );
    assert.equal(perCustomer.length, CUSTOMERS);
    const wrong = perCustomer
      .filter(
        (r) => r.calls !== r.completed || Number(r.dnc_events) !== (r.dnc_call ? 1 : 0) || r.do_not_call !== r.dnc_call || r.consent_events !== r.dnc_calls,
      )
      .map(
        (r) =>
          `${r.id}: ${r.calls} calls, ${r.completed} call.completed; DNC call ${r.dnc_call}, ${r.dnc_events} do_not_call events, marked ${r.do_not_call}; ${r.dnc_calls} DNC calls, ${r.consent_events} consent_changed events`,
      );
    assert.deepEqual(
      wrong,
      [],
      'per customer: one call.completed per call, one do_not_call event exactly when a committed call said DNC, one consent_changed per DNC call (its revocation)',
    );

    const { rows: types } = await client.query<{ type: string }>(`select distinct type from webhook_events order by type`);
    assert.ok(
      types.every((r) => EVENT_TYPES.includes(r.type)),
      `only the events these calls cause: ${types.map((r) => r.type).join(', ')}`,
    );
    // An event's deliveries are made by the sender after it commits (webhook-events.ts fanOut):
    // until then the event lists its endpoints, and it is one or the other, never neither.
    assert.equal(
      await count(
        `select count(*) as n from webhook_events v
        where not exists (select 1 from webhook_deliveries d where d.company_id = v.company_id and d.event_id = v.id and d.endpoint_id = $1)
          and not coalesce($1 = any(v.fan_out_to), false)`,
        [endpointId],
      ),
      0,
      'no event without its delivery to the endpoint, or the endpoint listed for the fan-out',
    );
    assert.equal(
      await count(
        `select count(*) as n from webhook_events v
        where v.fan_out_to is not null and exists (select 1 from webhook_deliveries d where d.company_id = v.company_id and d.event_id = v.id)`,
      ),
      0,
      'an event waiting for its fan-out has no delivery yet',
    );
    assert.equal(
      await count(`select count(*) as n from webhook_deliveries`),
      await count(`select count(*) as n from webhook_events where fan_out_to is null`),
      'one delivery per fanned-out event',
    );
  }

  /** Waits until every delivery is delivered; returns how long it took. */
  async function drain(current: ServerProcess): Promise<number> {
    const started = Date.now();
    for (;;) {
      const { rows } = await client.query<{ status: string; n: string }>(
        `select status, count(*) as n from webhook_deliveries group by status
         union all select 'not fanned out', count(*) from webhook_events where fan_out_to is not null having count(*) > 0`,
      );
      if (rows.every((r) => r.status === 'delivered')) return Date.now() - started;
      if (Date.now() - started > DRAIN_LIMIT_MS) {
        assert.fail(`not drained after ${DRAIN_LIMIT_MS} ms: ${rows.map((r) => `${r.n} ${r.status}`).join(', ')}\n${current.output()}`);
      }
      await sleep(100);
    }
  }

  /** Nothing lost, nothing extra, in order, and no duplicate but of a delivery the kill left leased. */
  async function assertReceived(): Promise<{ duplicates: number }> {
    const { rows: events } = await client.query<{ id: string; type: string; customer_id: string; seq: string }>(
      `select id, type, customer_id, seq from webhook_events order by seq`,
    );
    const accepted = receiver.accepted.map((e) => e.id);
    assert.deepEqual([...accepted].sort(), events.map((e) => e.id).sort(), 'the receiver accepted each event exactly once, and nothing else');
    assert.deepEqual(
      receiver.requests.filter((r) => r.status === 401),
      [],
      'every delivery verified under the endpoint secret',
    );

    const { rows: calls } = await client.query<{ id: string; customer_id: string; dnc: boolean }>(
      `select id, customer_id, flags @> '["DNC"]' as dnc from calls`,
    );
    const callsById = new Map(calls.map((c) => [c.id, c]));
    const told = receiver.accepted.filter((e) => e.type === 'call.completed').map((e) => e.data.id as string);
    assert.deepEqual([...told].sort(), [...callsById.keys()].sort(), 'each recorded call was told once, by a call.completed naming it');
    for (const event of receiver.accepted.filter((e) => e.type === 'customer.do_not_call')) {
      const call = callsById.get(event.data.callId as string);
      assert.ok(call?.dnc && call.customer_id === event.data.customerId, `do_not_call ${event.id} names a committed DNC call of its customer`);
    }

    const seqOf = new Map(events.map((e) => [e.id, Number(e.seq)]));
    const byCustomer = new Map<string, number[]>();
    for (const e of receiver.accepted) {
      const customer = e.data.customerId as string;
      byCustomer.set(customer, [...(byCustomer.get(customer) ?? []), seqOf.get(e.id)!]);
    }
    const outOfOrder = [...byCustomer].filter(([, seqs]) => seqs.some((s, i) => i > 0 && s < seqs[i - 1]!)).map(([c]) => c);
    assert.deepEqual(outOfOrder, [], "each customer's events reached the endpoint in the order they happened");

    const times = new Map<string, number>();
    for (const r of receiver.requests) if (r.verified) times.set(r.id, (times.get(r.id) ?? 0) + 1);
    const twice = [...times].filter(([, n]) => n > 1).map(([id]) => id);
    const duplicates = [...times.values()].reduce((sum, n) => sum + n - 1, 0);
    assert.equal(duplicates, receiver.duplicates);
    assert.deepEqual(
      twice.filter((id) => !leasedAtKill.has(id)),
      [],
      `a webhook-id reached the receiver twice (${duplicates} repeats in all, ${leasedAtKill.size} deliveries leased at the kills) without a kill to lose its answer`,
    );
    return { duplicates };
  }

  before(async () => {
    database = await createPostgresDatabase();
    env = {
      DATABASE_URL: database.url,
      CALLWISE_ENCRYPTION_KEY: newEncryptionKey(),
      RATE_LIMIT_PER_MINUTE: '0',
      NODE_ENV: 'development',
      DISPATCHER: 'off',
    };
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    receiver = await WebhookReceiver.start();
  });
  after(async () => {
    await server?.kill9();
    await receiver?.close();
    await client?.end().catch(() => {});
    await database?.drop();
  });

  it('keeps every acknowledged call with its events, and delivers each event once, across a kill during recording', async (t) => {
    server = await startServer(env);
    const first = server;
    const registered = await first.request('POST', '/webhook-endpoints', { body: { url: receiver.url, eventTypes: EVENT_TYPES } });
    assert.equal(registered.status, 201, registered.text);
    const { endpoint, secret } = registered.json<{ endpoint: { id: string }; secret: string }>();
    endpointId = endpoint.id;
    receiver.trust(secret);
    for (let i = 0; i < CUSTOMERS; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          const res = await first.request('POST', '/customers', { body: customerBody({ id: customerId(i + k) }) });
          assert.equal(res.status, 201, res.text);
        }),
      );
    }

    type Outcome = { status: number; callId?: string } | { error: string };
    const outcomes = new Map<number, Outcome>();
    let next = 0;
    let acked = 0;
    let killing = false;
    const post = (n: number): Promise<HttpResponse> => {
      const i = n % CUSTOMERS;
      return first.request('POST', '/calls', { body: callBody(customerId(i), mayAskDnc(i) && n % 3 === 0), timeoutMs: 20_000 });
    };
    const worker = async () => {
      while (!killing) {
        const n = next++;
        try {
          const res = await post(n);
          outcomes.set(n, res.status === 201 ? { status: 201, callId: res.json<{ id: string }>().id } : { status: res.status });
          if (res.status === 201) acked++;
        } catch (error) {
          outcomes.set(n, { error: error instanceof Error ? error.message : String(error) });
        }
      }
    };

    const started = Date.now();
    const workers = Array.from({ length: IN_FLIGHT }, worker);
    while (acked < KILL_AFTER_ACKS && (Date.now() - started < KILL_AFTER_MS || acked < MIN_ACKS) && Date.now() - started < GIVE_UP_MS) await sleep(20);
    killing = true;
    await first.kill9();
    const killedAfterMs = Date.now() - started;
    await Promise.all(workers);

    const acknowledged = [...outcomes.values()].flatMap((o) => ('callId' in o && o.callId ? [o.callId] : []));
    const lost = [...outcomes.values()].filter((o) => 'error' in o).length;
    const other = [...outcomes].filter(([, o]) => 'status' in o && o.status !== 201);
    assert.deepEqual(other, [], 'before the kill every call is a 201');
    assert.ok(acknowledged.length >= MIN_ACKS, 'the load recorded calls before the kill');
    assert.ok(lost > 0, 'the kill happened with requests in flight');

    // The server is dead: what it left behind, and its leases run out.
    const backlog = await count(`select count(*) as n from webhook_deliveries where status = 'pending'`);
    const leased = await expireLeasesOfTheDead();
    const calls = await count(`select count(*) as n from calls`);
    assert.ok(
      calls >= acknowledged.length && calls <= acknowledged.length + lost,
      `${calls} calls for ${acknowledged.length} acknowledged and ${lost} unanswered`,
    );
    await assertOutbox(acknowledged);

    server = await startServer(env);
    const drainMs = await drain(server);
    await assertOutbox(acknowledged);
    const { duplicates } = await assertReceived();
    const dncEvents = receiver.accepted.filter((e) => e.type === 'customer.do_not_call').length;
    assert.ok(dncEvents > 0, 'the load changed customers to do-not-call');
    t.diagnostic(
      `webhook outbox crash: killed after ${killedAfterMs} ms with ${acknowledged.length} calls acknowledged and ${lost} in flight ` +
        `(${calls - acknowledged.length} of those committed); at the kill ${backlog} deliveries pending, ${leased.length} leased; ` +
        `after the restart ${receiver.accepted.length} events (${dncEvents} do_not_call) delivered in ${drainMs} ms, ${duplicates} sent twice`,
    );
    assert.equal(server.hasExited(), false, server.output());
  });

  it('loses no delivery when killed while the sender is delivering and retrying', async (t) => {
    assert.ok(server && !server.hasExited(), 'runs on the restarted server of the first test');
    const second = server;
    const before = receiver.requests.length;
    const record = async (i: number, dnc: boolean) => {
      const res = await second.request('POST', '/calls', { body: callBody(customerId(i), dnc) });
      assert.equal(res.status, 201, res.text);
      return res.json<{ id: string }>().id;
    };
    const seqBefore = await count(`select coalesce(max(seq), 0) as n from webhook_events`);
    /** The call.completed deliveries of these customers' calls recorded from here on. */
    const deliveryState = (customers: readonly string[]) =>
      client.query<{ event_id: string; status: string; attempts: number }>(
        `select d.event_id, d.status, d.attempts from webhook_deliveries d join webhook_events v on v.company_id = d.company_id and v.id = d.event_id
        where v.type = 'call.completed' and v.customer_id = any($1) and v.seq > $2`,
        [customers, seqBefore],
      );

    // Retrying: the receiver refuses the first attempt of these; the next comes 4–6 s later.
    receiver.mode = { kind: 'status', status: 503 };
    const retrying = Array.from({ length: 8 }, (_, k) => 1 + 4 * k);
    const acknowledged = await Promise.all(retrying.map((i) => record(i, false)));
    for (const deadline = Date.now() + 10_000; ; await sleep(50)) {
      const { rows } = await deliveryState(retrying.map(customerId));
      if (rows.length === retrying.length && rows.every((r) => r.attempts >= 1)) break;
      assert.ok(Date.now() < deadline, 'the refused first attempts were recorded');
    }

    // On the wire: the receiver takes these and does not answer. Two of the customers ask for DNC,
    // so an event waits behind one in flight. The server is killed once some are on the wire (the
    // calls are still being recorded, so not necessarily all), and restarted with the receiver still
    // hanging — it takes every due delivery — and killed again with all of those on the wire.
    receiver.mode = { kind: 'hang' };
    const inFlight = Array.from({ length: 10 }, (_, k) => 2 + 4 * k);
    acknowledged.push(...(await Promise.all(inFlight.map((i, k) => record(i, k % 5 === 0)))));
    const hungNow = () =>
      receiver.requests
        .slice(before)
        .filter((r) => r.status === 'hung')
        .map((r) => r.id);
    for (const deadline = Date.now() + 10_000; hungNow().length === 0; await sleep(20)) {
      assert.ok(Date.now() < deadline, 'deliveries reached the hanging receiver');
    }
    await second.kill9();
    const hungFirst = hungNow();
    const leasedFirst = await expireLeasesOfTheDead();
    assert.deepEqual(
      hungFirst.filter((id) => !leasedFirst.includes(id)),
      [],
      'a delivery on the wire at the kill was leased',
    );

    server = await startServer(env);
    const third = server;
    const wanted = (await deliveryState(inFlight.map(customerId))).rows.map((r) => r.event_id);
    for (const deadline = Date.now() + 10_000; ; await sleep(20)) {
      const hung = new Set(hungNow().slice(hungFirst.length));
      if (wanted.every((id) => hung.has(id))) break;
      assert.ok(
        Date.now() < deadline,
        `the restarted sender sent every due delivery at once: ${wanted.filter((id) => hung.has(id)).length} of ${wanted.length} on the wire`,
      );
    }
    await third.kill9();
    const hung = hungNow().slice(hungFirst.length);
    const waiting = (await deliveryState(retrying.map(customerId))).rows;
    const leased = await expireLeasesOfTheDead();
    assert.deepEqual(
      hung.filter((id) => !leased.includes(id)),
      [],
      'a delivery on the wire at the kill was leased',
    );
    assert.ok(
      waiting.every((r) => r.status === 'pending' && r.attempts >= 1),
      `the refused deliveries wait for their retry: ${JSON.stringify(waiting)}`,
    );
    const queued =
      (await count(`select count(*) as n from webhook_deliveries where status = 'pending'`)) +
      (await count(`select count(*) as n from webhook_events where fan_out_to is not null`));
    assert.ok(queued > leased.length, 'deliveries waited unleased at the kill too (events behind one in flight)');

    receiver.mode = { kind: 'ok' };
    server = await startServer(env);
    const drainMs = await drain(server);
    await assertOutbox(acknowledged);
    const { duplicates } = await assertReceived();
    const resent = new Set(
      receiver.requests
        .slice(before)
        .filter((r) => r.verified)
        .map((r) => r.id),
    );
    assert.deepEqual(
      [...hungFirst, ...hung].filter((id) => !resent.has(id)),
      [],
      'every delivery cut off by a kill was sent again with its webhook-id',
    );
    t.diagnostic(
      `webhook sender crash: ${hungFirst.length} deliveries on the wire at the first kill; at the second ${hung.length} on the wire ` +
        `(${leased.length} leased), ${waiting.length} refused once and waiting for a retry, ${queued} pending in all; ` +
        `drained in ${drainMs} ms after the restart; ${duplicates} webhook-ids sent twice over all kills`,
    );
    assert.equal(server.hasExited(), false, server.output());
  });
});
