/**
 * `npm run bench`: every performance figure of Callwise in one invocation on one machine.
 *
 * 1. Pure parts on one core: reference lookups, compliance decisions, schedule planning, reading
 *    a JSON request body.
 * 2. POST /customers under load (autocannon, BENCH_CONNECTIONS connections for BENCH_DURATION
 *    seconds, unique ids), each server in its own process against its own fresh database:
 *    (a) the naive reference — Fastify + one INSERT, no validation, no planning — on PostgreSQL;
 *    (b) Callwise's full POST /customers on the same PostgreSQL, one process, and (b') with one
 *        worker process per CPU (CALLWISE_WORKERS=auto);
 *    (c) Callwise on the embedded PGlite database.
 *
 *    It prints requests/s, p50/p99 latency, peak RSS, CPU time per request (server, PostgreSQL,
 *    load generator) and the ratio (b)/(a).
 *
 *    Callwise runs without its dispatcher here (DISPATCHER=off; BENCH_DISPATCHER=on keeps it). The
 *    demo company's calls are placed by the built-in simulator, and a created customer's first
 *    attempt is due at once only inside the borrower's calling hours: with the dispatcher on, each
 *    create also dials a call when the bench runs during those hours in the sample's time zones and
 *    none when it runs outside them, so the figure would depend on the hour it was taken.
 *    Dispatch has a bench of its own (4).
 * 3. The embedded default's footprint (footprint.ts): time to ready and idle memory on the first
 *    start and on a restart.
 * 4. Dispatch (dispatch.ts): 100,000 tasks due at one instant dispatched with the dial-time
 *    re-check, in turns with graphile-worker running as many no-op jobs on the same PostgreSQL.
 * 5. Lender webhooks (webhooks.ts): deliveries per second drained by the real sender to a local
 *    receiver, and POST /calls with ten endpoints subscribed vs none, in turns; then the same
 *    comparison interleaved on one server (webhook-calls-interleaved.ts), the steadier figure.
 * 6. Bulk import (bulk.ts): `callwise import` of 100,000 and 1,000,000 sample rows vs a raw COPY
 *    of the very rows it wrote, on PostgreSQL and on PGlite (BENCH_BULK_ROWS, BENCH_BULK_DATABASES).
 * 7. The console (console.ts): the customers list, a search and a customer's page in Chromium, from
 *    navigation to rendered, on an embedded database of 100,000 customers.
 *
 * Environment: BENCH_DATABASE_URL (a PostgreSQL server URL whose user may create databases;
 * default postgres://postgres@127.0.0.1:5432/test), BENCH_DURATION (default 20), BENCH_CONNECTIONS
 * (default 50), BENCH_ONLY=micro|http|footprint|dispatch|webhooks|bulk|console to run one part, BENCH_SERVERS (a comma-separated subset of
 * naive, postgres, workers, embedded; default all), BENCH_IDEMPOTENCY_KEYS=1 to send a fresh
 * Idempotency-Key with every request (the naive server ignores it).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runLoad, type LoadResult } from './http-load.ts';
import { benchStartCommand } from './start-command.ts';
import referenceBench from './reference.ts';
import complianceBench from './compliance.ts';
import planningBench from './planning.ts';
import { measureFootprint, printFootprint } from './footprint.ts';
import jsonBodyBench from './json-body.ts';
import { withFreshDatabase as freshDatabase } from './fresh-database.ts';
import { printDispatch, runDispatchBench } from './dispatch.ts';
import { printInterleavedCalls, runInterleavedCalls } from './webhook-calls-interleaved.ts';
import { printWebhooks, runWebhookBench } from './webhooks.ts';
import { printBulk, runBulkBench } from './bulk.ts';
import { printConsole, runConsoleBench } from './console.ts';

const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const duration = Number(process.env.BENCH_DURATION ?? 20);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const only = process.env.BENCH_ONLY;
const idempotencyKeys = process.env.BENCH_IDEMPOTENCY_KEYS === '1';
const SERVERS = ['naive', 'postgres', 'workers', 'embedded'] as const;
type Server = (typeof SERVERS)[number];
const servers = (process.env.BENCH_SERVERS ?? SERVERS.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = servers.filter((name) => !(SERVERS as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(`BENCH_SERVERS: unknown server ${unknown.join(', ')} (known: ${SERVERS.join(', ')})`);
  process.exit(2);
}
const API_KEY = 'cw_bench_key_0123456789abcdefghij';
const withFreshDatabase = <T>(work: (url: string) => Promise<T>) => freshDatabase(adminUrl, work);

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

function printLoad(rows: LoadResult[]): void {
  console.log('\n| server | requests/s | p50 ms | p99 ms | peak RSS MB | statuses |');
  console.log('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const statuses = Object.entries(r.statusCounts)
      .map(([code, n]) => `${code}×${n}`)
      .join(' ');
    console.log(`| ${r.name} | ${r.requestsPerSecond} | ${r.p50Ms} | ${r.p99Ms} | ${r.peakRssMb} | ${statuses} |`);
  }
  const ms = (value: number) => value.toFixed(2);
  console.log('\nCPU time per request (ms), over the whole load:\n');
  console.log('| server | server process(es) | PostgreSQL | load generator | total |');
  console.log('|---|---:|---:|---:|---:|');
  for (const { name, cpu } of rows) {
    console.log(
      `| ${name} | ${ms(cpu.serverMs)} | ${ms(cpu.postgresMs)} | ${ms(cpu.loadGeneratorMs)} | ${ms(cpu.serverMs + cpu.postgresMs + cpu.loadGeneratorMs)} |`,
    );
  }
}

console.log(`Callwise benchmark — ${new Date().toISOString()}`);
console.log(`machine: ${machine()}`);

if (only === undefined || only === 'micro') {
  console.log('\n| pure part (one core) | value | target |');
  console.log('|---|---:|---|');
  for (const bench of [referenceBench, complianceBench, planningBench, jsonBodyBench]) {
    for (const row of await bench()) console.log(`| ${row.name} | ${row.value.toLocaleString('en-US')} ${row.unit} | ${row.target ?? ''} |`);
  }
}

if (only === undefined || only === 'http') {
  console.log(
    `\nPOST /customers, ${connections} connections, ${duration} s each, unique ids${idempotencyKeys ? ', an Idempotency-Key on every request' : ''}, dispatcher ${process.env.BENCH_DISPATCHER ?? 'off'}`,
  );
  const common = { connections, durationSeconds: duration, idempotencyKeys };
  const callwiseEnv = {
    CALLWISE_BOOTSTRAP_API_KEY: API_KEY,
    CALLWISE_ENCRYPTION_KEY: 'Zm9yLWJlbmNobWFya3Mtb25seS0zMi1ieXRlcy1rZXk=',
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'silent',
    DISPATCHER: process.env.BENCH_DISPATCHER ?? 'off',
  };
  // Callwise runs as `npm start` runs it (its variables and Node options); the naive server as plain node.
  const { env: startEnv, nodeArgs: startNodeArgs } = benchStartCommand(fileURLToPath(new URL('..', import.meta.url)));
  const runtime = { env: startEnv, nodeArgs: startNodeArgs };
  const run = (server: Server) => servers.includes(server);
  const naive = run('naive')
    ? await withFreshDatabase((url) =>
        runLoad({
          ...common,
          name: '(a) naive reference, PostgreSQL',
          script: 'bench/servers/naive.ts',
          env: { DATABASE_URL: url },
          idPrefix: 'naive',
        }),
      )
    : undefined;
  const full = run('postgres')
    ? await withFreshDatabase((url) =>
        runLoad({
          ...common,
          name: '(b) Callwise, PostgreSQL, one process',
          script: 'bench/servers/callwise.ts',
          env: { ...callwiseEnv, DATABASE_URL: url },
          apiKey: API_KEY,
          idPrefix: 'full',
          runtime,
        }),
      )
    : undefined;
  // As an operator would run it on this machine: one worker process per CPU (CALLWISE_WORKERS=auto).
  const workers = os.availableParallelism();
  const clustered =
    run('workers') && workers > 1
      ? await withFreshDatabase((url) =>
          runLoad({
            ...common,
            name: `(b') Callwise, PostgreSQL, ${workers} worker processes`,
            script: 'bench/servers/callwise.ts',
            env: { ...callwiseEnv, DATABASE_URL: url, CALLWISE_WORKERS: 'auto' },
            apiKey: API_KEY,
            idPrefix: 'clustered',
            runtime,
          }),
        )
      : undefined;
  let embedded: LoadResult | undefined;
  if (run('embedded')) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'callwise-bench-'));
    try {
      embedded = await runLoad({
        ...common,
        name: '(c) Callwise, embedded PGlite',
        script: 'bench/servers/callwise.ts',
        env: { ...callwiseEnv, DATA_DIR: dataDir, DATABASE_URL: '' },
        apiKey: API_KEY,
        idPrefix: 'embedded',
        runtime,
      });
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  const results = [naive, full, clustered, embedded].filter((r): r is LoadResult => r !== undefined);
  printLoad(results);
  if (naive && full) {
    const ratio = full.requestsPerSecond / naive.requestsPerSecond;
    console.log(`\nratio (b)/(a): ${ratio.toFixed(2)} (target ≥ 1.5; (b) p99 ${full.p99Ms} ms, target ≤ 50 ms)`);
  }
  if (naive && clustered) {
    console.log(`ratio (b')/(a): ${(clustered.requestsPerSecond / naive.requestsPerSecond).toFixed(2)} ((b') p99 ${clustered.p99Ms} ms)`);
  }
  if (embedded) console.log(`embedded: ${embedded.requestsPerSecond} customers/s (target ≥ 1,500)`);
  const failures = results.filter((r) => r !== naive && ((r.statusCounts['201'] ?? 0) === 0 || r.non2xx > 0));
  if (failures.length > 0) console.log(`WARNING: non-2xx answers under load: ${failures.map((f) => f.name).join(', ')}`);
}

if (only === undefined || only === 'footprint') printFootprint(await measureFootprint());

if (only === undefined || only === 'dispatch') printDispatch(await runDispatchBench(adminUrl));

if (only === undefined || only === 'webhooks') {
  printWebhooks(await runWebhookBench(adminUrl));
  printInterleavedCalls(await runInterleavedCalls(adminUrl));
}

if (only === undefined || only === 'bulk') printBulk(await runBulkBench(adminUrl));

if (only === undefined || only === 'console') printConsole(await runConsoleBench());
