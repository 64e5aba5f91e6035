import type { Db, Trx } from '../database.ts';
import { isUniqueViolationOf } from '../database-errors.ts';
import { sql, type Selectable } from 'kysely';
import type { IdempotencyKeysTable } from '../schema.ts';

export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

export interface KeyScope {
  readonly companyId: string;
  readonly route: string;
  readonly keyHash: string;
}

export async function findLiveKey(db: Db, scope: KeyScope, now: Date): Promise<IdempotencyRow | undefined> {
  return db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('company_id', '=', scope.companyId)
    .where('route', '=', scope.route)
    .where('key_hash', '=', scope.keyHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
}

/**
 * Tries to take a transaction-scoped advisory lock for the key: false when another transaction
 * holds it, i.e. a request with the same key is running right now.
 */
export async function tryLockKey(trx: Trx, scope: KeyScope): Promise<boolean> {
  const lockId = BigInt.asIntN(64, BigInt('0x' + scope.keyHash.slice(0, 16)));
  const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_xact_lock(${lockId.toString()}::bigint) as locked`.execute(trx);
  return rows[0]?.locked === true;
}

/** Claims the key (or an expired claim of it); false when a live claim exists. */
export async function claimKey(trx: Trx, scope: KeyScope, fingerprint: string, now: Date, expiresAt: Date): Promise<boolean> {
  const result = await trx
    .insertInto('idempotency_keys')
    .values({ company_id: scope.companyId, route: scope.route, key_hash: scope.keyHash, fingerprint, created_at: now, expires_at: expiresAt })
    .onConflict((oc) =>
      oc
        .columns(['company_id', 'route', 'key_hash'])
        .doUpdateSet({ fingerprint, expires_at: expiresAt, response_status: null, response_body: null, response_headers: '{}' })
        .where('idempotency_keys.expires_at', '<=', now),
    )
    .returning('key_hash')
    .executeTakeFirst();
  return result !== undefined;
}

/** A key claimed together with the response of the work it guards (the fast path: no lock). */
export interface NewClaim {
  readonly scope: KeyScope;
  readonly fingerprint: string;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly response: { status: number; body: string; headers: Record<string, string> };
}

/**
 * Inserts finished claims in one statement, in key order (concurrent statements take their locks
 * in the same order). A key that is taken — claimed by another request, finished or still running,
 * or an expired claim not yet swept — fails the whole statement with a unique violation
 * (isTakenKey): the caller's transaction is then undone and its requests take the locking path.
 */
export async function insertClaims(trx: Db, claims: readonly NewClaim[]): Promise<void> {
  if (claims.length === 0) return;
  const rows = [...claims]
    .sort(
      (a, b) => compareText(a.scope.companyId, b.scope.companyId) || compareText(a.scope.route, b.scope.route) || compareText(a.scope.keyHash, b.scope.keyHash),
    )
    .map((claim) => ({
      company_id: claim.scope.companyId,
      route: claim.scope.route,
      key_hash: claim.scope.keyHash,
      fingerprint: claim.fingerprint,
      response_status: claim.response.status,
      response_body: claim.response.body,
      response_headers: JSON.stringify(claim.response.headers),
      created_at: claim.createdAt,
      expires_at: claim.expiresAt,
    }));
  await trx.insertInto('idempotency_keys').values(rows).execute();
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The unique violation insertClaims fails with when a key is taken. */
export const isTakenKey = (error: unknown): boolean => isUniqueViolationOf(error, 'idempotency_keys_pkey');

export async function storeResponse(trx: Trx, scope: KeyScope, response: { status: number; body: string; headers: Record<string, string> }): Promise<void> {
  await trx
    .updateTable('idempotency_keys')
    .set({ response_status: response.status, response_body: response.body, response_headers: JSON.stringify(response.headers) })
    .where('company_id', '=', scope.companyId)
    .where('route', '=', scope.route)
    .where('key_hash', '=', scope.keyHash)
    .execute();
}

export async function deleteExpiredKeys(db: Db, now: Date): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
