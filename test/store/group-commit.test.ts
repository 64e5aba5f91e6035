import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { DirectTransactions, GroupCommitTransactions, NestedUnitOfWork, type BulkOperation } from '../../src/store/transactions.ts';
import type { Db, Trx } from '../../src/store/database.ts';
import { PoolQueryInsideUnitOfWork } from '../../src/store/pglite-thread-dialect.ts';

/** A throwaway table the units write to. */
async function setup(db: Db): Promise<void> {
  await sql`create table gc_items (id text primary key, n integer not null)`.execute(db);
}

const insertItems: BulkOperation<{ id: string; n: number }, boolean> = {
  name: 'insert items',
  async execute(trx, payloads) {
    const { rows } = await sql<{ id: string }>`
      insert into gc_items (id, n)
      select x.id, x.n from json_to_recordset(${JSON.stringify(payloads)}::json) as x(id text, n integer)
      on conflict (id) do nothing returning id`.execute(trx);
    const inserted = new Set(rows.map((r) => r.id));
    return payloads.map((p) => inserted.has(p.id));
  },
};

interface Latch {
  readonly promise: Promise<void>;
  resolve(): void;
}
function latch(): Latch {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

async function count(db: Db, prefix: string): Promise<number> {
  const { rows } = await sql<{ n: string }>`select count(*) as n from gc_items where id like ${prefix + '%'}`.execute(db);
  return Number(rows[0]!.n);
}

for (const backend of backends) {
  describe(`group commit (${backend})`, () => {
    let database: TestDatabase;
    let tx: GroupCommitTransactions;
    before(async () => {
      database = await createTestDatabase(backend);
      await setup(database.handle.db);
      tx = new GroupCommitTransactions(database.handle.db, { concurrency: backend === 'pglite' ? 1 : 4 });
    });
    after(() => database.drop());

    it('shares transactions between concurrent units of work', async () => {
      const before = { ...tx.stats };
      await Promise.all(Array.from({ length: 100 }, (_, i) => tx.runBulk(insertItems, { id: `share-${i}`, n: i })));
      const batches = tx.stats.batches - before.batches;
      const units = tx.stats.units - before.units;
      assert.equal(units, 100);
      assert.ok(batches < units / 4, `expected sharing, got ${batches} transactions for ${units} units`);
      assert.equal(await count(database.handle.db, 'share-'), 100);
    });

    it('gives each unit its own outcome: a unit that fails rolls back only itself', async () => {
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, (_, i) =>
          tx.run(async (trx) => {
            await sql`insert into gc_items (id, n) values (${`own-${i}`}, ${i})`.execute(trx);
            if (i % 3 === 0) throw new Error(`refused ${i}`);
            return i;
          }),
        ),
      );
      results.forEach((result, i) => assert.equal(result.status, i % 3 === 0 ? 'rejected' : 'fulfilled', `unit ${i}`));
      assert.equal(await count(database.handle.db, 'own-'), 20, 'the failed units wrote nothing');
    });

    it('a failing statement in a shared transaction does not fail its neighbours', async () => {
      const work = Array.from({ length: 20 }, (_, i) =>
        i === 7
          ? tx.run((trx) => sql`insert into gc_items (id, n) values ('bad', null)`.execute(trx))
          : tx.runBulk(insertItems, { id: `neighbour-${i}`, n: i }),
      );
      const results = await Promise.allSettled(work);
      results.forEach((result, i) => assert.equal(result.status, i === 7 ? 'rejected' : 'fulfilled', `unit ${i}`));
      assert.equal(await count(database.handle.db, 'neighbour-'), 19);
      assert.equal(await count(database.handle.db, 'bad'), 0);
    });

    it('a batch that is one bulk statement: a payload that fails it does not fail the others', async () => {
      // Only bulk payloads: the batch is that one statement, run without a transaction around it.
      const results = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => tx.runBulk(insertItems, { id: `solo-${i}`, n: i === 11 ? (null as unknown as number) : i })),
      );
      results.forEach((result, i) => assert.equal(result.status, i === 11 ? 'rejected' : 'fulfilled', `payload ${i}`));
      const failure = results[11] as PromiseRejectedResult;
      assert.equal((failure.reason as { code?: string }).code, '23502', 'the not-null violation, as PostgreSQL reported it');
      assert.equal(await count(database.handle.db, 'solo-'), 19);
    });

    it('a bug (not a database error) in one unit fails only that unit: its batch and the queue behind it go on', async () => {
      // Before the one classifier, an error without a SQLSTATE counted as a lost connection: a
      // TypeError in one unit rejected every unit of its batch and every request still queued.
      const work = Array.from({ length: 30 }, (_, i) =>
        i === 4
          ? tx.run(async (trx) => {
              await sql`insert into gc_items (id, n) values ('bug-4', 4)`.execute(trx);
              (undefined as unknown as { oops(): void }).oops();
            })
          : i % 2 === 0
            ? tx.runBulk(insertItems, { id: `bug-${i}`, n: i })
            : tx.run((trx) => sql`insert into gc_items (id, n) values (${`bug-${i}`}, ${i})`.execute(trx)),
      );
      const results = await Promise.allSettled(work);
      results.forEach((result, i) => assert.equal(result.status, i === 4 ? 'rejected' : 'fulfilled', `unit ${i}`));
      assert.ok((results[4] as PromiseRejectedResult).reason instanceof TypeError);
      assert.equal(await count(database.handle.db, 'bug-'), 29, "the failing unit's own insert is undone, the others are kept");
    });

    it('a bulk operation that throws for one payload: the batch runs again alone and only that payload fails', async () => {
      const picky: BulkOperation<{ id: string; n: number }, boolean> = {
        name: 'picky insert',
        async execute(executor, payloads) {
          if (payloads.some((p) => p.id === 'picky-7')) throw new RangeError('picky-7 is refused by the operation itself');
          return insertItems.execute(executor, payloads);
        },
      };
      const results = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => tx.runBulk(picky, { id: `picky-${i}`, n: i })));
      results.forEach((result, i) => assert.equal(result.status, i === 7 ? 'rejected' : 'fulfilled', `payload ${i}`));
      assert.ok((results[7] as PromiseRejectedResult).reason instanceof RangeError);
      assert.equal(await count(database.handle.db, 'picky-'), 19);
    });

    it('tx.run inside a unit of work is refused at once; tx.join takes part in it', async () => {
      await assert.rejects(
        tx.run(() => tx.run(async () => 1)),
        NestedUnitOfWork,
      );
      const joined = await tx.run(async (outer) => tx.join(async (inner) => inner === outer));
      assert.equal(joined, true, 'join runs in the enclosing transaction');
    });

    // On PostgreSQL such a query takes another connection from the pool and simply runs: there is
    // nothing to refuse, so the test only means something on PGlite's one connection.
    it(
      'a query on the database handle inside a unit of work fails at once on PGlite instead of waiting forever',
      { skip: backend === 'postgres' && 'several connections: the pool query runs on another one' },
      async () => {
        const db = database.handle.db;
        await assert.rejects(
          tx.run(async () => count(db, 'none-')),
          PoolQueryInsideUnitOfWork,
        );
        assert.equal(await count(db, 'none-'), 0, 'the session was handed back: the database still answers');
      },
    );

    it('the same key twice in one shared statement is taken once', async () => {
      const results = await Promise.all(Array.from({ length: 10 }, () => tx.runBulk(insertItems, { id: 'twice', n: 1 })));
      // insertItems reports "inserted" for every payload whose id is in RETURNING; the service's
      // own bulk operation (customer creation) de-duplicates — here we only check the database.
      assert.ok(results.some(Boolean));
      assert.equal(await count(database.handle.db, 'twice'), 1);
    });

    it("answers only after the commit: a unit's result is visible to a fresh reader", async () => {
      await tx.runBulk(insertItems, { id: 'visible', n: 1 });
      assert.equal(await count(database.handle.db, 'visible'), 1);
    });

    // PGlite has one connection, so two transactions never hold locks at once: there is no
    // deadlock to lose there, and the test only means something on PostgreSQL.
    it(
      'a unit that loses a deadlock runs again and succeeds; so does one outside group commit',
      { skip: backend === 'pglite' && 'one connection: no deadlocks' },
      async () => {
        const db = database.handle.db;
        await sql`insert into gc_items (id, n) values ('lock-a', 0), ('lock-b', 0)`.execute(db);
        // Two units in two concurrent transactions each lock one row, wait until the other has
        // locked its row, then ask for the other's: PostgreSQL picks one of them as the victim.
        const unit = (first: string, second: string, mine: Latch, theirs: Promise<void>) => async (trx: Trx) => {
          await sql`update gc_items set n = n + 1 where id = ${first}`.execute(trx);
          mine.resolve();
          await theirs;
          await sql`update gc_items set n = n + 1 where id = ${second}`.execute(trx);
          return first;
        };
        const aLocked = latch();
        const bLocked = latch();
        const a = tx.run(unit('lock-a', 'lock-b', aLocked, bLocked.promise));
        await aLocked.promise; // its batch is in flight: the next unit gets a batch of its own
        const b = tx.run(unit('lock-b', 'lock-a', bLocked, aLocked.promise));
        assert.deepEqual(await Promise.all([a, b]), ['lock-a', 'lock-b']);
        const { rows } = await sql<{ id: string; n: number }>`select id, n from gc_items where id like 'lock-%' order by id`.execute(db);
        assert.deepEqual(
          rows.map((r) => [r.id, r.n]),
          [
            ['lock-a', 2],
            ['lock-b', 2],
          ],
          'each unit applied once',
        );

        const direct = new DirectTransactions(db);
        const cLocked = latch();
        const dLocked = latch();
        const c = direct.run(unit('lock-a', 'lock-b', cLocked, dLocked.promise));
        const d = direct.run(unit('lock-b', 'lock-a', dLocked, cLocked.promise));
        assert.deepEqual(await Promise.all([c, d]), ['lock-a', 'lock-b']);
      },
    );
  });
}
