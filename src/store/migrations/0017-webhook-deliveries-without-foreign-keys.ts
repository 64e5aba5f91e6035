import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The outbox write without foreign-key checks: every recorded call inserts one event and a delivery
 * per subscribed endpoint, and PostgreSQL checked each delivery row against `webhook_events` and
 * `webhook_endpoints` (and each attempt against `webhook_deliveries`) with lookups it plans once
 * per connection. Planned while the tables were new — empty, or nearly — those plans are
 * sequential scans, kept for the connection's life: on a fresh deployment each delivery row read
 * the whole events table (docs/decisions.md, "The webhook tables have no foreign keys").
 *
 * The rows are written only by the outbox (webhook-events.ts insertEvent, webhook-deliveries.ts
 * requeue: both select the event and endpoint they reference) and the sender. What the cascades
 * did, the deletes now do themselves: deleting an endpoint deletes its deliveries and attempts,
 * pruning an event deletes its deliveries and attempts, and the hourly prune sweeps deliveries a
 * write left behind when it raced such a delete (webhook-deliveries.ts deleteOrphans).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table webhook_attempts drop constraint webhook_attempts_company_id_endpoint_id_event_id_fkey;
    alter table webhook_deliveries drop constraint webhook_deliveries_company_id_endpoint_id_fkey;
    alter table webhook_deliveries drop constraint webhook_deliveries_company_id_event_id_fkey
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table webhook_deliveries add foreign key (company_id, endpoint_id) references webhook_endpoints (company_id, id) on delete cascade;
    alter table webhook_deliveries add foreign key (company_id, event_id) references webhook_events (company_id, id) on delete cascade;
    alter table webhook_attempts add foreign key (company_id, endpoint_id, event_id) references webhook_deliveries (company_id, endpoint_id, event_id) on delete cascade
  `,
  );
}
