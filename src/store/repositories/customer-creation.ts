/**
 * Creating a customer in ONE statement: the customer row, its loan references and its planned
 * call tasks, chained through data-modifying CTEs so that nothing else is written when the customer
 * id already exists. One round trip instead of five is most of what makes a create cheap, and it
 * lets the create run without a savepoint of its own inside a shared (group-committed) transaction.
 */
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../schema.js';
import type { NewCallTaskRow } from './call-tasks.js';
import type { CustomerRow, NewCustomerRow } from './customers.js';

const CUSTOMER_COLUMNS = [
  'company_id', 'id', 'first_name', 'last_name', 'email', 'birthday_enc', 'ssn_last_four_enc', 'timezone',
  'phone_number', 'street_address1', 'street_address2', 'city', 'state', 'zip_code', 'do_not_call', 'is_test',
  'task_type', 'external_metadata', 'loan_id', 'created_at', 'updated_at',
] as const;

function iso(value: Date | string | undefined): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** Inserts everything, or nothing if the company already has this customer id (then undefined). */
export async function insertCustomerWithSchedule(
  db: Kysely<Tables>,
  row: NewCustomerRow,
  loanIds: readonly string[],
  tasks: readonly NewCallTaskRow[],
): Promise<CustomerRow | undefined> {
  const values = CUSTOMER_COLUMNS.map((column) => {
    const value = (row as Record<string, unknown>)[column];
    if (column === 'external_metadata') return value === null || value === undefined ? sql`null` : sql`${value}::json`;
    if (column === 'created_at' || column === 'updated_at') return sql`${iso(value as Date)}::timestamptz`;
    return sql`${value ?? null}`;
  });
  const taskJson = JSON.stringify(tasks.map((t) => ({
    id: t.id,
    loan_id: t.loan_id ?? null,
    phone_number: t.phone_number,
    scheduled_for: iso(t.scheduled_for as Date),
    not_after: iso(t.not_after as Date),
    is_test: t.is_test,
    explanation: JSON.parse(t.explanation as string) as unknown,
  })));
  const now = iso(row.created_at as Date);
  const result = await sql<CustomerRow>`
    with c as (
      insert into customers (${sql.join(CUSTOMER_COLUMNS.map((c) => sql.ref(c)))})
      values (${sql.join(values)})
      on conflict (company_id, id) do nothing
      returning *, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at_key
    ), refs as (
      select value as loan_id from jsonb_array_elements_text(${JSON.stringify(loanIds)}::jsonb)
    ), l as (
      insert into loans (company_id, loan_id, source)
      select ${row.company_id}, refs.loan_id, 'reference' from refs where exists (select 1 from c)
      on conflict (company_id, loan_id) do nothing
    ), cl as (
      insert into customer_loans (company_id, customer_id, loan_id)
      select ${row.company_id}, ${row.id}, refs.loan_id from refs where exists (select 1 from c)
      on conflict do nothing
    ), t as (
      insert into call_tasks (company_id, id, customer_id, loan_id, phone_number, scheduled_for, not_after,
                              status, is_test, consented, kind, explanation, created_at, updated_at)
      select ${row.company_id}, x.id, ${row.id}, x.loan_id, x.phone_number, x.scheduled_for, x.not_after,
             'scheduled', x.is_test, false, 'cadence', x.explanation, ${now}::timestamptz, ${now}::timestamptz
      from jsonb_to_recordset(${taskJson}::jsonb)
        as x(id text, loan_id text, phone_number text, scheduled_for timestamptz, not_after timestamptz, is_test boolean, explanation jsonb)
      where exists (select 1 from c)
    )
    select * from c`.execute(db);
  return result.rows[0];
}
