/**
 * The operator's CLI, run as operators run it (`node bin/callwise.js …`, what `npx callwise` runs)
 * against a temporary embedded database: companies, keys, task types, migrations, errors, and the
 * refusal to open a data directory a running server holds.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../src/config.ts';
import { openRuntime } from '../src/runtime.ts';
import { hashApiKey } from '../src/security/api-keys.ts';
import { Keyring } from '../src/security/encryption.ts';
import { backends, createPostgresDatabase } from './helpers/database.ts';
import { childEnv, makeTempDir, runCli, runServerExpectingExit, startServer, type RunResult } from './helpers/process.ts';

/** The parts of a principal these tests are about. */
const pick = (principal: { companyId: string; keyId: string } | null) => principal && { companyId: principal.companyId, keyId: principal.keyId };

function assertOk(result: RunResult, what: string): void {
  assert.equal(result.code, 0, `${what} failed: ${result.stderr}`);
}

function assertFails(result: RunResult, message: RegExp): void {
  assert.notEqual(result.code, 0, `expected a failure, got: ${result.stdout}`);
  assert.match(result.stderr, message);
  assert.ok(!/at .*\.(ts|js):\d+/.test(result.stderr), `no stack trace: ${result.stderr}`);
}

describe('the callwise CLI on the embedded database', () => {
  const temp = makeTempDir('cli');
  const env = childEnv({ DATA_DIR: temp.dir });
  const cli = (...args: string[]) => runCli(args, env);
  let companyId: string;
  let kept: { id: string; secret: string };
  let revoked: { id: string; secret: string };

  before(async () => {
    const migrated = await cli('migrate');
    assertOk(migrated, 'migrate');
    // A fresh embedded directory starts as a copy of the migrated template: nothing left to apply.
    assert.equal(migrated.stdout.trim(), 'database is up to date');
  });
  after(() => temp.remove());

  const createKey = async (name: string) => {
    const result = await cli('key', 'create', companyId, '--name', name);
    assertOk(result, 'key create');
    const id = /^key id: (key_\w+)$/m.exec(result.stdout)?.[1];
    const secret = /^secret \(shown only now\): (cw_[0-9A-Za-z]{32})$/m.exec(result.stdout)?.[1];
    assert.ok(id && secret, result.stdout);
    assert.equal(result.stdout.split(secret).length - 1, 1, 'the secret is printed exactly once');
    return { id, secret };
  };

  it('migrate is idempotent', async () => {
    const again = await cli('migrate');
    assertOk(again, 'migrate');
    assert.equal(again.stdout.trim(), 'database is up to date');
  });

  it('creates and lists companies', async () => {
    const created = await cli('company', 'create', 'Acme Lending');
    assertOk(created, 'company create');
    companyId = created.stdout.trim();
    assert.match(companyId, /^cmp_\w+$/);
    const listed = await cli('company', 'list');
    assertOk(listed, 'company list');
    const row = listed.stdout.split('\n').find((line) => line.startsWith(companyId));
    assert.ok(row, listed.stdout);
    assert.equal(row.split('\t')[1], 'Acme Lending');
  });

  it('creates keys whose secret is printed once and only hashed in the database', async () => {
    kept = await createKey('kept');
    revoked = await createKey('to revoke');
    assert.notEqual(kept.secret, revoked.secret);
  });

  it('revokes a key, and refuses to revoke it twice', async () => {
    const result = await cli('key', 'revoke', revoked.id);
    assertOk(result, 'key revoke');
    assert.equal(result.stdout.trim(), `revoked ${revoked.id}`);
    assertFails(await cli('key', 'revoke', revoked.id), /no active API key/);
  });

  it('lists keys with their prefixes and revocation, never their secrets', async () => {
    const listed = await cli('key', 'list', companyId);
    assertOk(listed, 'key list');
    for (const key of [kept, revoked]) {
      assert.ok(!listed.stdout.includes(key.secret), 'no secret in the listing');
      const row = listed.stdout.split('\n').find((line) => line.startsWith(key.id));
      assert.ok(row, listed.stdout);
      assert.ok(row.includes(key.secret.slice(0, 9)), `the prefix is shown: ${row}`);
      // Columns: id, name, prefix, createdAt, revokedAt (or -), …: a revoked key shows two instants.
      const instants = row.split('\t').filter((cell) => /^\d{4}-\d\d-\d\dT/.test(cell));
      assert.equal(instants.length, key === revoked ? 2 : 1, row);
    }
  });

  it('adds and lists task types with their purposes, refusing a duplicate in another case', async () => {
    const added = await cli('task-type', 'add', companyId, 'Hardship');
    assertOk(added, 'task-type add');
    assert.equal(added.stdout.trim(), 'added Hardship (collection)');
    const duplicate = await cli('task-type', 'add', companyId, 'HARDSHIP');
    assertFails(duplicate, /already exists.*case-insensitive/);
    const welcome = await cli('task-type', 'add', companyId, 'Welcome', '--purpose', 'servicing');
    assertOk(welcome, 'task-type add --purpose');
    assert.equal(welcome.stdout.trim(), 'added Welcome (servicing)');
    const listed = await cli('task-type', 'list', companyId);
    assertOk(listed, 'task-type list');
    assert.deepEqual(listed.stdout.trim().split('\n'), [
      'collections\tcollection',
      'Hardship\tcollection',
      'servicing\tcollection',
      'verification\tcollection',
      'Welcome\tservicing',
    ]);
  });

  it('changes a purpose; marketing only once the company enables marketing calls', async () => {
    const changed = await cli('task-type', 'purpose', companyId, 'hardship', 'verification');
    assertOk(changed, 'task-type purpose');
    assert.equal(changed.stdout.trim(), 'Hardship: verification');
    assertFails(await cli('task-type', 'purpose', companyId, 'Hardship', 'marketing'), /marketing calls are not enabled.*marketingCalls/i);
    assertFails(await cli('task-type', 'add', companyId, 'Offers', '--purpose', 'marketing'), /marketing calls are not enabled/i);
    assertFails(
      await cli('task-type', 'add', companyId, 'Offers', '--purpose', 'sales'),
      /\/purpose must be one of collection, servicing, verification, marketing/,
    );
    assertOk(await cli('company', 'settings', 'set', companyId, '--marketing-calls', 'on'), 'settings set --marketing-calls on');
    const offers = await cli('task-type', 'add', companyId, 'Offers', '--purpose', 'marketing');
    assertOk(offers, 'task-type add --purpose marketing');
    assert.equal(offers.stdout.trim(), 'added Offers (marketing)');
  });

  it('explains errors on stderr with a non-zero exit', async () => {
    assertFails(await cli('key', 'create', 'cmp_does_not_exist'), /^callwise: no company with id cmp_does_not_exist$/m);
    assertFails(await cli('task-type', 'add', companyId, 'bad/name!'), /^callwise: \/name task type names are/m);
    // These fail before the database is opened, so they may run side by side.
    const [missing, unknown, badUrl] = await Promise.all([
      cli('key', 'create'),
      cli('frobnicate'),
      runCli(['company', 'list'], childEnv({ DATA_DIR: temp.dir, DATABASE_URL: 'mysql://nope' })),
    ]);
    assertFails(missing, /missing required argument/i);
    assertFails(unknown, /unknown command/i);
    assertFails(badUrl, /DATABASE_URL must be a postgres/);
  });

  it('left only hashes of the secrets in api_keys, and the keys work (or not) as the CLI said', async () => {
    const runtime = await openRuntime(loadConfig({ DATA_DIR: temp.dir }));
    try {
      const rows = await runtime.services.db.selectFrom('api_keys').selectAll().where('company_id', '=', companyId).orderBy('created_at').execute();
      assert.equal(rows.length, 2);
      const dump = JSON.stringify(rows);
      for (const key of [kept, revoked]) {
        assert.ok(!dump.includes(key.secret), 'the secret is not stored');
        const row = rows.find((r) => r.id === key.id)!;
        assert.equal(row.secret_hash, hashApiKey(key.secret));
        assert.equal(row.prefix, key.secret.slice(0, 9));
      }
      assert.notEqual(rows.find((r) => r.id === revoked.id)!.revoked_at, null);
      assert.equal(rows.find((r) => r.id === kept.id)!.revoked_at, null);
      assert.deepEqual(pick(await runtime.services.auth.authenticate(kept.secret)), { companyId, keyId: kept.id });
      assert.equal(await runtime.services.auth.authenticate(revoked.secret), null);
    } finally {
      await runtime.close();
    }
  });

  it('purges kept records only after the retention Regulation F sets, never sooner', async () => {
    assertFails(await cli('records', 'purge', '--retention-years', '2'), /--retention-years must be a whole number from 3 to 100/);
    assertFails(await runCli(['records', 'purge'], { ...env, RECORD_RETENTION_YEARS: '1' }), /RECORD_RETENTION_YEARS must be an integer between 3 and 100/);
    const purged = await cli('records', 'purge', '--company', companyId);
    assertOk(purged, 'records purge');
    assert.match(purged.stdout, /^purged 0 calls and 0 consent events last active before \d{4}-/m);
  });

  it('refuses to open the data directory while a server holds it, with a clear message', async () => {
    const server = await startServer({ DATA_DIR: temp.dir });
    try {
      const refused = await cli('company', 'list');
      assertFails(refused, new RegExp(`in use by process ${server.child.pid}.*stop it first`));
      assert.equal((await fetch(`${server.baseUrl}/healthz`)).status, 200, 'the server is unharmed');
    } finally {
      assert.equal(await server.stop(), 0);
    }
    assertOk(await cli('company', 'list'), 'company list after the server stopped');
  });

  it('a second server on the same directory exits with the same message, and the first keeps its lock', async () => {
    // The server begins opening the embedded database before the rest of it loads
    // (store/early-open.ts); the lock must be taken, and refused, on that path too.
    const server = await startServer({ DATA_DIR: temp.dir });
    try {
      const second = await runServerExpectingExit({ DATA_DIR: temp.dir });
      assert.equal(second.ready, false, second.stdout);
      assert.equal(second.code, 1);
      assert.match(second.stderr, new RegExp(`in use by process ${server.child.pid}.*stop it first`));
      assert.equal((await fetch(`${server.baseUrl}/healthz`)).status, 200, 'the server is unharmed');
      assertFails(await cli('company', 'list'), new RegExp(`in use by process ${server.child.pid}`));
    } finally {
      assert.equal(await server.stop(), 0);
    }
  });
});

if (backends.includes('postgres')) {
  describe('the callwise CLI on PostgreSQL', () => {
    let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
    before(async () => {
      database = await createPostgresDatabase();
    });
    after(() => database.drop());

    it('needs CALLWISE_ENCRYPTION_KEY, then migrates and manages companies and keys', async () => {
      assertFails(await runCli(['company', 'list'], childEnv({ DATABASE_URL: database.url })), /CALLWISE_ENCRYPTION_KEY is required/);
      const encryptionKey = Keyring.generateKey();
      const env = childEnv({ DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: encryptionKey });
      const migrated = await runCli(['migrate'], env);
      assertOk(migrated, 'migrate');
      assert.match(migrated.stdout, /applied: 0001-initial/);
      const company = await runCli(['company', 'create', 'PG Lending', '--task-types', 'collections,Recoveries'], env);
      assertOk(company, 'company create');
      const companyId = company.stdout.trim();
      const types = await runCli(['task-type', 'list', companyId], env);
      assert.deepEqual(types.stdout.trim().split('\n'), ['collections\tcollection', 'Recoveries\tcollection']);
      const key = await runCli(['key', 'create', companyId], env);
      assertOk(key, 'key create');
      const secret = /(cw_[0-9A-Za-z]{32})/.exec(key.stdout)![1]!;
      // The same key as the CLI: the database holds the key it first saw to it.
      const runtime = await openRuntime(loadConfig({ DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: encryptionKey }));
      try {
        assert.equal((await runtime.services.auth.authenticate(secret))?.companyId, companyId);
      } finally {
        await runtime.close();
      }
    });
  });
}
