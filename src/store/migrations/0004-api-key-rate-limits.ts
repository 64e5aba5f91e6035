import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/** A per-key request budget; null = the deployment's default (RATE_LIMIT_PER_MINUTE). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table api_keys add column rate_limit_per_minute integer');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table api_keys drop column rate_limit_per_minute');
}
