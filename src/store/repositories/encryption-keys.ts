/** The fingerprints of encryption key versions, and the stored values a key is checked against. */
import { sql } from 'kysely';
import type { Db } from '../database.ts';

export async function recordedFingerprints(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('encryption_keys').select(['version', 'fingerprint']).execute();
  return new Map(rows.map((row) => [row.version, row.fingerprint]));
}

/** Records a version's fingerprint unless one is recorded already (another process may be first). */
export async function recordFingerprint(db: Db, version: number, fingerprint: string): Promise<void> {
  await db
    .insertInto('encryption_keys')
    .values({ version, fingerprint })
    .onConflict((oc) => oc.column('version').doNothing())
    .execute();
}

/** False only before the migration that creates the table has run (a `migrate` on an old database). */
export async function encryptionKeysTableExists(db: Db): Promise<boolean> {
  const { rows } = await sql<{ found: string | null }>`select to_regclass('encryption_keys')::text as found`.execute(db);
  return rows[0]?.found !== null && rows[0]?.found !== undefined;
}

/** A bounded sample of sealed customer values (any rows that have one), with their row identity. */
export async function sampleSealedCustomerValues(db: Db, limit: number) {
  return db
    .selectFrom('customers')
    .select(['company_id', 'id', 'birthday_enc', 'ssn_last_four_enc'])
    .where((eb) => eb.or([eb('birthday_enc', 'is not', null), eb('ssn_last_four_enc', 'is not', null)]))
    .limit(limit)
    .execute();
}

/** A bounded sample of sealed LMS configurations. */
export async function sampleSealedLmsConfigs(db: Db, limit: number) {
  return db.selectFrom('lms_configs').select(['company_id', 'config_enc']).limit(limit).execute();
}
