import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Call tasks (planned attempts) and calls (what happened: the contact ledger the frequency rules
 * count), plus the customer facts the plan depends on: numbers marked unusable, consent and
 * line type of the customer's number.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table customers add column unusable_phone_numbers jsonb not null default '[]';
    alter table customers add column stopped_at timestamptz;

    create table call_tasks (
      company_id text not null,
      id text not null,
      customer_id text not null,
      loan_id text,
      phone_number text not null,
      scheduled_for timestamptz not null,
      not_after timestamptz not null,
      status text not null check (status in ('scheduled', 'dispatched', 'completed', 'cancelled')),
      is_test boolean not null,
      consented boolean not null default false,
      kind text not null default 'cadence' check (kind in ('cadence', 'callback')),
      explanation jsonb not null,
      cancel_reason text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (company_id, id),
      foreign key (company_id, customer_id) references customers(company_id, id) on delete cascade
    );
    create index call_tasks_customer on call_tasks (company_id, customer_id, scheduled_for);
    create index call_tasks_due on call_tasks (scheduled_for) where status = 'scheduled';

    create table calls (
      company_id text not null,
      id text not null,
      customer_id text not null,
      to_phone_number text not null,
      occurred_at timestamptz not null,
      direction text not null check (direction in ('outbound', 'inbound')),
      outcome text not null check (outcome in ('not_connected', 'no_answer', 'voicemail', 'wrong_party', 'conversation')),
      loan_ids jsonb not null default '[]',
      consented boolean not null default false,
      duration_seconds integer,
      transcript text,
      recording_url text,
      summarization text,
      callback_at timestamptz,
      flags jsonb not null default '[]',
      created_at timestamptz not null default now(),
      primary key (company_id, id),
      foreign key (company_id, customer_id) references customers(company_id, id) on delete cascade
    );
    create index calls_customer on calls (company_id, customer_id, occurred_at)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop table calls;
    drop table call_tasks;
    alter table customers drop column stopped_at;
    alter table customers drop column unusable_phone_numbers
  `,
  );
}
