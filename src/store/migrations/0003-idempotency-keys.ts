import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Idempotency keys: one row per (company, route, key), claimed in the same transaction as the work
 * it guards, holding the response to replay. Keys are stored hashed: clients sometimes put
 * identifiers in them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table idempotency_keys (
      company_id text not null references companies(id) on delete cascade,
      route text not null,
      key_hash text not null,
      fingerprint text not null,
      response_status integer,
      response_body text,
      response_headers jsonb not null default '{}',
      created_at timestamptz not null default now(),
      expires_at timestamptz not null,
      primary key (company_id, route, key_hash)
    );
    create index idempotency_keys_expiry on idempotency_keys (expires_at)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'drop table idempotency_keys');
}
