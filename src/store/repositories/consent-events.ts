import type { Db } from '../database.ts';
import { sql, type Insertable, type Selectable } from 'kysely';
import type { ConsentEventsTable } from '../schema.ts';

export type ConsentEventRow = Selectable<ConsentEventsTable>;
export type NewConsentEventRow = Insertable<ConsentEventsTable>;

export async function insertConsentEvent(db: Db, row: NewConsentEventRow): Promise<ConsentEventRow> {
  return db.insertInto('consent_events').values(row).returningAll().executeTakeFirstOrThrow();
}

/** A customer's events in the order they were recorded; they outlive the customer row. */
export async function listConsentEvents(db: Db, companyId: string, customerId: string): Promise<ConsentEventRow[]> {
  return db.selectFrom('consent_events').selectAll().where('company_id', '=', companyId).where('customer_id', '=', customerId).orderBy('seq').execute();
}

/** Whether any call or consent event is recorded for the customer id (kept after a delete). */
export async function hasKeptRecords(db: Db, companyId: string, customerId: string): Promise<boolean> {
  return (await idsWithKeptRecords(db, companyId, [customerId])).has(customerId);
}

/**
 * Of `customerIds`, those with a call or a consent event recorded: one statement for a chunk of
 * a bulk import, where nearly every id has none.
 */
export async function idsWithKeptRecords(db: Db, companyId: string, customerIds: readonly string[]): Promise<Set<string>> {
  if (customerIds.length === 0) return new Set();
  const result = await sql<{ customer_id: string }>`
    with wanted as (select value as customer_id from json_array_elements_text(${JSON.stringify(customerIds)}::json))
    select w.customer_id from wanted w
    where exists (select 1 from calls c where c.company_id = ${companyId} and c.customer_id = w.customer_id)
       or exists (select 1 from consent_events e where e.company_id = ${companyId} and e.customer_id = w.customer_id)`.execute(db);
  return new Set(result.rows.map((row) => row.customer_id));
}

/**
 * Whether a customer has the id now, and whether records of an earlier customer with it are kept:
 * one round trip for the create path, which asks both before it writes.
 */
export async function idStanding(db: Db, companyId: string, customerId: string): Promise<{ taken: boolean; keptRecords: boolean }> {
  const result = await sql<{ taken: boolean; kept: boolean }>`select
    exists (select 1 from customers where company_id = ${companyId} and id = ${customerId}) as taken,
    exists (select 1 from calls where company_id = ${companyId} and customer_id = ${customerId})
      or exists (select 1 from consent_events where company_id = ${companyId} and customer_id = ${customerId}) as kept`.execute(db);
  const row = result.rows[0];
  return { taken: row?.taken === true, keptRecords: row?.kept === true };
}

/** The company's latest attestation event (granted or withdrawn), if it ever made one. */
export async function latestCompanyAttestation(db: Db, companyId: string): Promise<ConsentEventRow | undefined> {
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', 'is', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Records of customers that no longer exist whose last activity (a call, or a consent event
 * recorded or taking effect) is before `before`: deleted, for every company or one. Returns how
 * many calls and consent events went. A customer that exists keeps everything.
 */
export async function purgeExpiredRecords(db: Db, before: Date, companyId?: string): Promise<{ calls: number; consentEvents: number }> {
  const company = companyId === undefined ? sql`true` : sql`company_id = ${companyId}`;
  const expired = sql`
    with ids as (
      select company_id, customer_id from calls where ${company}
      union
      select company_id, customer_id from consent_events where customer_id is not null and ${company}
    ), gone as (
      select i.company_id, i.customer_id from ids i
      where not exists (select 1 from customers cu where cu.company_id = i.company_id and cu.id = i.customer_id)
        and coalesce((select max(greatest(c.occurred_at, c.created_at)) from calls c
                      where c.company_id = i.company_id and c.customer_id = i.customer_id), '-infinity') < ${before}::timestamptz
        and coalesce((select max(greatest(e.effective_at, e.recorded_at)) from consent_events e
                      where e.company_id = i.company_id and e.customer_id = i.customer_id), '-infinity') < ${before}::timestamptz
    )`;
  // One statement: both deletions judge the same snapshot, and commit together.
  const result = await sql<{ calls: string; events: string }>`${expired},
    dc as (delete from calls c using gone g where c.company_id = g.company_id and c.customer_id = g.customer_id returning 1),
    de as (delete from consent_events e using gone g where e.company_id = g.company_id and e.customer_id = g.customer_id returning 1)
    select (select count(*) from dc)::text as calls, (select count(*) from de)::text as events`.execute(db);
  const row = result.rows[0];
  return { calls: Number(row?.calls ?? 0), consentEvents: Number(row?.events ?? 0) };
}
