import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * What a task type's calls are for: collection, servicing, verification or marketing. Marketing
 * calls get the telemarketing rules (docs/compliance.md, "Call purpose"). Every task type made
 * before purposes existed was made for collection work and keeps those rules: the default.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table task_types add column purpose text not null default 'collection'
      constraint task_types_purpose check (purpose in ('collection', 'servicing', 'verification', 'marketing'))
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table task_types drop column purpose');
}
