import type { Db, Trx } from '../database.ts';
import type { AuditEventsTable } from '../schema.ts';
import type { Insertable } from 'kysely';

export async function insertAuditEvent(trx: Trx, row: Insertable<AuditEventsTable>): Promise<void> {
  await trx.insertInto('audit_events').values(row).execute();
}

export interface AuditEventRow {
  readonly id: string;
  readonly at: Date;
  readonly api_key_id: string;
  readonly key_prefix: string | null;
  readonly key_name: string | null;
  readonly action: string;
  readonly customer_id: string | null;
  readonly webhook_endpoint_id: string | null;
  readonly fields: string[];
}

/** A company's events, newest first, optionally of one customer or one webhook endpoint, with the key's prefix and name. */
export async function listAuditEvents(
  db: Db,
  companyId: string,
  query: { customerId?: string; webhookEndpointId?: string; limit: number },
): Promise<AuditEventRow[]> {
  let q = db
    .selectFrom('audit_events as e')
    .leftJoin('api_keys as k', (join) => join.onRef('k.id', '=', 'e.api_key_id').onRef('k.company_id', '=', 'e.company_id'))
    .select(['e.id', 'e.at', 'e.api_key_id', 'k.prefix as key_prefix', 'k.name as key_name', 'e.action', 'e.customer_id', 'e.webhook_endpoint_id', 'e.fields'])
    .where('e.company_id', '=', companyId);
  if (query.customerId !== undefined) q = q.where('e.customer_id', '=', query.customerId);
  if (query.webhookEndpointId !== undefined) q = q.where('e.webhook_endpoint_id', '=', query.webhookEndpointId);
  return q.orderBy('e.at', 'desc').orderBy('e.id', 'desc').limit(query.limit).execute();
}
