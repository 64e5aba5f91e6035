import type { Kysely } from 'kysely';
import { runStatements } from './run-statements.ts';

/**
 * The consent ledger, and records that outlive the customer.
 *
 * - `consent_events`: every consent granted or revoked, per customer and number (a null
 *   customer_id is the company's own attestation), never updated. It has no foreign key to
 *   customers: deleting a customer keeps it (12 CFR 1006.100), and a customer created again with
 *   the same id inherits it. `seq` is the order events were recorded in.
 * - `customers.consent`: what the customer's events add up to (domain/consent.ts), kept in the
 *   transaction that records an event so that planning and dialling read it with the row. No
 *   customer field maps to it, so a sync or a PATCH cannot change it.
 * - `calls` lose their cascade from customers for the same reason; they still go with their company.
 * - Backfill: a company whose default assumed consent (the setting `assumeTcpaConsent`, on unless
 *   turned off) gets that default recorded as its dated attestation; every recorded call flagged
 *   DNC becomes the consumer's revocation, and stops its customer again even where a later sync
 *   cleared `doNotCall` (that request was the consumer's, not the lender's to undo).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    create table consent_events (
      company_id text not null references companies(id) on delete cascade,
      id text not null,
      seq bigint generated always as identity,
      customer_id text,
      phone_number text,
      kind text not null check (kind in ('granted', 'revoked')),
      channel text not null check (channel in ('call', 'sms', 'email', 'mail', 'web', 'in_person', 'other')),
      effective_at timestamptz not null,
      scope_loan_id text,
      scope_channel text not null check (scope_channel in ('voice', 'sms', 'all')),
      artificial_voice boolean not null,
      source text not null check (source in ('lender', 'lms', 'call', 'inbound_opt_out', 'api', 'console')),
      evidence text,
      call_id text,
      recorded_at timestamptz not null,
      recorded_by text,
      primary key (company_id, id)
    );
    create index consent_events_customer on consent_events (company_id, customer_id, seq);
    create index consent_events_company_attestation on consent_events (company_id, seq) where customer_id is null;

    alter table customers add column consent jsonb not null default '{"stops": [], "grants": []}';

    alter table calls drop constraint calls_company_id_customer_id_fkey;
    alter table calls add constraint calls_company_fkey foreign key (company_id) references companies(id) on delete cascade;

    insert into consent_events (company_id, id, customer_id, phone_number, kind, channel, effective_at, scope_loan_id,
                                scope_channel, artificial_voice, source, evidence, recorded_at, recorded_by)
    select id, 'cns_m' || md5(id || '/attestation'), null, null, 'granted', 'other', created_at, null,
           'all', true, 'lender',
           'The company default in force before the consent ledger (assumeTcpaConsent on): the numbers the lender sends carry the borrower''s prior express consent.',
           now(), 'migration'
    from companies
    where coalesce(settings -> 'compliance' ->> 'assumeTcpaConsent', 'true') <> 'false'
    order by id;

    insert into consent_events (company_id, id, customer_id, phone_number, kind, channel, effective_at, scope_loan_id,
                                scope_channel, artificial_voice, source, evidence, call_id, recorded_at, recorded_by)
    select company_id, 'cns_m' || md5(company_id || '/' || id), customer_id, null, 'revoked', 'call', occurred_at, null,
           'all', true, 'call', 'The consumer asked not to be called (DNC flag on the recorded call).', id, now(), 'migration'
    from calls
    where flags @> '["DNC"]'::jsonb
    order by company_id, customer_id, occurred_at, id;

    update customers cu
    set consent = jsonb_build_object(
      'stops', jsonb_build_array(jsonb_build_object(
        'phoneNumber', null,
        'since', to_char(e.effective_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'recordedAt', to_char(e.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'source', 'call',
        'eventId', e.id,
        'except', '[]'::jsonb)),
      'grants', '[]'::jsonb)
    from (
      select distinct on (company_id, customer_id) company_id, customer_id, id, effective_at, recorded_at
      from consent_events where kind = 'revoked'
      order by company_id, customer_id, seq
    ) e
    where cu.company_id = e.company_id and cu.id = e.customer_id
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await runStatements(
    db,
    `
    delete from calls c where not exists (select 1 from customers cu where cu.company_id = c.company_id and cu.id = c.customer_id);
    alter table calls drop constraint calls_company_fkey;
    alter table calls add constraint calls_company_id_customer_id_fkey foreign key (company_id, customer_id) references customers(company_id, id) on delete cascade;
    alter table customers drop column consent;
    drop table consent_events
  `,
  );
}
