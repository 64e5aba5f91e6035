import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Task explanations are written once and read whole; nothing queries inside them. As `json` they
 * are stored as the text we send instead of being parsed into jsonb on every insert, which was a
 * measurable share of the database's work on the create path (each customer writes ~8 of them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table call_tasks alter column explanation type json using explanation::json');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table call_tasks alter column explanation type jsonb using explanation::jsonb');
}
