/**
 * The embedded database's commits reach the disk before they are acknowledged: PostgreSQL runs
 * with fsync on, and its sync calls reach the data directory's files (PGlite's own Node filesystem
 * has no sync operation, and PGlite turns fsync off).
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.ts';
import { prepareDataDir } from '../../src/store/embedded-data-dir.ts';
import { DURABLE_START_PARAMS, DurableNodeFS } from '../../src/store/pglite-durable-fs.ts';
import { makeTempDir } from '../helpers/process.ts';

describe('the embedded database syncs its commits to disk', () => {
  describe('PostgreSQL on the durable filesystem', () => {
    const synced: number[] = [];
    const original = fs.fdatasyncSync;
    let pglite: PGlite;
    let dataDir: ReturnType<typeof makeTempDir>;

    before(async () => {
      // The filesystem's sync goes through node:fs; counted here, in this thread, then done for real.
      fs.fdatasyncSync = (fd: number) => {
        synced.push(fd);
        original(fd);
      };
      syncBuiltinESMExports();
      dataDir = makeTempDir('durable-fs');
      await prepareDataDir(dataDir.dir);
      pglite = await PGlite.create({ fs: new DurableNodeFS(dataDir.dir), startParams: [...DURABLE_START_PARAMS] });
    });

    after(async () => {
      await pglite?.close();
      fs.fdatasyncSync = original;
      syncBuiltinESMExports();
      dataDir?.remove();
    });

    it('runs with fsync on, the WAL synced by fsync() (emscripten’s fdatasync() does nothing)', async () => {
      const { rows } = await pglite.query<{ name: string; setting: string }>(
        `select name, setting from pg_settings where name in ('fsync', 'wal_sync_method') order by name`,
      );
      assert.deepEqual(rows, [
        { name: 'fsync', setting: 'on' },
        { name: 'wal_sync_method', setting: 'fsync' },
      ]);
    });

    it('syncs a file of the data directory before a commit returns', async () => {
      await pglite.query('create table marks (n integer)');
      const before = synced.length;
      await pglite.query('insert into marks values (1)');
      assert.ok(synced.length > before, 'the commit returned without a sync');
      const fd = synced.at(-1)!;
      assert.ok(fs.fstatSync(fd).isFile(), 'the sync was not of an open file');
    });

    it('a transaction is synced once, at its commit', async () => {
      await pglite.query('begin');
      const atBegin = synced.length;
      for (let n = 0; n < 5; n++) await pglite.query('insert into marks values ($1)', [n]);
      assert.equal(synced.length, atBegin, 'statements inside the transaction synced');
      await pglite.query('commit');
      assert.ok(synced.length > atBegin, 'the commit returned without a sync');
    });
  });

  describe('a sync that fails', () => {
    const original = fs.fdatasyncSync;
    const dataDir = makeTempDir('durable-fs-eio');
    let pglite: PGlite;
    before(async () => {
      await prepareDataDir(dataDir.dir);
      pglite = await PGlite.create({ fs: new DurableNodeFS(dataDir.dir), startParams: [...DURABLE_START_PARAMS] });
      await pglite.query('create table marks (n integer)');
    });
    after(() => {
      fs.fdatasyncSync = original;
      syncBuiltinESMExports();
      // PostgreSQL has stopped: this instance is not used, nor closed, again.
      dataDir.remove();
    });

    it('fails the commit with PostgreSQL’s PANIC instead of answering it', async () => {
      fs.fdatasyncSync = () => {
        throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO', errno: -5, syscall: 'fdatasync' });
      };
      syncBuiltinESMExports();
      await assert.rejects(pglite.query('insert into marks values (1)'), (error: { severity?: string; message?: string }) => {
        assert.equal(error.severity, 'PANIC');
        assert.match(error.message ?? '', /could not fsync file .*I\/O error/);
        return true;
      });
    });
  });

  describe('the server’s embedded database', () => {
    let handle: DatabaseHandle;
    const dataDir = makeTempDir('durable-thread');
    before(async () => {
      await prepareDataDir(dataDir.dir);
      handle = await openDatabase({ dataDir: dataDir.dir });
    });
    after(async () => {
      await handle?.close();
      dataDir.remove();
    });

    it('runs with the durable start parameters and filesystem', async () => {
      // The sync itself is shown above; here, that the server's database thread starts that way.
      const { rows } = await sql<{ name: string; setting: string }>`
        select name, setting from pg_settings where name in ('fsync', 'wal_sync_method') order by name`.execute(handle.db);
      assert.deepEqual(rows, [
        { name: 'fsync', setting: 'on' },
        { name: 'wal_sync_method', setting: 'fsync' },
      ]);
    });
  });
});
