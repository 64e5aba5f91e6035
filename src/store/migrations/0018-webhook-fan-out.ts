import { sql, type Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The outbox write is one row: an event records, in `fan_out_to`, the endpoints subscribed to it
 * when it happened, and the sender turns that list into deliveries afterwards, many events to a
 * statement (webhook-events.ts fanOut). Writing a delivery row per endpoint inside every change
 * made a recorded call with ten endpoints cost a third more than one with none; the change now
 * pays for one row whatever the number of endpoints.
 *
 * `fan_out_to` is null once the event's deliveries exist (and for every event written before this
 * migration, whose deliveries were written with it). Its partial index is what the fan-out reads.
 * The sender is woken when an event with endpoints to fan out to is inserted (the deliveries'
 * trigger still wakes the other senders when the fan-out queues them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table webhook_events add column fan_out_to text[];
    create index webhook_events_to_fan_out on webhook_events (seq) where fan_out_to is not null
  `,
  );
  await sql
    .raw(
      `create function callwise_notify_webhook_event() returns trigger language plpgsql as $fn$
       begin
         -- Only for events some endpoint subscribes to: a NOTIFY serialises commits across the server.
         if exists (select 1 from recorded where fan_out_to is not null) then
           perform pg_notify('callwise_webhook_due', '');
         end if;
         return null;
       end $fn$`,
    )
    .execute(db);
  await sql
    .raw(
      `create trigger webhook_events_recorded after insert on webhook_events referencing new table as recorded
       for each statement execute function callwise_notify_webhook_event()`,
    )
    .execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop trigger webhook_events_recorded on webhook_events;
    drop function callwise_notify_webhook_event();
    drop index webhook_events_to_fan_out;
    alter table webhook_events drop column fan_out_to
  `,
  );
}
