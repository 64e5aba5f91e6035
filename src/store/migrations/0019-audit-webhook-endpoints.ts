import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * Changes to webhook endpoints go on the audit trail: an endpoint decides where borrowers' data is
 * sent, so a security review asks which key registered, re-pointed, rotated or removed one, and
 * which key had events sent again. The entry names the endpoint (as `customer_id` names a
 * customer); like the customer, the endpoint may be gone, so there is no foreign key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    alter table audit_events add column webhook_endpoint_id text;
    create index audit_events_webhook_endpoint on audit_events (company_id, webhook_endpoint_id, at desc, id desc)
      where webhook_endpoint_id is not null
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(db, 'alter table audit_events drop column webhook_endpoint_id');
}
