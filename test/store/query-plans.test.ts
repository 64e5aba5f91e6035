/**
 * Plans PostgreSQL chooses on a fresh database, before it has statistics. Foreign-key checks
 * prepare their lookup once per connection and keep that plan; if it is made against an empty
 * table with a poor index, every later check pays for it (migration 0007).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, sql } from 'kysely';
import { customerPageQuery } from '../../src/store/repositories/customers.ts';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const databases: TestDatabase[] = [];
after(async () => {
  for (const database of databases) await database.drop();
});

function planText(rows: Array<Record<string, unknown>>): string {
  return rows.map((row) => String(Object.values(row)[0])).join('\n');
}

for (const backend of backends) {
  describe(`query plans on a fresh ${backend} database`, () => {
    it('looks customers up by key through the primary key, as the foreign-key checks do', async () => {
      const database = await createTestDatabase(backend);
      databases.push(database);
      const plan = await database.handle.db.transaction().execute(async (trx) => {
        await sql`set local plan_cache_mode = force_generic_plan`.execute(trx);
        await sql`prepare customer_key_lookup(text, text) as
          select 1 from only customers x where company_id = $1 and id = $2 for key share of x`.execute(trx);
        const explained = await sql<Record<string, unknown>>`explain execute customer_key_lookup('cmp_a', 'c1')`.execute(trx);
        await sql`deallocate customer_key_lookup`.execute(trx);
        return planText(explained.rows);
      });
      assert.match(plan, /customers_pkey/);
      assert.doesNotMatch(plan, /customers_page/);
    });

    it('still lets the list query walk the page index', async () => {
      const database = await createTestDatabase(backend);
      databases.push(database);
      const compiled = customerPageQuery(database.handle.db, {
        companyId: 'cmp_a',
        after: { createdAt: '2026-01-01T00:00:00.000000Z', id: 'c1' },
        limit: 50,
      }).compile();
      const plan = await database.handle.db.transaction().execute(async (trx) => {
        // On an empty table every plan costs the same; forbid the alternatives to see what is possible.
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_sort = off`.execute(trx);
        const explained = await trx.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`explain ${compiled.sql}`, [...compiled.parameters]));
        return planText(explained.rows);
      });
      assert.match(plan, /customers_page/);
    });
  });
}
