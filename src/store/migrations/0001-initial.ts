import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Companies, API keys, task types, customers and their loan references. `company_id` leads every
 * tenant table's key, so each query is scoped by it and the schema can later be distributed by it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table companies (
      id text primary key,
      name text not null,
      settings jsonb not null default '{}',
      created_at timestamptz not null default now()
    );

    create table api_keys (
      id text primary key,
      company_id text not null references companies(id) on delete cascade,
      name text,
      prefix text not null,
      secret_hash text not null unique,
      created_at timestamptz not null default now(),
      revoked_at timestamptz
    );
    create index api_keys_company on api_keys (company_id);

    create table task_types (
      company_id text not null references companies(id) on delete cascade,
      name text not null,
      name_key text not null,
      cadence jsonb,
      created_at timestamptz not null default now(),
      primary key (company_id, name_key)
    );

    create table customers (
      company_id text not null references companies(id) on delete cascade,
      id text not null,
      first_name text,
      last_name text,
      email text,
      birthday_enc text,
      ssn_last_four_enc text,
      timezone text,
      phone_number text,
      street_address1 text,
      street_address2 text,
      city text,
      state text,
      zip_code text,
      do_not_call boolean not null default false,
      is_test boolean not null default false,
      task_type text not null,
      external_metadata json,
      loan_id text,
      stop_reason text,
      provenance jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (company_id, id)
    );
    create index customers_page on customers (company_id, created_at, id);

    create table loans (
      company_id text not null references companies(id) on delete cascade,
      loan_id text not null,
      source text not null,
      status text,
      balance_cents bigint,
      amount_due_cents bigint,
      days_past_due integer,
      next_due_date date,
      as_of date,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (company_id, loan_id)
    );

    create table customer_loans (
      company_id text not null,
      customer_id text not null,
      loan_id text not null,
      role text,
      created_at timestamptz not null default now(),
      primary key (company_id, customer_id, loan_id),
      foreign key (company_id, customer_id) references customers(company_id, id) on delete cascade,
      foreign key (company_id, loan_id) references loans(company_id, loan_id) on delete cascade
    );
    create index customer_loans_loan on customer_loans (company_id, loan_id);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'drop table customer_loans, loans, customers, task_types, api_keys, companies;');
}
