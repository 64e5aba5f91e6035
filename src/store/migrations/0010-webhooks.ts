import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Lender webhooks: endpoints a company registers, the events its changes cause, and one delivery
 * per event and subscribed endpoint.
 *
 * - `webhook_events` is the outbox: an event is inserted in the transaction of the change that
 *   caused it, with its deliveries, so neither exists without the other. Its body is the exact
 *   envelope sent (sealed: calls carry transcripts and numbers), so every retry sends the same bytes.
 *   `seq` orders a customer's events: writers hold the customer's row lock, so it follows commits.
 * - `webhook_deliveries`: what is still to send and what became of it; the sender leases due rows
 *   with SKIP LOCKED. `round_attempts` counts attempts since the delivery was (re)queued, for the
 *   backoff; `attempts` counts them all. `ready`: the head of its chain (its endpoint and customer):
 *   a pending delivery behind an earlier pending one of the same customer waits, not ready, until
 *   that one is settled and promotes it — so the sender's lease reads only heads.
 * - `webhook_attempts`: the delivery log — status code, latency, a fixed error text, never a body.
 * - A statement-level trigger NOTIFYs senders when deliveries are queued (PostgreSQL; PGlite polls),
 *   and only then. The lease's order (due time, then the outbox's sequence) has its own index.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table webhook_endpoints (
      company_id text not null references companies(id) on delete cascade,
      id text not null,
      url text not null,
      description text,
      event_types jsonb not null,
      secret_enc text not null,
      previous_secret_enc text,
      previous_secret_until timestamptz,
      disabled_at timestamptz,
      disabled_reason text,
      failing_since timestamptz,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (company_id, id)
    );

    create table webhook_events (
      company_id text not null references companies(id) on delete cascade,
      id text not null,
      seq bigint generated always as identity,
      type text not null,
      customer_id text,
      body_enc text not null,
      created_at timestamptz not null,
      primary key (company_id, id)
    );
    create index webhook_events_time on webhook_events (company_id, created_at);

    create table webhook_deliveries (
      company_id text not null,
      endpoint_id text not null,
      event_id text not null,
      event_seq bigint not null,
      customer_id text,
      status text not null check (status in ('pending', 'delivered', 'failed')),
      ready boolean not null default true,
      attempts integer not null default 0,
      round_attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      lease_until timestamptz,
      last_attempt_at timestamptz,
      last_status_code integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null,
      primary key (company_id, endpoint_id, event_id),
      foreign key (company_id, endpoint_id) references webhook_endpoints (company_id, id) on delete cascade,
      foreign key (company_id, event_id) references webhook_events (company_id, id) on delete cascade
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at, event_seq) where status = 'pending' and ready;
    create index webhook_deliveries_customer_order on webhook_deliveries (company_id, endpoint_id, customer_id, event_seq) where status = 'pending';
    create index webhook_deliveries_log on webhook_deliveries (company_id, endpoint_id, event_seq desc);
    create index webhook_deliveries_event on webhook_deliveries (company_id, event_id);

    create table webhook_attempts (
      company_id text not null,
      endpoint_id text not null,
      event_id text not null,
      attempt integer not null,
      attempted_at timestamptz not null,
      status_code integer,
      latency_ms integer not null,
      error text,
      primary key (company_id, endpoint_id, event_id, attempt),
      foreign key (company_id, endpoint_id, event_id) references webhook_deliveries (company_id, endpoint_id, event_id) on delete cascade
    )
  `,
  );
  await sql
    .raw(
      `create function callwise_notify_webhook_due() returns trigger language plpgsql as $fn$
       begin
         -- Only when something was queued: an event no endpoint subscribes to inserts no delivery,
         -- and a NOTIFY serialises commits across the server.
         if exists (select 1 from queued) then
           perform pg_notify('callwise_webhook_due', '');
         end if;
         return null;
       end $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger webhook_deliveries_queued after insert on webhook_deliveries referencing new table as queued
       for each statement execute function callwise_notify_webhook_due()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop trigger webhook_deliveries_queued on webhook_deliveries;
    drop function callwise_notify_webhook_due();
    drop table webhook_attempts;
    drop table webhook_deliveries;
    drop table webhook_events;
    drop table webhook_endpoints
  `,
  );
}
