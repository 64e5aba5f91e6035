import { sql } from 'kysely';
import type { Db } from '../database.ts';

const chainLockKey = (companyId: string, customerId: string) => `webhooks/${companyId}/${customerId}`;

/**
 * Serialises, per customer, adding to a chain of deliveries and settling its head (see
 * webhook-deliveries.ts recordAttempts). A statement of its own: the next statement's snapshot then
 * sees what the other side committed.
 */
async function lockCustomerChains(db: Db, companyId: string, customerId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${chainLockKey(companyId, customerId)}, 0))`.execute(db);
}

/**
 * The chain locks of many customers, in one statement, taken in the order of the locks' own keys:
 * two transactions that each take several (two senders' flushes) then cannot deadlock, whatever
 * order their customers came in. The sorted subquery is DISTINCT, so it is not merged into the
 * outer query: the locks are taken as its rows come, in order.
 */
export async function lockChains(db: Db, customers: ReadonlyArray<{ companyId: string; customerId: string }>): Promise<void> {
  if (customers.length === 0) return;
  const keys = JSON.stringify(customers.map((c) => chainLockKey(c.companyId, c.customerId)));
  await sql`
    select count(pg_advisory_xact_lock(k)) from (
      select distinct hashtextextended(x, 0) as k from json_array_elements_text(${keys}::json) as x order by k
    ) sorted`.execute(db);
}

/**
 * The outbox: the event, inside the caller's transaction (the change that caused it), with the
 * endpoints of the company that are enabled and subscribed to its type now — the ones it is
 * delivered to. One row, however many endpoints: the sender makes the deliveries (fanOut). With
 * no endpoint to deliver to, the event is written as already fanned out.
 *
 * The chain lock is held from before the event takes its `seq` until the caller commits, so a
 * customer's events commit in `seq` order, which is the order the fan-out and every endpoint
 * see them in.
 */
export async function insertEvent(
  db: Db,
  event: { companyId: string; id: string; type: string; customerId: string | null; bodyEnc: string; createdAt: Date },
): Promise<void> {
  if (event.customerId !== null) await lockCustomerChains(db, event.companyId, event.customerId);
  await sql`
    insert into webhook_events (company_id, id, type, customer_id, body_enc, created_at, fan_out_to)
    select ${event.companyId}, ${event.id}, ${event.type}, ${event.customerId}, ${event.bodyEnc}, ${event.createdAt},
      nullif(array(
        select e.id from webhook_endpoints e
        where e.company_id = ${event.companyId} and e.disabled_at is null and e.event_types @> ${JSON.stringify([event.type])}::jsonb
        order by e.id
      ), '{}')`.execute(db);
}

/** Whether any event still waits for its deliveries (a cheap look before fanOut's transaction). */
export async function hasEventsToFanOut(db: Db): Promise<boolean> {
  const row = await db.selectFrom('webhook_events').select('seq').where('fan_out_to', 'is not', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/**
 * Turns up to `limit` events, oldest first, into their deliveries: one per endpoint the event
 * listed when it happened that still exists (a disabled one's wait, like every delivery of a
 * disabled endpoint, until it is enabled again). Run it in a transaction of its own; returns how
 * many events it fanned out.
 *
 * One fan-out at a time (a transaction-scoped advisory lock; a sender that finds it taken skips its
 * turn), so events are taken strictly in `seq` order. A delivery is its chain's head — ready — if
 * it is the first of its customer and endpoint in the batch and nothing of that chain is pending;
 * the chain locks, taken before that is read, keep a head from settling meanwhile (the flush takes
 * them too, webhook-delivery.ts).
 */
export async function fanOut(db: Db, limit: number): Promise<number> {
  const turn = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended('webhooks/fan-out', 0)) as ok`.execute(db);
  if (turn.rows[0]?.ok !== true) return 0;
  const batch = await db
    .selectFrom('webhook_events')
    .select(['company_id', 'id', 'customer_id'])
    .where('fan_out_to', 'is not', null)
    .orderBy('seq')
    .limit(limit)
    .execute();
  if (batch.length === 0) return 0;
  await lockChains(
    db,
    batch.flatMap((v) => (v.customer_id === null ? [] : [{ companyId: v.company_id, customerId: v.customer_id }])),
  );
  const keys = JSON.stringify(batch.map((v) => ({ company_id: v.company_id, id: v.id })));
  await sql`
    with batch as (
      select * from json_to_recordset(${keys}::json) as b(company_id text, id text)
    ),
    targets as (
      select v.company_id, v.id, v.seq, v.customer_id, v.created_at, unnest(v.fan_out_to) as endpoint_id
      from webhook_events v join batch b on v.company_id = b.company_id and v.id = b.id
      where v.fan_out_to is not null
    ),
    fanned as (
      update webhook_events v set fan_out_to = null from batch b
      where v.company_id = b.company_id and v.id = b.id
    ),
    wanted as (
      select t.*, row_number() over (partition by t.company_id, t.endpoint_id, t.customer_id order by t.seq) as place
      from targets t join webhook_endpoints e on e.company_id = t.company_id and e.id = t.endpoint_id
    )
    insert into webhook_deliveries (company_id, endpoint_id, event_id, event_seq, customer_id, status, ready, next_attempt_at, created_at)
    select w.company_id, w.endpoint_id, w.id, w.seq, w.customer_id, 'pending',
      w.customer_id is null or (w.place = 1 and not exists (
        select 1 from webhook_deliveries p
        where p.company_id = w.company_id and p.endpoint_id = w.endpoint_id and p.customer_id = w.customer_id and p.status = 'pending')),
      w.created_at, w.created_at
    from wanted w
    on conflict do nothing`.execute(db);
  return batch.length;
}

/** The sealed bodies of these events. */
export async function findEventBodies(db: Db, keys: ReadonlyArray<{ companyId: string; id: string }>) {
  if (keys.length === 0) return [];
  return db
    .selectFrom('webhook_events')
    .select(['company_id', 'id', 'type', 'body_enc'])
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('company_id', '=', k.companyId), eb('id', '=', k.id)]))))
    .execute();
}

export async function findEvent(db: Db, companyId: string, id: string) {
  return db
    .selectFrom('webhook_events')
    .select(['id', 'type', 'seq', 'customer_id'])
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/**
 * Events older than `before` whose every delivery is settled go, and their deliveries and attempts
 * with them (one statement: no foreign key cascades, migration 0017); at most `limit` per call, so
 * a large backlog is pruned in short transactions.
 */
export async function pruneEvents(db: Db, before: Date, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with events as (
      delete from webhook_events v
      where (v.company_id, v.id) in (
        select company_id, id from webhook_events o
        where o.created_at < ${before} and o.fan_out_to is null
          and not exists (select 1 from webhook_deliveries d where d.company_id = o.company_id and d.event_id = o.id and d.status = 'pending')
        limit ${limit}
      )
      returning v.company_id, v.id
    ),
    deliveries as (
      delete from webhook_deliveries d using events
      where d.company_id = events.company_id and d.event_id = events.id
      returning d.company_id, d.endpoint_id, d.event_id
    ),
    attempts as (
      delete from webhook_attempts a using deliveries
      where a.company_id = deliveries.company_id and a.endpoint_id = deliveries.endpoint_id and a.event_id = deliveries.event_id
    )
    select count(*)::int as n from events`.execute(db);
  return result.rows[0]?.n ?? 0;
}

/** Up to `limit` bodies not sealed under `currentVersion`, for `callwise encryption rotate` (paged: events are many). */
export async function listStaleBodies(db: Db, currentVersion: number, limit: number) {
  return db
    .selectFrom('webhook_events')
    .select(['company_id', 'id', 'body_enc'])
    .where('body_enc', 'not like', `v${currentVersion}.%`)
    .limit(limit)
    .forUpdate()
    .execute();
}

export async function updateEventBody(db: Db, companyId: string, id: string, bodyEnc: string): Promise<void> {
  await db.updateTable('webhook_events').set({ body_enc: bodyEnc }).where('company_id', '=', companyId).where('id', '=', id).execute();
}
