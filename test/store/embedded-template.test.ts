/**
 * A fresh embedded data directory starts as a copy of a migrated template: built once per PGlite
 * build and list of migrations, reused after, copied with owner-only modes, and redone when a copy
 * was cut short. Without a writable cache the cluster is made in place. A first start that did not
 * finish (its mark still there) is made again from scratch, keeping Callwise's own files.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/database.ts';
import { FIRST_START_MARKER, isInitialised, prepareDataDir } from '../../src/store/embedded-data-dir.ts';
import { ensureTemplate, templatePath } from '../../src/store/embedded-template.ts';
import { migrateToLatest, migrationNames } from '../../src/store/migrations/index.ts';
import { makeTempDir } from '../helpers/process.ts';

const cleanups: Array<() => void> = [];
after(() => {
  for (const cleanup of cleanups.reverse()) cleanup();
});

function tempDir(prefix: string): string {
  const temp = makeTempDir(prefix);
  cleanups.push(temp.remove);
  return temp.dir;
}

/** Every path under `dir` whose mode lets the group or others in. */
function shared(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .map((entry) => path.join(entry.parentPath, entry.name))
    .filter((file) => (statSync(file).mode & 0o077) !== 0);
}

/** The migrations a cluster in `dataDir` has applied, read by opening it. */
async function appliedMigrations(dataDir: string): Promise<string[]> {
  const database = await openDatabase({ dataDir });
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(database.db);
    assert.deepEqual(await migrateToLatest(database.db), [], 'nothing left to migrate');
    return rows.map((row) => row.name);
  } finally {
    await database.close();
  }
}

describe('the embedded database template', () => {
  // One template for the first two tests: building one is an initdb, seconds of work.
  const cache = tempDir('template-cache');

  it('is built once, migrated, owner-only, and copied into a fresh directory', async () => {
    // One left by another PGlite build or migration list: removed once the current one is built.
    const stale = path.join(cache, 'pglite-template-0123456789abcdef');
    mkdirSync(stale, { recursive: true });
    writeFileSync(path.join(stale, 'PG_VERSION'), '17');
    const template = await ensureTemplate(cache);
    assert.ok(!existsSync(stale), 'the stale template is gone');
    assert.equal(template, templatePath(cache));
    assert.ok(isInitialised(template));
    assert.deepEqual(shared(template), []);
    const builtAt = statSync(path.join(template, 'PG_VERSION')).mtimeMs;
    assert.equal(await ensureTemplate(cache), template, 'the second call reuses it');
    assert.equal(statSync(path.join(template, 'PG_VERSION')).mtimeMs, builtAt);
    assert.deepEqual(
      readdirSync(cache).filter((name) => name.includes('.building-')),
      [],
      'no half-built template is left behind',
    );

    const dataDir = path.join(tempDir('template-copy'), 'data');
    await prepareDataDir(dataDir, cache);
    assert.ok(isInitialised(dataDir));
    assert.deepEqual(shared(dataDir), [], 'the copy keeps owner-only modes');
    assert.deepEqual(await appliedMigrations(dataDir), [...migrationNames]);
  });

  it('copies again over a copy that was cut short (no PG_VERSION), and leaves a finished one alone', async () => {
    const dataDir = tempDir('template-cut');
    writeFileSync(path.join(dataDir, 'postgresql.auto.conf'), 'half a copy');
    assert.ok(!isInitialised(dataDir));
    await prepareDataDir(dataDir, cache);
    assert.deepEqual(await appliedMigrations(dataDir), [...migrationNames]);

    // A finished cluster is never overwritten: its rows survive another prepare.
    const database = await openDatabase({ dataDir });
    await sql`create table kept (id int)`.execute(database.db);
    await sql`insert into kept values (7)`.execute(database.db);
    await database.close();
    await prepareDataDir(dataDir, cache);
    const reopened = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ id: number }>`select id from kept`.execute(reopened.db);
      assert.deepEqual(rows, [{ id: 7 }]);
    } finally {
      await reopened.close();
    }
  });

  it('makes the cluster again when a first start did not finish, keeping the key file and the rest of Callwise’s own', async () => {
    const dataDir = path.join(tempDir('template-unfinished'), 'data');
    assert.equal(await prepareDataDir(dataDir, cache), true);
    const marker = path.join(dataDir, FIRST_START_MARKER);
    assert.ok(existsSync(marker), 'the first start is marked until its cluster is on disk');
    // What a power cut before the sync can leave: a control file never written back, and a WAL
    // segment the interrupted start had begun; beside them, the key file made meanwhile.
    truncateSync(path.join(dataDir, 'global', 'pg_control'), 0);
    writeFileSync(path.join(dataDir, 'pg_wal', '000000010000000000000099'), 'stale');
    writeFileSync(path.join(dataDir, 'encryption.key'), 'the key', { mode: 0o600 });
    writeFileSync(path.join(dataDir, 'first-api-key.txt'), 'the first key', { mode: 0o600 });

    assert.deepEqual(await appliedMigrations(dataDir), [...migrationNames], 'the next start opens a whole cluster');
    assert.ok(!existsSync(marker), 'a finished first start leaves no mark');
    assert.ok(!existsSync(path.join(dataDir, 'pg_wal', '000000010000000000000099')), 'nothing of the unfinished cluster is left');
    assert.equal(readFileSync(path.join(dataDir, 'encryption.key'), 'utf8'), 'the key');
    assert.equal(readFileSync(path.join(dataDir, 'first-api-key.txt'), 'utf8'), 'the first key');

    // Finished, it is never made again: a table made now survives the next start.
    const database = await openDatabase({ dataDir });
    await sql`create table kept (id int)`.execute(database.db);
    await database.close();
    assert.equal(await prepareDataDir(dataDir, cache), false);
    const reopened = await openDatabase({ dataDir });
    try {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from kept`.execute(reopened.db);
      assert.deepEqual(rows, [{ n: 0 }]);
    } finally {
      await reopened.close();
    }
  });

  it('without a writable cache, makes the cluster in place', async () => {
    const root = tempDir('template-unwritable');
    const notADirectory = path.join(root, 'file');
    writeFileSync(notADirectory, '');
    assert.equal(await ensureTemplate(path.join(notADirectory, 'cache')), undefined);
    const dataDir = path.join(root, 'data');
    await prepareDataDir(dataDir, path.join(notADirectory, 'cache'));
    assert.deepEqual(await appliedMigrations(dataDir), [...migrationNames]);
    assert.ok(!existsSync(path.join(notADirectory, 'cache')));
    rmSync(dataDir, { recursive: true, force: true });
  });
});
