/**
 * Creating customers in ONE statement: the customer rows, their loan references and their planned
 * call tasks, chained through data-modifying CTEs so that nothing is written for a customer whose
 * id already exists. It takes many customers at once: under load, the creates of concurrent
 * requests that share a transaction (group commit) also share this statement, so a batch of
 * requests costs one round trip (or, with Idempotency-Keys to claim, four: BEGIN, this, the
 * claims, COMMIT) instead of several per request.
 *
 * New loan rows are inserted in key order, so that two batches creating the same new loans take
 * their locks in the same order (what they still deadlock on is retried: store/transactions.ts).
 *
 * The rows travel as JSON documents (json_to_recordset; `json`, not `jsonb`, so externalMetadata
 * keeps its key order) rather than thousands of bind parameters.
 */
import { sql } from 'kysely';
import type { Db } from '../database.js';
import { preparedStatement } from '../prepared-statements.js';
import type { BulkOperation } from '../transactions.js';
import type { NewCallTaskRow } from './call-tasks.js';
import { insertClaims, type NewClaim } from './idempotency-keys.js';
import type { CustomerRow, NewCustomerRow } from './customers.js';

export interface NewCustomer {
  readonly row: NewCustomerRow;
  readonly loanIds: readonly string[];
  readonly tasks: readonly NewCallTaskRow[];
  /**
   * With an Idempotency-Key: the key to claim, with the response built from the stored row, in
   * the same transaction. The claim is made only if the customer is created.
   */
  readonly claim?: Omit<NewClaim, 'response'> & { readonly respond: (row: CustomerRow) => NewClaim['response'] };
}

export interface CreatedCustomer {
  readonly row: CustomerRow;
  /** The response stored with the claim, when there was one. */
  readonly response?: NewClaim['response'];
}

function iso(value: Date | string | undefined): string {
  return value instanceof Date ? value.toISOString() : String(value);
}

/** JSON text of an array, built from pieces already serialised (explanations, metadata). */
function jsonArray(items: readonly string[]): string {
  return `[${items.join(',')}]`;
}

/**
 * PostgreSQL decodes the document's strings into text, and refuses a lone UTF-16 surrogate there
 * (a 500): write it as U+FFFD, as the UTF-8 encoding of a bind parameter would have.
 */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed = (_key: string, value: unknown) => (typeof value === 'string' ? value.replace(LONE_SURROGATE, '\ufffd') : value);

function customerJson(r: NewCustomerRow, ord: number): string {
  const plain = JSON.stringify({
    ord,
    company_id: r.company_id, id: r.id, first_name: r.first_name, last_name: r.last_name, email: r.email,
    birthday_enc: r.birthday_enc, ssn_last_four_enc: r.ssn_last_four_enc, timezone: r.timezone,
    phone_number: r.phone_number, street_address1: r.street_address1, street_address2: r.street_address2,
    city: r.city, state: r.state, zip_code: r.zip_code, do_not_call: r.do_not_call ?? false,
    is_test: r.is_test ?? false, task_type: r.task_type, loan_id: r.loan_id ?? null,
    created_at: iso(r.created_at as Date), updated_at: iso(r.updated_at as Date),
    // Metadata travels as its JSON text inside a string, untouched: decoded in place, its \u0000 or
    // lone-surrogate escapes (valid in `json`) would have to become text, which PostgreSQL refuses.
    external_metadata: (r.external_metadata as string | null | undefined) ?? null,
  }, (key, value) => (key === 'external_metadata' ? value : wellFormed(key, value)));
  return plain;
}

/**
 * A task as it travels: what the customer row does not already say. Its company, customer, number,
 * test flag and creation time are the customer's (joined by `ord`); instants go as epoch
 * milliseconds, turned into timestamptz exactly by integer arithmetic in SQL.
 */
function taskJson(t: NewCallTaskRow, ord: number): string {
  const plain = JSON.stringify({
    ord, id: t.id, loan_id: t.loan_id ?? null,
    at: (t.scheduled_for as Date).getTime(), not_after: (t.not_after as Date).getTime(),
  });
  return `${plain.slice(0, -1)},"explanation":${t.explanation as string}}`;
}

const CREATE_STATEMENT = preparedStatement('create_customers');

/** Inserts every customer whose id is free; returns each one's stored row, or undefined if taken. */
export async function insertCustomersWithSchedules(db: Db, items: readonly NewCustomer[]): Promise<Array<CustomerRow | undefined>> {
  // The same id twice in one statement: only the first may take it; the others are refused as
  // they would be one after the other.
  const seen = new Set<string>();
  const firsts = items.filter((item) => {
    const key = `${item.row.company_id}\u0000${item.row.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const customers = jsonArray(firsts.map((item, ord) => customerJson(item.row, ord)));
  const refs = JSON.stringify(firsts.flatMap((item) => item.loanIds.map((loanId) => ({ company_id: item.row.company_id, customer_id: item.row.id, loan_id: loanId }))));
  const tasks = jsonArray(firsts.flatMap((item, ord) => item.tasks.map((task) => taskJson(task, ord))));
  const result = await sql<CustomerRow>`${sql.raw(CREATE_STATEMENT)}
    with input as (
      select * from json_to_recordset(${customers}::json) as x(
        ord integer, company_id text, id text, first_name text, last_name text, email text,
        birthday_enc text, ssn_last_four_enc text, timezone text, phone_number text,
        street_address1 text, street_address2 text, city text, state text, zip_code text,
        do_not_call boolean, is_test boolean, task_type text, loan_id text,
        created_at timestamptz, updated_at timestamptz, external_metadata text)
    ), c as (
      insert into customers (company_id, id, first_name, last_name, email, birthday_enc, ssn_last_four_enc,
        timezone, phone_number, street_address1, street_address2, city, state, zip_code, do_not_call, is_test,
        task_type, external_metadata, loan_id, created_at, updated_at)
      select company_id, id, first_name, last_name, email, birthday_enc, ssn_last_four_enc,
        timezone, phone_number, street_address1, street_address2, city, state, zip_code, do_not_call, is_test,
        task_type, external_metadata::json, loan_id, created_at, updated_at
      from input order by ord
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
      select c.company_id, x.id, c.id, x.loan_id, c.phone_number,
             timestamptz 'epoch' + x.at * interval '1 millisecond',
             timestamptz 'epoch' + x.not_after * interval '1 millisecond',
             'scheduled', c.is_test, false, 'cadence', x.explanation, c.created_at, c.created_at
      from json_to_recordset(${tasks}::json) as x(ord integer, id text, loan_id text, at bigint, not_after bigint, explanation json)
      join input i on i.ord = x.ord
      join c on c.company_id = i.company_id and c.id = i.id
    )
    select * from c`.execute(db);
  const stored = new Map(result.rows.map((row) => [`${row.company_id}\u0000${row.id}`, row]));
  const claimed = new Set<string>();
  return items.map((item) => {
    const key = `${item.row.company_id}\u0000${item.row.id}`;
    if (claimed.has(key)) return undefined;
    claimed.add(key);
    return stored.get(key);
  });
}

/**
 * Creates customers (one statement), then claims the Idempotency-Keys of those created, each with
 * its response (a second statement, in the same transaction). Undefined for a customer whose id
 * was taken (nothing claimed); a taken key fails the whole operation (isTakenKey).
 */
export const createCustomers: BulkOperation<NewCustomer, CreatedCustomer | undefined> = {
  name: 'create customers',
  async execute(trx, payloads) {
    const rows = await insertCustomersWithSchedules(trx, payloads);
    const created = rows.map((row, i): CreatedCustomer | undefined => {
      if (!row) return undefined;
      const claim = payloads[i]!.claim;
      return claim ? { row, response: claim.respond(row) } : { row };
    });
    await insertClaims(trx, created.flatMap((result, i) => {
      const claim = payloads[i]!.claim;
      return result?.response && claim ? [{ ...claim, response: result.response }] : [];
    }));
    return created;
  },
  needsTransaction: (payloads) => payloads.some((payload) => payload.claim !== undefined),
};
