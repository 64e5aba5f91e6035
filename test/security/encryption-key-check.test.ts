/**
 * A wrong encryption key is refused at start, not discovered one 500 at a time: the database records
 * a fingerprint of each key version the first time it is used, and the server and the CLI refuse
 * to start when a configured version's key does not match it. Run as operators run them (child
 * processes), on PGlite and on PostgreSQL.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Keyring } from '../../src/security/encryption.ts';
import { openDatabase } from '../../src/store/database.ts';
import { migrateDownTo } from '../../src/store/migrations/index.ts';
import { backends, createPostgresDatabase } from '../helpers/database.ts';
import { childEnv, makeTempDir, runCli, runServerExpectingExit, startServer, type RunResult } from '../helpers/process.ts';

const API_KEY = 'cw_key_check_bootstrap_0123456789';

const customer = (id: string) => ({
  id,
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
  birthday: '1971-03-09',
});

/** Starts the server, runs `work` against it, and stops it cleanly. */
async function withServer(env: Record<string, string>, work: (baseUrl: string) => Promise<void>): Promise<void> {
  const server = await startServer({ CALLWISE_BOOTSTRAP_API_KEY: API_KEY, ...env });
  try {
    await work(server.baseUrl);
  } finally {
    assert.equal(await server.stop(), 0, server.stderr());
  }
}

async function createCustomer(baseUrl: string, id: string): Promise<void> {
  const res = await fetch(`${baseUrl}/customers`, {
    method: 'POST',
    headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' },
    body: JSON.stringify(customer(id)),
  });
  assert.equal(res.status, 201, await res.text());
}

async function readCustomer(baseUrl: string, id: string): Promise<void> {
  const res = await fetch(`${baseUrl}/customers/${id}`, { headers: { 'x-api-key': API_KEY } });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  const body = JSON.parse(text) as { ssnLastFour?: string; birthday?: string };
  assert.equal(body.ssnLastFour, '7351');
  assert.equal(body.birthday, '1971-03-09');
}

/** The process refused to start, naming the version and never a key. */
function assertRefused(result: RunResult & { ready?: boolean }, version: number, keys: readonly string[]): void {
  assert.equal(result.ready ?? false, false, 'the server must not become ready with a wrong key');
  assert.notEqual(result.code, 0, `expected a refusal: ${result.stdout} ${result.stderr}`);
  assert.match(result.stderr, new RegExp(`encryption key version ${version}\\b`));
  for (const key of keys) {
    assert.ok(!result.stderr.includes(key) && !result.stdout.includes(key), 'no key in the output');
    assert.ok(!result.stderr.includes(Buffer.from(key, 'base64').toString('hex')), 'no key in the output, in any spelling');
  }
  assert.ok(!/at .*\.(ts|js):\d+/.test(result.stderr), `no stack trace: ${result.stderr}`);
}

for (const backend of backends) {
  describe(`a wrong encryption key is refused at start (${backend})`, () => {
    let base: Record<string, string>;
    let cleanup: () => Promise<void> | void;
    let database: () => ReturnType<typeof openDatabase>;
    const keyA = Keyring.generateKey();
    const keyB = Keyring.generateKey();
    const keyC = Keyring.generateKey();
    const keyD = Keyring.generateKey();

    before(async () => {
      if (backend === 'pglite') {
        const temp = makeTempDir('key-check');
        base = { DATA_DIR: temp.dir };
        cleanup = temp.remove;
        database = () => openDatabase({ dataDir: temp.dir });
      } else {
        const created = await createPostgresDatabase();
        base = { DATABASE_URL: created.url };
        cleanup = created.drop;
        database = () => openDatabase({ databaseUrl: created.url });
      }
    });
    after(() => cleanup());

    it('starts with key A and stores a customer', async () => {
      await withServer({ ...base, CALLWISE_ENCRYPTION_KEY: keyA }, (url) => createCustomer(url, 'key-1'));
    });

    it('refuses key B under the same version: the server and the CLI exit non-zero naming the version', async () => {
      assertRefused(await runServerExpectingExit({ ...base, CALLWISE_ENCRYPTION_KEY: keyB }), 1, [keyA, keyB]);
      assertRefused(await runCli(['company', 'list'], childEnv({ ...base, CALLWISE_ENCRYPTION_KEY: keyB })), 1, [keyA, keyB]);
    });

    it('starts again with key A and reads the customer', async () => {
      await withServer({ ...base, CALLWISE_ENCRYPTION_KEY: keyA }, (url) => readCustomer(url, 'key-1'));
    });

    it('records a new version when it is first used (rotation), then holds it to that key', async () => {
      await withServer({ ...base, CALLWISE_ENCRYPTION_KEY: `1:${keyA},2:${keyC}` }, (url) => createCustomer(url, 'key-2'));
      assertRefused(await runServerExpectingExit({ ...base, CALLWISE_ENCRYPTION_KEY: `1:${keyA},2:${keyD}` }), 2, [keyA, keyC, keyD]);
      await withServer({ ...base, CALLWISE_ENCRYPTION_KEY: `1:${keyA},2:${keyC}` }, async (url) => {
        await readCustomer(url, 'key-1');
        await readCustomer(url, 'key-2');
      });
    });

    it('checks a database that predates fingerprints against its stored values before recording one', async () => {
      // As the database was before the fingerprints' migration: that migration and every later one
      // undone, each with its own down().
      const handle = await database();
      try {
        await migrateDownTo(handle.db, '0007-customers-page-index-partial');
      } finally {
        await handle.close();
      }
      assertRefused(await runServerExpectingExit({ ...base, CALLWISE_ENCRYPTION_KEY: `1:${keyB},2:${keyC}` }), 1, [keyB, keyC]);
      await withServer({ ...base, CALLWISE_ENCRYPTION_KEY: `1:${keyA},2:${keyC}` }, (url) => readCustomer(url, 'key-1'));
      assertRefused(await runServerExpectingExit({ ...base, CALLWISE_ENCRYPTION_KEY: `1:${keyB},2:${keyC}` }), 1, [keyB, keyC]);
    });
  });
}

describe('a missing embedded key file is refused at start (pglite)', () => {
  const temp = makeTempDir('key-file');
  after(() => temp.remove());

  it('refuses to start with a new key file over an existing database, and leaves no new key behind', async () => {
    await withServer({ DATA_DIR: temp.dir }, (url) => createCustomer(url, 'file-1'));
    const keyFile = path.join(temp.dir, 'encryption.key');
    const saved = readFileSync(keyFile, 'utf8');
    rmSync(keyFile);
    const refused = await runServerExpectingExit({ DATA_DIR: temp.dir });
    assertRefused(refused, 1, [saved.trim().replace(/^1:/, '')]);
    assert.match(refused.stderr, /encryption\.key/);
    assert.equal(existsSync(keyFile), false, 'the key made on this start is not left to be mistaken for the real one');
    writeFileSync(keyFile, saved, { mode: 0o600 });
    await withServer({ DATA_DIR: temp.dir }, (url) => readCustomer(url, 'file-1'));
  });
});
