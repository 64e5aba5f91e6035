/**
 * The embedded database runs on a thread of its own, with one session. What callers rely on: a
 * transaction's statements are never interleaved with anyone else's, errors keep PostgreSQL's
 * fields, a closed database fails fast, and the thread neither ends the process while a statement
 * is unanswered nor keeps an idle process alive.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.ts';
import { childEnv, makeTempDir, REPO_ROOT } from '../helpers/process.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the embedded database thread', () => {
  let handle: DatabaseHandle;
  const opened: DatabaseHandle[] = [];
  after(async () => {
    for (const h of opened) await h.close();
  });

  async function open(): Promise<DatabaseHandle> {
    const h = await openDatabase({});
    opened.push(h);
    await sql`create table numbers (n integer primary key)`.execute(h.db);
    return h;
  }

  async function count(): Promise<number> {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from numbers`.execute(handle.db);
    return rows[0]!.n;
  }

  it('runs a statement from outside a transaction only after that transaction commits', async () => {
    handle = await open();
    let answered = false;
    const { outside } = await handle.db.transaction().execute(async (trx) => {
      await sql`insert into numbers values (1)`.execute(trx);
      const outside = count().then((n) => {
        answered = true;
        return n;
      });
      await pause(50);
      // Sent now, it would have run inside this transaction and already answered 1.
      assert.equal(answered, false);
      await sql`insert into numbers values (2)`.execute(trx);
      return { outside };
    });
    assert.equal(await outside, 2);
  });

  it('after a rollback, the waiting statement sees nothing of it and the session is usable', async () => {
    handle = await open();
    let outside: Promise<number> | undefined;
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await sql`insert into numbers values (1)`.execute(trx);
        outside = count();
        await sql`insert into numbers values (1)`.execute(trx);
      }),
    );
    assert.equal(await outside, 0);
    await sql`insert into numbers values (3)`.execute(handle.db);
    assert.equal(await count(), 1);
  });

  it('BEGIN travels with the first statement: an empty transaction, and one whose first statement fails, leave the session usable', async () => {
    handle = await open();
    assert.equal(await handle.db.transaction().execute(async () => 'nothing sent'), 'nothing sent');
    await assert.rejects(
      handle.db.transaction().execute((trx) => sql`insert into numbers values (null)`.execute(trx)),
      /null value/,
    );
    await handle.db.transaction().execute(async (trx) => {
      await sql`insert into numbers values (5)`.execute(trx);
      await sql`insert into numbers values (6)`.execute(trx);
    });
    assert.equal(await count(), 2);
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await sql`insert into numbers values (7)`.execute(trx);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    assert.equal(await count(), 2, 'the rolled-back insert is gone');
  });

  it('keeps the SQLSTATE and fields of a database error', async () => {
    handle = await open();
    await sql`insert into numbers values (7)`.execute(handle.db);
    const error = await sql`insert into numbers values (7)`.execute(handle.db).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof Error);
    assert.equal((error as Error & { code?: string }).code, '23505');
    assert.equal((error as Error & { constraint?: string }).constraint, 'numbers_pkey');
    assert.match(error.message, /duplicate key/);
  });

  it('answers statements sent together in the order they were sent', async () => {
    handle = await open();
    const inserts = Array.from({ length: 50 }, (_, n) => sql`insert into numbers values (${n})`.execute(handle.db));
    const seen = sql<{ n: number }>`select count(*)::int as n from numbers`.execute(handle.db);
    await Promise.all(inserts);
    assert.equal((await seen).rows[0]!.n, 50);
  });

  it('if its thread dies (here: out of memory), says so once, and every statement fails at once', async () => {
    const h = await openDatabase({ embeddedHeapLimitMb: 96 });
    opened.push(h);
    const failures: Error[] = [];
    h.onFailure((error) => failures.push(error));
    // About 300 MB of result rows, built on a thread allowed 96 MB of heap.
    await assert.rejects(sql`select repeat('x', 1000000) as big from generate_series(1, 300)`.execute(h.db), /embedded database stopped/);
    const started = Date.now();
    await assert.rejects(sql`select 1`.execute(h.db), /embedded database stopped/);
    await assert.rejects(
      h.db.transaction().execute((trx) => sql`select 1`.execute(trx)),
      /embedded database stopped/,
    );
    assert.ok(Date.now() - started < 1_000, 'no waiting on a dead thread');
    assert.equal(failures.length, 1);
    assert.match(failures[0]!.message, /embedded database stopped/);
    await h.close();
    assert.equal(failures.length, 1, 'closing afterwards is not another failure');
  });

  it('fails at once, with a clear error, once closed', async () => {
    const h = await openDatabase({});
    await h.close();
    await assert.rejects(sql`select 1`.execute(h.db), /closed|destroyed/);
  });
});

describe('the embedded database thread and the process', () => {
  const temp = makeTempDir('embedded-thread');
  after(() => temp.remove());

  it('keeps the process alive for an unanswered statement, but not once the database is idle', async () => {
    const script = path.join(temp.dir, 'idle.mts');
    const databaseModule = pathToFileURL(path.join(REPO_ROOT, 'src/store/database.ts')).href;
    writeFileSync(
      script,
      [
        `const { openDatabase } = await import(${JSON.stringify(databaseModule)});`,
        'const handle = await openDatabase({});',
        // A top-level await on an answer: were the thread not holding the process open meanwhile,
        // Node would exit with code 13 (unsettled top-level await).
        "const rows = await handle.db.selectNoFrom((eb) => eb.val(41).as('n')).execute();",
        // eslint-disable-next-line no-template-curly-in-string -- source text of a child process
        'console.log(`answered ${Number(rows[0].n) + 1}`);',
        // Never closed: the process must still end on its own.
      ].join('\n'),
    );
    const child = spawn(process.execPath, [script], { cwd: REPO_ROOT, env: childEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += String(chunk)));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    clearTimeout(timer);
    assert.equal(code, 0, 'the process ends by itself, with success');
    assert.match(stdout, /answered 42/);
  });
});
