import type { Db } from '../database.ts';

/** Sealed LMS configurations; encryption and validation happen in services/lms-configs.ts. */

export async function findLmsConfig(db: Db, companyId: string) {
  return db.selectFrom('lms_configs').selectAll().where('company_id', '=', companyId).executeTakeFirst();
}

export async function upsertLmsConfig(db: Db, row: { companyId: string; kind: string; configEnc: string; now: Date }): Promise<void> {
  await db
    .insertInto('lms_configs')
    .values({ company_id: row.companyId, kind: row.kind, config_enc: row.configEnc, created_at: row.now, updated_at: row.now })
    .onConflict((oc) => oc.column('company_id').doUpdateSet({ kind: row.kind, config_enc: row.configEnc, updated_at: row.now }))
    .execute();
}

export async function deleteLmsConfig(db: Db, companyId: string): Promise<boolean> {
  const result = await db.deleteFrom('lms_configs').where('company_id', '=', companyId).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Every row, locked, for key rotation (a company has at most one; there are few). */
export async function lockAllLmsConfigs(db: Db) {
  return db.selectFrom('lms_configs').select(['company_id', 'config_enc']).orderBy('company_id').forUpdate().execute();
}

export async function updateLmsConfigEnvelope(db: Db, companyId: string, configEnc: string): Promise<void> {
  await db.updateTable('lms_configs').set({ config_enc: configEnc }).where('company_id', '=', companyId).execute();
}
