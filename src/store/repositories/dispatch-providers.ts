import { sql } from 'kysely';
import type { Db } from '../database.ts';

/** Sealed dialer configurations; encryption and validation happen in services/dialers.ts. */

export async function findDialerConfig(db: Db, companyId: string) {
  return db.selectFrom('dispatch_providers').selectAll().where('company_id', '=', companyId).executeTakeFirst();
}

export async function upsertDialerConfig(
  db: Db,
  row: { companyId: string; kind: string; concurrency: number | null; configEnc: string; now: Date },
): Promise<void> {
  await db
    .insertInto('dispatch_providers')
    .values({
      company_id: row.companyId,
      kind: row.kind,
      concurrency: row.concurrency,
      config_enc: row.configEnc,
      // A dialer configured while calls are in flight (removed and added again) starts from them.
      in_flight: sql<number>`(select count(*) from call_tasks where company_id = ${row.companyId} and status = 'dispatched')`,
      created_at: row.now,
      updated_at: row.now,
    })
    .onConflict((oc) => oc.column('company_id').doUpdateSet({ kind: row.kind, concurrency: row.concurrency, config_enc: row.configEnc, updated_at: row.now }))
    .execute();
}

export async function deleteDialerConfig(db: Db, companyId: string): Promise<boolean> {
  const result = await db.deleteFrom('dispatch_providers').where('company_id', '=', companyId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Companies whose dialer is this provider kind (the webhook intake looks a company up by it). */
export async function lockAllDialerConfigs(db: Db) {
  return db.selectFrom('dispatch_providers').select(['company_id', 'config_enc']).orderBy('company_id').forUpdate().execute();
}

export async function updateDialerConfigEnvelope(db: Db, companyId: string, configEnc: string): Promise<void> {
  await db.updateTable('dispatch_providers').set({ config_enc: configEnc }).where('company_id', '=', companyId).execute();
}
