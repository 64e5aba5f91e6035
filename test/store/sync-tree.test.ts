/**
 * A data directory just made is synced whole: every file, then every directory (deepest first, the
 * root last), since a file's entry is only durable once its directory is.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { syncTree } from '../../src/store/sync-tree.ts';
import { makeTempDir } from '../helpers/process.ts';

describe('syncTree', () => {
  const tree = makeTempDir('sync-tree');
  after(() => tree.remove());

  it('syncs every file, then every directory from the deepest to the root', async () => {
    const root = tree.dir;
    mkdirSync(path.join(root, 'base', '5'), { recursive: true });
    mkdirSync(path.join(root, 'pg_wal'));
    const files = ['PG_VERSION', 'base/5/1259', 'base/5/2608', 'pg_wal/000000010000000000000001'].map((name) => path.join(root, name));
    for (const file of files) writeFileSync(file, 'x');

    const synced: string[] = [];
    await syncTree(root, async (target) => {
      synced.push(target);
    });

    assert.deepEqual(synced.slice(0, files.length).sort(), [...files].sort());
    const directories = synced.slice(files.length);
    assert.deepEqual([...directories].sort(), [root, path.join(root, 'base'), path.join(root, 'base', '5'), path.join(root, 'pg_wal')].sort());
    assert.ok(directories.indexOf(path.join(root, 'base', '5')) < directories.indexOf(path.join(root, 'base')), 'a directory before the one holding it');
    assert.equal(directories.at(-1), root);
  });

  it('syncs for real by default, and a failure reaches the caller', async () => {
    await syncTree(tree.dir);
    await assert.rejects(
      syncTree(tree.dir, async () => {
        throw Object.assign(new Error('EIO: i/o error, fdatasync'), { code: 'EIO' });
      }),
      /EIO/,
    );
  });
});
