import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Regulation F's consent exclusion (12 CFR 1006.14(b)(3)(i)) lasts seven days from the consent
 * and covers what the consumer consented to: a recorded call and a planned callback now carry when
 * the consent was given and, for a call, which debts it covers (null: the debts the call was
 * about). Rows from before have no grant time and count toward 7-in-7 like any other call (the
 * conservative reading: nothing shows the consent still covered them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table calls add column consent_granted_at timestamptz;
    alter table calls add column consent_loan_ids jsonb;
    alter table call_tasks add column consent_granted_at timestamptz
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table call_tasks drop column consent_granted_at;
    alter table calls drop column consent_loan_ids;
    alter table calls drop column consent_granted_at
  `,
  );
}
