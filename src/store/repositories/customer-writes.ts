/**
 * The one place that writes new customers with their call tasks: a plain create, a keyed create
 * (the Idempotency-Key's claim, with its stored response, in the same transaction), a create with
 * `sync: true` (provenance and the LMS's loans), a schedule sync or an LMS webhook meeting a
 * customer for the first time, and — one batch at a time — a bulk import.
 *
 * The customers, their loan references and their tasks go in ONE statement, chained through
 * data-modifying CTEs so that nothing is written for a customer whose id already exists. It takes
 * many customers at once: under load, the creates of concurrent requests that share a transaction
 * (group commit) also share this statement, so a batch of requests costs one round trip (or, with
 * keys to claim or loans to import, a few more statements in one transaction) instead of several
 * per request.
 *
 * New loan rows are inserted in key order, so that two batches creating the same new loans take
 * their locks in the same order (what they still deadlock on is retried: store/transactions.ts).
 *
 * The rows travel as JSON documents (json_to_recordset; `json`, not `jsonb`, so externalMetadata
 * keeps its key order) rather than thousands of bind parameters. The tasks' explanations, most of
 * a batch's bytes, travel beside their tasks' document rather than inside it (explanationList).
 * Every value is the caller's: the statement decides nothing about a row (see
 * services/task-rows.ts for the task rows).
 */
import { sql } from 'kysely';
import type { Db, Trx } from '../database.ts';
import { preparedStatement } from '../prepared-statements.ts';
import type { BulkOperation } from '../transactions.ts';
import type { NewCallTaskRow } from './call-tasks.ts';
import { insertClaims, type NewClaim } from './idempotency-keys.ts';
import type { CustomerRow, NewCustomerRow } from './customers.ts';
import { linkLoanParties, upsertLmsLoans, type LmsLoanRow, type LoanParty } from './loans.ts';

export interface NewCustomer {
  /** The customer as it will be stored (provenance included, for a synced customer). */
  readonly row: NewCustomerRow;
  /** Loan ids the lender sent (recorded as references unless already known). */
  readonly loanIds: readonly string[];
  /** Loans read from the LMS: their figures, and who owes each (this customer and co-borrowers). */
  readonly lmsLoans?: { readonly loans: readonly LmsLoanRow[]; readonly parties: readonly LoanParty[] };
  readonly tasks: readonly NewCallTaskRow[];
  /** An Idempotency-Key to claim with its response, made only if the customer is created. */
  readonly claim?: NewClaim;
  /**
   * The row was planned without a look at records a deleted customer left under its id (a create
   * asks nothing before its write): it is written only if there are none, checked in the write's
   * own statement, and otherwise comes back `kept_records` for the caller to plan from them.
   */
  readonly unlessKeptRecords?: boolean;
}

/**
 * What the write did with one customer: its stored row; `undefined` when the id was taken; or
 * `kept_records` when it was written `unlessKeptRecords` and there were some (nothing written).
 */
export type WrittenCustomer = CustomerRow | undefined | 'kept_records';

/** Whether the write stored the customer. */
export function wasWritten(result: WrittenCustomer): result is CustomerRow {
  return result !== undefined && result !== 'kept_records';
}

/** JSON text of an array, built from pieces already serialised. */
function jsonArray(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}

/**
 * What every task of one new customer has in common (they come from one plan): it travels once,
 * with the customer, instead of once per task — PGlite parses JSON in WebAssembly, and these seven
 * values repeated on each of ~8 tasks cost it measurably (BENCHMARKS.md). The statement still
 * stores the factory's values, not the customer's.
 */
interface SharedTaskValues {
  readonly phone_number: string;
  readonly status: string;
  readonly is_test: boolean;
  readonly consented: boolean;
  readonly kind: string;
  readonly created_at: number;
  readonly updated_at: number;
}

function sharedTaskValues(tasks: readonly NewCallTaskRow[]): SharedTaskValues | null {
  const first = tasks[0];
  if (!first) return null;
  const shared: SharedTaskValues = {
    phone_number: first.phone_number,
    status: first.status,
    is_test: first.is_test,
    consented: first.consented,
    kind: first.kind,
    created_at: first.created_at.getTime(),
    updated_at: first.updated_at.getTime(),
  };
  for (const t of tasks) {
    if (
      t.phone_number !== shared.phone_number ||
      t.status !== shared.status ||
      t.is_test !== shared.is_test ||
      t.consented !== shared.consented ||
      t.kind !== shared.kind ||
      t.created_at.getTime() !== shared.created_at ||
      t.updated_at.getTime() !== shared.updated_at
    ) {
      throw new Error('the tasks of one new customer must come from one plan: they differ in a value they should share');
    }
  }
  return shared;
}

function customerJson(r: NewCustomerRow, ord: number, tasks: SharedTaskValues | null, unlessKeptRecords: boolean): string {
  const plain = JSON.stringify({
    ord,
    unless_kept: unlessKeptRecords,
    task_phone_number: tasks?.phone_number ?? null,
    task_status: tasks?.status ?? null,
    task_is_test: tasks?.is_test ?? null,
    task_consented: tasks?.consented ?? null,
    task_kind: tasks?.kind ?? null,
    task_created_at: tasks?.created_at ?? null,
    task_updated_at: tasks?.updated_at ?? null,
    company_id: r.company_id,
    id: r.id,
    first_name: r.first_name,
    last_name: r.last_name,
    email: r.email,
    birthday_enc: r.birthday_enc,
    ssn_last_four_enc: r.ssn_last_four_enc,
    timezone: r.timezone,
    phone_number: r.phone_number,
    street_address1: r.street_address1,
    street_address2: r.street_address2,
    city: r.city,
    state: r.state,
    zip_code: r.zip_code,
    do_not_call: r.do_not_call,
    is_test: r.is_test,
    task_type: r.task_type,
    loan_id: r.loan_id ?? null,
    provenance: r.provenance ?? null,
    created_at: r.created_at,
    updated_at: r.updated_at,
    // Only a customer created again over kept records has these; the others leave them out.
    ...(r.consent === undefined ? {} : { consent: r.consent }),
    ...(r.stop_reason === undefined ? {} : { stop_reason: r.stop_reason, stopped_at: r.stopped_at ?? null }),
    ...(r.unusable_phone_numbers === undefined ? {} : { unusable_phone_numbers: r.unusable_phone_numbers }),
  });
  // Metadata travels as its JSON text inside a string, untouched: decoded in place, its \u0000 or
  // lone-surrogate escapes (valid in `json`) would have to become text, which PostgreSQL refuses.
  return `${plain.slice(0, -1)},"external_metadata":${JSON.stringify(r.external_metadata ?? null)}}`;
}

/**
 * A task as it travels: what differs from task to task, joined to its customer (and the values
 * its tasks share) by `ord`; instants as epoch milliseconds, turned into timestamptz exactly by
 * integer arithmetic in SQL. Its explanation travels apart, at the same position (explanationList).
 */
function taskJson(t: NewCallTaskRow, ord: number): string {
  return JSON.stringify({
    ord,
    id: t.id,
    loan_id: t.loan_id ?? null,
    at: t.scheduled_for.getTime(),
    not_after: t.not_after.getTime(),
  });
}

/**
 * The tasks' explanations (JSON text) in task order, joined by U+001E, which JSON text cannot
 * hold unescaped. Inside the tasks' document PostgreSQL would read each explanation three times
 * (the document's json input, json_to_recordset, the column's json input), in WebAssembly on the
 * embedded database; apart, only the column's json input reads it, so it is still checked as
 * JSON. A separator inside an explanation would make an invalid piece and a count that no longer
 * matches the tasks: the statement fails, it does not store a wrong explanation.
 */
const EXPLANATION_SEPARATOR = '\u001e';

function explanationList(tasks: readonly NewCallTaskRow[]): string {
  return tasks.map((task) => task.explanation).join(EXPLANATION_SEPARATOR);
}

const CREATE_STATEMENT = preparedStatement('create_customers');

const keyOf = (row: NewCustomerRow) => `${row.company_id}\u0000${row.id}`;

/**
 * Inserts every customer whose id is free (and, `unlessKeptRecords`, holds no deleted customer's
 * records), with its loan references and tasks, in one statement; returns what became of each.
 */
async function insertCustomers(executor: Db, items: readonly NewCustomer[]): Promise<WrittenCustomer[]> {
  // The same id twice in one statement: only the first may take it; the others are refused as
  // they would be one after the other.
  const seen = new Set<string>();
  const firsts = items.filter((item) => {
    const key = keyOf(item.row);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const customers = jsonArray(firsts.map((item, ord) => customerJson(item.row, ord, sharedTaskValues(item.tasks), item.unlessKeptRecords === true)));
  const refs = JSON.stringify(
    firsts.flatMap((item) => item.loanIds.map((loanId) => ({ company_id: item.row.company_id, customer_id: item.row.id, loan_id: loanId }))),
  );
  const tasks = jsonArray(firsts.flatMap((item, ord) => item.tasks.map((task) => taskJson(task, ord))));
  const explanations = explanationList(firsts.flatMap((item) => item.tasks));
  const result = await sql<CustomerRow & { kept_ord: number | null }>`${sql.raw(CREATE_STATEMENT)}
    with input as (
      select * from json_to_recordset(${customers}::json) as x(
        ord integer, unless_kept boolean, task_phone_number text, task_status text, task_is_test boolean, task_consented boolean,
        task_kind text, task_created_at bigint, task_updated_at bigint,
        company_id text, id text, first_name text, last_name text, email text,
        birthday_enc text, ssn_last_four_enc text, timezone text, phone_number text,
        street_address1 text, street_address2 text, city text, state text, zip_code text,
        do_not_call boolean, is_test boolean, task_type text, loan_id text, provenance text,
        created_at timestamptz, updated_at timestamptz, external_metadata text,
        consent text, stop_reason text, stopped_at timestamptz, unusable_phone_numbers text)
    ), kept as (
      -- The same look as idsWithKeptRecords (consent-events.ts), inside the write: no round trip of its own.
      select i.ord from input i
      where i.unless_kept
        and (exists (select 1 from calls k where k.company_id = i.company_id and k.customer_id = i.id)
          or exists (select 1 from consent_events e where e.company_id = i.company_id and e.customer_id = i.id))
    ), c as (
      insert into customers (company_id, id, first_name, last_name, email, birthday_enc, ssn_last_four_enc,
        timezone, phone_number, street_address1, street_address2, city, state, zip_code, do_not_call, is_test,
        task_type, external_metadata, loan_id, provenance, created_at, updated_at,
        consent, stop_reason, stopped_at, unusable_phone_numbers)
      select company_id, id, first_name, last_name, email, birthday_enc, ssn_last_four_enc,
        timezone, phone_number, street_address1, street_address2, city, state, zip_code, do_not_call, is_test,
        task_type, external_metadata::json, loan_id, provenance::jsonb, created_at, updated_at,
        coalesce(consent::jsonb, '{"stops": [], "grants": []}'::jsonb), stop_reason, stopped_at,
        coalesce(unusable_phone_numbers::jsonb, '[]'::jsonb)
      from input where ord not in (select ord from kept) order by ord
      on conflict (company_id, id) do nothing
      returning *, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as created_at_key
    ), refs as (
      select r.company_id, r.customer_id, r.loan_id
      from json_to_recordset(${refs}::json) as r(company_id text, customer_id text, loan_id text)
      join c on c.company_id = r.company_id and c.id = r.customer_id
    ), l as (
      insert into loans (company_id, loan_id, source)
      select distinct company_id, loan_id, 'reference' from refs
      order by company_id, loan_id
      on conflict (company_id, loan_id) do nothing
    ), cl as (
      insert into customer_loans (company_id, customer_id, loan_id)
      select company_id, customer_id, loan_id from refs
      on conflict do nothing
    ), t as (
      insert into call_tasks (company_id, id, customer_id, loan_id, phone_number, scheduled_for, not_after,
                              status, is_test, consented, kind, explanation, created_at, updated_at)
      select c.company_id, x.id, c.id, x.loan_id, i.task_phone_number,
             timestamptz 'epoch' + x.at * interval '1 millisecond',
             timestamptz 'epoch' + x.not_after * interval '1 millisecond',
             i.task_status, i.task_is_test, i.task_consented, i.task_kind, x.explanation::json,
             timestamptz 'epoch' + i.task_created_at * interval '1 millisecond',
             timestamptz 'epoch' + i.task_updated_at * interval '1 millisecond'
      -- Side by side: the n-th explanation is the n-th task's; a count that differs leaves a null
      -- explanation, which the column refuses.
      from rows from (
        json_to_recordset(${tasks}::json) as (ord integer, id text, loan_id text, at bigint, not_after bigint),
        unnest(string_to_array(${explanations}::text, chr(30)))
      ) as x(ord, id, loan_id, at, not_after, explanation)
      join input i on i.ord = x.ord
      join c on c.company_id = i.company_id and c.id = i.id
    )
    -- The stored rows, and (all else null) the ord of each customer refused for its kept records.
    select c.*, kept.ord as kept_ord from c full join kept on false`.execute(executor);
  const stored = new Map<string, CustomerRow>();
  const keptOrds = new Set<number>();
  for (const { kept_ord: keptOrd, ...row } of result.rows) {
    if (keptOrd === null) stored.set(`${row.company_id}\u0000${row.id}`, row);
    else keptOrds.add(keptOrd);
  }
  const refusedForKept = new Set(firsts.filter((_, ord) => keptOrds.has(ord)).map((item) => keyOf(item.row)));
  const claimed = new Set<string>();
  return items.map((item) => {
    const key = keyOf(item.row);
    if (claimed.has(key)) return undefined;
    claimed.add(key);
    return refusedForKept.has(key) ? 'kept_records' : stored.get(key);
  });
}

/**
 * The loans the LMS reported for the customers just created: their figures, then who owes each.
 * Written only for customers that were created, so a refused create leaves no trace.
 */
async function importLmsLoans(trx: Db, items: readonly NewCustomer[], rows: readonly WrittenCustomer[]): Promise<void> {
  for (const [i, item] of items.entries()) {
    if (!item.lmsLoans || !wasWritten(rows[i])) continue;
    await upsertLmsLoans(trx, item.row.company_id, item.lmsLoans.loans, item.row.created_at);
    await linkLoanParties(trx, item.row.company_id, item.lmsLoans.parties);
  }
}

/**
 * Writes new customers with their tasks (and their LMS loans and key claims, when they have any).
 * Each result is the stored row, or says why nothing of it was written (WrittenCustomer). A key
 * claimed meanwhile fails the whole operation with a unique violation (isTakenKey).
 */
export const writeNewCustomers: BulkOperation<NewCustomer, WrittenCustomer> = {
  name: 'write new customers',
  async execute(executor, payloads) {
    const rows = await insertCustomers(executor, payloads);
    await importLmsLoans(executor, payloads, rows);
    await insertClaims(
      executor,
      payloads.flatMap((payload, i) => (payload.claim && wasWritten(rows[i]) ? [payload.claim] : [])),
    );
    return rows;
  },
  // One statement, unless there are loans to import or keys to claim.
  needsTransaction: (payloads) => payloads.some((payload) => payload.claim !== undefined || payload.lmsLoans !== undefined),
};

/**
 * The same operation inside a transaction the caller already holds (schedule sync, LMS webhooks, a
 * create planned again from kept records). Those callers read the id's kept records in that
 * transaction themselves, so the write does not look again.
 */
export async function writeNewCustomer(trx: Trx, customer: NewCustomer): Promise<CustomerRow | undefined> {
  const [row] = await writeNewCustomers.execute(trx, [{ ...customer, unlessKeptRecords: false }]);
  return wasWritten(row) ? row : undefined;
}
