/**
 * The embedded DATA_DIR holds borrowers' data (PGlite's files and write-ahead log) and the key that
 * decrypts the rest: nothing in it may be readable, writable or searchable by anyone but its owner —
 * on a new installation, and on one whose files an older version left open, once it starts again.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { Keyring } from '../../src/security/encryption.ts';
import { childEnv, makeTempDir, runCli, startServer } from '../helpers/process.ts';

const API_KEY = 'cw_permissions_bootstrap_0123456789';

/** Every entry under `root` (itself included) that its group or others may access, with its mode. */
function openEntries(root: string): string[] {
  const open: string[] = [];
  const visit = (entry: string) => {
    const stat = lstatSync(entry);
    if ((stat.mode & 0o077) !== 0) open.push(`${(stat.mode & 0o7777).toString(8)} ${path.relative(root, entry) || '.'}`);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(root);
  return open;
}

function countEntries(root: string): number {
  let count = 0;
  const visit = (entry: string) => {
    count++;
    if (lstatSync(entry).isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(root);
  return count;
}

/** What an older version left behind: every file world-writable, every directory open to all. */
function loosen(root: string): void {
  const visit = (entry: string) => {
    const stat = lstatSync(entry);
    chmodSync(entry, stat.isDirectory() ? 0o777 : 0o666);
    if (stat.isDirectory()) for (const name of readdirSync(entry)) visit(path.join(entry, name));
  };
  visit(root);
}

const customer = {
  id: 'perm-1',
  taskType: 'collections',
  firstName: 'Ana',
  lastName: 'Reyes',
  phoneNumber: '(415) 555-0100',
  timezone: 'America/Los_Angeles',
  streetAddress1: '123 Main St',
  city: 'San Francisco',
  state: 'CA',
  zipCode: '94102',
  ssnLastFour: '7351',
};

describe('DATA_DIR permissions (embedded database)', () => {
  const temp = makeTempDir('permissions');
  const dataDir = path.join(temp.dir, 'data');
  after(() => temp.remove());

  it('creates DATA_DIR and everything in it owner-only: directories 0700, files 0600', async () => {
    // Without CALLWISE_BOOTSTRAP_API_KEY: the first start of the embedded default, as in the quick start.
    const server = await startServer({ DATA_DIR: dataDir });
    try {
      assert.deepEqual(openEntries(dataDir), [], 'while the server runs');
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.ok(countEntries(dataDir) > 100, 'the walk saw the database files');
    assert.deepEqual(openEntries(dataDir), [], 'after it stopped');
  });

  it('tightens an existing DATA_DIR whose files were left open, and keeps serving its data', async () => {
    loosen(dataDir);
    assert.ok(openEntries(dataDir).length > 100);
    const server = await startServer({ DATA_DIR: dataDir, CALLWISE_BOOTSTRAP_API_KEY: API_KEY });
    try {
      assert.deepEqual(openEntries(dataDir), []);
      const created = await fetch(`${server.baseUrl}/customers`, {
        method: 'POST',
        headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
        body: JSON.stringify(customer),
      });
      assert.equal(created.status, 201, await created.text());
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assert.deepEqual(openEntries(dataDir), [], 'the files written since (WAL, relations) are owner-only too');
  });

  it('makes a missing DATA_DIR owner-only when the key comes from CALLWISE_ENCRYPTION_KEY (no key file written)', async () => {
    const fresh = path.join(temp.dir, 'nested', 'fresh');
    const result = await runCli(['company', 'list'], childEnv({ DATA_DIR: fresh, CALLWISE_ENCRYPTION_KEY: Keyring.generateKey() }));
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(openEntries(fresh), []);
  });
});
