/**
 * A call task always belongs to an existing customer, and goes with it (migration 0020): the
 * foreign key's guarantees, now kept by statement-level checks, on both databases, and on
 * PostgreSQL under a concurrent delete of the customer.
 */
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { sql } from 'kysely';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';

type Db = TestDatabase['handle']['db'];

const COMPANY = 'cmp_integrity';
const OTHER_COMPANY = 'cmp_integrity_other';

/** A task row's values, as SQL, for a customer of a company. */
function taskValues(company: string, customer: string, id: string): string {
  return `('${company}', '${id}', '${customer}', '+14155550100', now() + interval '1 day', now() + interval '2 days',
           'scheduled', false, '{}'::jsonb)`;
}

function insertTasks(rows: readonly string[]): string {
  return `insert into call_tasks (company_id, id, customer_id, phone_number, scheduled_for, not_after, status, is_test, explanation)
          values ${rows.join(', ')}`;
}

function insertCustomer(company: string, id: string): string {
  return `insert into customers (company_id, id, task_type) values ('${company}', '${id}', 'collections')`;
}

async function taskIds(db: Db): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`select id from call_tasks order by id`.execute(db);
  return rows.map((row) => row.id);
}

for (const backend of backends) {
  describe(`a call task's customer (${backend})`, () => {
    let database: TestDatabase;
    let db: Db;
    before(async () => {
      database = await createTestDatabase(backend);
      db = database.handle.db;
    });
    after(() => database.drop());
    beforeEach(async () => {
      await sql`delete from companies where id in (${COMPANY}, ${OTHER_COMPANY})`.execute(db);
      await sql`insert into companies (id, name) values (${COMPANY}, 'Integrity'), (${OTHER_COMPANY}, 'Other')`.execute(db);
      for (const id of ['ana', 'ben']) await sql.raw(insertCustomer(COMPANY, id)).execute(db);
    });

    it('accepts tasks for customers that exist, also a customer inserted by the same statement', async () => {
      await sql.raw(insertTasks([taskValues(COMPANY, 'ana', 't1'), taskValues(COMPANY, 'ben', 't2')])).execute(db);
      await sql
        .raw(
          `with c as (${insertCustomer(COMPANY, 'cleo')} returning company_id, id)
           insert into call_tasks (company_id, id, customer_id, phone_number, scheduled_for, not_after, status, is_test, explanation)
           select company_id, 't3', id, '+14155550100', now() + interval '1 day', now() + interval '2 days', 'scheduled', false, '{}'::jsonb from c`,
        )
        .execute(db);
      assert.deepEqual(await taskIds(db), ['t1', 't2', 't3']);
    });

    it('refuses a statement with a task of a missing customer, and stores none of its tasks', async () => {
      await assert.rejects(sql.raw(insertTasks([taskValues(COMPANY, 'ana', 't1'), taskValues(COMPANY, 'nobody', 't2')])).execute(db), {
        code: '23503',
        message: /names a customer that does not exist/,
      });
      // The customer's id in another company is not the customer.
      await assert.rejects(sql.raw(insertTasks([taskValues(OTHER_COMPANY, 'ana', 't3')])).execute(db), { code: '23503' });
      assert.deepEqual(await taskIds(db), []);
    });

    it("deletes a customer's tasks with the customer, and only that customer's", async () => {
      await sql.raw(insertTasks([taskValues(COMPANY, 'ana', 't1'), taskValues(COMPANY, 'ana', 't2'), taskValues(COMPANY, 'ben', 't3')])).execute(db);
      await sql`delete from customers where company_id = ${COMPANY} and id = 'ana'`.execute(db);
      assert.deepEqual(await taskIds(db), ['t3']);
    });

    it("deletes the tasks of every customer when the company's delete cascades to them", async () => {
      await sql.raw(insertCustomer(OTHER_COMPANY, 'ana')).execute(db);
      await sql.raw(insertTasks([taskValues(COMPANY, 'ana', 't1'), taskValues(COMPANY, 'ben', 't2'), taskValues(OTHER_COMPANY, 'ana', 't3')])).execute(db);
      await sql`delete from companies where id = ${COMPANY}`.execute(db);
      assert.deepEqual(await taskIds(db), ['t3']);
    });

    it('checks a statement by looking each customer up by key, never by reading the customers table, as the table grows', async () => {
      await database.handle.db.transaction().execute(async (trx) => {
        // The table's reads as this session has counted them so far (earlier transactions' included).
        const reads = async () => {
          const { rows } = await sql<{ seq_scan: string; idx_scan: string }>`
            select seq_scan, idx_scan from pg_stat_xact_user_tables where relname = 'customers'`.execute(trx);
          return { sequential: Number(rows[0]!.seq_scan), byIndex: Number(rows[0]!.idx_scan) };
        };
        // The check's first run in this session, on a nearly empty table, makes the plan it keeps.
        await sql.raw(insertTasks([taskValues(COMPANY, 'ana', 'first')])).execute(trx);
        await sql`insert into customers (company_id, id, task_type) select ${COMPANY}, 'bulk-' || n, 'collections' from generate_series(1, 5000) n`.execute(
          trx,
        );
        const before = await reads();
        // A create's statement: ten tasks for each of twenty customers spread over the table.
        const tasks = Array.from({ length: 200 }, (_, n) => taskValues(COMPANY, `bulk-${(n % 20) * 250 + 1}`, `t${n}`));
        await sql.raw(insertTasks(tasks)).execute(trx);
        const after = await reads();
        assert.deepEqual({ sequential: after.sequential - before.sequential, byIndex: after.byIndex - before.byIndex }, { sequential: 0, byIndex: 20 });
      });
    });

    it("refuses to move a task to another customer, or to change a customer's key", async () => {
      await sql.raw(insertTasks([taskValues(COMPANY, 'ana', 't1')])).execute(db);
      await assert.rejects(sql`update call_tasks set customer_id = 'ben' where id = 't1'`.execute(db), {
        code: '23503',
        message: /a call task stays with its customer/,
      });
      await assert.rejects(sql`update customers set id = 'anna' where company_id = ${COMPANY} and id = 'ana'`.execute(db), {
        code: '23503',
        message: /a customer keeps its company and id/,
      });
      // Setting the same values (as an update of every column does) is no change.
      await sql`update call_tasks set customer_id = 'ana', status = 'cancelled' where id = 't1'`.execute(db);
      await sql`update customers set id = 'ana', first_name = 'Ana' where company_id = ${COMPANY} and id = 'ana'`.execute(db);
      const { rows } = await sql<{ customer_id: string; status: string }>`select customer_id, status from call_tasks`.execute(db);
      assert.deepEqual(rows, [{ customer_id: 'ana', status: 'cancelled' }]);
    });
  });
}

if (backends.includes('postgres')) {
  describe('a call task and a concurrent delete of its customer (postgres)', () => {
    let database: TestDatabase;
    let writer: pg.Client;
    let deleter: pg.Client;
    let observer: pg.Client;
    const backendPids = new Map<pg.Client, number>();
    before(async () => {
      database = await createTestDatabase('postgres');
      const connect = () => new pg.Client({ connectionString: database.url });
      [writer, deleter, observer] = [connect(), connect(), connect()];
      await Promise.all([writer.connect(), deleter.connect(), observer.connect()]);
      for (const client of [writer, deleter]) {
        const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
        backendPids.set(client, rows[0]!.pid);
      }
    });
    after(async () => {
      await Promise.all([writer.end(), deleter.end(), observer.end()]);
      await database.drop();
    });
    beforeEach(async () => {
      await writer.query(`delete from companies where id = '${COMPANY}'`);
      await writer.query(`insert into companies (id, name) values ('${COMPANY}', 'Integrity')`);
      await writer.query(insertCustomer(COMPANY, 'ana'));
    });

    /**
     * Whether the client's statement is waiting on a lock (it must be, for the test to mean
     * anything). Asked on a connection of its own: inside a transaction the activity view is frozen.
     */
    async function waitsForLock(client: pg.Client): Promise<boolean> {
      const pid = backendPids.get(client);
      for (let i = 0; i < 100; i++) {
        const { rows } = await observer.query<{ waiting: boolean }>(`select wait_event_type = 'Lock' as waiting from pg_stat_activity where pid = $1`, [pid]);
        if (rows[0]?.waiting) return true;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      return false;
    }

    it('a delete waiting for the insert of tasks deletes them too', async () => {
      await writer.query('begin');
      await writer.query(insertTasks([taskValues(COMPANY, 'ana', 't1')]));
      const deleted = deleter.query(`delete from customers where company_id = '${COMPANY}' and id = 'ana'`);
      assert.ok(await waitsForLock(deleter), 'the delete waits for the transaction that inserted the task');
      await writer.query('commit');
      await deleted;
      const { rows } = await writer.query(`select id from call_tasks where company_id = '${COMPANY}'`);
      assert.deepEqual(rows, []);
    });

    it('an insert of tasks waiting for the delete of their customer is refused', async () => {
      await deleter.query('begin');
      await deleter.query(`delete from customers where company_id = '${COMPANY}' and id = 'ana'`);
      const refused = assert.rejects(writer.query(insertTasks([taskValues(COMPANY, 'ana', 't1')])), { code: '23503' });
      assert.ok(await waitsForLock(writer), 'the insert waits for the transaction that deleted the customer');
      await deleter.query('commit');
      await refused;
      const { rows } = await writer.query(`select id from call_tasks where company_id = '${COMPANY}'`);
      assert.deepEqual(rows, []);
    });
  });
}
