/**
 * The batched create writes each task with its own explanation, byte for byte, on both databases:
 * the explanations travel beside the tasks' document, matched by position, so a shift or a lost
 * separator would hand one task another's placement.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { backends, createTestDatabase, type TestDatabase } from '../helpers/database.ts';
import { writeNewCustomers, type NewCustomer } from '../../src/store/repositories/customer-writes.ts';
import type { NewCallTaskRow } from '../../src/store/repositories/call-tasks.ts';

const COMPANY = 'cmp_writes';
const now = new Date('2026-12-01T15:00:00.000Z');

function task(customerId: string, n: number, explanation: string): NewCallTaskRow {
  return {
    company_id: COMPANY,
    id: `${customerId}-task-${n}`,
    customer_id: customerId,
    loan_id: null,
    phone_number: '+14155550100',
    scheduled_for: new Date(now.getTime() + (n + 1) * 3_600_000),
    not_after: new Date(now.getTime() + (n + 2) * 3_600_000),
    status: 'scheduled',
    is_test: false,
    consented: true,
    kind: 'cadence',
    explanation,
    created_at: now,
    updated_at: now,
  };
}

function customer(id: string, explanations: readonly string[]): NewCustomer {
  return {
    row: {
      company_id: COMPANY,
      id,
      first_name: 'Ana',
      last_name: 'Reyes',
      email: null,
      birthday_enc: null,
      ssn_last_four_enc: null,
      timezone: 'America/Los_Angeles',
      phone_number: '+14155550100',
      street_address1: null,
      street_address2: null,
      city: null,
      state: 'CA',
      zip_code: null,
      do_not_call: false,
      is_test: false,
      task_type: 'payment_reminder',
      external_metadata: null,
      loan_id: null,
      provenance: null,
      created_at: now,
      updated_at: now,
    },
    loanIds: [],
    tasks: explanations.map((explanation, n) => task(id, n, explanation)),
  };
}

/** Explanations that differ in ways a careless transport would blur. */
const awkward = [
  '{"attempt":1,"text":"placed at that time"}',
  '{"attempt":2,"text":"quotes \\" and a backslash \\\\ and a tab \\t"}',
  '{"attempt":3,"text":"escaped record separator \\u001e and NUL \\u0000"}',
  '{"attempt":4,"text":"ünïcödé — 日本語 — 🙂","zones":["America/New_York","America/Chicago"]}',
  '{ "attempt" : 5 ,\n  "spacing" : "kept as sent" }',
  '[]',
];

async function storedExplanations(database: TestDatabase, customerId: string): Promise<string[]> {
  const { rows } = await sql<{ explanation: string }>`
    select explanation::text as explanation from call_tasks
    where company_id = ${COMPANY} and customer_id = ${customerId} order by scheduled_for`.execute(database.handle.db);
  return rows.map((row) => row.explanation);
}

for (const backend of backends) {
  describe(`the batched create's task explanations (${backend})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(backend);
      await sql`insert into companies (id, name) values (${COMPANY}, 'Writes')`.execute(database.handle.db);
    });
    after(() => database.drop());

    it('stores each task with its own explanation, exactly, across customers with and without tasks', async () => {
      const batch = [customer('CUST-A', awkward), customer('CUST-EMPTY', []), customer('CUST-B', ['{"only":"B"}']), customer('CUST-C', [...awkward].reverse())];
      const results = await database.handle.db.transaction().execute((trx) => writeNewCustomers.execute(trx, batch));
      assert.deepEqual(
        results.map((row) => (typeof row === 'object' ? row.id : row)),
        ['CUST-A', 'CUST-EMPTY', 'CUST-B', 'CUST-C'],
      );
      assert.deepEqual(await storedExplanations(database, 'CUST-A'), awkward);
      assert.deepEqual(await storedExplanations(database, 'CUST-EMPTY'), []);
      assert.deepEqual(await storedExplanations(database, 'CUST-B'), ['{"only":"B"}']);
      assert.deepEqual(await storedExplanations(database, 'CUST-C'), [...awkward].reverse());
    });

    it('keeps explanations matched when a customer of the batch is refused for a taken id', async () => {
      const batch = [customer('CUST-A', ['{"taken":true}']), customer('CUST-D', ['{"d":1}', '{"d":2}'])];
      const results = await database.handle.db.transaction().execute((trx) => writeNewCustomers.execute(trx, batch));
      assert.equal(results[0], undefined, 'the id was taken');
      assert.deepEqual(await storedExplanations(database, 'CUST-A'), awkward, 'the first customer is untouched');
      assert.deepEqual(await storedExplanations(database, 'CUST-D'), ['{"d":1}', '{"d":2}']);
    });

    it('refuses an explanation that is not JSON text, and writes nothing of the batch', async () => {
      // A raw separator inside an explanation splits it in two: neither piece is JSON, and the
      // count no longer matches the tasks. The statement must fail rather than shift anything.
      const batch = [customer('CUST-E', ['{"a":1}']), customer('CUST-F', ['{"b":"\u001e"}', '{"c":3}'])];
      await assert.rejects(
        database.handle.db.transaction().execute((trx) => writeNewCustomers.execute(trx, batch)),
        { code: '22P02' },
      );
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from customers where company_id = ${COMPANY} and id in ('CUST-E', 'CUST-F')`.execute(database.handle.db);
      assert.equal(rows[0]!.n, 0);
    });
  });
}
