/**
 * The database goes away (issue 6 §5). The real server runs as a child process whose DATABASE_URL
 * points at a TCP proxy in front of PostgreSQL, so the test can cut the database off without
 * stopping the shared server:
 *
 * - refused: every connection is closed and new ones are refused;
 * - blackhole: nothing answers at all, and connections neither close nor respond;
 * - pg_terminate_backend of every connection of this test's database, idle and under load.
 *
 * While the database is gone every request that needs it is answered 503 application/problem+json
 * with Retry-After within BOUND_MS (no hang), and /readyz is 503. When it returns the service
 * recovers on its own, without a restart, and nothing written during the fault is half-written.
 */
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { createPostgresDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { newEncryptionKey, startServer, type HttpResponse, type ServerProcess } from './server-process.ts';
import { TcpProxy } from './tcp-proxy.ts';

const skip = !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)';

/** The longest a request may take to be refused while the database is gone. */
const BOUND_MS = 10_000;
/** The longest the service may take to serve again once the database is back. */
const RECOVERY_MS = 15_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Probe {
  readonly name: string;
  readonly status: number;
  readonly ms: number;
  readonly contentType: string;
  readonly retryAfter: string | undefined;
  readonly text: string;
}

describe('the database goes away (postgres)', { skip }, () => {
  let database: { url: string; drop: () => Promise<void> };
  let proxy: TcpProxy;
  let server: ServerProcess;
  let admin: pg.Client;
  let seq = 0;
  const nextId = (prefix: string) => `${prefix}-${seq++}`;

  before(async () => {
    database = await createPostgresDatabase();
    const direct = new URL(database.url);
    proxy = await TcpProxy.start({ host: direct.hostname || '127.0.0.1', port: Number(direct.port || 5432) });
    const proxied = new URL(database.url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    server = await startServer({
      DATABASE_URL: proxied.toString(),
      CALLWISE_ENCRYPTION_KEY: newEncryptionKey(),
      RATE_LIMIT_PER_MINUTE: '0',
    });
    admin = new pg.Client({ connectionString: database.url });
    await admin.connect();
    // Something to read, patch and call about while the database is gone.
    for (const id of ['present-1', 'present-2']) {
      const res = await server.request('POST', '/customers', { body: customerBody({ id }) });
      assert.equal(res.status, 201, res.text);
    }
  });
  // A failed check must not leave the database cut off for the tests after it.
  afterEach(() => proxy?.up());
  after(async () => {
    await server?.kill9();
    await proxy?.close();
    await admin?.end().catch(() => {});
    await database?.drop();
  });

  const probe = async (name: string, method: string, path: string, options: Parameters<ServerProcess['request']>[2] = {}): Promise<Probe> => {
    const started = performance.now();
    let res: HttpResponse;
    try {
      res = await server.request(method, path, { timeoutMs: 60_000, ...options });
    } catch (error) {
      return { name, status: 0, ms: performance.now() - started, contentType: '', retryAfter: undefined, text: String(error) };
    }
    return {
      name,
      status: res.status,
      ms: res.ms,
      contentType: String(res.headers['content-type'] ?? ''),
      retryAfter: res.headers['retry-after'],
      text: res.text,
    };
  };

  /** A spread of requests that each need the database, fired at once. */
  const wave = (createdIds: string[], creates = 8): Promise<Probe[]> => {
    const plain = Array.from({ length: creates }, () => {
      const id = nextId('outage');
      createdIds.push(id);
      return probe(`POST /customers ${id}`, 'POST', '/customers', { body: customerBody({ id }) });
    });
    const keyed = Array.from({ length: 2 }, () => {
      const id = nextId('outage-keyed');
      createdIds.push(id);
      return probe(`POST /customers ${id} (Idempotency-Key)`, 'POST', '/customers', { body: customerBody({ id }), headers: { 'idempotency-key': `k-${id}` } });
    });
    return Promise.all([
      ...plain,
      ...keyed,
      probe('GET /customers/{id}', 'GET', '/customers/present-1'),
      probe('GET /customers', 'GET', '/customers?limit=5'),
      probe('GET /customers/{id}/tasks', 'GET', '/customers/present-1/tasks'),
      probe('PATCH /customers/{id}', 'PATCH', '/customers/present-2', { body: { firstName: 'Changed' } }),
      probe('POST /customers/schedule/sync', 'POST', '/customers/schedule/sync', {
        body: customerBody({ id: 'present-2', email: 'a@example.com', birthday: '1980-01-01', ssnLastFour: '1234' }),
      }),
      probe('POST /calls', 'POST', '/calls', {
        body: { customerId: 'present-1', toPhoneNumber: '+14155550100', timestamp: new Date(Date.now() - 60_000).toISOString(), flags: ['NO_ANSWER'] },
      }),
      probe('DELETE /customers/{id}', 'DELETE', '/customers/present-2'),
      probe('GET /readyz', 'GET', '/readyz', { key: null }),
    ]);
  };

  const assertUnavailable = (probes: Probe[], label: string) => {
    for (const p of probes) {
      const where = `${label}: ${p.name} → ${p.status} after ${Math.round(p.ms)} ms ${p.text.slice(0, 200)}`;
      assert.equal(p.status, 503, where);
      assert.ok(p.ms < BOUND_MS, `${where} (bound ${BOUND_MS} ms)`);
      assert.match(p.retryAfter ?? '', /^\d+$/, `${where}: Retry-After`);
      if (p.name === 'GET /readyz') continue;
      assert.match(p.contentType, /^application\/problem\+json/, where);
      const problem = JSON.parse(p.text) as { code: string; status: number; requestId: string };
      assert.equal(problem.code, 'service_unavailable', where);
      assert.equal(problem.status, 503, where);
    }
  };

  /** Polls a create until it succeeds; returns how long that took. */
  const waitForRecovery = async (): Promise<number> => {
    const started = performance.now();
    for (;;) {
      const id = nextId('recovery');
      const res = await server.request('POST', '/customers', { body: customerBody({ id }), timeoutMs: 60_000 }).catch(() => undefined);
      if (res?.status === 201) return performance.now() - started;
      if (res) assert.equal(res.status, 503, `while recovering: ${res.text}`);
      assert.ok(performance.now() - started < RECOVERY_MS, `no recovery within ${RECOVERY_MS} ms; last answer ${res?.status} ${res?.text}`);
      await sleep(100);
    }
  };

  /** Once recovered, everything works: a burst of creates and reads, and readiness. */
  const assertHealthy = async (label: string) => {
    const ids = Array.from({ length: 20 }, () => nextId('after'));
    const results = await Promise.all([
      ...ids.map((id) => server.request('POST', '/customers', { body: customerBody({ id }) })),
      server.request('GET', '/customers/present-1'),
      server.request('GET', '/customers?limit=5'),
    ]);
    for (const res of results) assert.ok(res.status === 200 || res.status === 201, `${label}: ${res.status} ${res.text}`);
    const ready = await server.request('GET', '/readyz', { key: null });
    assert.equal(ready.status, 200, `${label}: /readyz ${ready.text}`);
  };

  /** Nothing a 503 answered was written, and nothing is half-written. */
  const assertNotWritten = async (ids: string[]) => {
    const { rows } = await admin.query<{ id: string }>('select id from customers where id = any($1)', [ids]);
    assert.deepEqual(rows, [], 'a create answered 503 while the database was gone wrote nothing');
    const {
      rows: [row],
    } = await admin.query<{ n: string }>(`select count(*) as n from customers c
      where not exists (select 1 from call_tasks t where t.company_id = c.company_id and t.customer_id = c.id)`);
    assert.equal(Number(row!.n), 0, 'no customer without its schedule');
  };

  const figures = (probes: Probe[]) => {
    const ms = probes.map((p) => p.ms);
    return `max ${Math.round(Math.max(...ms))} ms, median ${Math.round(ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)]!)} ms`;
  };

  it('refused connections: 503 problem+json with Retry-After at once, /readyz 503, and recovery without a restart', async (t) => {
    await assertHealthy('before');
    proxy.down();
    const created: string[] = [];
    const first = await wave(created);
    assertUnavailable(first, 'refused, first wave');
    await sleep(3_000);
    const second = await wave(created);
    assertUnavailable(second, 'refused, second wave');
    proxy.up();
    const recoveredMs = await waitForRecovery();
    await assertHealthy('after refused');
    await assertNotWritten(created);
    assert.equal(server.hasExited(), false, server.output());
    t.diagnostic(
      `refused: time to 503 ${figures(first)} (first wave), ${figures(second)} (second); recovered ${Math.round(recoveredMs)} ms after the database returned`,
    );
  });

  it('blackhole (nothing answers): 503 within the bound instead of a hang, /readyz 503, and recovery without a restart', async (t) => {
    await assertHealthy('before');
    proxy.blackhole();
    const created: string[] = [];
    const first = await wave(created);
    assertUnavailable(first, 'blackhole, first wave');
    // More transactions than there are connections: most of them queue for a group-commit batch.
    const second = await wave(created, 40);
    assertUnavailable(second, 'blackhole, second wave');
    proxy.up();
    const recoveredMs = await waitForRecovery();
    await assertHealthy('after blackhole');
    await assertNotWritten(created);
    assert.equal(server.hasExited(), false, server.output());
    t.diagnostic(
      `blackhole: time to 503 ${figures(first)} (first wave), ${figures(second)} (second); recovered ${Math.round(recoveredMs)} ms after the database returned`,
    );
  });

  const terminateAll = async (): Promise<number> => {
    const { rows } = await admin.query<{ n: string }>(`select count(pg_terminate_backend(pid)) as n from pg_stat_activity
      where datname = current_database() and pid <> pg_backend_pid()`);
    return Number(rows[0]!.n);
  };

  it('pg_terminate_backend of idle connections: the next requests succeed', async (t) => {
    await assertHealthy('before');
    const terminated = await terminateAll();
    assert.ok(terminated > 0, 'the server had connections to terminate');
    await sleep(200);
    await assertHealthy('after terminating idle connections');
    t.diagnostic(`terminated ${terminated} idle connections; the next requests all succeeded`);
  });

  it('pg_terminate_backend under load: every answer is 201 or 503 in bounded time, retries succeed, nothing half-written', async (t) => {
    let stop = false;
    const outcomes: Array<{ id: string; status: number; ms: number; text: string }> = [];
    const worker = async () => {
      while (!stop) {
        const id = nextId('load');
        const started = performance.now();
        try {
          const res = await server.request('POST', '/customers', { body: customerBody({ id }), headers: { 'idempotency-key': `k-${id}` }, timeoutMs: 60_000 });
          outcomes.push({ id, status: res.status, ms: res.ms, text: res.text });
        } catch (error) {
          outcomes.push({ id, status: 0, ms: performance.now() - started, text: String(error) });
          if (server.hasExited()) break;
        }
      }
    };
    const workers = Array.from({ length: 30 }, worker);
    let terminated = 0;
    for (let i = 0; i < 3; i++) {
      await sleep(500);
      terminated += await terminateAll();
    }
    await sleep(500);
    stop = true;
    await Promise.all(workers);

    const unexpected = outcomes.filter((o) => o.status !== 201 && o.status !== 503);
    assert.equal(server.hasExited(), false, `the server died:\n${server.output()}`);
    assert.deepEqual(unexpected.slice(0, 5), [], 'only 201 or 503');
    const slowest = Math.max(...outcomes.map((o) => o.ms));
    assert.ok(slowest < BOUND_MS, `slowest answer ${Math.round(slowest)} ms`);
    const failed = outcomes.filter((o) => o.status === 503);
    for (const o of failed) assert.match(o.text, /"code":"service_unavailable"/);

    // Retrying a 503 with the same key and body gives the 201 (stored, if it had committed).
    for (const o of failed) {
      const res = await server.request('POST', '/customers', { body: customerBody({ id: o.id }), headers: { 'idempotency-key': `k-${o.id}` } });
      assert.equal(res.status, 201, `retry of ${o.id}: ${res.text}`);
    }
    await assertHealthy('after terminations under load');
    const {
      rows: [row],
    } = await admin.query<{ n: string }>(`select count(*) as n from customers c
      where not exists (select 1 from call_tasks t where t.company_id = c.company_id and t.customer_id = c.id)
         or not exists (select 1 from idempotency_keys k where k.company_id = c.company_id and (k.response_body::json ->> 'id') = c.id)
            and c.id like 'load-%'`);
    assert.equal(Number(row!.n), 0, 'no customer without its schedule or its idempotency record');
    assert.equal(server.hasExited(), false, server.output());
    t.diagnostic(
      `terminated ${terminated} connections under load: ${outcomes.length} creates, ${failed.length} answered 503 (all retried to 201), slowest ${Math.round(slowest)} ms`,
    );
  });
});
