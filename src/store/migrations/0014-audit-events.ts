import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The audit trail: which API key changed what, when — written in the transaction of the change,
 * so a change is never without its entry. It names the fields changed, never their values (they
 * are personal data), and keeps no foreign key to the customer or the key: the trail of a deleted
 * customer or a revoked key is still the trail.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table audit_events (
      company_id text not null references companies(id) on delete cascade,
      id text not null,
      at timestamptz not null,
      api_key_id text not null,
      action text not null,
      customer_id text,
      fields text[] not null default '{}',
      primary key (company_id, id)
    );
    create index audit_events_customer on audit_events (company_id, customer_id, at desc, id desc)
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'drop table audit_events');
}
