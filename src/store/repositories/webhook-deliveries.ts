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
 */
export async function leaseDue(db: Db, now: Date, leaseUntil: Date, limit: number): Promise<WebhookDeliveryRow[]> {
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
export async function recordAttempt(
  db: Db,
  delivery: { companyId: string; endpointId: string; eventId: string },
  attempt: {
    readonly number: number;
    readonly at: Date;
    readonly statusCode: number | null;
    readonly latencyMs: number;
    readonly error: string | null;
    readonly status: 'pending' | 'delivered' | 'failed';
    readonly nextAttemptAt: Date;
  },
): Promise<void> {
  await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({
      status: attempt.status,
      attempts: attempt.number,
      round_attempts: eb('round_attempts', '+', 1),
      next_attempt_at: attempt.nextAttemptAt,
      lease_until: null,
      last_attempt_at: attempt.at,
      last_status_code: attempt.statusCode,
      last_error: attempt.error,
      delivered_at: attempt.status === 'delivered' ? attempt.at : null,
    }))
    .where('company_id', '=', delivery.companyId)
    .where('endpoint_id', '=', delivery.endpointId)
    .where('event_id', '=', delivery.eventId)
    .execute();
  await db
    .insertInto('webhook_attempts')
    .values({
      company_id: delivery.companyId,
      endpoint_id: delivery.endpointId,
      event_id: delivery.eventId,
      attempt: attempt.number,
      attempted_at: attempt.at,
      status_code: attempt.statusCode,
      latency_ms: attempt.latencyMs,
      error: attempt.error,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

/** A settled head makes the next delivery of its chain (its endpoint and customer) ready. */
export async function promoteNext(db: Db, companyId: string, endpointId: string, customerId: string): Promise<void> {
  await sql`
    update webhook_deliveries set ready = true
    where (company_id, endpoint_id, event_id) in (
      select company_id, endpoint_id, event_id from webhook_deliveries
      where company_id = ${companyId} and endpoint_id = ${endpointId} and customer_id = ${customerId} and status = 'pending' and not ready
      order by event_seq
      limit 1)`.execute(db);
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

/** Pending deliveries across companies and the age of the oldest, for /metrics. */
export async function queueStats(db: Db, now: Date): Promise<{ pending: number; oldestAgeSeconds: number }> {
  const row = await db
    .selectFrom('webhook_deliveries')
    .select((eb) => [eb.fn.countAll<number>().as('pending'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const oldest = row.oldest as Date | null;
  return { pending: Number(row.pending), oldestAgeSeconds: oldest ? Math.max(0, (now.getTime() - oldest.getTime()) / 1000) : 0 };
}
