/**
 * SQL of dispatch: claiming due tasks (`FOR UPDATE SKIP LOCKED`, so any number of dispatcher
 * processes share the work without waiting on each other), leases, and a task's life events.
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../database.ts';
import type { TaskLifeEvent } from '../schema.ts';
import { createdAtKey, type CustomerRow } from './customers.ts';
import type { CallTaskRow } from './call-tasks.ts';

export interface CustomerKey {
  readonly companyId: string;
  readonly customerId: string;
}

const keyList = (keys: readonly CustomerKey[]) => sql.join(keys.map((k) => sql`(${k.companyId}, ${k.customerId})`));

const appendLife = (events: readonly TaskLifeEvent[]) => sql<string>`life || ${JSON.stringify(events)}::jsonb`;

/**
 * The customer has no call in flight: one probe of the partial unique index on dispatched tasks per
 * candidate row. `offset 0` keeps PostgreSQL from turning the probe into an anti-join that reads
 * every dispatched task first — the plan it picks while statistics lag behind a burst of dispatches
 * (hundreds of milliseconds a claim at 20,000 in flight, against a few with the probe).
 */
const noCallInFlight = sql<boolean>`not exists (select 1 from call_tasks d where d.company_id = t.company_id and d.customer_id = t.customer_id and d.status = 'dispatched' offset 0)`;

/** The company's calls are placed by a connector whose concurrency budget is not spent. */
const connectorHasBudget = sql<boolean>`t.company_id = any (array(
  select p.company_id from dispatch_providers p where p.kind <> 'pull' and p.in_flight < p.concurrency))`;

/** Dialling is not paused for the company. */
const notPaused = sql<boolean>`not exists (select 1 from companies c where c.id = t.company_id and c.dispatch_paused_at is not null)`;

/**
 * Due tasks of companies whose calls a connector places (not paused, budget not spent), of
 * customers with no call in flight, oldest first, locked; rows another dispatcher holds are
 * skipped, not waited for. Tasks that could not be dialled anyway never fill a batch, so they
 * cannot starve the rest.
 */
export async function lockDueTasks(trx: Trx, now: Date, limit: number): Promise<CallTaskRow[]> {
  return trx
    .selectFrom('call_tasks as t')
    .selectAll('t')
    .where('t.status', '=', 'scheduled')
    .where('t.scheduled_for', '<=', now)
    .where(connectorHasBudget)
    .where(notPaused)
    .where(noCallInFlight)
    .orderBy('t.scheduled_for')
    .limit(limit)
    .forUpdate('t')
    .skipLocked()
    .execute();
}

/** One company's due tasks, for its own dialer (the pull API), locked as above; none while paused. */
export async function lockDueTasksOfCompany(trx: Trx, companyId: string, now: Date, limit: number): Promise<CallTaskRow[]> {
  return trx
    .selectFrom('call_tasks as t')
    .selectAll('t')
    .where('t.company_id', '=', companyId)
    .where('t.status', '=', 'scheduled')
    .where('t.scheduled_for', '<=', now)
    .where(notPaused)
    .where(noCallInFlight)
    .orderBy('t.scheduled_for')
    .limit(limit)
    .forUpdate('t')
    .skipLocked()
    .execute();
}

/** The customers of these keys that no other transaction holds, locked. */
export async function lockFreeCustomers(trx: Trx, keys: readonly CustomerKey[]): Promise<CustomerRow[]> {
  if (keys.length === 0) return [];
  return trx
    .selectFrom('customers')
    .selectAll()
    .select(createdAtKey)
    .where(sql<boolean>`(company_id, id) in (${keyList(keys)})`)
    .forUpdate()
    .skipLocked()
    .execute();
}

/** Which of these customers already have a call in flight. */
export async function customersInFlight(trx: Trx, keys: readonly CustomerKey[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await trx
    .selectFrom('call_tasks')
    .select(['company_id', 'customer_id'])
    .where('status', '=', 'dispatched')
    .where(sql<boolean>`(company_id, customer_id) in (${keyList(keys)})`)
    .execute();
  return new Set(rows.map((r) => `${r.company_id}\u0000${r.customer_id}`));
}

/**
 * Serialises claims of one company across processes, so that its provider's concurrency budget
 * (calls in flight) is counted and spent by one claimer at a time. Released at commit.
 */
export async function lockCompanyBudget(trx: Trx, companyId: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtext(${`callwise:dispatch:${companyId}`}))`.execute(trx);
}

/** The company's calls in flight, as the trigger of migration 0009 keeps them. */
export async function countInFlight(trx: Trx, companyId: string): Promise<number> {
  const row = await trx.selectFrom('dispatch_providers').select('in_flight').where('company_id', '=', companyId).executeTakeFirst();
  return row?.in_flight ?? 0;
}

/** Leases claimed tasks to a dialer in one statement; each task gets its own life events. */
export async function markDispatched(
  trx: Trx,
  companyId: string,
  tasks: ReadonlyArray<{ readonly id: string; readonly events: readonly TaskLifeEvent[] }>,
  values: { provider: string; leaseUntil: Date; now: Date },
): Promise<void> {
  if (tasks.length === 0) return;
  const rows = sql.join(tasks.map((t) => sql`(${t.id}, ${JSON.stringify(t.events)})`));
  await sql`
    update call_tasks t
    set status = 'dispatched', attempts = t.attempts + 1, provider = ${values.provider}, provider_call_id = null,
        lease_until = ${values.leaseUntil}, dispatched_at = ${values.now}, updated_at = ${values.now},
        life = t.life || v.events::jsonb
    from (values ${rows}) as v(id, events)
    where t.company_id = ${companyId} and t.id = v.id`.execute(trx);
}

export async function addLifeEvents(db: Db, companyId: string, id: string, events: readonly TaskLifeEvent[], now: Date): Promise<void> {
  await db
    .updateTable('call_tasks')
    .set({ life: appendLife(events), updated_at: now })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .execute();
}

/**
 * The provider took these calls: their ids and when to ask for each outcome, in one statement (a
 * batch's dials are written together). Returns how many tasks were still dispatched.
 */
export async function recordPlaced(
  db: Db,
  placed: ReadonlyArray<{
    readonly companyId: string;
    readonly id: string;
    readonly providerCallId: string;
    readonly leaseUntil: Date;
    readonly event: TaskLifeEvent;
  }>,
): Promise<number> {
  let updated = 0;
  // One statement per company: with the company a constant, each row is found through the
  // primary key, whatever the planner believes about the table's size.
  for (const companyId of new Set(placed.map((p) => p.companyId))) {
    const rows = sql.join(
      placed
        .filter((p) => p.companyId === companyId)
        .map((p) => sql`(${p.id}, ${p.providerCallId}, ${p.leaseUntil.toISOString()}, ${p.event.at}, ${JSON.stringify([p.event])})`),
    );
    const result = await sql`
      update call_tasks t
      set provider_call_id = v.provider_call_id, lease_until = v.lease_until::timestamptz, updated_at = v.at::timestamptz,
          life = t.life || v.events::jsonb
      from (values ${rows}) as v(id, provider_call_id, lease_until, at, events)
      where t.company_id = ${companyId} and t.id = v.id and t.status = 'dispatched'`.execute(db);
    updated += Number(result.numAffectedRows ?? 0);
  }
  return updated;
}

/** Back to the queue: nothing was dialled. Due again at `dueAt` (re-checked then, like any task). */
export async function releaseTask(db: Db, companyId: string, id: string, dueAt: Date, event: TaskLifeEvent): Promise<boolean> {
  const result = await db
    .updateTable('call_tasks')
    .set({
      status: 'scheduled',
      scheduled_for: dueAt,
      lease_until: null,
      provider_call_id: null,
      updated_at: new Date(event.at),
      life: appendLife([event]),
    })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .where('status', '=', 'dispatched')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** A dispatched task looked at again later (the provider still has the call, or was unreachable). */
export async function extendLease(db: Db, companyId: string, id: string, leaseUntil: Date, event: TaskLifeEvent): Promise<void> {
  await db
    .updateTable('call_tasks')
    .set({ lease_until: leaseUntil, updated_at: new Date(event.at), life: appendLife([event]) })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .where('status', '=', 'dispatched')
    .execute();
}

/** The task's call was recorded. */
export async function completeTask(trx: Trx, companyId: string, id: string, callId: string, event: TaskLifeEvent): Promise<void> {
  await trx
    .updateTable('call_tasks')
    .set({ status: 'completed', call_id: callId, lease_until: null, updated_at: new Date(event.at), life: appendLife([event]) })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .where('status', 'in', ['scheduled', 'dispatched'])
    .execute();
}

/** The dial-time re-check found no lawful time left for the task before its schedule's horizon. */
export async function skipTask(trx: Trx, companyId: string, id: string, reason: string, event: TaskLifeEvent): Promise<void> {
  await trx
    .updateTable('call_tasks')
    .set({ status: 'skipped', cancel_reason: reason, lease_until: null, updated_at: new Date(event.at), life: appendLife([event]) })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .execute();
}

/** Dispatched tasks whose lease ran out, locked (other processes skip them). */
export async function lockExpiredLeases(trx: Trx, now: Date, limit: number, companyId?: string): Promise<CallTaskRow[]> {
  let query = trx.selectFrom('call_tasks').selectAll().where('status', '=', 'dispatched').where('lease_until', '<=', now);
  if (companyId) query = query.where('company_id', '=', companyId);
  return query.orderBy('lease_until').limit(limit).forUpdate().skipLocked().execute();
}

export async function findTask(db: Db, companyId: string, id: string): Promise<CallTaskRow | undefined> {
  return db.selectFrom('call_tasks').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function lockTask(trx: Trx, companyId: string, id: string): Promise<CallTaskRow | undefined> {
  return trx.selectFrom('call_tasks').selectAll().where('company_id', '=', companyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function findTaskByProviderCall(db: Db, provider: string, providerCallId: string): Promise<CallTaskRow | undefined> {
  return db.selectFrom('call_tasks').selectAll().where('provider', '=', provider).where('provider_call_id', '=', providerCallId).executeTakeFirst();
}

export async function setPaused(db: Db, companyId: string, paused: { at: Date; by: string } | null): Promise<boolean> {
  const result = await db
    .updateTable('companies')
    .set({ dispatch_paused_at: paused?.at ?? null, dispatch_paused_by: paused?.by ?? null })
    .where('id', '=', companyId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function dispatchState(db: Db, companyId: string, now: Date) {
  const company = await db.selectFrom('companies').select(['name', 'dispatch_paused_at', 'dispatch_paused_by']).where('id', '=', companyId).executeTakeFirst();
  if (!company) return undefined;
  const counts = await db
    .selectFrom('call_tasks')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('company_id', '=', companyId)
    .where('status', 'in', ['scheduled', 'dispatched'])
    .groupBy('status')
    .execute();
  const due = await db
    .selectFrom('call_tasks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('company_id', '=', companyId)
    .where('status', '=', 'scheduled')
    .where('scheduled_for', '<=', now)
    .executeTakeFirstOrThrow();
  return {
    companyName: company.name,
    pausedAt: company.dispatch_paused_at,
    pausedBy: company.dispatch_paused_by,
    scheduled: Number(counts.find((c) => c.status === 'scheduled')?.n ?? 0),
    inFlight: Number(counts.find((c) => c.status === 'dispatched')?.n ?? 0),
    due: Number(due.n),
  };
}

/** Across companies: scheduled tasks whose time has come, and dispatched ones (for /metrics). */
export async function dispatchBacklog(db: Db, now: Date): Promise<{ due: number; inFlight: number }> {
  const row = await db
    .selectFrom('call_tasks')
    .select([
      sql<number>`count(*) filter (where status = 'scheduled' and scheduled_for <= ${now})`.as('due'),
      sql<number>`count(*) filter (where status = 'dispatched')`.as('in_flight'),
    ])
    .where('status', 'in', ['scheduled', 'dispatched'])
    .where((eb) => eb.or([eb('status', '=', 'dispatched'), eb('scheduled_for', '<=', now)]))
    .executeTakeFirstOrThrow();
  return { due: Number(row.due), inFlight: Number(row.in_flight) };
}
