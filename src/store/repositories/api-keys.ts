import { sql } from 'kysely';
import type { Db } from '../database.ts';
import { API_KEY_REVOKED_CHANNEL } from '../notifications.ts';

export async function insertApiKey(
  db: Db,
  key: { id: string; companyId: string; name: string | null; prefix: string; secretHash: string; rateLimitPerMinute?: number | null },
): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({
      id: key.id,
      company_id: key.companyId,
      name: key.name,
      prefix: key.prefix,
      secret_hash: key.secretHash,
      rate_limit_per_minute: key.rateLimitPerMinute ?? null,
    })
    .execute();
}

/** The active key with this hash, if any: revoked keys authenticate nobody. */
export async function findActiveKeyByHash(db: Db, secretHash: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'company_id', 'rate_limit_per_minute'])
    .where('secret_hash', '=', secretHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/**
 * Revokes the key and, in the same transaction, tells every process that caches keys (NOTIFY,
 * delivered only if the revocation commits): they stop accepting it at once, not when their
 * cache entry expires.
 */
export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const result = await trx.updateTable('api_keys').set({ revoked_at: new Date() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
    if (result.numUpdatedRows === 0n) return false;
    await sql`select pg_notify(${API_KEY_REVOKED_CHANNEL}, ${id})`.execute(trx);
    return true;
  });
}

export async function listApiKeys(db: Db, companyId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'revoked_at', 'rate_limit_per_minute'])
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .execute();
}
