/**
 * POST /calls with ten endpoints subscribed vs none, interleaved on one server and one database:
 * the comparison of webhooks.ts (2) without the drift between its runs.
 *
 * webhooks.ts (2) measures each side on its own server and fresh database, a minute apart; on a
 * shared machine whose speed drifts by half within an hour, single pairs there range from 0.6 to
 * 1.06. Here one server (DISPATCHER=off, NODE_ENV=development for the loopback receiver) gets
 * BENCH_WEBHOOK_CUSTOMERS customers and ten endpoints subscribed to call.completed once, then
 * alternates short loads in the order none, ten, ten, none (so that a steady drift weighs on both
 * sides alike), BENCH_WEBHOOK_CYCLES times:
 *
 * - "none": every endpoint disabled (PATCH enabled=false). An event then lists no endpoint and is
 *   written already fanned out, as with no endpoint at all; the sender has nothing to do.
 * - "ten": every endpoint enabled. The server's sender sends while the load runs, as it would in
 *   production; after the load the bench waits until the backlog is sent (up to
 *   BENCH_WEBHOOK_DRAIN_MAX_S, default 300), so that the next load starts with nothing owed.
 *
 * A first load of 10 s (or one slice, if longer), not counted, warms the server up. The figure is the ratio of
 * the sums of requests (ten over none: both sides ran equally long), and one ratio per cycle.
 * Environment: BENCH_WEBHOOK_SLICE_S (one load, default 5), BENCH_WEBHOOK_CYCLES (default 4),
 * BENCH_WEBHOOK_CUSTOMERS (default 10000), BENCH_CONNECTIONS (default 50), BENCH_DATABASE_URL.
 * Run alone with `node bench/webhook-calls-interleaved.ts`.
 */
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { withFreshDatabase } from './fresh-database.ts';
import { startServer } from './http-load.ts';
import {
  API_KEY,
  CALLWISE_ENV,
  callsLoad,
  cpuPerUnit,
  createCustomers,
  databaseOf,
  readCpu,
  registerEndpoint,
  startReceiver,
  stop,
  waitUntilSent,
  type CpuPerUnit,
} from './webhook-bench-kit.ts';

const ENDPOINTS = 10;
/** The first load, not counted: long enough for the server's code to be optimised. */
const WARM_UP_SECONDS = 10;
const ORDER = ['none', 'ten', 'ten', 'none'] as const;

type Side = (typeof ORDER)[number];

export interface Slice {
  readonly cycle: number;
  readonly side: Side;
  readonly requests: number;
  readonly non2xx: number;
  readonly p99Ms: number;
  readonly cpu: CpuPerUnit;
  /** Deliveries the receiver got during the load ("ten" only). */
  readonly sentDuring: number;
  /** How long the backlog took to send after the load ("ten" only). */
  readonly drainMs: number | undefined;
}

async function setEnabled(base: string, ids: readonly string[], enabled: boolean): Promise<void> {
  for (const id of ids) {
    const response = await fetch(`${base}/webhook-endpoints/${id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
      body: JSON.stringify({ enabled }),
    });
    if (response.status !== 200) throw new Error(`PATCH /webhook-endpoints/${id} answered ${response.status}: ${await response.text()}`);
  }
}

export async function runInterleavedCalls(adminUrl: string): Promise<Slice[]> {
  const sliceSeconds = Number(process.env.BENCH_WEBHOOK_SLICE_S ?? 5);
  const cycles = Number(process.env.BENCH_WEBHOOK_CYCLES ?? 4);
  const customers = Number(process.env.BENCH_WEBHOOK_CUSTOMERS ?? 10_000);
  const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
  const drainMaxMs = Number(process.env.BENCH_WEBHOOK_DRAIN_MAX_S ?? 300) * 1000;
  const receiver = await startReceiver();
  try {
    return await withFreshDatabase(adminUrl, async (url) => {
      const { child, port } = await startServer('bench/servers/callwise.ts', {
        ...CALLWISE_ENV,
        DATABASE_URL: url,
        NODE_ENV: 'development',
        DISPATCHER: 'off',
      });
      const base = `http://127.0.0.1:${port}`;
      const client = new pg.Client({ connectionString: url });
      try {
        const phones = await createCustomers(base, customers, connections);
        const ids: string[] = [];
        for (let i = 0; i < ENDPOINTS; i++) ids.push(await registerEndpoint(base, `${receiver.url}/lender-${i + 1}`));
        await client.connect();
        await client.query('analyze');
        const load = callsLoad(base, phones, connections);
        const drain = async (): Promise<number> => {
          const { ms, drained } = await waitUntilSent(client, drainMaxMs);
          if (!drained) throw new Error(`the backlog was not sent within ${drainMaxMs / 1000} s`);
          return ms;
        };

        await setEnabled(base, ids, false);
        await load(Math.max(WARM_UP_SECONDS, sliceSeconds));
        const slices: Slice[] = [];
        for (let cycle = 1; cycle <= cycles; cycle++) {
          for (const side of ORDER) {
            await setEnabled(base, ids, side === 'ten');
            const receivedBefore = await receiver.received();
            const before = readCpu(receiver.pid, child.pid, databaseOf(url));
            const result = await load(sliceSeconds);
            const after = readCpu(receiver.pid, child.pid, databaseOf(url));
            const sentDuring = (await receiver.received()) - receivedBefore;
            const drainMs = side === 'ten' ? await drain() : undefined;
            slices.push({
              cycle,
              side,
              requests: result.requests.total,
              non2xx: result.non2xx,
              p99Ms: result.latency.p99,
              cpu: cpuPerUnit(before, after, result.requests.total),
              sentDuring,
              drainMs,
            });
          }
        }
        return slices;
      } finally {
        await client.end();
        await stop(child);
      }
    });
  } finally {
    await receiver.close();
  }
}

const sum = (slices: readonly Slice[], side: Side) => slices.filter((s) => s.side === side).reduce((total, s) => total + s.requests, 0);

export function printInterleavedCalls(slices: readonly Slice[]): void {
  const seconds = Number(process.env.BENCH_WEBHOOK_SLICE_S ?? 5);
  console.log(`\nWebhooks (3): POST /calls, ten endpoints vs none, interleaved on one server (none, ten, ten, none; ${seconds} s each)\n`);
  console.log('| cycle | side | requests/s | p99 ms | non-2xx | CPU/request: server | PostgreSQL | receiver | load generator | sent during · drained after |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
  const ms = (value: number) => value.toFixed(3);
  for (const s of slices) {
    const sending = s.side === 'ten' ? `${s.sentDuring.toLocaleString('en-US')} · ${((s.drainMs ?? 0) / 1000).toFixed(1)} s` : '—';
    console.log(
      `| ${s.cycle} | ${s.side} | ${Math.round(s.requests / seconds)} | ${s.p99Ms} | ${s.non2xx} | ${ms(s.cpu.server)} | ${ms(s.cpu.backends)} | ${ms(s.cpu.receiver)} | ${ms(s.cpu.bench)} | ${sending} |`,
    );
  }
  const cycles = [...new Set(slices.map((s) => s.cycle))];
  const perCycle = cycles.map((cycle) => {
    const own = slices.filter((s) => s.cycle === cycle);
    return sum(own, 'ten') / sum(own, 'none');
  });
  console.log(
    `\nratio ten/none: ${(sum(slices, 'ten') / sum(slices, 'none')).toFixed(2)} over all cycles; per cycle ${perCycle.map((r) => r.toFixed(2)).join(', ')} (target ≥ 0.90)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  printInterleavedCalls(await runInterleavedCalls(process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'));
}
