/**
 * What survives a restart: customers (with their encrypted PII, readable again through the same key
 * file), the schema (migrations are idempotent), and the first-start bootstrap, which happens once.
 * Ends with the real process: start, create over HTTP, SIGTERM, start again, read back.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { openRuntime, type Runtime } from '../../src/runtime.ts';
import { Keyring, KEY_FILE_NAME } from '../../src/security/encryption.ts';
import { hashApiKey } from '../../src/security/api-keys.ts';
import { DEFAULT_TASK_TYPES, DEMO_COMPANY_ID, DEMO_COMPANY_NAME } from '../../src/services/companies.ts';
import { migrateToLatest } from '../../src/store/migrations/index.ts';
import { backends, createPostgresDatabase, createTestDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { makeTempDir, startServer, type ServerProcess } from '../helpers/process.ts';

const cleanups: Array<() => unknown> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

function tempDataDir(prefix: string): string {
  const temp = makeTempDir(prefix);
  cleanups.push(temp.remove);
  return temp.dir;
}

/** Opens the embedded runtime on `dataDir`, closing it at the end of the file if a test fails. */
async function open(dataDir: string, env: Record<string, string> = {}): Promise<Runtime> {
  const runtime = await openRuntime(loadConfig({ DATA_DIR: dataDir, ...env }));
  let closed = false;
  const close = () => runtime.close();
  const guarded: Runtime = {
    ...runtime,
    close: async () => {
      if (closed) return;
      closed = true;
      await close();
    },
  };
  cleanups.push(() => guarded.close());
  return guarded;
}

/** The parts of a principal these tests are about. */
const pick = (principal: { companyId: string; keyId: string } | null) => principal && { companyId: principal.companyId, keyId: principal.keyId };

const PII = { birthday: '1969-07-20', ssnLastFour: '0917', email: 'neil@example.com' };

describe('the embedded database across restarts', () => {
  it('bootstraps once, keeps customers and their decrypted PII, migrates idempotently, and locks the directory', async () => {
    const dataDir = tempDataDir('restart');
    const previous = process.umask(0o000);
    let first: Runtime;
    try {
      first = await open(dataDir);
    } finally {
      process.umask(previous);
    }
    assert.equal(first.createdKeyFile, true);
    const keyFile = path.join(dataDir, KEY_FILE_NAME);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600, 'the key file is owner-only even with umask 000');
    assert.doesNotThrow(() => Keyring.parse(readFileSync(keyFile, 'utf8').trim()));
    assert.equal(readFileSync(path.join(dataDir, 'callwise.pid'), 'utf8').trim(), String(process.pid), 'the directory is held');

    // First start on an empty embedded database: Demo Lender, its task types and a working key.
    const demo = await first.services.companies.bootstrapDemo({ createIfEmpty: true });
    assert.ok(demo);
    assert.equal(demo.companyId, DEMO_COMPANY_ID);
    assert.match(demo.secret, /^cw_[0-9A-Za-z]{32}$/);
    assert.deepEqual(
      (await first.services.companies.listCompanies()).map((c) => c.name),
      [DEMO_COMPANY_NAME],
    );
    assert.deepEqual(
      (await first.services.companies.listTaskTypes(DEMO_COMPANY_ID)).map((t) => t.name),
      ['collections', 'servicing', 'verification'],
    );
    assert.deepEqual(pick(await first.services.auth.authenticate(demo.secret)), { companyId: DEMO_COMPANY_ID, keyId: demo.id });
    const keys = await first.services.db.selectFrom('api_keys').selectAll().execute();
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.secret_hash, hashApiKey(demo.secret));
    assert.ok(!JSON.stringify(keys).includes(demo.secret), 'only the hash is stored');

    const body = customerBody({ id: 'persist-1', ...PII, externalMetadata: { b: 1, a: [true] }, loanIds: [7] });
    const created = await first.services.customers.create(DEMO_COMPANY_ID, { body, schemaErrors: [] });
    await first.close();
    assert.throws(() => statSync(path.join(dataDir, 'callwise.pid')), /ENOENT/, 'closing frees the directory');

    const second = await open(dataDir);
    assert.equal(second.createdKeyFile, false, 'the key file is reused, not replaced');
    assert.deepEqual(await migrateToLatest(second.services.db), [], 'migrations already applied are not applied again');
    assert.deepEqual(await migrateToLatest(second.services.db), []);
    assert.equal(await second.services.companies.bootstrapDemo({ createIfEmpty: true }), null, 'a second start creates nothing');
    assert.equal((await second.services.companies.listCompanies()).length, 1);
    assert.equal((await second.services.db.selectFrom('api_keys').selectAll().execute()).length, 1);
    assert.ok(await second.services.auth.authenticate(demo.secret), 'the first key still works');
    const read = await second.services.customers.get(DEMO_COMPANY_ID, 'persist-1');
    assert.deepEqual(read, created);
    assert.equal(read.birthday, PII.birthday);
    assert.equal(read.ssnLastFour, PII.ssnLastFour);
    const row = await second.services.db.selectFrom('customers').selectAll().where('id', '=', 'persist-1').executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(row).includes(PII.birthday) && !JSON.stringify(row).includes(PII.ssnLastFour), 'stored encrypted');
    const links = await second.services.db.selectFrom('customer_loans').select('loan_id').where('customer_id', '=', 'persist-1').execute();
    assert.deepEqual(
      links.map((l) => l.loan_id),
      ['7'],
    );
    await second.close();

    // The ciphertexts belong to that key file: another one is refused when the database is opened,
    // rather than met as a failure on every read, and the directory is free again afterwards.
    writeFileSync(keyFile, `1:${Keyring.generateKey()}\n`, { mode: 0o600 });
    await assert.rejects(() => open(dataDir), /^Error: encryption key version 1 from .*encryption\.key is not the key this database knows/);
    assert.throws(() => statSync(path.join(dataDir, 'callwise.pid')), /ENOENT/, 'a refused open frees the directory');
  });

  it('bootstraps nothing into a non-empty database, but always ensures CALLWISE_BOOTSTRAP_API_KEY, once', async () => {
    const secret = 'cw_bootstrap_embedded_0123456789';
    const dataDir = tempDataDir('bootstrap-key');
    const runtime = await open(dataDir, { CALLWISE_BOOTSTRAP_API_KEY: secret });
    await runtime.services.companies.createCompany('Existing Lender');
    assert.equal(await runtime.services.companies.bootstrapDemo({ createIfEmpty: true }), null, 'not empty: no demo company');
    assert.deepEqual(
      (await runtime.services.companies.listCompanies()).map((c) => c.name),
      ['Existing Lender'],
    );
    assert.notEqual(await runtime.services.companies.bootstrapDemo({ secret, createIfEmpty: true }), null);
    assert.equal((await runtime.services.auth.authenticate(secret))?.companyId, DEMO_COMPANY_ID);
    assert.deepEqual(
      (await runtime.services.companies.listTaskTypes(DEMO_COMPANY_ID)).map((t) => t.name),
      [...DEFAULT_TASK_TYPES],
    );
    await runtime.close();
    const again = await open(dataDir, { CALLWISE_BOOTSTRAP_API_KEY: secret });
    assert.equal(await again.services.companies.bootstrapDemo({ secret, createIfEmpty: true }), null);
    assert.equal((await again.services.db.selectFrom('api_keys').selectAll().where('company_id', '=', DEMO_COMPANY_ID).execute()).length, 1);
    assert.equal((await again.services.auth.authenticate(secret))?.companyId, DEMO_COMPANY_ID);
    await again.close();
  });
});

for (const backend of backends) {
  describe(`migrations (${backend})`, () => {
    it('apply every migration to an empty database once, then nothing', async () => {
      const database = await createTestDatabase(backend, { migrate: false });
      cleanups.push(() => database.drop());
      const applied = await migrateToLatest(database.handle.db);
      assert.ok(applied.includes('0001-initial'), applied.join(', '));
      assert.deepEqual(applied, [...applied].sort(), 'in name order');
      assert.deepEqual(await migrateToLatest(database.handle.db), []);
      const tables = await database.handle.db.introspection.getTables();
      for (const table of ['companies', 'api_keys', 'task_types', 'customers', 'loans', 'customer_loans']) {
        assert.ok(
          tables.some((t) => t.name === table),
          table,
        );
      }
      await database.drop();
    });
  });
}

if (backends.includes('postgres')) {
  describe('first-start bootstrap on PostgreSQL', () => {
    it('makes CALLWISE_BOOTSTRAP_API_KEY the demo key on PostgreSQL; without it nothing is bootstrapped', async () => {
      const database = await createPostgresDatabase();
      cleanups.push(database.drop);
      const env = { DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: Keyring.generateKey() };
      const bare = await openRuntime(loadConfig(env));
      // What the server does against PostgreSQL without a bootstrap key.
      assert.equal(await bare.services.companies.bootstrapDemo({ createIfEmpty: false }), null);
      assert.deepEqual(await bare.services.companies.listCompanies(), []);
      await bare.close();

      const secret = 'cw_bootstrap_postgres_0123456789';
      const config = loadConfig({ ...env, CALLWISE_BOOTSTRAP_API_KEY: secret });
      assert.equal(config.bootstrapApiKey, secret);
      const runtime = await openRuntime(config);
      assert.notEqual(await runtime.services.companies.bootstrapDemo({ secret, createIfEmpty: false }), null);
      assert.equal((await runtime.services.auth.authenticate(secret))?.companyId, DEMO_COMPANY_ID);
      assert.equal(await runtime.services.companies.bootstrapDemo({ secret, createIfEmpty: false }), null, 'once');
      assert.deepEqual(
        (await runtime.services.companies.listTaskTypes(DEMO_COMPANY_ID)).map((t) => t.name),
        [...DEFAULT_TASK_TYPES],
      );
      await runtime.close();
    });
  });
}

describe('the server process', () => {
  const servers: ServerProcess[] = [];
  after(async () => {
    for (const server of servers) await server.stop();
  });
  const start = async (env: Record<string, string>) => {
    const server = await startServer(env);
    servers.push(server);
    return server;
  };
  const call = (server: ServerProcess, method: string, url: string, key: string, body?: unknown) =>
    fetch(`${server.baseUrl}${url}`, {
      method,
      headers: { 'x-api-key': key, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  it('keeps the demo key in DATA_DIR once, serves it, survives SIGTERM and a restart, and never logs the key', async () => {
    const dataDir = tempDataDir('process');
    const first = await start({ DATA_DIR: dataDir });
    // stdout is a pipe here: the key is in the file, not printed (test/first-api-key.test.ts).
    assert.match(first.stdout(), /Its API key is in /);
    const key = readFileSync(path.join(dataDir, 'first-api-key.txt'), 'utf8').trim();
    assert.ok(!first.stdout().includes(key), 'the key is not printed to a pipe');
    const body = customerBody({ id: 'proc-1', ...PII });
    const created = await call(first, 'POST', '/customers', key, body);
    assert.equal(created.status, 201, await created.clone().text());
    const createdJson = await created.json();
    assert.equal((await call(first, 'GET', '/customers', 'cw_wrong_key_000000000000000000000')).status, 401);
    assert.equal(await first.stop(), 0, 'a clean exit on SIGTERM');

    const second = await start({ DATA_DIR: dataDir });
    assert.ok(!second.stdout().includes(key), 'the key is not printed again');
    assert.doesNotMatch(second.stdout(), /Its API key/);
    const read = await call(second, 'GET', '/customers/proc-1', key);
    assert.equal(read.status, 200);
    assert.deepEqual(await read.json(), createdJson);
    assert.ok(read.headers.get('x-request-id'));
    assert.equal((await fetch(`${second.baseUrl}/healthz`)).status, 200);
    assert.equal(await second.stop(), 0);

    for (const server of [first, second]) {
      const entries = server.logEntries();
      assert.ok(
        entries.some((e) => e.msg === 'callwise ready'),
        'structured log lines were captured',
      );
      for (const entry of entries) {
        const line = JSON.stringify(entry);
        assert.ok(!line.includes(key), `the key is in a log line: ${line}`);
        for (const value of [PII.email, PII.birthday, 'Reyes']) assert.ok(!line.includes(value), `PII in a log line: ${line}`);
      }
    }
  });

  if (backends.includes('postgres')) {
    it('on PostgreSQL bootstraps nothing without CALLWISE_BOOTSTRAP_API_KEY, and exactly that key with it', async () => {
      const database = await createPostgresDatabase();
      cleanups.push(database.drop);
      const env = { DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: Keyring.generateKey() };
      const bare = await start(env);
      assert.doesNotMatch(bare.stdout(), /Its API key/);
      assert.equal(await bare.stop(), 0);
      const runtime = await openRuntime(loadConfig(env));
      assert.deepEqual(await runtime.services.companies.listCompanies(), [], 'no company was created');
      await runtime.close();

      const secret = 'cw_process_postgres_bootstrap_01';
      const seeded = await start({ ...env, CALLWISE_BOOTSTRAP_API_KEY: secret });
      assert.ok(!seeded.stdout().includes(secret), 'a given key is not printed');
      const created = await call(seeded, 'POST', '/customers', secret, customerBody({ id: 'pg-proc-1' }));
      assert.equal(created.status, 201, await created.text());
      assert.equal(await seeded.stop(), 0);
      for (const entry of seeded.logEntries()) assert.ok(!JSON.stringify(entry).includes(secret));
    });
  }
});
