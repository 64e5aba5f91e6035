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
 * The outbox: an event and its deliveries to every enabled endpoint of the company subscribed to
 * its type, in one statement, inside the caller's transaction (the change that caused it). A
 * delivery behind a pending one of the same customer and endpoint is not ready: it waits its turn.
 */
export async function insertEvent(
  db: Db,
  event: { companyId: string; id: string; type: string; customerId: string | null; bodyEnc: string; createdAt: Date },
): Promise<void> {
  if (event.customerId !== null) await lockCustomerChains(db, event.companyId, event.customerId);
  await sql`
    with event as (
      insert into webhook_events (company_id, id, type, customer_id, body_enc, created_at)
      values (${event.companyId}, ${event.id}, ${event.type}, ${event.customerId}, ${event.bodyEnc}, ${event.createdAt})
      returning seq
    )
    insert into webhook_deliveries (company_id, endpoint_id, event_id, event_seq, customer_id, status, ready, next_attempt_at, created_at)
    select e.company_id, e.id, ${event.id}, event.seq, ${event.customerId}, 'pending',
      not exists (
        select 1 from webhook_deliveries p
        where p.company_id = e.company_id and p.endpoint_id = e.id and p.customer_id = ${event.customerId} and p.status = 'pending'),
      ${event.createdAt}, ${event.createdAt}
    from webhook_endpoints e, event
    where e.company_id = ${event.companyId} and e.disabled_at is null and e.event_types @> ${JSON.stringify([event.type])}::jsonb`.execute(db);
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
        where o.created_at < ${before}
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
