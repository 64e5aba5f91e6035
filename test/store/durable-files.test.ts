/**
 * Files that must survive a power cut: a data directory just made is synced whole (every file, then
 * every directory, deepest first, the root last, since a file's entry is only durable once its
 * directory is), and the embedded default's key files (encryption, first API key) are synced with
 * their directory as they are written.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs, { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import path from 'node:path';
import { keepFirstApiKey } from '../../src/first-api-key.ts';
import { loadOrCreateKeyFile } from '../../src/security/encryption.ts';
import { removeFileDurably, syncTree, writeFileDurably, writeNewFileDurably } from '../../src/store/durable-files.ts';
import { makeTempDir } from '../helpers/process.ts';

describe('syncTree', () => {
  const tree = makeTempDir('durable-files');
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

  it('skips a file removed before its turn (PostgreSQL starting in the same directory)', async () => {
    const synced: string[] = [];
    const gone = path.join(tree.dir, 'base', '5', '1259');
    await syncTree(tree.dir, async (target) => {
      if (target === gone) throw Object.assign(new Error(`ENOENT: no such file or directory, open '${target}'`), { code: 'ENOENT' });
      synced.push(target);
    });
    assert.ok(!synced.includes(gone));
    assert.equal(synced.at(-1), tree.dir, 'the rest, directories included, was still synced');
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

describe('writeNewFileDurably and the encryption key file', () => {
  const temp = makeTempDir('durable-key');
  const synced: string[] = [];
  const original = fs.fsyncSync;
  before(() => {
    // Which inode each sync was of: counted here, then done for real.
    fs.fsyncSync = (fd: number) => {
      const stat = fs.fstatSync(fd);
      synced.push(`${stat.isDirectory() ? 'directory' : 'file'} ${stat.ino}`);
      original(fd);
    };
    syncBuiltinESMExports();
  });
  after(() => {
    fs.fsyncSync = original;
    syncBuiltinESMExports();
    temp.remove();
  });

  it('syncs the new file and then its directory, and refuses to overwrite', () => {
    synced.length = 0;
    const file = path.join(temp.dir, 'new.txt');
    writeNewFileDurably(file, 'content', 0o600);
    assert.equal(readFileSync(file, 'utf8'), 'content');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(synced, [`file ${statSync(file).ino}`, `directory ${statSync(temp.dir).ino}`]);
    assert.throws(() => writeNewFileDurably(file, 'other', 0o600), /EEXIST/);
    assert.equal(readFileSync(file, 'utf8'), 'content');
  });

  it('replaces a file, owner-only whatever its old mode, and syncs it and then its directory', () => {
    const file = path.join(temp.dir, 'replaced.txt');
    writeFileSync(file, 'old', { mode: 0o644 });
    synced.length = 0;
    writeFileDurably(file, 'new', 0o600);
    assert.equal(readFileSync(file, 'utf8'), 'new');
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.deepEqual(synced, [`file ${statSync(file).ino}`, `directory ${statSync(temp.dir).ino}`]);
  });

  it('removes a file and then syncs its directory, so that the removal is durable', () => {
    const file = path.join(temp.dir, 'to-remove.txt');
    writeFileSync(file, 'x');
    synced.length = 0;
    removeFileDurably(file);
    assert.ok(!existsSync(file));
    assert.deepEqual(synced, [`directory ${statSync(temp.dir).ino}`]);
  });

  it('the first start’s API key file is on disk, with its directory entry, when it is written', () => {
    synced.length = 0;
    const file = keepFirstApiKey(temp.dir, 'cw_durable_key_0123456789abcdefABCD', { write: () => {} });
    assert.deepEqual(synced, [`file ${statSync(file).ino}`, `directory ${statSync(temp.dir).ino}`]);
  });

  it('the embedded default’s key file is on disk, with its directory entry, when it is first made', () => {
    synced.length = 0;
    const dataDir = path.join(temp.dir, 'data');
    const { created } = loadOrCreateKeyFile(dataDir);
    assert.equal(created, true);
    assert.deepEqual(synced, [`file ${statSync(path.join(dataDir, 'encryption.key')).ino}`, `directory ${statSync(dataDir).ino}`]);
    synced.length = 0;
    assert.equal(loadOrCreateKeyFile(dataDir).created, false);
    assert.deepEqual(synced, [], 'an existing key file is only read');
  });
});
