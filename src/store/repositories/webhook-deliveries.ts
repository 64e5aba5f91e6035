import { sql, type Selectable } from 'kysely';
import type { Db } from '../database.ts';
import type { WebhookDeliveriesTable } from '../schema.ts';

export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;

/**
 * Leases up to `limit` due deliveries (SKIP LOCKED: several senders share the queue). Only heads of
 * their chains are ready: a delivery waits while an earlier event of the same customer is still
 * pending for the same endpoint — being sent or backing off — so that each endpoint receives a
 * customer's events in the order they happened. Deliveries of disabled endpoints wait until the
 * endpoint is enabled again.
 *
 * Run it in a transaction of its own: it forbids the planner to sort for the rest of it. The lease
 * must read the due index in order and stop after `limit` rows; a planner that trusts no statistics
 * yet (new tables: a fresh deployment's first minute, before autovacuum's first ANALYZE) chose to
 * read every due delivery and sort them all — 85 ms a lease at 30,000 due instead of 0.1 ms.
 */
export async function leaseDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<WebhookDeliveryRow[]> {
  await sql`set local enable_sort = off`.execute(db);
  const result = await sql<WebhookDeliveryRow>`
    update webhook_deliveries d set lease_until = ${leaseUntil}
    from (
      select c.company_id, c.endpoint_id, c.event_id from webhook_deliveries c
      where c.status = 'pending' and c.ready and c.next_attempt_at <= ${now} and (c.lease_until is null or c.lease_until <= ${now})
        and exists (select 1 from webhook_endpoints e where e.company_id = c.company_id and e.id = c.endpoint_id and e.disabled_at is null)
      order by c.next_attempt_at, c.event_seq
      limit ${limit}
      for update of c skip locked
    ) picked
    where d.company_id = picked.company_id and d.endpoint_id = picked.endpoint_id and d.event_id = picked.event_id
    returning d.*`.execute(db);
  return result.rows;
}

/** What one attempt came to: the delivery's new state and a line in the delivery log. */
export interface AttemptRecord {
  readonly companyId: string;
  readonly endpointId: string;
  readonly eventId: string;
  /** The delivery's customer: a settled head promotes the next delivery of its chain. */
  readonly customerId: string | null;
  readonly number: number;
  readonly at: Date;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
  readonly status: 'pending' | 'delivered' | 'failed';
  readonly nextAttemptAt: Date;
}

/**
 * Records the attempts of many deliveries in one statement: each delivery's new state (one UPDATE
 * from the list), a line per attempt in the delivery log (one multi-row INSERT), and, for every
 * chain whose head settled, its next delivery made ready (one UPDATE). The caller holds the
 * chains' locks (webhook-events.ts lockChains), so nothing is added behind a head while it settles.
 *
 * The three parts see the same snapshot. The promotion may: a settled head was leased, so it is
 * ready, and a promotion picks the first delivery of its chain that is not; with the chain's lock
 * held nothing else changes it meanwhile. A delivery listed twice counts once (the last).
 */
export async function recordAttempts(db: Db, records: readonly AttemptRecord[]): Promise<void> {
  const byDelivery = new Map(records.map((r) => [`${r.companyId}\u0000${r.endpointId}\u0000${r.eventId}`, r]));
  if (byDelivery.size === 0) return;
  const rows = JSON.stringify(
    [...byDelivery.values()].map((r) => ({
      company_id: r.companyId,
      endpoint_id: r.endpointId,
      event_id: r.eventId,
      customer_id: r.customerId,
      attempt: r.number,
      at: r.at.toISOString(),
      status_code: r.statusCode,
      latency_ms: r.latencyMs,
      error: r.error,
      status: r.status,
      next_attempt_at: r.nextAttemptAt.toISOString(),
    })),
  );
  await sql`
    with v as (
      select * from json_to_recordset(${rows}::json) as v(
        company_id text, endpoint_id text, event_id text, customer_id text, attempt integer, at timestamptz,
        status_code integer, latency_ms integer, error text, status text, next_attempt_at timestamptz)
    ),
    recorded as (
      update webhook_deliveries d set
        status = v.status, attempts = v.attempt, round_attempts = d.round_attempts + 1, next_attempt_at = v.next_attempt_at,
        lease_until = null, last_attempt_at = v.at, last_status_code = v.status_code, last_error = v.error,
        delivered_at = case when v.status = 'delivered' then v.at end
      from v
      where d.company_id = v.company_id and d.endpoint_id = v.endpoint_id and d.event_id = v.event_id
      returning 1
    ),
    logged as (
      insert into webhook_attempts (company_id, endpoint_id, event_id, attempt, attempted_at, status_code, latency_ms, error)
      select company_id, endpoint_id, event_id, attempt, at, status_code, latency_ms, error from v
      on conflict do nothing
      returning 1
    ),
    promoted as (
      update webhook_deliveries n set ready = true
      from (
        select distinct on (p.company_id, p.endpoint_id, p.customer_id) p.company_id, p.endpoint_id, p.event_id
        from (select distinct company_id, endpoint_id, customer_id from v where status <> 'pending' and customer_id is not null) settled
        join webhook_deliveries p
          on p.company_id = settled.company_id and p.endpoint_id = settled.endpoint_id and p.customer_id = settled.customer_id
        where p.status = 'pending' and not p.ready
        order by p.company_id, p.endpoint_id, p.customer_id, p.event_seq
      ) next
      where n.company_id = next.company_id and n.endpoint_id = next.endpoint_id and n.event_id = next.event_id
      returning 1
    )
    select (select count(*) from recorded) as recorded, (select count(*) from logged) as logged, (select count(*) from promoted) as promoted`.execute(db);
}

/** An endpoint's deliveries, newest event first, after the `beforeSeq` cursor. */
export async function listDeliveries(db: Db, companyId: string, endpointId: string, options: { status?: string; beforeSeq?: number; limit: number }) {
  let q = db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as v', (join) => join.onRef('v.company_id', '=', 'd.company_id').onRef('v.id', '=', 'd.event_id'))
    .select([
      'd.event_id',
      'd.event_seq',
      'v.type',
      'd.customer_id',
      'd.status',
      'd.attempts',
      'd.next_attempt_at',
      'd.last_attempt_at',
      'd.last_status_code',
      'd.last_error',
      'd.delivered_at',
      'd.created_at',
    ])
    .where('d.company_id', '=', companyId)
    .where('d.endpoint_id', '=', endpointId);
  if (options.status) q = q.where('d.status', '=', options.status as WebhookDeliveryRow['status']);
  if (options.beforeSeq !== undefined) q = q.where('d.event_seq', '<', options.beforeSeq);
  return q.orderBy('d.event_seq', 'desc').limit(options.limit).execute();
}

export async function listAttempts(db: Db, companyId: string, endpointId: string, eventIds: readonly string[]) {
  if (eventIds.length === 0) return [];
  return db
    .selectFrom('webhook_attempts')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('endpoint_id', '=', endpointId)
    .where('event_id', 'in', eventIds)
    .orderBy('attempt')
    .execute();
}

/**
 * Queues the company's events that match (one id, or a time range) for the endpoint again, if
 * it subscribes to their type: new deliveries, or settled ones sent again with a fresh backoff.
 * They are ready at once: a redelivery is an operator's, sent as soon as possible, not queued
 * behind the customer's later events.
 * Returns how many were queued.
 */
export async function requeue(
  db: Db,
  companyId: string,
  endpointId: string,
  events: { eventId: string } | { since: Date; until: Date },
  now: Date,
): Promise<number> {
  const which = 'eventId' in events ? sql`v.id = ${events.eventId}` : sql`v.created_at >= ${events.since} and v.created_at < ${events.until}`;
  const result = await sql`
    insert into webhook_deliveries (company_id, endpoint_id, event_id, event_seq, customer_id, status, next_attempt_at, created_at)
    select v.company_id, e.id, v.id, v.seq, v.customer_id, 'pending', ${now}, ${now}
    from webhook_events v join webhook_endpoints e on e.company_id = v.company_id and e.id = ${endpointId}
    where v.company_id = ${companyId} and ${which} and e.event_types @> jsonb_build_array(v.type)
    on conflict (company_id, endpoint_id, event_id) do update
      set status = 'pending', ready = true, round_attempts = 0, next_attempt_at = excluded.next_attempt_at, lease_until = null
      where webhook_deliveries.status <> 'pending'`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Pending deliveries across companies and the age of the oldest, for /metrics. An event whose
 * deliveries the sender has not yet made (webhook-events.ts fanOut) counts as one, from its time.
 */
export async function queueStats(db: Db, now: Date): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const result = await sql<{ pending: string; oldest: Date | null }>`
    select sum(n) as pending, min(oldest) as oldest from (
      select count(*) as n, min(created_at) as oldest from webhook_deliveries where status = 'pending'
      union all
      select count(*), min(created_at) from webhook_events where fan_out_to is not null
    ) queued`.execute(db);
  const row = result.rows[0];
  const oldest = row?.oldest ?? null;
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - new Date(oldest).getTime()) / 1000) : 0 };
}

/**
 * Deliveries (with their attempts) whose endpoint or event is gone. Deletes remove them with the
 * endpoint or event (no foreign keys, migration 0017); a delivery queued by a write that raced
 * such a delete is left behind, and the hourly prune removes it here, at most `limit` at a time.
 */
export async function deleteOrphans(db: Db, limit: number): Promise<number> {
  const result = await sql<{ n: number }>`
    with orphans as (
      select d.company_id, d.endpoint_id, d.event_id from webhook_deliveries d
      where not exists (select 1 from webhook_endpoints e where e.company_id = d.company_id and e.id = d.endpoint_id)
         or not exists (select 1 from webhook_events v where v.company_id = d.company_id and v.id = d.event_id)
      limit ${limit}
    ),
    attempts as (
      delete from webhook_attempts a using orphans o
      where a.company_id = o.company_id and a.endpoint_id = o.endpoint_id and a.event_id = o.event_id
    ),
    gone as (
      delete from webhook_deliveries d using orphans o
      where d.company_id = o.company_id and d.endpoint_id = o.endpoint_id and d.event_id = o.event_id
      returning 1
    )
    select count(*)::int as n from gone`.execute(db);
  return result.rows[0]?.n ?? 0;
}
