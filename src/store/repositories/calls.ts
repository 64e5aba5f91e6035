import type { Db } from '../database.ts';
import { sql, type Insertable, type Selectable } from 'kysely';
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

/** The ledgers of several customers of one company in one read, oldest first (the dispatcher's claim). */
export async function listLedgers(db: Db, companyId: string, customerIds: readonly string[]): Promise<Map<string, CallRow[]>> {
  const ledgers = new Map<string, CallRow[]>(customerIds.map((id) => [id, []]));
  if (customerIds.length === 0) return ledgers;
  const rows = await db
    .selectFrom('calls')
    .selectAll()
    .where('company_id', '=', companyId)
    .where(sql<boolean>`customer_id = any(${[...customerIds]}::text[])`)
    .orderBy('occurred_at')
    .orderBy('id')
    .execute();
  for (const row of rows) ledgers.get(row.customer_id)?.push(row);
  return ledgers;
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

/** The call that completed a task, if one was recorded. */
export async function findCallOfTask(db: Db, companyId: string, taskId: string): Promise<CallRow | undefined> {
  return db.selectFrom('calls').selectAll().where('company_id', '=', companyId).where('task_id', '=', taskId).executeTakeFirst();
}
