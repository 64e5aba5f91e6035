/**
 * migrateToLatest answers an up-to-date database without Kysely's Migrator (BENCHMARKS.md: a
 * restart's migration step). What must not change with that: a missing migration is applied, and a
 * database holding a migration this code does not know (written by a newer version) is refused.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { migrateDownTo, migrateToLatest, migrationNames } from '../../src/store/migrations/index.ts';

for (const backend of backends) {
  describe(`migrateToLatest (${backend})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(backend);
    });
    after(() => database.drop());

    it('applies nothing to an up-to-date database, and exactly what is missing otherwise', async () => {
      const { db } = database.handle;
      assert.deepEqual(await migrateToLatest(db), []);
      await migrateDownTo(db, migrationNames.at(-2)!);
      assert.deepEqual(await migrateToLatest(db), [migrationNames.at(-1)]);
      assert.deepEqual(await migrateToLatest(db), []);
    });

    it('refuses a database that holds a migration this code does not know', async () => {
      const { db } = database.handle;
      await sql`insert into kysely_migration (name, timestamp) values ('9999-from-a-newer-version', '2027-01-01T00:00:00Z')`.execute(db);
      await assert.rejects(migrateToLatest(db), /database migration failed.*9999-from-a-newer-version/);
      await sql`delete from kysely_migration where name = '9999-from-a-newer-version'`.execute(db);
      assert.deepEqual(await migrateToLatest(db), []);
    });
  });
}
