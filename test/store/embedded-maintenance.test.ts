/**
 * The embedded database has no autovacuum (PGlite is one standalone backend): the server's
 * maintenance pass vacuums and analyzes every table itself (src/embedded-maintenance.ts).
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { EmbeddedMaintenance } from '../../src/embedded-maintenance.ts';
import { createTestDatabase, type TestDatabase } from '../helpers/database.ts';

const databases: TestDatabase[] = [];
after(async () => {
  for (const database of databases) await database.drop();
});

const silent = { info: () => {}, warn: () => {} };

describe('embedded database maintenance', () => {
  it('PGlite runs no autovacuum: without a pass, a table is never analyzed or vacuumed', async () => {
    const database = await createTestDatabase('pglite');
    databases.push(database);
    const { db } = database.handle;
    const backends = await sql<{ backend_type: string }>`select backend_type from pg_stat_activity`.execute(db);
    assert.deepEqual(
      backends.rows.map((r) => r.backend_type),
      ['standalone backend'],
    );
  });

  it('a pass vacuums and analyzes every table, one at a time', async () => {
    const database = await createTestDatabase('pglite');
    databases.push(database);
    const { db } = database.handle;
    await sql`insert into companies (id, name, created_at) select 'cmp_m' || g, 'Maintenance ' || g, now() from generate_series(1, 500) g`.execute(db);
    await sql`delete from companies where id like 'cmp_m%' and length(id) = 6`.execute(db);
    const before = await sql<{ reltuples: number; relallvisible: number }>`
      select reltuples, relallvisible from pg_class where relname = 'companies'`.execute(db);
    assert.equal(Number(before.rows[0]!.reltuples), -1, 'never analyzed before the pass');
    assert.equal(Number(before.rows[0]!.relallvisible), 0, 'never vacuumed before the pass');

    const tables = await new EmbeddedMaintenance(db, silent, { intervalMs: 3_600_000 }).runOnce();
    const expected = await sql<{ n: number }>`select count(*)::int as n from pg_tables where schemaname = 'public'`.execute(db);
    assert.equal(tables, expected.rows[0]!.n);
    assert.ok(tables > 10, `${tables} tables`);

    const afterPass = await sql<{ reltuples: number; relallvisible: number }>`
      select reltuples, relallvisible from pg_class where relname = 'companies'`.execute(db);
    const live = await sql<{ n: number }>`select count(*)::int as n from companies`.execute(db);
    assert.equal(Number(afterPass.rows[0]!.reltuples), live.rows[0]!.n, 'analyzed: the planner knows how many rows there are');
    assert.ok(Number(afterPass.rows[0]!.relallvisible) > 0, 'vacuumed: its pages are marked all-visible');
  });

  it('a stopped maintenance runs no pass', async () => {
    const database = await createTestDatabase('pglite');
    databases.push(database);
    const maintenance = new EmbeddedMaintenance(database.handle.db, silent, { intervalMs: 10, firstPassAfterMs: 10 });
    maintenance.start();
    await maintenance.stop();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const analyzed = await sql<{ reltuples: number }>`select reltuples from pg_class where relname = 'customers'`.execute(database.handle.db);
    assert.equal(Number(analyzed.rows[0]!.reltuples), -1);
  });
});

describe('maintenance and sender settings (configuration)', () => {
  it('EMBEDDED_VACUUM_INTERVAL_MINUTES: hourly by default, 0 for off, anything else refused naming it', () => {
    assert.equal(loadConfig({}).embeddedVacuumIntervalMinutes, 60);
    assert.equal(loadConfig({ EMBEDDED_VACUUM_INTERVAL_MINUTES: '0' }).embeddedVacuumIntervalMinutes, 0);
    assert.equal(loadConfig({ EMBEDDED_VACUUM_INTERVAL_MINUTES: '15' }).embeddedVacuumIntervalMinutes, 15);
    for (const value of ['-1', '1.5', 'hourly', '10081'])
      assert.throws(
        () => loadConfig({ EMBEDDED_VACUUM_INTERVAL_MINUTES: value }),
        (error: unknown) => error instanceof ConfigError && error.message.startsWith('EMBEDDED_VACUUM_INTERVAL_MINUTES'),
        value,
      );
  });

  it('WEBHOOK_SENDER_MAX_LAG_MS: 30 s by default, at least a second', () => {
    assert.equal(loadConfig({}).webhookSenderMaxLagMs, 30_000);
    assert.equal(loadConfig({ WEBHOOK_SENDER_MAX_LAG_MS: '5000' }).webhookSenderMaxLagMs, 5_000);
    assert.throws(
      () => loadConfig({ WEBHOOK_SENDER_MAX_LAG_MS: '999' }),
      (error: unknown) => error instanceof ConfigError && error.message.startsWith('WEBHOOK_SENDER_MAX_LAG_MS'),
    );
  });
});
