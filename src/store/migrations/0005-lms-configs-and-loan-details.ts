import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Per-company LMS configuration and the loan facts an LMS import adds.
 *
 * The whole configuration is one AES-256-GCM envelope (it holds credentials); only `kind` is kept
 * in clear, so an operator can see which companies use which product without the key.
 * Loans gain the LMS's own display number, status text and currency, which GET
 * /customers/{id}/loans shows next to the canonical figures.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table lms_configs (
      company_id text primary key references companies(id) on delete cascade,
      kind text not null,
      config_enc text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    alter table loans add column display_id text;
    alter table loans add column raw_status text;
    alter table loans add column currency text
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table loans drop column currency;
    alter table loans drop column raw_status;
    alter table loans drop column display_id;
    drop table lms_configs
  `,
  );
}
