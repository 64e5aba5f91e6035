/**
 * Migration 0012 on a database that has lived before it: a company's default consent becomes its
 * dated attestation (unless it had turned the default off), every DNC on a recorded call becomes
 * the consumer's revocation and stops its customer again — even one whose doNotCall a sync had
 * cleared — and calls no longer go with their customer.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { down, up } from '../../src/store/migrations/0012-consent-ledger.ts';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';

for (const backend of backends) {
  describe(`migration 0012, the consent ledger (${backend})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(backend);
      const db = database.handle.db;
      await down(db as never);
      await sql`insert into companies (id, name, settings) values
        ('cmp_on', 'Default', '{}'),
        ('cmp_off', 'No consent', '{"compliance": {"assumeTcpaConsent": false}}')`.execute(db);
      await sql`insert into customers (company_id, id, task_type, do_not_call, phone_number) values
        ('cmp_on', 'stopped', 'collections', false, '+14155550100'),
        ('cmp_on', 'calm', 'collections', false, '+14155550101')`.execute(db);
      await sql`insert into calls (company_id, id, customer_id, to_phone_number, occurred_at, direction, outcome, flags) values
        ('cmp_on', 'call_1', 'stopped', '+14155550100', '2026-11-20T15:00:00Z', 'outbound', 'conversation', '["RPC", "DNC"]'),
        ('cmp_on', 'call_2', 'calm', '+14155550101', '2026-11-20T15:00:00Z', 'outbound', 'no_answer', '[]')`.execute(db);
      await up(db as never);
    });
    after(() => database.drop());

    it("records each company's default consent as its attestation, unless it was off", async () => {
      const { rows } = await sql<{
        company_id: string;
        kind: string;
        source: string;
      }>`select company_id, kind, source from consent_events where customer_id is null order by company_id`.execute(database.handle.db);
      assert.deepEqual(rows, [{ company_id: 'cmp_on', kind: 'granted', source: 'lender' }]);
    });

    it("turns a DNC on a recorded call into the consumer's revocation, in force on the customer", async () => {
      const { rows } = await sql<{ customer_id: string; kind: string; call_id: string }>`
        select customer_id, kind, call_id from consent_events where customer_id is not null`.execute(database.handle.db);
      assert.deepEqual(rows, [{ customer_id: 'stopped', kind: 'revoked', call_id: 'call_1' }]);
      const standing = await sql<{ id: string; consent: { stops: Array<{ phoneNumber: string | null; since: string; source: string }> } }>`
        select id, consent from customers order by id`.execute(database.handle.db);
      const byId = new Map(standing.rows.map((row) => [row.id, row.consent]));
      assert.deepEqual(byId.get('calm')!.stops, []);
      const [stop] = byId.get('stopped')!.stops;
      assert.equal(stop!.phoneNumber, null);
      assert.equal(stop!.since, '2026-11-20T15:00:00.000Z');
      assert.equal(stop!.source, 'call');
    });

    it('keeps calls when their customer is deleted, and drops them with their company', async () => {
      const db = database.handle.db;
      await sql`delete from customers where company_id = 'cmp_on' and id = 'calm'`.execute(db);
      const kept = await sql<{ n: number }>`select count(*)::int as n from calls where customer_id = 'calm'`.execute(db);
      assert.equal(kept.rows[0]!.n, 1);
      await sql`delete from companies where id = 'cmp_on'`.execute(db);
      const gone = await sql<{ n: number }>`select count(*)::int as n from calls where company_id = 'cmp_on'`.execute(db);
      assert.equal(gone.rows[0]!.n, 0);
    });
  });
}
