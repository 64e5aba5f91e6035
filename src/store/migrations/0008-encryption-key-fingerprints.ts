import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * One row per encryption key version: a fingerprint of the key (HMAC-SHA256 of a fixed label under
 * it; never the key), recorded the first time a process starts with that version. A later start
 * whose key for the version differs is refused (services/encryption-key-check.ts) instead of
 * answering 500 on every encrypted read and sealing new values under the wrong key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table encryption_keys (
      version integer primary key check (version >= 0),
      fingerprint text not null,
      recorded_at timestamptz not null default now()
    )
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'drop table encryption_keys');
}
