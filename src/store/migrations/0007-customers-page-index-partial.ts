import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The foreign-key checks that reference customers (from call_tasks, calls, customer_loans) run
 * `company_id = $1 and id = $2` through a plan each connection prepares once and keeps. Prepared
 * against a table with no statistics yet — every fresh database — PostgreSQL rates the page index
 * (company_id, created_at, id) as good as the primary key for that lookup and may keep choosing it:
 * every check then walks all of the company's customers, and creating a customer slows down as the
 * table grows (measured: under half the throughput after 20 s of load on a new database).
 *
 * A partial index is only considered for a query whose conditions imply its predicate. The list
 * query states `created_at is not null` (always true: the column is not null); the foreign-key
 * checks do not, so they can only use the primary key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop index customers_page;
    create index customers_page on customers (company_id, created_at, id) where created_at > '-infinity'
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    drop index customers_page;
    create index customers_page on customers (company_id, created_at, id)
  `,
  );
}
