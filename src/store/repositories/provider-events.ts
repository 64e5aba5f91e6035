import type { Db, Trx } from '../database.ts';

/** Raw provider webhook events, stored once each (providers redeliver); bodies sealed by the service. */

export interface NewProviderEvent {
  readonly provider: string;
  readonly dedupeKey: string;
  readonly companyId: string;
  readonly taskId: string | null;
  readonly providerCallId: string;
  readonly type: string;
  readonly bodyEnc: string;
  readonly now: Date;
}

/** Stores the event unless one with its key is stored already; true when it is new. */
export async function insertProviderEvent(db: Db, event: NewProviderEvent): Promise<boolean> {
  const rows = await db
    .insertInto('provider_events')
    .values({
      provider: event.provider,
      dedupe_key: event.dedupeKey,
      company_id: event.companyId,
      task_id: event.taskId,
      provider_call_id: event.providerCallId,
      type: event.type,
      body_enc: event.bodyEnc,
      received_at: event.now,
    })
    .onConflict((oc) => oc.columns(['provider', 'dedupe_key']).doNothing())
    .returning('dedupe_key')
    .execute();
  return rows.length === 1;
}

/** Unprocessed events, oldest first, locked (another process skips them). */
export async function lockUnprocessedEvents(trx: Trx, limit: number) {
  return trx.selectFrom('provider_events').selectAll().where('processed_at', 'is', null).orderBy('received_at').limit(limit).forUpdate().skipLocked().execute();
}

export async function markEventProcessed(db: Db, provider: string, dedupeKey: string, now: Date): Promise<void> {
  await db.updateTable('provider_events').set({ processed_at: now }).where('provider', '=', provider).where('dedupe_key', '=', dedupeKey).execute();
}
