/**
 * What the webhook benches share (webhooks.ts, webhook-calls-interleaved.ts): the Callwise server's
 * bench settings, the lender's receiver in a process of its own, CPU readings from /proc, and the
 * customers, endpoints and calls they send through the API.
 */
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type pg from 'pg';
import { backendsCpuMs, backendsOf, machineBusyMs, sampleCpu } from './cpu-time.ts';
import { customerBody, startServer } from './http-load.ts';

export const API_KEY = 'cw_bench_key_0123456789abcdefghij';
export const CALLWISE_ENV = {
  CALLWISE_BOOTSTRAP_API_KEY: API_KEY,
  CALLWISE_ENCRYPTION_KEY: 'Zm9yLWJlbmNobWFya3Mtb25seS0zMi1ieXRlcy1rZXk=',
  RATE_LIMIT_PER_MINUTE: '0',
  LOG_LEVEL: 'silent',
};

/** Something still to send: a pending delivery, or an event not fanned out yet. */
export const ANY_PENDING = `(exists (select 1 from webhook_deliveries where status = 'pending') or exists (select 1 from webhook_events where fan_out_to is not null))`;

/** Consecutive requests go to customers this far apart; a prime, so every customer gets one call in each round of as many requests. */
const SPREAD = 7_919;
/** The calls POST /calls records, in turn: mostly unanswered, some voicemail, one conversation in five. */
const CALLS = [
  { outcome: 'no_answer', flags: ['NO_ANSWER'] },
  { outcome: 'no_answer', flags: ['NO_ANSWER'] },
  { outcome: 'voicemail', flags: ['VOICEMAIL', 'MESSAGE_LEFT'] },
  { outcome: 'no_answer', flags: ['NO_ANSWER'] },
  { outcome: 'conversation', flags: ['RPC'] },
] as const;

/** CPU milliseconds per unit of work. */
export interface CpuPerUnit {
  /** This process: the sender loops of a drain, or the load generator of a load through the API. */
  readonly bench: number;
  /** The server process (a load through the API only). */
  readonly server: number;
  /** Every `postgres` process on the machine. */
  readonly postgres: number;
  /** The backends of the measurement's database only. */
  readonly backends: number;
  readonly receiver: number;
}

export interface Receiver {
  readonly url: string;
  readonly pid: number;
  received(): Promise<number>;
  close(): Promise<void>;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function startReceiver(): Promise<Receiver> {
  const { child, port } = await startServer('bench/servers/webhook-receiver.ts', {});
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    pid: child.pid!,
    received: async () => ((await (await fetch(url)).json()) as { received: number }).received,
    close: () => stop(child),
  };
}

interface CpuReading {
  readonly at: number;
  readonly machine: number;
  readonly bench: number;
  readonly server: number;
  readonly postgres: number;
  readonly backends: ReadonlyMap<number, number>;
  readonly receiver: number;
}

export function readCpu(receiverPid: number, serverPid: number | undefined, database: string | undefined): CpuReading {
  const withReceiver = sampleCpu(receiverPid);
  return {
    at: performance.now(),
    machine: machineBusyMs(),
    bench: withReceiver.loadGeneratorMs,
    server: serverPid === undefined ? 0 : sampleCpu(serverPid).serverMs,
    postgres: withReceiver.postgresMs,
    backends: database === undefined ? new Map() : backendsOf(database),
    receiver: withReceiver.serverMs,
  };
}

/**
 * The share of the machine's CPU (all its cores) that went to anything but this measurement —
 * other work on a shared machine, PostgreSQL's background processes — between two readings.
 */
export function othersShare(before: CpuReading, after: CpuReading): number {
  const ours =
    after.bench - before.bench + (after.server - before.server) + (after.receiver - before.receiver) + backendsCpuMs(before.backends, after.backends);
  return (after.machine - before.machine - ours) / ((after.at - before.at) * os.availableParallelism());
}

export function cpuPerUnit(before: CpuReading, after: CpuReading, units: number): CpuPerUnit {
  const per = (ms: number) => (units > 0 ? ms / units : Number.NaN);
  return {
    bench: per(after.bench - before.bench),
    server: per(after.server - before.server),
    postgres: per(after.postgres - before.postgres),
    backends: per(backendsCpuMs(before.backends, after.backends)),
    receiver: per(after.receiver - before.receiver),
  };
}

export const databaseOf = (url: string) => new URL(url).pathname.slice(1);

const customerId = (n: number) => `cust-${n}`;

/** `customers` customers of the bootstrap company through POST /customers, each with its plan. */
export async function createCustomers(base: string, customers: number, connections: number): Promise<string[]> {
  const phones: string[] = [];
  let next = 0;
  const result = await autocannon({
    url: base,
    connections,
    amount: customers,
    requests: [
      {
        method: 'POST',
        path: '/customers',
        headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
        setupRequest: (request) => {
          const n = next++;
          const body = customerBody(customerId(n), n);
          phones[n] = body.phoneNumber as string;
          return { ...request, body: JSON.stringify(body) };
        },
      },
    ],
  });
  if (result.non2xx > 0 || result.errors > 0 || phones.length < customers) {
    throw new Error(`creating ${customers} customers: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  }
  return phones;
}

/** The n-th call of a load: for the next customer of the spread, stamped within the 5 minutes before now. */
function callRequestBody(n: number, phones: readonly string[]): Record<string, unknown> {
  const c = (n * SPREAD) % phones.length;
  return {
    customerId: customerId(c),
    toPhoneNumber: phones[c],
    timestamp: new Date(Date.now() - ((n * 7) % 300) * 1000).toISOString(),
    direction: 'outbound',
    ...CALLS[n % CALLS.length],
    durationSeconds: 20 + (n % 160),
  };
}

export async function registerEndpoint(base: string, url: string): Promise<string> {
  const response = await fetch(`${base}/webhook-endpoints`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
    body: JSON.stringify({ url, eventTypes: ['call.completed'] }),
  });
  if (response.status !== 201) throw new Error(`POST /webhook-endpoints answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { endpoint: { id: string } }).endpoint.id;
}

/**
 * A load of POST /calls on the server at `base`: each call for the next customer of the spread,
 * counting on from one load of the same `callsLoad` to the next.
 */
export function callsLoad(base: string, phones: readonly string[], connections: number): (seconds: number) => Promise<autocannon.Result> {
  let counter = 0;
  return (seconds) =>
    autocannon({
      url: base,
      connections,
      duration: seconds,
      requests: [
        {
          method: 'POST',
          path: '/calls',
          headers: { 'content-type': 'application/json', 'x-api-key': API_KEY },
          setupRequest: (request) => ({ ...request, body: JSON.stringify(callRequestBody(counter++, phones)) }),
        },
      ],
    });
}

/** Waits, up to `maxMs`, until nothing is left to send; how long that took and whether it happened. */
export async function waitUntilSent(client: pg.Client, maxMs: number): Promise<{ ms: number; drained: boolean }> {
  const started = performance.now();
  while (performance.now() - started < maxMs) {
    const { rows } = await client.query<{ any: boolean }>(`select ${ANY_PENDING} as any`);
    if (rows[0]!.any === false) return { ms: performance.now() - started, drained: true };
    await sleep(200);
  }
  return { ms: performance.now() - started, drained: false };
}
