import type { Db } from '../database.js';

export async function insertApiKey(
  db: Db,
  key: { id: string; companyId: string; name: string | null; prefix: string; secretHash: string },
): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ id: key.id, company_id: key.companyId, name: key.name, prefix: key.prefix, secret_hash: key.secretHash })
    .execute();
}

/** The active key with this hash, if any: revoked keys authenticate nobody. */
export async function findActiveKeyByHash(db: Db, secretHash: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'company_id'])
    .where('secret_hash', '=', secretHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

export async function revokeApiKey(db: Db, id: string): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

export async function listApiKeys(db: Db, companyId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'revoked_at'])
    .where('company_id', '=', companyId)
    .orderBy('created_at')
    .execute();
}
