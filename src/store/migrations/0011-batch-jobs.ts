import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Batch jobs (`POST /customers/batch`): the job and its items, each item's body sealed until it is
 * processed (it holds birthdays and SSN digits) and then its result. A runner leases a job and
 * works it a chunk at a time; each chunk's customers, item results and counts commit together, so
 * a job survives a restart and resumes at the first item without a result, writing nothing twice.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table batch_jobs (
      company_id text not null references companies(id) on delete cascade,
      id text not null,
      status text not null check (status in ('queued', 'validating', 'in_progress', 'completed', 'completed_with_errors', 'failed', 'cancelled')),
      total integer not null,
      validated integer not null default 0,
      invalid integer not null default 0,
      processed integer not null default 0,
      succeeded integer not null default 0,
      failed integer not null default 0,
      upsert boolean not null default false,
      lease_until timestamptz,
      error text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      started_at timestamptz,
      finished_at timestamptz,
      primary key (company_id, id)
    );
    create index batch_jobs_runnable on batch_jobs (created_at) where status in ('queued', 'validating', 'in_progress');

    create table batch_job_items (
      company_id text not null,
      job_id text not null,
      index integer not null,
      body_enc text,
      state text not null check (state in ('pending', 'valid', 'done')),
      success boolean,
      customer_id text,
      message text,
      errors jsonb,
      primary key (company_id, job_id, index),
      foreign key (company_id, job_id) references batch_jobs (company_id, id) on delete cascade
    );
    create index batch_job_items_todo on batch_job_items (company_id, job_id, state, index) where state <> 'done'
  `,
  );
  await sql
    .raw(
      `create function callwise_notify_batch_queued() returns trigger language plpgsql as $fn$
       begin
         perform pg_notify('callwise_batch_queued', '');
         return null;
       end $fn$`,
    )
    .execute(db);
  await sql.raw(`create trigger batch_jobs_queued after insert on batch_jobs for each row execute function callwise_notify_batch_queued()`).execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop trigger batch_jobs_queued on batch_jobs;
    drop function callwise_notify_batch_queued();
    drop table batch_job_items;
    drop table batch_jobs
  `,
  );
}
