/**
 * The audit trail: which API key changed what, and when. Entries are written by the service that
 * makes the change, inside its unit of work (`recordChange`), so a change and its entry commit
 * together or not at all. They name fields, never values: the trail is read by operators and must
 * not become a second copy of borrowers' personal data.
 */
import type { Db, Trx } from '../store/database.ts';
import { newId } from '../domain/ids.ts';
import { insertAuditEvent, listAuditEvents } from '../store/repositories/audit-events.ts';
import type { AuditEvent } from '../schemas/audit.ts';

/** Who is acting: the API key of the request. */
export interface Actor {
  readonly keyId: string;
}

/**
 * Who makes a change: an API key, or the CLI, run by whoever administers the server with its
 * database access; the CLI has no key to name, so its changes are not recorded.
 */
export type ChangeActor = Actor | 'cli';

const DEFAULT_LIMIT = 50;

export async function recordChange(
  trx: Trx,
  change: {
    companyId: string;
    actor: ChangeActor;
    action: string;
    customerId: string | null;
    webhookEndpointId?: string;
    fields: readonly string[];
    at: Date;
  },
): Promise<void> {
  if (change.actor === 'cli') return;
  await insertAuditEvent(trx, {
    company_id: change.companyId,
    id: newId('aud'),
    at: change.at,
    api_key_id: change.actor.keyId,
    action: change.action,
    customer_id: change.customerId,
    webhook_endpoint_id: change.webhookEndpointId ?? null,
    fields: [...change.fields],
  });
}

export class AuditService {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async list(
    companyId: string,
    query: { customerId?: string | undefined; webhookEndpointId?: string | undefined; limit?: number | undefined },
  ): Promise<AuditEvent[]> {
    const rows = await listAuditEvents(this.db, companyId, {
      ...(query.customerId === undefined ? {} : { customerId: query.customerId }),
      ...(query.webhookEndpointId === undefined ? {} : { webhookEndpointId: query.webhookEndpointId }),
      limit: query.limit ?? DEFAULT_LIMIT,
    });
    return rows.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      apiKeyId: row.api_key_id,
      apiKeyPrefix: row.key_prefix,
      apiKeyName: row.key_name,
      action: row.action,
      customerId: row.customer_id,
      webhookEndpointId: row.webhook_endpoint_id,
      fields: row.fields,
    }));
  }
}
