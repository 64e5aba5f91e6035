/**
 * Dispatch throughput (issue "Speed"): 100,000 call tasks due at the same instant, across many
 * customers, companies and zones, dispatched by Callwise's own dispatcher loops to an in-process
 * fake provider (the built-in simulator, which answers at once) with the dial-time compliance
 * re-check of every task — side by side, in turns, with graphile-worker running 100,000 no-op jobs
 * on the same PostgreSQL server. Each measurement gets a fresh database.
 *
 * The simulator is the fake provider: it keeps the figure about Callwise (claim, re-check, lease,
 * agent context, recording the dial), not about an HTTP client. Its calls last an hour, so no
 * lease expires and no outcome is recorded while the bench runs: the work measured is "due task →
 * handed to the provider", as graphile-worker's is "due job → handed to its task function".
 *
 * The services' clock is shifted to a fixed Wednesday, 17:30 UTC (13:30 in New York, 10:30 in
 * Los Angeles), so that the run does the same compliance work whatever the hour it is started.
 * One customer in fifty lives in Honolulu, where it is 07:30: the re-check must move that task to
 * the next lawful instant instead of dialling it.
 *
 * Environment (beside run.ts's BENCH_DATABASE_URL): BENCH_DISPATCH_TASKS (default 100000),
 * BENCH_DISPATCH_TURNS (A/B pairs, default 2), BENCH_DISPATCHERS (dispatcher loops, default 4),
 * BENCH_DISPATCH_BATCH (tasks per claim; default: the dispatcher's own, 100),
 * BENCH_WORKER_CONCURRENCY (graphile-worker's concurrentJobs, default 10), BENCH_DISPATCH_MAX_S (the
 * longest one measurement may take, default 60).
 */
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { Logger, makeWorkerUtils, run as runWorker } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import { Dispatcher } from '../src/dispatcher.ts';
import { Keyring } from '../src/security/encryption.ts';
import { createServices } from '../src/services/index.ts';
import { openDatabase } from '../src/store/database.ts';
import { migrateToLatest } from '../src/store/migrations/index.ts';
import { sampleCpu, type CpuSample } from './cpu-time.ts';
import { withFreshDatabase } from './fresh-database.ts';

/** The instant every task is due at, as the services' clock reads it when the loops start. */
const DUE_AT = Date.UTC(2026, 2, 18, 17, 30);
/** The simulator's limit on calls in flight per company: tasks are spread over enough companies. */
const CALLS_PER_COMPANY = 10_000;
/** Every tenth-of-a-second the bench asks whether the work is done; both sides alike. */
const POLL_MS = 100;
/**
 * A run that has not finished by then is stopped and reported as unfinished, its rate taken over
 * what it handled: the bench stays within minutes however slow a side is.
 */
const GIVE_UP_MS = Number(process.env.BENCH_DISPATCH_MAX_S ?? 60) * 1000;

/** Where customers live: ZIP, state, zone and an area code of that zone, so every fact agrees. */
const LAWFUL_PLACES = [
  { zip: '10001', state: 'NY', zone: 'America/New_York', area: '212' },
  { zip: '02134', state: 'MA', zone: 'America/New_York', area: '617' },
  { zip: '60601', state: 'IL', zone: 'America/Chicago', area: '312' },
  { zip: '75201', state: 'TX', zone: 'America/Chicago', area: '214' },
  { zip: '80202', state: 'CO', zone: 'America/Denver', area: '303' },
  { zip: '85004', state: 'AZ', zone: 'America/Phoenix', area: '602' },
  { zip: '94102', state: 'CA', zone: 'America/Los_Angeles', area: '415' },
  { zip: '98101', state: 'WA', zone: 'America/Los_Angeles', area: '206' },
] as const;
const TOO_EARLY = { zip: '96813', state: 'HI', zone: 'Pacific/Honolulu', area: '808' } as const;
const PLACES = [...LAWFUL_PLACES, TOO_EARLY];

export interface Measurement {
  readonly name: string;
  readonly units: number;
  /** Units handed over (dialled, moved or skipped; a job run) before the end of the measurement. */
  readonly handled: number;
  readonly wallMs: number;
  readonly perSecond: number;
  readonly p50LagMs: number;
  readonly p99LagMs: number;
  /** CPU milliseconds per unit handled: this process (the dispatchers or the worker) and every postgres process. */
  readonly cpu: { readonly processMs: number; readonly postgresMs: number };
  /** What became of the units (dialled, moved, skipped, not handled / completed). */
  readonly outcome: Record<string, number>;
}

const silent = new Logger(() => () => {});

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

function cpuPerUnit(before: CpuSample, after: CpuSample, units: number) {
  return { processMs: (after.serverMs - before.serverMs) / units, postgresMs: (after.postgresMs - before.postgresMs) / units };
}

async function until(done: () => Promise<boolean>): Promise<boolean> {
  const deadline = performance.now() + GIVE_UP_MS;
  while (!(await done())) {
    if (performance.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}

/**
 * Customers and their one due task each, written with two INSERT … SELECT statements: what the
 * dial-time check reads (ZIP, state, zone, number, stops) is on the rows, as planning leaves it.
 */
async function seed(url: string, companyIds: readonly string[], tasks: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const place = `case when i % 50 = 49 then ${LAWFUL_PLACES.length + 1} else i % ${LAWFUL_PLACES.length} + 1 end`;
    const params = [
      companyIds,
      PLACES.map((p) => p.zip),
      PLACES.map((p) => p.state),
      PLACES.map((p) => p.zone),
      PLACES.map((p) => p.area),
      tasks,
      CALLS_PER_COMPANY,
    ];
    await client.query(
      `insert into customers (company_id, id, first_name, last_name, timezone, phone_number, state, zip_code, task_type)
       select ($1::text[])[i / $7 + 1], 'bench-' || i, 'Ana', 'Reyes', ($4::text[])[p], '+1' || ($5::text[])[p] || (2000000 + i),
              ($3::text[])[p], ($2::text[])[p], 'collections'
       from generate_series(0, $6::int - 1) i, lateral (select ${place} as p) x`,
      params,
    );
    const explanation = JSON.stringify({ label: 'Attempt 1', preferred: DUE_AT, at: DUE_AT, pastPreferred: false, reasons: [] });
    await client.query(
      `insert into call_tasks (company_id, id, customer_id, phone_number, scheduled_for, not_after, status, is_test, consented, kind,
                               explanation, created_at, updated_at)
       select c.company_id, 'bench-task-' || substr(c.id, 7), c.id, c.phone_number, $1, $2, 'scheduled', false, false, 'cadence', $3, $1, $1
       from customers c where c.id like 'bench-%'`,
      [new Date(DUE_AT), new Date(DUE_AT + 14 * 86_400_000), explanation],
    );
    await client.query('analyze');
  } finally {
    await client.end();
  }
}

/** (A) Callwise: every due task claimed, re-checked, leased and dialled by `loops` dispatcher loops. */
async function measureDispatch(url: string, tasks: number, loops: number): Promise<Measurement> {
  const database = await openDatabase({ databaseUrl: url, poolSize: 10 });
  await migrateToLatest(database.db);
  let offset = 0;
  const services = createServices(database, Keyring.parse(Keyring.generateKey()), { clock: () => new Date(Date.now() + offset) });
  const companyIds: string[] = [];
  for (let k = 0; k * CALLS_PER_COMPANY < tasks; k++) {
    const { id } = await services.companies.createCompany(`Bench Lender ${k + 1}`, { taskTypes: ['collections'] });
    await services.dialers.configure(id, { kind: 'simulator', concurrency: CALLS_PER_COMPANY, callMs: 3_600_000 });
    companyIds.push(id);
  }
  await seed(url, companyIds, tasks);

  const log = { warn: (obj: object, msg?: string) => console.error(`dispatcher: ${msg ?? ''} ${JSON.stringify(obj)}`) };
  const batch = process.env.BENCH_DISPATCH_BATCH;
  const dispatchers = Array.from(
    { length: loops },
    () => new Dispatcher(services.dispatch, services.providerWebhooks, database, log, batch ? { batchSize: Number(batch) } : {}),
  );
  const cpuBefore = sampleCpu(process.pid);
  const started = performance.now();
  // From here the clock reads DUE_AT: every task is due this instant.
  offset = DUE_AT - Date.now();
  for (const dispatcher of dispatchers) dispatcher.start();
  const finished = await until(async () => {
    // One row or none, from the due index: counting them all ten times a second would compete.
    const due = await database.db
      .selectFrom('call_tasks')
      .select('id')
      .where('status', '=', 'scheduled')
      .where('scheduled_for', '<=', new Date(DUE_AT))
      .limit(1)
      .execute();
    return due.length === 0;
  });
  // Stopping waits for the calls being placed and their answers being recorded.
  await Promise.all(dispatchers.map((d) => d.stop()));
  const wallMs = performance.now() - started;
  const cpuAfter = sampleCpu(process.pid);

  // Every seeded task, by what became of it, and how long after it came due it was dialled
  // (the "dialled" event of its life, stamped by the same shifted clock as its due time).
  const rows = await database.db
    .selectFrom('call_tasks')
    .select((eb) => [
      eb
        .case()
        .when(eb.and([eb('status', 'in', ['dispatched', 'completed']), eb('provider_call_id', 'is not', null)]))
        .then('dialled')
        .when(eb.and([eb('status', '=', 'scheduled'), eb('scheduled_for', '>', new Date(DUE_AT))]))
        .then('moved to a later lawful time')
        .when('status', '=', 'skipped')
        .then('skipped')
        .else('NOT HANDLED')
        .end()
        .as('fate'),
      sql<number | null>`(select extract(epoch from min((e->>'at')::timestamptz) - ${new Date(DUE_AT)}) * 1000
                          from jsonb_array_elements(life) e where e->>'event' = 'dialled')`.as('lag_ms'),
    ])
    .where('id', 'like', 'bench-task-%')
    .execute();
  await database.close();

  const outcome: Record<string, number> = {};
  const lags: number[] = [];
  for (const row of rows) {
    outcome[row.fate] = (outcome[row.fate] ?? 0) + 1;
    if (row.lag_ms !== null) lags.push(Number(row.lag_ms));
  }
  const notHandled = outcome['NOT HANDLED'] ?? 0;
  if (!finished) {
    delete outcome['NOT HANDLED'];
    outcome[`NOT HANDLED within ${GIVE_UP_MS / 1000} s`] = notHandled;
  }
  const handled = tasks - notHandled;
  const cpu = cpuPerUnit(cpuBefore, cpuAfter, handled);
  const sorted = Float64Array.from(lags).sort();
  return {
    name: `(A) Callwise dispatch, ${loops} dispatcher loops, simulator provider, dial-time re-check`,
    units: tasks,
    handled,
    wallMs,
    perSecond: Math.round(handled / (wallMs / 1000)),
    p50LagMs: Math.round(percentile(sorted, 0.5)),
    p99LagMs: Math.round(percentile(sorted, 0.99)),
    cpu,
    outcome,
  };
}

/** (B) graphile-worker: the same number of no-op jobs, added in one batch, run to completion. */
async function measureGraphileWorker(url: string, jobs: number, concurrency: number): Promise<Measurement> {
  const utils = await makeWorkerUtils({ connectionString: url, logger: silent });
  await utils.migrate();
  await utils.addJobs(Array.from({ length: jobs }, (_, i) => ({ identifier: 'noop', payload: { i } })));
  await utils.release();

  const lags = new Float64Array(jobs);
  let ran = 0;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const cpuBefore = sampleCpu(process.pid);
  const started = performance.now();
  const runner = await runWorker({
    connectionString: url,
    concurrency,
    maxPoolSize: Math.max(10, concurrency + 2),
    noHandleSignals: true,
    logger: silent,
    taskList: {
      noop: async () => {
        if (ran < jobs) lags[ran++] = performance.now() - started;
      },
    },
  });
  // Done when the last job's completion is committed: graphile-worker deletes completed jobs.
  const finished = await until(
    async () => (await client.query<{ left: boolean }>('select exists (select 1 from graphile_worker._private_jobs) as left')).rows[0]!.left === false,
  );
  const wallMs = performance.now() - started;
  const cpu = cpuPerUnit(cpuBefore, sampleCpu(process.pid), ran);
  await runner.stop();
  await client.end();
  const sorted = lags.subarray(0, ran).sort();
  return {
    name: `(B) graphile-worker, concurrency ${concurrency}, no-op jobs`,
    units: jobs,
    handled: ran,
    wallMs,
    perSecond: Math.round(ran / (wallMs / 1000)),
    p50LagMs: Math.round(percentile(sorted, 0.5)),
    p99LagMs: Math.round(percentile(sorted, 0.99)),
    cpu,
    outcome: finished ? { completed: ran } : { run: ran, [`NOT HANDLED within ${GIVE_UP_MS / 1000} s`]: jobs - ran },
  };
}

/** A/B/A/B…: both on the same PostgreSQL server, each measurement in a fresh database. */
export async function runDispatchBench(adminUrl: string): Promise<Measurement[]> {
  const units = Number(process.env.BENCH_DISPATCH_TASKS ?? 100_000);
  const turns = Number(process.env.BENCH_DISPATCH_TURNS ?? 2);
  const loops = Number(process.env.BENCH_DISPATCHERS ?? 4);
  const concurrency = Number(process.env.BENCH_WORKER_CONCURRENCY ?? 10);
  const results: Measurement[] = [];
  for (let turn = 0; turn < turns; turn++) {
    results.push(await withFreshDatabase(adminUrl, (url) => measureDispatch(url, units, loops)));
    results.push(await withFreshDatabase(adminUrl, (url) => measureGraphileWorker(url, units, concurrency)));
  }
  return results;
}

export function printDispatch(results: readonly Measurement[]): void {
  const n = results[0]?.units.toLocaleString('en-US') ?? '0';
  console.log(`\nDispatch: ${n} tasks due at one instant vs graphile-worker running ${n} no-op jobs (in turns)\n`);
  console.log('| run | per second | wall s | p50 lag ms | p99 lag ms | CPU/unit: this process | PostgreSQL | outcome |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of results) {
    const outcome = Object.entries(r.outcome)
      .map(([fate, count]) => `${fate} ${count.toLocaleString('en-US')}`)
      .join(', ');
    console.log(
      `| ${r.name} | ${r.perSecond.toLocaleString('en-US')} | ${(r.wallMs / 1000).toFixed(1)} | ${r.p50LagMs} | ${r.p99LagMs} | ${r.cpu.processMs.toFixed(3)} ms | ${r.cpu.postgresMs.toFixed(3)} ms | ${outcome} |`,
    );
  }
  const median = (side: string) => {
    const rates = results
      .filter((r) => r.name.startsWith(side))
      .map((r) => r.perSecond)
      .sort((a, b) => a - b);
    return rates[Math.floor(rates.length / 2)] ?? Number.NaN;
  };
  console.log(`\nratio (A)/(B): ${(median('(A)') / median('(B)')).toFixed(2)} (target ≥ 1: at least graphile-worker's rate while doing the compliance work)`);
  const unhandled = results.filter((r) => Object.keys(r.outcome).some((fate) => fate.startsWith('NOT HANDLED')));
  if (unhandled.length > 0) console.log(`WARNING: not every task was handed over or rescheduled in: ${unhandled.map((r) => r.name).join('; ')}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printDispatch(await runDispatchBench(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'));
}
