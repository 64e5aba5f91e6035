import type { Db } from '../database.ts';
import type { Insertable, Selectable } from 'kysely';
import type { CallsTable } from '../schema.ts';

export type CallRow = Selectable<CallsTable>;
export type NewCallRow = Insertable<CallsTable>;

export async function insertCall(db: Db, row: NewCallRow): Promise<CallRow> {
  return db.insertInto('calls').values(row).returningAll().executeTakeFirstOrThrow();
}

/** The customer's contact ledger, oldest first: what the frequency rules count. */
export async function listLedger(db: Db, companyId: string, customerId: string): Promise<CallRow[]> {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
}

export async function listCalls(db: Db, companyId: string, customerId: string, limit: number, offset: number): Promise<CallRow[]> {
  return db
    .selectFrom('calls')
    .selectAll()
    .where('company_id', '=', companyId)
    .where('customer_id', '=', customerId)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
}
