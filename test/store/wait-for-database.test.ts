/**
 * The wait for PostgreSQL at start: the backoff's shape, what the messages may say (never the
 * password), the configuration entry, and the wait itself against a port where nothing listens.
 * The server's behaviour end to end is in test/faults/database-startup.test.ts.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { openDatabase } from '../../src/store/database.ts';
import {
  backoffDelay,
  type ConnectRetry,
  connectionErrorText,
  DatabaseConnectTimeout,
  databaseSecrets,
  databaseTarget,
  waitForDatabase,
} from '../../src/store/wait-for-database.ts';
import { createPostgresDatabase } from '../helpers/database.ts';
import { freePort } from '../helpers/process.ts';

describe('the backoff', () => {
  it('doubles from the first pause up to the cap, with at most half taken off at random', () => {
    const ceilings = [250, 500, 1000, 2000, 4000, 5000, 5000, 5000];
    ceilings.forEach((ceiling, i) => {
      assert.equal(
        backoffDelay(i + 1, 250, 5000, () => 1),
        ceiling,
        `attempt ${i + 1}, no jitter taken`,
      );
      assert.equal(
        backoffDelay(i + 1, 250, 5000, () => 0),
        ceiling / 2,
        `attempt ${i + 1}, all the jitter taken`,
      );
    });
    assert.equal(
      backoffDelay(1000, 250, 5000, () => 1),
      5000,
      'a long wait stays at the cap',
    );
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4, 250, 5000);
      assert.ok(delay >= 1000 && delay <= 2000, String(delay));
    }
  });
});

describe('naming the database', () => {
  it('says host, port and database, never user or password', () => {
    assert.equal(databaseTarget('postgres://callwise:s3cret@db.internal:6432/app'), 'db.internal:6432/app');
    assert.equal(databaseTarget('postgresql://db.internal/app'), 'db.internal:5432/app');
    assert.equal(databaseTarget('not a url'), 'the configured database');
  });

  it('writes errors without the password or quoted text', () => {
    const error = Object.assign(new Error('password authentication failed for user "callwise" (s3cret)'), { code: '28P01' });
    assert.equal(connectionErrorText(error, ['s3cret']), '28P01: password authentication failed for user "…" ([redacted])');
    assert.equal(
      connectionErrorText(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' })),
      'connect ECONNREFUSED 127.0.0.1:1',
    );
  });

  it('knows the password to scrub, as written and decoded', () => {
    assert.deepEqual(databaseSecrets('postgres://u:p%40ss@h/d'), ['p%40ss', 'p@ss']);
    assert.deepEqual(databaseSecrets('postgres://u@h/d'), []);
  });
});

describe('DATABASE_CONNECT_TIMEOUT_SECONDS', () => {
  it('defaults to 60 and takes whole seconds from 0 to 86400', () => {
    assert.equal(loadConfig({}).databaseConnectTimeoutSeconds, 60);
    assert.equal(loadConfig({ DATABASE_CONNECT_TIMEOUT_SECONDS: '0' }).databaseConnectTimeoutSeconds, 0);
    assert.equal(loadConfig({ DATABASE_CONNECT_TIMEOUT_SECONDS: '300' }).databaseConnectTimeoutSeconds, 300);
    for (const bad of ['-1', '1.5', 'soon', '86401']) {
      assert.throws(
        () => loadConfig({ DATABASE_CONNECT_TIMEOUT_SECONDS: bad }),
        (error: unknown) => error instanceof ConfigError && /^DATABASE_CONNECT_TIMEOUT_SECONDS must be an integer between 0 and 86400$/.test(error.message),
        bad,
      );
    }
  });
});

describe('waiting for a database that is not there', () => {
  it('retries with growing pauses until the time runs out, then names the database and the setting, without the password', async () => {
    const port = await freePort();
    const url = `postgres://callwise:Pa55-w0rd-never-logged@127.0.0.1:${port}/callwise`;
    const database = await openDatabase({ databaseUrl: url, connectionTimeoutMs: 1_000 });
    const retries: ConnectRetry[] = [];
    const started = Date.now();
    try {
      await assert.rejects(
        waitForDatabase(database.db, {
          timeoutMs: 1_500,
          target: databaseTarget(url),
          secrets: databaseSecrets(url),
          initialDelayMs: 100,
          maxDelayMs: 400,
          random: () => 1,
          onRetry: (retry) => retries.push(retry),
        }),
        (error: unknown) => {
          assert.ok(error instanceof DatabaseConnectTimeout, String(error));
          assert.match(error.message, new RegExp(`^the database at 127\\.0\\.0\\.1:${port}/callwise could not be reached in \\d+ s`));
          assert.match(error.message, /DATABASE_CONNECT_TIMEOUT_SECONDS/);
          assert.match(error.message, /ECONNREFUSED/);
          assert.ok(!error.message.includes('Pa55-w0rd'), 'no password');
          return true;
        },
      );
    } finally {
      await database.close();
    }
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 1_500 && elapsed < 6_000, `gave up after ${elapsed} ms`);
    assert.ok(retries.length >= 3, `${retries.length} retries`);
    assert.deepEqual(
      retries.slice(0, 3).map((r) => r.retryInMs),
      [100, 200, 400],
    );
    retries.forEach((retry, i) => {
      assert.equal(retry.attempt, i + 1);
      assert.ok(retry.retryInMs <= 400 && retry.retryInMs <= retry.giveUpInMs);
      assert.match(retry.error, /ECONNREFUSED/);
    });
  });

  it('with a timeout of 0 tries once', async () => {
    const port = await freePort();
    const url = `postgres://u@127.0.0.1:${port}/d`;
    const database = await openDatabase({ databaseUrl: url });
    const retries: ConnectRetry[] = [];
    try {
      await assert.rejects(
        waitForDatabase(database.db, { timeoutMs: 0, target: databaseTarget(url), onRetry: (retry) => retries.push(retry) }),
        DatabaseConnectTimeout,
      );
    } finally {
      await database.close();
    }
    assert.deepEqual(retries, []);
  });

  it(
    'does not wait out what waiting cannot cure: a database that does not exist fails at once',
    { skip: !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)' },
    async () => {
      const { url, drop } = await createPostgresDatabase();
      await drop();
      const database = await openDatabase({ databaseUrl: url });
      const retries: ConnectRetry[] = [];
      try {
        await assert.rejects(
          waitForDatabase(database.db, { timeoutMs: 30_000, target: databaseTarget(url), onRetry: (retry) => retries.push(retry) }),
          (error: unknown) => error instanceof Error && !(error instanceof DatabaseConnectTimeout) && /cannot use the database at/.test(error.message),
        );
      } finally {
        await database.close();
      }
      assert.deepEqual(retries, []);
    },
  );

  it(
    'returns at once, with no failed attempt, when the database answers',
    { skip: !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)' },
    async () => {
      const { url, drop } = await createPostgresDatabase();
      const database = await openDatabase({ databaseUrl: url });
      try {
        assert.equal(await waitForDatabase(database.db, { timeoutMs: 5_000, target: databaseTarget(url), onRetry: () => assert.fail('no retry') }), 0);
      } finally {
        await database.close();
        await drop();
      }
    },
  );
});
