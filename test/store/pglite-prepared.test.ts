/**
 * Marked statements on the embedded database are prepared once for its one session and then only
 * bound and executed. What callers rely on: the rows come back as from any query (same type
 * parsing), values arrive byte for byte whatever they contain, and a failing run keeps PostgreSQL's
 * fields, carries none of the values it was given, and leaves the statement usable.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { protocol } from '@electric-sql/pglite';
import { openDatabase, type DatabaseHandle } from '../../src/store/database.ts';
import { bindMessage } from '../../src/store/pglite-prepared.ts';
import { preparedStatement } from '../../src/store/prepared-statements.ts';

describe('prepared statements on the embedded database', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openDatabase({});
    await sql`create table notes (id text primary key, body text not null, at timestamptz not null, n bigint not null)`.execute(handle.db);
  });
  after(() => handle.close());

  const insertNote = (id: string, body: string) =>
    sql<{ id: string; body: string; at: Date; n: number }>`${sql.raw(preparedStatement('insert_note'))}
      insert into notes (id, body, at, n)
      select x.id, x.body, timestamptz '2026-01-02T03:04:05.678Z', 9007199254740991
      from json_to_record(${JSON.stringify({ id, body })}::json) as x(id text, body text)
      returning *`.execute(handle.db);

  it('is prepared once, as a protocol-level statement, and answers rows typed as any query does', async () => {
    const first = await insertNote('a', 'first');
    const second = await insertNote('b', 'second');
    assert.deepEqual(second.rows, [{ id: 'b', body: 'second', at: new Date('2026-01-02T03:04:05.678Z'), n: 9007199254740991 }]);
    assert.equal(first.rows[0]!.id, 'a');
    assert.equal(Number(second.numAffectedRows), 1);
    const { rows } = await sql<{ name: string; from_sql: boolean }>`select name, from_sql from pg_prepared_statements`.execute(handle.db);
    // Bound through the protocol, not PREPARE/EXECUTE: the values never pass PostgreSQL's SQL scanner.
    assert.deepEqual(rows, [{ name: 'insert_note', from_sql: false }]);
  });

  it('carries values byte for byte, whatever quoting they contain', async () => {
    const awkward = `$cw$ it's "quoted" $$ \\ \u00e9\u{1F600} ); drop table notes; --`;
    const { rows } = await insertNote('quoting', awkward);
    assert.equal(rows[0]!.body, awkward);
  });

  it('a failing run keeps the database error, none of the values, and the statement still works', async () => {
    const secret = 'Ana Reyes 123-45-6789';
    const error = await insertNote('a', secret).then(
      () => assert.fail('a duplicate id was accepted'),
      (caught: unknown) => caught as Record<string, unknown>,
    );
    assert.equal(error.code, '23505');
    assert.equal(error.constraint, 'notes_pkey');
    for (const [field, value] of Object.entries(error)) {
      assert.ok(!String(value).includes(secret), `the error's ${field} carries a value it was given`);
    }
    assert.ok(!String(error.message).includes(secret));
    const { rows } = await insertNote('c', 'after the failure');
    assert.equal(rows[0]!.id, 'c');
  });

  it('runs inside a transaction, and a rollback undoes it', async () => {
    await assert.rejects(
      handle.db.transaction().execute(async (trx) => {
        await sql`${sql.raw(preparedStatement('insert_note_in_transaction'))}
          insert into notes (id, body, at, n) values (${'in-trx'}, ${'x'}, now(), 1)`.execute(trx);
        throw new Error('changed my mind');
      }),
      /changed my mind/,
    );
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from notes where id = 'in-trx'`.execute(handle.db);
    assert.equal(rows[0]!.n, 0);
  });
});

describe('the Bind message of a prepared run', () => {
  it('is byte for byte what PGlite’s own serializer writes, for any text', () => {
    const cases: string[][] = [[], ['a'], ['é🙂', '', 'x'.repeat(70_000)], ['\uD800 a lone surrogate', '\u0000', '{"k":"v"}\u001e[]']];
    for (const parameters of cases) {
      assert.deepEqual(
        new Uint8Array(bindMessage('create_customers', parameters)),
        protocol.serialize.bind({ statement: 'create_customers', values: parameters }),
      );
    }
  });
});
