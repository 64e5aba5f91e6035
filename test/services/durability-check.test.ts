/**
 * A server on PostgreSQL names, at start, each setting under which PostgreSQL may lose a write
 * Callwise acknowledged (fsync, synchronous_commit, full_page_writes off), and says nothing when
 * they are on. synchronous_commit can be set for one database, so the real read is tested with it.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { loadConfig } from '../../src/config.ts';
import { openRuntime } from '../../src/runtime.ts';
import { Keyring } from '../../src/security/encryption.ts';
import { durabilityWarnings } from '../../src/services/durability-check.ts';
import { createPostgresDatabase } from '../helpers/database.ts';

describe('durabilityWarnings', () => {
  it('names each setting that is off, with what it risks, and nothing else', () => {
    assert.deepEqual(durabilityWarnings({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' }), []);
    assert.deepEqual(durabilityWarnings({ fsync: 'on', synchronous_commit: 'local', full_page_writes: 'on' }), [], 'local is durable on this host');
    assert.deepEqual(durabilityWarnings({ synchronous_commit: 'remote_apply' }), []);
    const warnings = durabilityWarnings({ fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' });
    assert.deepEqual(
      warnings.map(({ setting, value }) => `${setting}=${value}`),
      ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'],
    );
    assert.match(warnings[0]!.risk, /power cut/);
    assert.match(warnings[1]!.risk, /stop requests/);
  });
});

describe('the start-up durability warning (postgres)', { skip: process.env.TEST_DATABASE_URL ? false : 'needs TEST_DATABASE_URL' }, () => {
  let database: Awaited<ReturnType<typeof createPostgresDatabase>>;
  const key = Keyring.generateKey();
  before(async () => {
    database = await createPostgresDatabase();
  });
  after(() => database.drop());

  async function startAndCapture(): Promise<Array<{ fields: Record<string, unknown>; message: string }>> {
    const warnings: Array<{ fields: Record<string, unknown>; message: string }> = [];
    const log = { warn: (fields: object, message: string) => warnings.push({ fields: fields as Record<string, unknown>, message }), info: () => {} };
    const runtime = await openRuntime(loadConfig({ DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: key }), { waitForDatabase: log });
    await runtime.close();
    return warnings.filter((warning) => 'setting' in warning.fields);
  }

  async function setForDatabase(value: 'on' | 'off'): Promise<void> {
    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`alter database ${client.database} set synchronous_commit = ${value}`);
    } finally {
      await client.end();
    }
  }

  it('warns, naming synchronous_commit and its risk, when the database has it off; not when it is on', async () => {
    const server = new pg.Client({ connectionString: database.url });
    await server.connect();
    const { rows } = await server.query<{ fsync: string; full_page_writes: string }>(
      `select current_setting('fsync') as fsync, current_setting('full_page_writes') as full_page_writes`,
    );
    await server.end();
    // fsync and full_page_writes are the server's own; a test server may have them off.
    const serverWide = Object.entries(rows[0]!)
      .filter(([, value]) => value === 'off')
      .map(([setting]) => setting);

    await setForDatabase('off');
    const off = await startAndCapture();
    assert.deepEqual(off.map((warning) => warning.fields.setting).sort(), [...serverWide, 'synchronous_commit'].sort());
    const sync = off.find((warning) => warning.fields.setting === 'synchronous_commit')!;
    assert.equal(sync.fields.value, 'off');
    assert.match(sync.message, /^synchronous_commit=off on PostgreSQL: .*stop requests/);

    await setForDatabase('on');
    assert.deepEqual((await startAndCapture()).map((warning) => warning.fields.setting).sort(), serverWide.sort());
  });
});
