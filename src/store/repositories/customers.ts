import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { CustomersTable, Tables } from '../schema.js';

type Executor = Kysely<Tables>;
export type CustomerRow = Selectable<CustomersTable> & { created_at_key: string };
export type NewCustomerRow = Insertable<CustomersTable>;
export type CustomerRowChanges = Updateable<CustomersTable>;

/**
 * created_at with microseconds, as text: the pagination cursor must carry the exact stored value,
 * which a JS Date (milliseconds) would round.
 */
const createdAtKey = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_at_key');

/** Inserts unless the company already has this customer id; returns the stored row or undefined. */
export async function insertCustomer(db: Executor, row: NewCustomerRow): Promise<CustomerRow | undefined> {
  return db
    .insertInto('customers')
    .values(row)
    .onConflict((oc) => oc.columns(['company_id', 'id']).doNothing())
    .returningAll()
    .returning(createdAtKey)
    .executeTakeFirst();
}

export async function findCustomer(db: Executor, companyId: string, id: string): Promise<CustomerRow | undefined> {
  return db
    .selectFrom('customers')
    .selectAll()
    .select(createdAtKey)
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Locks the row for the rest of the transaction, so concurrent changes apply one after another. */
export async function lockCustomer(trx: Executor, companyId: string, id: string): Promise<CustomerRow | undefined> {
  return trx
    .selectFrom('customers')
    .selectAll()
    .select(createdAtKey)
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

export interface CustomerListQuery {
  readonly companyId: string;
  readonly isTest?: boolean;
  readonly doNotCall?: boolean;
  readonly taskType?: string;
  readonly after?: { createdAt: string; id: string };
  readonly limit: number;
}

/**
 * One page in (created_at, id) order; asks for one row more than `limit` to know if more exist.
 * `created_at > '-infinity'` is always true: it is the predicate of the partial page index
 * (migration 0007), stated so that this query may use it.
 */
export function customerPageQuery(db: Executor, query: CustomerListQuery) {
  let q = db.selectFrom('customers').selectAll().select(createdAtKey)
    .where('company_id', '=', query.companyId)
    .where('created_at', '>', sql<Date>`'-infinity'::timestamptz`);
  if (query.isTest !== undefined) q = q.where('is_test', '=', query.isTest);
  if (query.doNotCall !== undefined) q = q.where('do_not_call', '=', query.doNotCall);
  if (query.taskType !== undefined) q = q.where(sql`lower(task_type)`, '=', query.taskType.toLowerCase());
  if (query.after) {
    const { createdAt, id } = query.after;
    q = q.where(sql`(created_at, id)`, '>', sql`(${createdAt}::timestamptz, ${id})`);
  }
  return q.orderBy('created_at').orderBy('id').limit(query.limit + 1);
}

export async function listCustomers(db: Executor, query: CustomerListQuery): Promise<CustomerRow[]> {
  return customerPageQuery(db, query).execute();
}

export async function updateCustomer(
  db: Executor,
  companyId: string,
  id: string,
  changes: CustomerRowChanges,
): Promise<CustomerRow | undefined> {
  return db
    .updateTable('customers')
    .set(changes)
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .returningAll()
    .returning(createdAtKey)
    .executeTakeFirst();
}

export async function deleteCustomer(db: Executor, companyId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('customers').where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
