import type { Insertable, Selectable, Updateable } from 'kysely';
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

export async function deleteEndpoint(db: Db, companyId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhook_endpoints').where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) === 1;
}

/**
 * A success ends the failing streak. It touches the row only when there is a streak to end, so
 * that concurrent deliveries to a healthy endpoint do not queue on its row lock.
 */
export async function clearFailingStreak(db: Db, companyId: string, id: string): Promise<void> {
  await db
    .updateTable('webhook_endpoints')
    .set({ failing_since: null })
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .where('failing_since', 'is not', null)
    .execute();
}

/** A failure starts the failing streak if none is running; returns the endpoint as it now is. */
export async function noteFailure(db: Db, companyId: string, id: string, now: Date): Promise<WebhookEndpointRow | undefined> {
  return db
    .updateTable('webhook_endpoints')
    .set((eb) => ({ failing_since: eb.fn.coalesce('failing_since', eb.val(now)) }))
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Sealed secrets, for `callwise encryption rotate`. */
export async function listSealedSecrets(db: Db) {
  return db.selectFrom('webhook_endpoints').select(['company_id', 'id', 'secret_enc', 'previous_secret_enc']).forUpdate().execute();
}
