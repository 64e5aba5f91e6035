/**
 * Lender webhooks, the two figures their issue asks for. A local node:http receiver in a process of
 * its own (servers/webhook-receiver.ts) answers every delivery 204 without verifying it, so that
 * what is measured is the sender, and its CPU time is counted apart.
 *
 * 1. Deliveries per second. N pending deliveries — call.completed events written through the
 *    outbox (`WebhookEvents.emit`, a hundred to a transaction, before the clock starts), each
 *    fanned out to E endpoints of one company; two events per customer, so half the deliveries
 *    first wait for the customer's earlier one as the per-customer order requires — are drained
 *    by the real sender, `WebhookDeliveryService.sendDue(batch)`, called in a loop by L loops in
 *    this process (L = 1 is the server's own sender loop; more model several `callwise
 *    webhook-sender` processes). Each round leases, signs, POSTs and records its deliveries. In
 *    turns 1 loop / BENCH_WEBHOOK_LOOPS, on PostgreSQL (a fresh database each) and, once a turn,
 *    on the embedded PGlite with the server's batch there (10).
 * 2. POST /calls with ten endpoints subscribed vs none, in turns none/ten/none/ten (each side on a
 *    server and database of its own, a minute apart: on a shared machine the drift between runs
 *    is most of the spread; webhook-calls-interleaved.ts alternates both on one server). A real server
 *    process (servers/callwise.ts, NODE_ENV=development so that a loopback receiver is accepted,
 *    DISPATCHER=off so that no call of its own mixes in) on a fresh PostgreSQL database; customers
 *    created up front through POST /customers; then, for "ten", ten endpoints subscribed to
 *    call.completed registered through POST /webhook-endpoints. autocannon sends valid calls, each
 *    for the next customer of a fixed spread over all of them, stamped within the 5 minutes before
 *    now. The server's own sender delivers while the load runs: the outbox writes and the sending
 *    share the machine, as they would in production.
 *
 * CPU time per unit from /proc: this process (the sender in 1, the load generator in 2), the
 * server process in 2, every `postgres` process, the backends of the measurement's own database
 * alone (other work on the same PostgreSQL left out), and the receiver.
 *
 * Environment (beside run.ts's BENCH_DATABASE_URL): BENCH_WEBHOOK_PARTS (drain,calls),
 * BENCH_WEBHOOK_TURNS (A/B pairs, default 2), BENCH_WEBHOOK_DELIVERIES (default 20000),
 * BENCH_WEBHOOK_ENDPOINTS (endpoints in 1, default 10), BENCH_WEBHOOK_LOOPS (the second side of 1,
 * default 4), BENCH_WEBHOOK_BATCH (default: the server's, 50 on PostgreSQL and 10 on PGlite),
 * BENCH_WEBHOOK_EMBEDDED=0 to leave PGlite out, BENCH_WEBHOOK_MAX_S (the longest a drain may take,
 * default 120), BENCH_WEBHOOK_CUSTOMERS (in 2, default 10000), BENCH_WEBHOOK_CALL_ENDPOINTS
 * (default 10), BENCH_DURATION (default 15) and BENCH_CONNECTIONS (default 50) for 2, and
 * BENCH_WEBHOOK_SAMPLE_MS (default 0, off): sample pg_stat_activity of the database this often
 * during 2 and print where its backends were. Two more for finding where the time of 2 goes:
 * BENCH_WEBHOOK_SENDER=off starts the server without its sender (the outbox is written, nothing is
 * sent), and BENCH_WEBHOOK_ANALYZE_AT_S=n refreshes the planner's statistics n seconds into each
 * load (as autovacuum would in a longer one: the webhook tables are empty when the load starts).
 * After each load of 2 with the sender on, the bench waits (up to BENCH_WEBHOOK_DRAIN_MAX_S, default
 * 300) until nothing is pending and reports how long the backlog the load left took to drain: the
 * price of the sender yielding to the API while it is busy. Every measurement starts once the
 * machine's 1-minute load average is below BENCH_QUIET_LOAD (default 0.7, checked every 15 s, for at
 * most BENCH_QUIET_MAX_S, default 300; 0 does not wait): the machine is shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { Keyring } from '../src/security/encryption.ts';
import { createServices, type Services } from '../src/services/index.ts';
import { WebhookEvents } from '../src/services/webhook-events.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrations/index.ts';
import { withFreshDatabase } from './fresh-database.ts';
import { startServer } from './http-load.ts';
import {
  ANY_PENDING,
  CALLWISE_ENV,
  callsLoad,
  cpuPerUnit,
  createCustomers,
  databaseOf,
  loadAverage,
  othersShare,
  readCpu,
  registerEndpoint,
  sleep,
  startReceiver,
  stop,
  waitUntilSent,
  type CpuPerUnit,
  type Receiver,
} from './webhook-bench-kit.ts';

/** Deliveries of events the sender has not fanned out yet: one per endpoint the event lists. */
const UNFANNED_DELIVERIES = `(select coalesce(sum(cardinality(fan_out_to)), 0) from webhook_events where fan_out_to is not null)::int`;
/** Every delivery owed: the rows and those of events not fanned out yet. */
const OWED_DELIVERIES = sql.raw(`(select count(*) from webhook_deliveries) + ${UNFANNED_DELIVERIES}`);

/** A customer's call and what it changed: each customer has this many events in the drain. */
const EVENTS_PER_CUSTOMER = 2;
/** Events written per transaction while seeding (not measured). */
const SEED_CHUNK = 100;
/** A loop that leased nothing while deliveries wait (leased by another loop, or waiting for a customer's earlier one) looks again after this. */
const IDLE_MS = 10;

export interface DrainResult {
  readonly name: string;
  readonly embedded: boolean;
  readonly deliveries: number;
  readonly events: number;
  readonly customers: number;
  readonly endpoints: number;
  readonly loops: number;
  readonly batch: number;
  /** Deliveries settled (delivered or failed) before the end. */
  readonly handled: number;
  readonly wallMs: number;
  readonly perSecond: number;
  /** Deliveries a round that leased any leased, on average (at most `batch`). */
  readonly leasedPerRound: number;
  readonly cpu: CpuPerUnit;
  /** Deliveries by status at the end, attempts recorded, and POSTs the receiver answered. */
  readonly outcome: Record<string, number>;
  readonly load: string;
  /** Of the machine's CPU during the measurement, the share that went to anything else (othersShare). */
  readonly others: number;
}

export interface CallsResult {
  readonly name: string;
  readonly endpoints: number;
  readonly requests: number;
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly statusCounts: Record<string, number>;
  readonly non2xx: number;
  readonly cpu: CpuPerUnit;
  /** Deliveries queued during the load, POSTs the receiver answered during it, and those still pending at its end. */
  readonly deliveries: { readonly queued: number; readonly sent: number; readonly pending: number };
  /** After the load: how long until nothing was pending (undefined: not measured, or not drained within the bound). */
  readonly drain?: { readonly ms: number; readonly drained: boolean };
  readonly load: string;
  /** Of the machine's CPU during the load, the share that went to anything else (othersShare). */
  readonly others: number;
  /** pg_stat_activity samples, when asked for: how many were taken and how often each state was seen. */
  readonly activity?: { readonly samples: number; readonly seen: ReadonlyMap<string, number> };
}

/** Waits until the machine's 1-minute load average is below BENCH_QUIET_LOAD (a shared machine). */
async function waitForQuiet(): Promise<void> {
  const threshold = Number(process.env.BENCH_QUIET_LOAD ?? 0.7);
  const maxMs = Number(process.env.BENCH_QUIET_MAX_S ?? 300) * 1000;
  if (!(threshold > 0)) return;
  const started = performance.now();
  for (;;) {
    const now = Number(loadAverage().split(' ')[0]);
    if (now < threshold) return;
    if (performance.now() - started > maxMs) {
      console.error(`machine not quiet after ${maxMs / 1000} s (load ${now}); measuring anyway`);
      return;
    }
    await sleep(15_000);
  }
}

/** What a recorded call's call.completed event carries (the call as the API returns it). */
function callData(i: number, customerId: string): Record<string, unknown> {
  return {
    id: `call_bench${i}`,
    customerId,
    toPhoneNumber: '+14155550143',
    timestamp: new Date().toISOString(),
    direction: 'outbound',
    outcome: 'no_answer',
    loanIds: ['1001'],
    flags: ['NO_ANSWER'],
    durationSeconds: 31,
    taskId: null,
  };
}

/** `events` call.completed events through the outbox, customer after customer and then again. */
async function seedEvents(services: Services, companyId: string, events: number, customers: number): Promise<void> {
  const outbox = new WebhookEvents(services.keyring, services.clock);
  for (let start = 0; start < events; start += SEED_CHUNK) {
    await services.db.transaction().execute(async (trx) => {
      for (let i = start; i < Math.min(events, start + SEED_CHUNK); i++) {
        const customerId = `bench-${i % customers}`;
        await outbox.emit(trx, companyId, 'call.completed', customerId, callData(i, customerId));
      }
    });
  }
}

/** (1) `deliveries` pending deliveries drained by `loops` loops of sendDue(batch). */
async function measureDrain(
  target: { readonly url: string } | { readonly dataDir: string },
  receiver: Receiver,
  options: { readonly deliveries: number; readonly endpoints: number; readonly loops: number; readonly batch: number; readonly maxMs: number },
): Promise<DrainResult> {
  const load = loadAverage();
  const database = await openDatabase('url' in target ? { databaseUrl: target.url, poolSize: 10 } : { dataDir: target.dataDir });
  try {
    await migrateToLatest(database.db);
    const services = createServices(database, Keyring.parse(Keyring.generateKey()), { webhooks: { development: true } });
    const { id: companyId } = await services.companies.createCompany('Bench Lender', { taskTypes: ['collections'] });
    for (let i = 0; i < options.endpoints; i++) {
      await services.webhookEndpoints.create(companyId, { url: `${receiver.url}/lender-${i + 1}`, eventTypes: ['call.completed'] }, 'cli');
    }
    const events = Math.ceil(options.deliveries / options.endpoints);
    const customers = Math.max(1, Math.floor(events / EVENTS_PER_CUSTOMER));
    await seedEvents(services, companyId, events, customers);
    await sql`analyze`.execute(database.db);
    // The outbox holds the events; the sender makes their deliveries (the fan-out) as part of its work.
    const deliveries = (await sql<{ n: number }>`select (${OWED_DELIVERIES})::int as n`.execute(database.db)).rows[0]!.n;

    const anyPending = async () => (await sql<{ any: boolean }>`select ${sql.raw(ANY_PENDING)} as any`.execute(database.db)).rows[0]!.any;
    let rounds = 0;
    let leasedTotal = 0;
    let finished = true;
    const receivedBefore = await receiver.received();
    const dbName = 'url' in target ? databaseOf(target.url) : undefined;
    const before = readCpu(receiver.pid, undefined, dbName);
    const started = performance.now();
    const deadline = started + options.maxMs;
    const loop = async (): Promise<void> => {
      for (;;) {
        if (performance.now() > deadline) {
          finished = false;
          return;
        }
        const leased = await services.webhookDelivery.sendDue(options.batch);
        if (leased > 0) {
          rounds++;
          leasedTotal += leased;
        } else if (await anyPending()) await sleep(IDLE_MS);
        else return;
      }
    };
    await Promise.all(Array.from({ length: options.loops }, loop));
    const wallMs = performance.now() - started;
    const after = readCpu(receiver.pid, undefined, dbName);
    const received = (await receiver.received()) - receivedBefore;

    const outcome: Record<string, number> = {};
    for (const row of (await sql<{ status: string; n: number }>`select status, count(*)::int as n from webhook_deliveries group by status`.execute(database.db))
      .rows) {
      outcome[row.status] = row.n;
    }
    outcome.attempts = (await sql<{ n: number }>`select count(*)::int as n from webhook_attempts`.execute(database.db)).rows[0]!.n;
    outcome.received = received;
    if (!finished) outcome[`pending after ${options.maxMs / 1000} s`] = outcome.pending ?? 0;
    const handled = (outcome.delivered ?? 0) + (outcome.failed ?? 0);
    const embedded = database.kind === 'pglite';
    return {
      name: `${embedded ? 'PGlite' : 'PostgreSQL'}, ${options.loops} loop${options.loops === 1 ? '' : 's'} × sendDue(${options.batch})`,
      embedded,
      deliveries,
      events,
      customers,
      endpoints: options.endpoints,
      loops: options.loops,
      batch: options.batch,
      handled,
      wallMs,
      perSecond: Math.round(handled / (wallMs / 1000)),
      leasedPerRound: rounds > 0 ? leasedTotal / rounds : 0,
      cpu: cpuPerUnit(before, after, handled),
      outcome,
      load,
      others: othersShare(before, after),
    };
  } finally {
    await database.close();
  }
}

const squash = (query: string) => query.replace(/\s+/g, ' ').trim().slice(0, 120);

/** Samples what the database's backends are doing (state, wait event, statement) until stopped. */
function sampleActivity(url: string, everyMs: number) {
  const client = new pg.Client({ connectionString: url });
  const seen = new Map<string, number>();
  let samples = 0;
  let stopping = false;
  const running = (async () => {
    await client.connect();
    try {
      while (!stopping) {
        const { rows } = await client.query<{ state: string; wait: string | null; query: string }>(
          `select state, wait_event_type || ':' || wait_event as wait, query from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
        );
        samples++;
        for (const row of rows) {
          const key = `${row.state} · ${row.wait ?? 'running'} · ${squash(row.query)}`;
          seen.set(key, (seen.get(key) ?? 0) + 1);
        }
        await sleep(everyMs);
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      stopping = true;
      await running;
      return { samples, seen };
    },
  };
}

/** (2) POST /calls for `durationSeconds` against a server with `endpoints` endpoints subscribed. */
async function measureCalls(
  url: string,
  receiver: Receiver,
  options: {
    readonly endpoints: number;
    readonly customers: number;
    readonly connections: number;
    readonly durationSeconds: number;
    readonly sampleMs: number;
    /** Whether the server sends (WEBHOOK_SENDER); off, the outbox is written and nothing is sent. */
    readonly sender: boolean;
    /** When given, the planner's statistics are refreshed this long into the load. */
    readonly analyzeAtMs: number | undefined;
    /** The longest the bench waits, after the load, for the backlog to drain. */
    readonly drainMaxMs: number;
  },
): Promise<CallsResult> {
  const { child, port } = await startServer('bench/servers/callwise.ts', {
    ...CALLWISE_ENV,
    DATABASE_URL: url,
    NODE_ENV: 'development',
    DISPATCHER: 'off',
    WEBHOOK_SENDER: options.sender ? 'on' : 'off',
  });
  const base = `http://127.0.0.1:${port}`;
  const client = new pg.Client({ connectionString: url });
  try {
    const phones = await createCustomers(base, options.customers, options.connections);
    for (let i = 0; i < options.endpoints; i++) await registerEndpoint(base, `${receiver.url}/lender-${i + 1}`);
    await client.connect();
    await client.query('analyze');

    const load = loadAverage();
    const sampler = options.sampleMs > 0 ? sampleActivity(url, options.sampleMs) : undefined;
    const receivedBefore = await receiver.received();
    const before = readCpu(receiver.pid, child.pid, databaseOf(url));
    const analyzer = options.analyzeAtMs === undefined ? undefined : setTimeout(() => void client.query('analyze').catch(() => {}), options.analyzeAtMs);
    const result = await callsLoad(base, phones, options.connections)(options.durationSeconds);
    const after = readCpu(receiver.pid, child.pid, databaseOf(url));
    clearTimeout(analyzer);
    const sent = (await receiver.received()) - receivedBefore;
    const activity = await sampler?.stop();
    // Deliveries owed: the rows, and those of events not yet fanned out (one per listed endpoint).
    const { rows } = await client.query<{ queued: number; pending: number }>(
      `select (select count(*) from webhook_deliveries) + ${UNFANNED_DELIVERIES} as queued,
              (select count(*) from webhook_deliveries where status = 'pending') + ${UNFANNED_DELIVERIES} as pending`,
    );
    const statusCounts: Record<string, number> = {};
    for (const [code, count] of Object.entries(result.statusCodeStats ?? {})) statusCounts[code] = (count as { count: number }).count;
    let drain: CallsResult['drain'];
    if (options.sender && rows[0]!.pending > 0) {
      // The load is over: how long the server's sender, at full speed again, takes to send the rest.
      drain = await waitUntilSent(client, options.drainMaxMs);
    }
    return {
      name: `${options.endpoints === 0 ? 'no endpoint' : `${options.endpoints} endpoints`}${options.sender ? '' : ', sender off'}${options.analyzeAtMs === undefined ? '' : `, analyze at ${options.analyzeAtMs / 1000} s`}`,
      endpoints: options.endpoints,
      requests: result.requests.total,
      requestsPerSecond: Math.round(result.requests.average),
      p50Ms: result.latency.p50,
      p99Ms: result.latency.p99,
      statusCounts,
      non2xx: result.non2xx,
      cpu: cpuPerUnit(before, after, result.requests.total),
      deliveries: { queued: rows[0]!.queued, sent, pending: rows[0]!.pending },
      ...(drain ? { drain } : {}),
      load,
      others: othersShare(before, after),
      ...(activity ? { activity } : {}),
    };
  } finally {
    await client.end();
    await stop(child);
  }
}

function list(name: string, fallback: string): string[] {
  return (process.env[name] ?? fallback)
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

export async function runWebhookBench(adminUrl: string): Promise<{ drain: DrainResult[]; calls: CallsResult[] }> {
  const parts = list('BENCH_WEBHOOK_PARTS', 'drain,calls');
  const turns = Number(process.env.BENCH_WEBHOOK_TURNS ?? 2);
  const batch = process.env.BENCH_WEBHOOK_BATCH;
  const drainOptions = {
    deliveries: Number(process.env.BENCH_WEBHOOK_DELIVERIES ?? 20_000),
    endpoints: Number(process.env.BENCH_WEBHOOK_ENDPOINTS ?? 10),
    maxMs: Number(process.env.BENCH_WEBHOOK_MAX_S ?? 120) * 1000,
  };
  const loops = [1, Number(process.env.BENCH_WEBHOOK_LOOPS ?? 4)];
  const embedded = process.env.BENCH_WEBHOOK_EMBEDDED !== '0';
  const callEndpoints = Number(process.env.BENCH_WEBHOOK_CALL_ENDPOINTS ?? 10);
  const callOptions = {
    customers: Number(process.env.BENCH_WEBHOOK_CUSTOMERS ?? 10_000),
    connections: Number(process.env.BENCH_CONNECTIONS ?? 50),
    durationSeconds: Number(process.env.BENCH_DURATION ?? 15),
    sampleMs: Number(process.env.BENCH_WEBHOOK_SAMPLE_MS ?? 0),
    sender: process.env.BENCH_WEBHOOK_SENDER !== 'off',
    analyzeAtMs: process.env.BENCH_WEBHOOK_ANALYZE_AT_S ? Number(process.env.BENCH_WEBHOOK_ANALYZE_AT_S) * 1000 : undefined,
    drainMaxMs: Number(process.env.BENCH_WEBHOOK_DRAIN_MAX_S ?? 300) * 1000,
  };

  const receiver = await startReceiver();
  const drain: DrainResult[] = [];
  const calls: CallsResult[] = [];
  try {
    for (let turn = 0; turn < turns; turn++) {
      if (parts.includes('drain')) {
        for (const n of loops) {
          await waitForQuiet();
          drain.push(await withFreshDatabase(adminUrl, (url) => measureDrain({ url }, receiver, { ...drainOptions, loops: n, batch: Number(batch ?? 50) })));
        }
        if (embedded) {
          await waitForQuiet();
          const dataDir = mkdtempSync(path.join(os.tmpdir(), 'callwise-bench-'));
          try {
            drain.push(await measureDrain({ dataDir }, receiver, { ...drainOptions, loops: 1, batch: Number(batch ?? 10) }));
          } finally {
            rmSync(dataDir, { recursive: true, force: true });
          }
        }
      }
      if (parts.includes('calls')) {
        for (const endpoints of [0, callEndpoints]) {
          await waitForQuiet();
          calls.push(await withFreshDatabase(adminUrl, (url) => measureCalls(url, receiver, { ...callOptions, endpoints })));
        }
      }
    }
  } finally {
    await receiver.close();
  }
  return { drain, calls };
}

/** How long the backlog took to drain after the load, and at what rate. */
function drained(r: CallsResult): string {
  if (!r.drain) return '—';
  const seconds = r.drain.ms / 1000;
  if (!r.drain.drained) return `not within ${seconds.toFixed(0)} s`;
  return `${seconds.toFixed(1)} s (${Math.round(r.deliveries.pending / seconds).toLocaleString('en-US')}/s)`;
}

const ms = (value: number) => (Number.isNaN(value) ? '—' : value.toFixed(3));
const percent = (share: number) => `${Math.round(share * 100)} %`;
const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export function printWebhooks({ drain, calls }: { drain: readonly DrainResult[]; calls: readonly CallsResult[] }): void {
  const first = drain[0];
  if (first) {
    console.log(
      `\nWebhooks (1): ${first.deliveries.toLocaleString('en-US')} pending deliveries (${first.events.toLocaleString('en-US')} call.completed events through the outbox × ${first.endpoints} endpoints, ${first.customers.toLocaleString('en-US')} customers with ${EVENTS_PER_CUSTOMER} events each) drained by sendDue loops to a local receiver answering 204, in turns\n`,
    );
    console.log(
      '| run | deliveries/s | wall s | leased per round | CPU/delivery: bench process | PostgreSQL | its database | receiver | outcome | load before · CPU to other work |',
    );
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
    for (const r of drain) {
      const outcome = Object.entries(r.outcome)
        .map(([what, n]) => `${what} ${n.toLocaleString('en-US')}`)
        .join(', ');
      const postgres = r.embedded ? '—' : ms(r.cpu.postgres);
      const backends = r.embedded ? '—' : ms(r.cpu.backends);
      console.log(
        `| ${r.name} | ${r.perSecond.toLocaleString('en-US')} | ${(r.wallMs / 1000).toFixed(1)} | ${r.leasedPerRound.toFixed(1)} | ${ms(r.cpu.bench)} ms | ${postgres} | ${backends} | ${ms(r.cpu.receiver)} | ${outcome} | ${r.load} · ${percent(r.others)} |`,
      );
    }
    const unsettled = drain.filter((r) => r.handled < r.deliveries || (r.outcome.failed ?? 0) > 0);
    if (unsettled.length > 0) console.log(`WARNING: not every delivery was delivered in: ${unsettled.map((r) => r.name).join('; ')}`);
  }
  if (calls.length > 0) {
    const withEndpoints = calls.find((r) => r.endpoints > 0);
    console.log(`\nWebhooks (2): POST /calls with ${withEndpoints?.endpoints ?? 'ten'} endpoints subscribed to call.completed vs none, in turns\n`);
    console.log(
      '| run | requests/s | p50 ms | p99 ms | statuses | CPU/request: server | PostgreSQL | its database | receiver | load generator | deliveries queued · sent during the load · pending at its end | drained after the load | load before · CPU to other work |',
    );
    console.log('|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---|---|---|');
    for (const r of calls) {
      const statuses = Object.entries(r.statusCounts)
        .map(([code, n]) => `${code}×${n}`)
        .join(' ');
      const d = r.deliveries;
      console.log(
        `| ${r.name} | ${r.requestsPerSecond.toLocaleString('en-US')} | ${r.p50Ms} | ${r.p99Ms} | ${statuses} | ${ms(r.cpu.server)} | ${ms(r.cpu.postgres)} | ${ms(r.cpu.backends)} | ${ms(r.cpu.receiver)} | ${ms(r.cpu.bench)} | ${d.queued.toLocaleString('en-US')} · ${d.sent.toLocaleString('en-US')} · ${d.pending.toLocaleString('en-US')} | ${drained(r)} | ${r.load} · ${percent(r.others)} |`,
      );
    }
    const none = calls.filter((r) => r.endpoints === 0).map((r) => r.requestsPerSecond);
    const ten = calls.filter((r) => r.endpoints > 0).map((r) => r.requestsPerSecond);
    const pairs = ten.map((rate, i) => (rate / (none[i] ?? Number.NaN)).toFixed(2)).join(', ');
    console.log(`\nratio (endpoints)/(none): ${(median(ten) / median(none)).toFixed(2)} of the medians; per pair ${pairs} (target ≥ 0.90)`);
    const failing = calls.filter((r) => r.non2xx > 0 || (r.statusCounts['201'] ?? 0) === 0);
    if (failing.length > 0) console.log(`WARNING: non-2xx answers under load: ${failing.map((r) => r.name).join(', ')}`);
    for (const r of calls) {
      if (!r.activity) continue;
      const top = [...r.activity.seen].sort((a, b) => b[1] - a[1]).slice(0, 15);
      console.log(`\npg_stat_activity, ${r.name}: ${r.activity.samples} samples; backends not idle, on average per sample\n`);
      console.log('| backends | state · wait event · statement |');
      console.log('|---:|---|');
      for (const [key, n] of top) console.log(`| ${(n / r.activity.samples).toFixed(2)} | ${key.replaceAll('|', '\\|')} |`);
    }
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printWebhooks(await runWebhookBench(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'));
}
