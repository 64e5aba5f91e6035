import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from '../database.ts';
import type { WebhookEndpointsTable } from '../schema.ts';

/** A company's webhook endpoints; secrets arrive sealed (services/webhook-endpoints.ts). */

export type WebhookEndpointRow = Selectable<WebhookEndpointsTable>;

export async function insertEndpoint(db: Db, row: Insertable<WebhookEndpointsTable>): Promise<WebhookEndpointRow> {
  return db.insertInto('webhook_endpoints').values(row).returningAll().executeTakeFirstOrThrow();
}

export async function findEndpoint(db: Db, companyId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

export async function lockEndpoint(db: Db, companyId: string, id: string): Promise<WebhookEndpointRow | undefined> {
  return db.selectFrom('webhook_endpoints').selectAll().where('company_id', '=', companyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function listEndpoints(db: Db, companyId: string): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhook_endpoints').selectAll().where('company_id', '=', companyId).orderBy('created_at').orderBy('id').execute();
}

/** The endpoints of these (company, id) pairs, for the sender. */
export async function findEndpoints(db: Db, keys: ReadonlyArray<{ companyId: string; id: string }>): Promise<WebhookEndpointRow[]> {
  if (keys.length === 0) return [];
  return db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where((eb) => eb.or(keys.map((k) => eb.and([eb('company_id', '=', k.companyId), eb('id', '=', k.id)]))))
    .execute();
}

export async function updateEndpoint(
  db: Db,
  companyId: string,
  id: string,
  changes: Updateable<WebhookEndpointsTable>,
): Promise<WebhookEndpointRow | undefined> {
  return db.updateTable('webhook_endpoints').set(changes).where('company_id', '=', companyId).where('id', '=', id).returningAll().executeTakeFirst();
}

/**
 * The endpoint, its deliveries and their attempts, in one statement (no foreign key cascades,
 * migration 0017). A delivery queued by a write that raced the delete is swept later
 * (webhook-deliveries.ts deleteOrphans).
 */
export async function deleteEndpoint(db: Db, companyId: string, id: string): Promise<boolean> {
  const result = await sql<{ n: number }>`
    with endpoint as (
      delete from webhook_endpoints where company_id = ${companyId} and id = ${id} returning 1
    ),
    deliveries as (
      delete from webhook_deliveries where company_id = ${companyId} and endpoint_id = ${id}
    ),
    attempts as (
      delete from webhook_attempts where company_id = ${companyId} and endpoint_id = ${id}
    )
    select count(*)::int as n from endpoint`.execute(db);
  return result.rows[0]?.n === 1;
}

/** What one flush of attempts (services/webhook-delivery.ts) learnt of an endpoint's health. */
export interface EndpointHealth {
  readonly companyId: string;
  readonly id: string;
  /** A delivery succeeded: the failing streak, if any, ended (`failingSince` is then a new one's start, or null). */
  readonly cleared: boolean;
  /** When the failures after the last success began; null when the last attempt succeeded. */
  readonly failingSince: Date | null;
  /** The endpoint answered 410 Gone. */
  readonly gone: boolean;
  /** The last attempt's time: the endpoint is disabled at it. */
  readonly at: Date;
  /** A streak that began at or before this disables the endpoint. */
  readonly disableBefore: Date;
}

/**
 * Writes the endpoints' health, one statement for all of them, and only the rows that change: a
 * failing streak begins (or ends); an endpoint that answered 410, or whose streak has lasted
 * past `disableBefore`, is disabled. An endpoint disabled already keeps its reason.
 */
export async function recordHealth(db: Db, health: readonly EndpointHealth[]): Promise<void> {
  if (health.length === 0) return;
  const rows = JSON.stringify(
    health.map((h) => ({
      company_id: h.companyId,
      id: h.id,
      cleared: h.cleared,
      failing_since: h.failingSince?.toISOString() ?? null,
      gone: h.gone,
      at: h.at.toISOString(),
      disable_before: h.disableBefore.toISOString(),
    })),
  );
  const failingSince = sql`(case when v.cleared then v.failing_since else coalesce(e.failing_since, v.failing_since) end)`;
  const disable = sql`(e.disabled_at is null and (v.gone or coalesce(${failingSince} <= v.disable_before, false)))`;
  await sql`
    update webhook_endpoints e set
      failing_since = ${failingSince},
      disabled_at = case when ${disable} then v.at else e.disabled_at end,
      disabled_reason = case when ${disable} then (case when v.gone then 'the endpoint answered 410 Gone' else 'every delivery failed for three days' end) else e.disabled_reason end,
      updated_at = case when ${disable} then v.at else e.updated_at end
    from json_to_recordset(${rows}::json) as v(company_id text, id text, cleared boolean, failing_since timestamptz, gone boolean, at timestamptz, disable_before timestamptz)
    where e.company_id = v.company_id and e.id = v.id
      and (${failingSince} is distinct from e.failing_since or ${disable})`.execute(db);
}

/** Sealed secrets, for `callwise encryption rotate`. */
export async function listSealedSecrets(db: Db) {
  return db.selectFrom('webhook_endpoints').select(['company_id', 'id', 'secret_enc', 'previous_secret_enc']).forUpdate().execute();
}
