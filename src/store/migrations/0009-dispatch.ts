import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Dispatch: a due task is claimed (status `dispatched`, a lease), handed to the company's voice
 * provider, and completed by the recorded call — or skipped at dial time with its reason.
 *
 * - One call in flight per customer: a partial unique index on dispatched tasks.
 * - `lease_until`: when a dispatched task is next looked at (the provider's answer or its outcome
 *   is overdue); reconciliation asks the provider before anything is dialled again.
 * - `life`: the task's events (claimed, re-checked, dialled, outcome…), for `/customers/{id}/tasks`.
 * - `dispatch_providers`: a company's provider and its sealed credentials, like LMS configs; its
 *   concurrency in clear, so that a claim passes over a company whose budget is spent.
 * - `provider_events`: every provider webhook event stored once (providers redeliver), sealed.
 * - `calls.task_id`: a task records at most one call, so a redelivered outcome is recorded once.
 * - A trigger NOTIFYs dispatchers when a task becomes due now (PostgreSQL; PGlite polls).
 * - Another keeps `dispatch_providers.in_flight` (the company's calls in flight) in step with every
 *   change into or out of `dispatched`, in the same transaction: a claim reads its budget from one
 *   row instead of counting dispatched tasks, which grows with the calls in flight.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table call_tasks drop constraint call_tasks_status_check;
    alter table call_tasks add constraint call_tasks_status_check
      check (status in ('scheduled', 'dispatched', 'completed', 'cancelled', 'skipped'));
    alter table call_tasks add column lease_until timestamptz;
    alter table call_tasks add column attempts integer not null default 0;
    alter table call_tasks add column provider text;
    alter table call_tasks add column provider_call_id text;
    alter table call_tasks add column dispatched_at timestamptz;
    alter table call_tasks add column call_id text;
    alter table call_tasks add column life jsonb not null default '[]';
    create unique index call_tasks_one_in_flight on call_tasks (company_id, customer_id) where status = 'dispatched';
    create index call_tasks_leased on call_tasks (lease_until) where status = 'dispatched';
    create index call_tasks_provider_call on call_tasks (provider, provider_call_id) where provider_call_id is not null;

    alter table companies add column dispatch_paused_at timestamptz;
    alter table companies add column dispatch_paused_by text;

    create table dispatch_providers (
      company_id text primary key references companies(id) on delete cascade,
      kind text not null,
      concurrency integer check (concurrency > 0),
      in_flight integer not null default 0,
      config_enc text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );

    create table provider_events (
      provider text not null,
      dedupe_key text not null,
      company_id text not null,
      task_id text,
      provider_call_id text not null,
      type text not null,
      body_enc text not null,
      received_at timestamptz not null default now(),
      processed_at timestamptz,
      primary key (provider, dedupe_key)
    );
    create index provider_events_unprocessed on provider_events (received_at) where processed_at is null;

    alter table calls add column task_id text;
    create unique index calls_task on calls (company_id, task_id) where task_id is not null
  `,
  );
  // One statement with a function body (semicolons inside): run on its own.
  await sql
    .raw(
      `create function callwise_notify_task_due() returns trigger language plpgsql as $fn$
       begin
         perform pg_notify('callwise_task_due', '');
         return null;
       end $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `create function callwise_count_in_flight() returns trigger language plpgsql as $fn$
       begin
         if tg_op = 'UPDATE' and old.status = 'dispatched' and new.status <> 'dispatched'
            or tg_op = 'DELETE' and old.status = 'dispatched' then
           update dispatch_providers set in_flight = greatest(in_flight - 1, 0) where company_id = old.company_id;
         elsif tg_op = 'UPDATE' and old.status <> 'dispatched' and new.status = 'dispatched' then
           update dispatch_providers set in_flight = in_flight + 1 where company_id = new.company_id;
         end if;
         return null;
       end $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger call_tasks_in_flight after update of status or delete on call_tasks
       for each row execute function callwise_count_in_flight()`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger call_tasks_due_now after insert or update of status, scheduled_for on call_tasks
       for each row when (new.status = 'scheduled' and new.scheduled_for <= now() + interval '2 seconds')
       execute function callwise_notify_task_due()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop trigger call_tasks_due_now on call_tasks;
    drop function callwise_notify_task_due();
    drop trigger call_tasks_in_flight on call_tasks;
    drop function callwise_count_in_flight();
    drop index calls_task;
    alter table calls drop column task_id;
    drop table provider_events;
    drop table dispatch_providers;
    alter table companies drop column dispatch_paused_by;
    alter table companies drop column dispatch_paused_at;
    drop index call_tasks_provider_call;
    drop index call_tasks_leased;
    drop index call_tasks_one_in_flight;
    alter table call_tasks drop column life;
    alter table call_tasks drop column call_id;
    alter table call_tasks drop column dispatched_at;
    alter table call_tasks drop column provider_call_id;
    alter table call_tasks drop column provider;
    alter table call_tasks drop column attempts;
    alter table call_tasks drop column lease_until;
    alter table call_tasks drop constraint call_tasks_status_check;
    alter table call_tasks add constraint call_tasks_status_check
      check (status in ('scheduled', 'dispatched', 'completed', 'cancelled'))
  `,
  );
}
