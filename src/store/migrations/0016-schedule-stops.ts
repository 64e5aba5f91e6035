import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * An operator's stop of a customer's schedule (POST /customers/{id}/schedule/stop): while set,
 * nothing is planned or dialled for the customer. It is kept apart from `stop_reason`, which a
 * recorded call's flag sets and nothing lifts: resuming what an operator stopped must never lift
 * what a borrower's attorney or bankruptcy stopped. Who stopped it is on the audit trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table customers add column schedule_stopped_at timestamptz');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table customers drop column schedule_stopped_at');
}
