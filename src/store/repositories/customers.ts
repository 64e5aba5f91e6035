import type { Db, Trx } from '../database.ts';
import { sql, type Selectable, type Updateable } from 'kysely';
import type { CustomersTable } from '../schema.ts';
import type { CustomerSearch } from '../../domain/customer-search.ts';

export type CustomerRow = Selectable<CustomersTable> & { created_at_key: string };
/** A customer about to be written, every value decided (services/customer-mapper.ts makes them). */
export interface NewCustomerRow {
  readonly company_id: string;
  readonly id: string;
  readonly first_name: string | null;
  readonly last_name: string | null;
  readonly email: string | null;
  readonly birthday_enc: string | null;
  readonly ssn_last_four_enc: string | null;
  readonly timezone: string | null;
  readonly phone_number: string | null;
  readonly street_address1: string | null;
  readonly street_address2: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly zip_code: string | null;
  readonly do_not_call: boolean;
  readonly is_test: boolean;
  readonly task_type: string;
  /** The metadata's JSON text, exactly as sent. */
  readonly external_metadata: string | null;
  readonly loan_id: string | null;
  /** JSON text of where each value came from (synced customers), or null. */
  readonly provenance: string | null;
  readonly created_at: Date;
  readonly updated_at: Date;
  /**
   * What a customer created again with a deleted customer's id inherits from the records kept
   * (services/retained-records.ts): the consent standing (JSON text), calls stopped, retired
   * numbers (JSON text). Absent for a customer new to the company.
   */
  readonly consent?: string;
  readonly stop_reason?: string;
  readonly stopped_at?: Date;
  readonly unusable_phone_numbers?: string;
}
export type CustomerRowChanges = Updateable<CustomersTable>;

/**
 * created_at with microseconds, as text: the pagination cursor must carry the exact stored value,
 * which a JS Date (milliseconds) would round.
 */
export const createdAtKey = sql<string>`to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('created_at_key');

export async function findCustomer(db: Db, companyId: string, id: string): Promise<CustomerRow | undefined> {
  return db.selectFrom('customers').selectAll().select(createdAtKey).where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
}

/** Locks the row for the rest of the transaction, so concurrent changes apply one after another. */
export async function lockCustomer(trx: Trx, companyId: string, id: string): Promise<CustomerRow | undefined> {
  return trx.selectFrom('customers').selectAll().select(createdAtKey).where('company_id', '=', companyId).where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface CustomerListQuery {
  readonly companyId: string;
  readonly isTest?: boolean;
  readonly doNotCall?: boolean;
  readonly taskType?: string;
  /** Only customers whose calls were stopped (true) or not (false). */
  readonly stopped?: boolean;
  readonly search?: CustomerSearch;
  readonly after?: { createdAt: string; id: string };
  readonly limit: number;
}

/**
 * One page in (created_at, id) order; asks for one row more than `limit` to know if more exist.
 * `created_at > '-infinity'` is always true: it is the predicate of the partial page index
 * (migration 0007), stated so that this query may use it.
 */
export function customerPageQuery(db: Db, query: CustomerListQuery) {
  let q = db
    .selectFrom('customers')
    .selectAll()
    .select(createdAtKey)
    .where('company_id', '=', query.companyId)
    .where('created_at', '>', sql<Date>`'-infinity'::timestamptz`);
  if (query.isTest !== undefined) q = q.where('is_test', '=', query.isTest);
  if (query.doNotCall !== undefined) q = q.where('do_not_call', '=', query.doNotCall);
  if (query.taskType !== undefined) q = q.where(sql`lower(task_type)`, '=', query.taskType.toLowerCase());
  if (query.stopped !== undefined) q = q.where('stop_reason', query.stopped ? 'is not' : 'is', null);
  const search = query.search;
  if (search) {
    // Walks the page index in order until a page of matches is found: no index of its own, a
    // search reads at most the company's customers once (see docs/console.md).
    q = q.where((eb) =>
      eb.or([
        eb(sql`lower(id)`, 'like', search.prefixPattern),
        eb(sql`lower(first_name)`, 'like', search.prefixPattern),
        eb(sql`lower(last_name)`, 'like', search.prefixPattern),
        eb(sql`lower(first_name || ' ' || last_name)`, 'like', search.prefixPattern),
        ...(search.e164 === null ? [] : [eb('phone_number', '=', search.e164)]),
        ...(search.digitsPattern === null ? [] : [eb('phone_number', 'like', search.digitsPattern)]),
      ]),
    );
  }
  if (query.after) {
    const { createdAt, id } = query.after;
    q = q.where(sql`(created_at, id)`, '>', sql`(${createdAt}::timestamptz, ${id})`);
  }
  return q
    .orderBy('created_at')
    .orderBy('id')
    .limit(query.limit + 1);
}

export async function listCustomers(db: Db, query: CustomerListQuery): Promise<CustomerRow[]> {
  return customerPageQuery(db, query).execute();
}

export async function updateCustomer(db: Db, companyId: string, id: string, changes: CustomerRowChanges): Promise<CustomerRow | undefined> {
  return db
    .updateTable('customers')
    .set(changes)
    .where('company_id', '=', companyId)
    .where('id', '=', id)
    .returningAll()
    .returning(createdAtKey)
    .executeTakeFirst();
}

export async function deleteCustomer(db: Db, companyId: string, id: string): Promise<boolean> {
  const result = await db.deleteFrom('customers').where('company_id', '=', companyId).where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
