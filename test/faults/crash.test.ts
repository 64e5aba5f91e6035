/**
 * kill -9 during a load of creates (issue 6 §5). The real server runs as a child process on
 * PostgreSQL; 30 clients create customers over HTTP, each with its own Idempotency-Key, and the
 * process is killed with SIGKILL while requests are in flight. After a restart:
 *
 * - every customer that was answered 201 exists, with its whole schedule: as many call tasks as the
 *   same kind of customer was shown to have before the kill, and its loan reference;
 * - nothing is half-written: no customer without tasks, loan link or idempotency record, no task
 *   without its customer, no idempotency claim left open, no stored response whose customer is
 *   missing;
 * - a client that lost its answer in the crash retries with the same key and body and gets a 201
 *   (the stored one if the create had committed, a fresh one if not) — never a 409 or a 5xx.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { newEncryptionKey, startServer, type HttpResponse, type ServerProcess } from './server-process.ts';

const skip = !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)';

const IN_FLIGHT = 30;
/**
 * Kill once this many creates were acknowledged, or after KILL_AFTER_MS, whichever comes first —
 * but never before MIN_ACKS (a machine busy with other suites can be slow to start answering).
 */
const KILL_AFTER_ACKS = 400;
const KILL_AFTER_MS = 4_000;
const MIN_ACKS = 20;
const GIVE_UP_MS = 60_000;

function body(n: number): Record<string, unknown> {
  return customerBody({ id: `crash-${n}`, loanIds: [1000 + (n % 7)], ssnLastFour: '1234', birthday: '1985-06-15' });
}

describe('kill -9 during a load of creates (postgres)', { skip }, () => {
  let database: { url: string; drop: () => Promise<void> };
  let client: pg.Client;
  let server: ServerProcess | undefined;
  let env: Record<string, string>;

  before(async () => {
    database = await createPostgresDatabase();
    env = { DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: newEncryptionKey(), RATE_LIMIT_PER_MINUTE: '0' };
  });
  after(async () => {
    await server?.kill9();
    await client?.end().catch(() => {});
    await database?.drop();
  });

  it('keeps every acknowledged customer with its whole schedule and leaves nothing half-written', async (t) => {
    server = await startServer(env);
    const first = server;

    type Outcome = { status: number } | { error: string };
    const outcomes = new Map<number, Outcome>();
    /** Task counts seen over HTTP before the kill, per customer number. */
    const tasksBefore = new Map<number, number>();
    let next = 0;
    let acked = 0;
    let killing = false;

    const post = (n: number): Promise<HttpResponse> =>
      first.request('POST', '/customers', { body: body(n), headers: { 'idempotency-key': `crash-key-${n}` }, timeoutMs: 20_000 });

    const worker = async () => {
      while (!killing) {
        const n = next++;
        try {
          const res = await post(n);
          outcomes.set(n, { status: res.status });
          if (res.status !== 201) continue;
          acked++;
          // A sample of schedules as the live server reported them, to compare after the restart.
          if (n % 5 === 0 && !killing) {
            const tasks = await first.request('GET', `/customers/crash-${n}/tasks`, { timeoutMs: 20_000 }).catch(() => undefined);
            if (tasks?.status === 200) tasksBefore.set(n, tasks.json<unknown[]>().length);
          }
        } catch (error) {
          outcomes.set(n, { error: error instanceof Error ? error.message : String(error) });
        }
      }
    };

    const started = Date.now();
    const workers = Array.from({ length: IN_FLIGHT }, worker);
    while (acked < KILL_AFTER_ACKS && (Date.now() - started < KILL_AFTER_MS || acked < MIN_ACKS) && Date.now() - started < GIVE_UP_MS) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    killing = true;
    await first.kill9();
    const killedAfterMs = Date.now() - started;
    await Promise.all(workers);

    const ackedIds = [...outcomes].filter(([, o]) => 'status' in o && o.status === 201).map(([n]) => n);
    const lost = [...outcomes].filter(([, o]) => 'error' in o).map(([n]) => n);
    const other = [...outcomes].filter(([, o]) => 'status' in o && o.status !== 201);
    assert.deepEqual(other, [], 'before the kill every create is a 201');
    assert.ok(ackedIds.length > 0, 'the load created customers before the kill');
    assert.ok(lost.length > 0, 'the kill happened with requests in flight');
    assert.ok(tasksBefore.size > 0, 'schedules were sampled before the kill');
    const plannedCounts = new Set(tasksBefore.values());
    for (const count of plannedCounts) assert.ok(count >= 1, 'a callable customer gets at least one task');

    // Restart on the same database.
    server = await startServer(env);
    const second = server;
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
    const count = async (query: string) => Number((await client.query<{ n: string }>(query)).rows[0]!.n);

    // Every acknowledged customer exists with its whole schedule.
    const missing: number[] = [];
    const wrongSchedule: string[] = [];
    for (let i = 0; i < ackedIds.length; i += 25) {
      await Promise.all(
        ackedIds.slice(i, i + 25).map(async (n) => {
          const res = await second.request('GET', `/customers/crash-${n}/tasks`);
          if (res.status === 404) return void missing.push(n);
          assert.equal(res.status, 200, res.text);
          const tasks = res.json<unknown[]>().length;
          const expected = tasksBefore.get(n);
          if (expected !== undefined ? tasks !== expected : !plannedCounts.has(tasks)) {
            wrongSchedule.push(`crash-${n}: ${tasks} tasks (expected ${expected ?? [...plannedCounts].join(' or ')})`);
          }
        }),
      );
    }
    assert.deepEqual(missing, [], 'every customer answered 201 survived the crash');
    assert.deepEqual(wrongSchedule, [], 'every surviving customer has its whole schedule');

    // Nothing half-written, in the rows themselves.
    assert.equal(
      await count(`select count(*) as n from customers c
      where not exists (select 1 from call_tasks t where t.company_id = c.company_id and t.customer_id = c.id)`),
      0,
      'no customer without tasks',
    );
    assert.equal(
      await count(`select count(*) as n from call_tasks t
      where not exists (select 1 from customers c where c.company_id = t.company_id and c.id = t.customer_id)`),
      0,
      'no task without its customer',
    );
    assert.equal(
      await count(`select count(*) as n from customers c
      where not exists (select 1 from customer_loans l where l.company_id = c.company_id and l.customer_id = c.id)`),
      0,
      'no customer without its loan reference',
    );
    assert.equal(
      await count(`select count(*) as n from customer_loans cl
      where not exists (select 1 from loans l where l.company_id = cl.company_id and l.loan_id = cl.loan_id)`),
      0,
      'no loan link without its loan',
    );
    assert.equal(
      await count(`select count(*) as n from idempotency_keys where response_status is null or response_body is null`),
      0,
      'no idempotency claim left open by the crash',
    );
    assert.equal(
      await count(`select count(*) as n from idempotency_keys k
      where not exists (select 1 from customers c where c.company_id = k.company_id and c.id = (k.response_body::json ->> 'id'))`),
      0,
      'every stored response names a customer that exists',
    );
    assert.equal(
      await count(`select count(*) as n from customers c
      where not exists (select 1 from idempotency_keys k where k.company_id = c.company_id and (k.response_body::json ->> 'id') = c.id)`),
      0,
      'every customer was written together with its idempotency record',
    );
    const counts = (await client.query<{ n: string }>(`select count(*) as n from call_tasks group by company_id, customer_id`)).rows.map((r) => Number(r.n));
    for (const n of new Set(counts)) assert.ok(plannedCounts.has(n), `a customer has ${n} tasks; plans before the kill had ${[...plannedCounts].join(' or ')}`);
    const stored = await count('select count(*) as n from customers');
    assert.ok(
      stored >= ackedIds.length && stored <= ackedIds.length + lost.length,
      `${stored} customers for ${ackedIds.length} acknowledged and ${lost.length} unanswered creates`,
    );

    // A client that lost its answer retries with the same key and body: 201 either way.
    const retried = await Promise.all(
      lost.map(async (n) => {
        const res = await second.request('POST', '/customers', { body: body(n), headers: { 'idempotency-key': `crash-key-${n}` } });
        return { n, status: res.status, replayed: res.headers['idempotent-replayed'] === 'true', text: res.text };
      }),
    );
    for (const r of retried) assert.equal(r.status, 201, `retry of crash-${r.n}: ${r.text}`);
    const committedBeforeKill = retried.filter((r) => r.replayed).length;
    assert.equal(
      await count(`select count(*) as n from customers c
      where not exists (select 1 from call_tasks t where t.company_id = c.company_id and t.customer_id = c.id)`),
      0,
    );

    const acknowledged = ackedIds.length;
    t.diagnostic(
      `crash: killed after ${killedAfterMs} ms with ${acknowledged} creates acknowledged and ${lost.length} in flight; ` +
        `${stored - acknowledged} of those had committed (replayed on retry: ${committedBeforeKill}); plans of ${[...plannedCounts].join('/')} tasks`,
    );
    assert.equal(committedBeforeKill, stored - acknowledged, 'the retries replayed exactly the creates that had committed unanswered');
    assert.equal(second.hasExited(), false, second.output());
  });
});
