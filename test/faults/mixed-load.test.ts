/**
 * A mixed load of valid and invalid requests against the real, listening server (issue 6 §5):
 * creates, reads, pages, patches, deletes, calls, schedule syncs, compliance checks, replays —
 * and bad JSON, wrong types, unknown fields, oversized bodies, bad keys, duplicates, reused and
 * malformed Idempotency-Keys, unknown ids and routes, wrong content types, bad query strings.
 *
 * For CALLWISE_SOAK_SECONDS (default 60): not one 5xx, not one hang or dropped connection, every
 * request answered with the status its kind calls for, and the server's memory flat: once a
 * second the server is made to collect garbage (gc-on-signal.ts) and its VmRSS (/proc) and heap
 * (/metrics) are sampled — see assertFlat for the measure and its threshold.
 *
 * PostgreSQL (when TEST_DATABASE_URL is set) and the embedded PGlite run at the same time, each
 * against its own server process, so the file takes about the soak time once.
 */
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createPostgresDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { npmStartCommand } from '../../bench/start-command.ts';
import { METRICS_SCRAPE, ROOT, newEncryptionKey, startServer, type HttpResponse, type RequestOptions, type ServerProcess } from './server-process.ts';

const SOAK_SECONDS = Number(process.env.CALLWISE_SOAK_SECONDS || 60);
const WORKERS = 16;
/** Samples before this fraction of the run are warm-up (JIT, pools, caches, allocator arenas). */
const WARM_UP_FRACTION = 0.2;

interface Kind {
  readonly name: string;
  readonly weight: number;
  readonly expect: readonly number[];
  /** `expect` overrides the kind's for this one request; `deleteAfter` deletes the customer it creates. */
  make(): { method: string; path: string; expect?: readonly number[]; deleteAfter?: string; created?: string } & RequestOptions;
}

interface Sample {
  readonly at: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
}

/** The server collects garbage on SIGUSR2 (see gc-on-signal.ts), so each sample is live memory. */
const GC_ON_SIGNAL = ['--expose-gc', '--import', pathToFileURL(path.join(path.dirname(fileURLToPath(import.meta.url)), 'gc-on-signal.ts')).href];

/**
 * The servers run with `npm start`'s Node options and environment, as an operator runs them. Plain
 * `node` would also tier PGlite's WebAssembly up to optimised code part-way through the soak: the
 * compiler's memory, taken while the load runs and only partly given back, then reads as growth
 * (on a slow machine it spread over the whole measured window: 429 → 564 MB, then flat).
 */
const START = npmStartCommand(ROOT);
const startSoakServer = (env: Record<string, string>) => startServer({ ...START.env, ...env }, { nodeArgs: [...START.nodeArgs, ...GC_ON_SIGNAL] });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;

const LOCATIONS = [
  { timezone: 'America/New_York', state: 'NY', zipCode: '10001', phoneNumber: '+12125550143', city: 'New York' },
  { timezone: 'America/Chicago', state: 'IL', zipCode: '60601', phoneNumber: '+13125550143', city: 'Chicago' },
  { timezone: 'America/Denver', state: 'CO', zipCode: '80202', phoneNumber: '+13035550143', city: 'Denver' },
  { timezone: 'America/Los_Angeles', state: 'CA', zipCode: '94102', phoneNumber: '+14155550143', city: 'San Francisco' },
  { timezone: 'America/New_York', state: 'MA', zipCode: '02108', phoneNumber: '+16175550143', city: 'Boston' },
];

function kinds(run: string, hasCompliance: boolean): { list: Kind[]; remember: (id: string) => void } {
  let seq = 0;
  const nextId = (prefix: string) => `${run}-${prefix}-${seq++}`;
  /** Customers that exist (bounded: the load generator must not grow either). */
  const existing: string[] = [];
  const remember = (id: string) => {
    existing.push(id);
    if (existing.length > 500) existing.shift();
  };
  const keyed: Array<{ key: string; body: Record<string, unknown> }> = [];
  const valid = (id: string) =>
    customerBody({ id, ...pick(LOCATIONS), email: 'ana@example.com', birthday: '1985-06-15', ssnLastFour: '1234', loanIds: [1 + (seq % 9)] });
  const someone = () => (existing.length > 0 ? pick(existing) : `${run}-seed-0`);
  const list: Kind[] = [
    {
      name: 'create',
      weight: 14,
      expect: [201],
      make() {
        const id = nextId('c');
        return { method: 'POST', path: '/customers', body: valid(id), created: id };
      },
    },
    {
      name: 'create with Idempotency-Key',
      weight: 4,
      expect: [201],
      make() {
        const id = nextId('k');
        const entry = { key: `key-${id}`, body: valid(id) };
        keyed.push(entry);
        if (keyed.length > 200) keyed.shift();
        return { method: 'POST', path: '/customers', body: entry.body, headers: { 'idempotency-key': entry.key }, created: id };
      },
    },
    {
      // A replay of a create answered a while ago (the latest few may still be running).
      name: 'replay of a keyed create',
      weight: 3,
      expect: [201],
      make() {
        if (keyed.length <= 20)
          return { method: 'POST', path: '/customers', body: valid(nextId('r')), headers: { 'idempotency-key': `key-${run}-r-${seq++}` } };
        const entry = pick(keyed.slice(0, -20));
        return { method: 'POST', path: '/customers', body: entry.body, headers: { 'idempotency-key': entry.key } };
      },
    },
    {
      name: 'same key, other body',
      weight: 2,
      expect: [422],
      make() {
        if (keyed.length <= 20) return { method: 'POST', path: '/customers', body: valid(nextId('x')), expect: [201] };
        return { method: 'POST', path: '/customers', body: valid(nextId('x')), headers: { 'idempotency-key': keyed[0]!.key } };
      },
    },
    {
      name: 'malformed Idempotency-Key',
      weight: 1,
      expect: [400],
      make: () => ({ method: 'POST', path: '/customers', body: valid(nextId('m')), headers: { 'idempotency-key': 'has space' } }),
    },
    { name: 'duplicate id', weight: 3, expect: [409], make: () => ({ method: 'POST', path: '/customers', body: valid(`${run}-seed-0`) }) },
    { name: 'get', weight: 10, expect: [200], make: () => ({ method: 'GET', path: `/customers/${encodeURIComponent(someone())}` }) },
    {
      name: 'list page',
      weight: 5,
      expect: [200],
      make: () => ({ method: 'GET', path: `/customers?limit=${1 + Math.floor(Math.random() * 50)}${Math.random() < 0.3 ? '&test=false' : ''}` }),
    },
    { name: 'tasks', weight: 5, expect: [200], make: () => ({ method: 'GET', path: `/customers/${encodeURIComponent(someone())}/tasks` }) },
    {
      name: 'patch name',
      weight: 4,
      expect: [200],
      make: () => ({ method: 'PATCH', path: `/customers/${encodeURIComponent(someone())}`, body: { firstName: `Ana${seq++}` } }),
    },
    {
      name: 'patch address (rebuilds the plan)',
      weight: 2,
      expect: [200],
      make: () => ({ method: 'PATCH', path: `/customers/${encodeURIComponent(someone())}`, body: pick(LOCATIONS) }),
    },
    {
      name: 'create then delete',
      weight: 2,
      expect: [201],
      make() {
        const id = nextId('d');
        return { method: 'POST', path: '/customers', body: valid(id), deleteAfter: id };
      },
    },
    {
      name: 'call',
      weight: 4,
      expect: [201],
      make: () => ({
        method: 'POST',
        path: '/calls',
        body: {
          customerId: someone(),
          toPhoneNumber: '+12125550143',
          timestamp: new Date(Date.now() - 60_000).toISOString(),
          flags: [pick(['NO_ANSWER', 'VOICEMAIL'])],
        },
      }),
    },
    { name: 'schedule sync', weight: 2, expect: [200], make: () => ({ method: 'POST', path: '/customers/schedule/sync', body: valid(someone()) }) },
    { name: 'task types', weight: 1, expect: [200], make: () => ({ method: 'GET', path: '/task-types' }) },
    { name: 'readyz', weight: 1, expect: [200], make: () => ({ method: 'GET', path: '/readyz', key: null }) },
    { name: 'metrics', weight: 1, expect: [200], make: () => ({ method: 'GET', path: '/metrics', ...METRICS_SCRAPE }) },
    // Invalid requests.
    {
      name: 'bad JSON',
      weight: 3,
      expect: [400],
      make: () => ({ method: 'POST', path: '/customers', raw: pick(['{"id": ', '{"id":"a",}', 'nul', '[1,2', '{"a":1}{"b":2}', '\u0000']) }),
    },
    { name: 'empty body', weight: 1, expect: [400], make: () => ({ method: 'POST', path: '/customers', raw: '' }) },
    {
      name: 'wrong types',
      weight: 3,
      expect: [400],
      make: () => ({
        method: 'POST',
        path: '/customers',
        body: { id: 5, taskType: ['collections'], firstName: {}, doNotCall: 'yes', loanIds: 'abc', externalMetadata: [] },
      }),
    },
    { name: 'body not an object', weight: 1, expect: [400], make: () => ({ method: 'POST', path: '/customers', body: pick([[], 42, 'text', null, true]) }) },
    {
      name: 'unknown fields',
      weight: 2,
      expect: [400],
      make: () => ({ method: 'POST', path: '/customers', body: { ...valid(nextId('u')), ssn: '123-45-6789', admin: true } }),
    },
    {
      name: 'invalid values',
      weight: 3,
      expect: [400],
      make: () => ({
        method: 'POST',
        path: '/customers',
        body: { ...valid(nextId('v')), phoneNumber: '800-555-0100', timezone: 'EST', state: 'ZZ', birthday: '1985-02-30' },
      }),
    },
    {
      name: 'unknown task type',
      weight: 1,
      expect: [400],
      make: () => ({ method: 'POST', path: '/customers', body: { ...valid(nextId('t')), taskType: 'nope' } }),
    },
    // Fastify answers 413 without reading the body and closes the connection (it sends
    // `Connection: close`); a client still writing the rest may see the reset (EPIPE/ECONNRESET)
    // before it reads the 413 — see `record`.
    {
      name: 'oversized body',
      weight: 1,
      expect: [413],
      make: () => ({ method: 'POST', path: '/customers', body: { ...valid(nextId('o')), externalMetadata: { blob: 'x'.repeat(1_100_000) } } }),
    },
    {
      name: 'metadata over 64 KiB',
      weight: 1,
      expect: [400],
      make: () => ({ method: 'POST', path: '/customers', body: { ...valid(nextId('o')), externalMetadata: { blob: 'x'.repeat(70_000) } } }),
    },
    {
      name: 'wrong content type',
      weight: 1,
      expect: [415],
      make: () => ({ method: 'POST', path: '/customers', raw: JSON.stringify(valid(nextId('w'))), headers: { 'content-type': 'text/plain' } }),
    },
    {
      name: 'bad API key',
      weight: 3,
      expect: [401],
      make: () => ({ method: 'GET', path: '/customers', key: `cw_wrong_${Math.random().toString(36).slice(2)}xxxxxxxx` }),
    },
    { name: 'no API key', weight: 1, expect: [401], make: () => ({ method: 'POST', path: '/customers', body: valid(nextId('n')), key: null }) },
    { name: 'unknown customer', weight: 2, expect: [404], make: () => ({ method: 'GET', path: `/customers/${run}-nobody-${seq++}` }) },
    { name: 'patch unknown', weight: 1, expect: [404], make: () => ({ method: 'PATCH', path: `/customers/${run}-nobody`, body: { firstName: 'X' } }) },
    {
      name: 'patch invalid',
      weight: 2,
      expect: [400],
      make: () => ({ method: 'PATCH', path: `/customers/${encodeURIComponent(someone())}`, body: { firstName: 7, zipCode: 'abcde', id: 'other' } }),
    },
    { name: 'delete unknown', weight: 1, expect: [404], make: () => ({ method: 'DELETE', path: `/customers/${run}-nobody` }) },
    {
      name: 'call for unknown customer',
      weight: 1,
      expect: [404],
      make: () => ({
        method: 'POST',
        path: '/calls',
        body: { customerId: `${run}-nobody`, toPhoneNumber: '+12125550143', timestamp: new Date().toISOString() },
      }),
    },
    {
      name: 'invalid call',
      weight: 1,
      expect: [400],
      make: () => ({ method: 'POST', path: '/calls', body: { customerId: someone(), toPhoneNumber: 'x', timestamp: 'yesterday', flags: ['NOPE'] } }),
    },
    {
      name: 'bad query',
      weight: 2,
      expect: [400],
      make: () => ({
        method: 'GET',
        path: pick(['/customers?limit=abc', '/customers?limit=0', '/customers?cursor=zzz', '/customers?other=1', '/customers?test=maybe']),
      }),
    },
    {
      name: 'unknown route',
      weight: 1,
      expect: [404],
      make: () => ({ method: pick(['GET', 'POST', 'PUT']), path: pick(['/nope', '/customers/a/b/c', '/admin']) }),
    },
    {
      name: 'invalid cadence',
      weight: 1,
      expect: [400],
      make: () => ({ method: 'PUT', path: '/task-types/collections/cadence', body: { days: [-1], timeRanges: [], attemptsPerDay: 0 } }),
    },
  ];
  if (hasCompliance) {
    list.push(
      {
        name: 'compliance check',
        weight: 3,
        expect: [200],
        make() {
          const { timezone, state, zipCode, phoneNumber } = pick(LOCATIONS);
          return { method: 'POST', path: '/compliance/check', body: { at: new Date().toISOString(), timezone, state, zipCode, phoneNumber } };
        },
      },
      {
        name: 'compliance check of a customer',
        weight: 2,
        expect: [200],
        make: () => ({ method: 'POST', path: '/compliance/check', body: { at: new Date().toISOString(), customerId: someone() } }),
      },
      {
        name: 'invalid compliance check',
        weight: 1,
        expect: [400],
        make: () => ({ method: 'POST', path: '/compliance/check', body: { at: 'soon', zipCode: 'abc', policy: { mode: 'lenient' } } }),
      },
    );
  }
  return { list, remember };
}

interface LoadReport {
  readonly requests: number;
  readonly byStatus: Record<string, number>;
  readonly wrong: string[];
  readonly samples: Sample[];
}

async function metricsHeapMb(server: ServerProcess): Promise<number> {
  const res = await server.request('GET', '/metrics', METRICS_SCRAPE);
  const match = /^callwise_nodejs_heap_size_used_bytes (\S+)$/m.exec(res.text);
  return match ? Number(match[1]) / 1_048_576 : Number.NaN;
}

async function soak(server: ServerProcess, run: string, seconds: number): Promise<LoadReport> {
  const openapi = (await server.request('GET', '/openapi.json', { key: null })).json<{ paths: Record<string, unknown> }>();
  const { list: all, remember } = kinds(run, '/compliance/check' in openapi.paths);
  // Something to read and to duplicate from the first request on.
  const seed = await server.request('POST', '/customers', { body: customerBody({ id: `${run}-seed-0` }) });
  assert.equal(seed.status, 201, seed.text);
  const total = all.reduce((sum, k) => sum + k.weight, 0);
  const choose = () => {
    let r = Math.random() * total;
    for (const kind of all) if ((r -= kind.weight) < 0) return kind;
    return all[0]!;
  };

  const byStatus: Record<string, number> = {};
  const wrong: string[] = [];
  let requests = 0;
  const deadline = Date.now() + seconds * 1000;
  const record = (kind: string, expect: readonly number[], res: HttpResponse | Error) => {
    requests++;
    if (res instanceof Error && kind === 'oversized body' && /EPIPE|ECONNRESET/.test(res.message)) {
      byStatus['413 (reset before read)'] = (byStatus['413 (reset before read)'] ?? 0) + 1;
      return;
    }
    const status = res instanceof Error ? 'error' : String(res.status);
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    if (res instanceof Error || !expect.includes(res.status)) {
      if (wrong.length < 20) wrong.push(`${kind}: ${status} ${res instanceof Error ? res.message : res.text.slice(0, 300)}`);
    }
  };
  const worker = async () => {
    while (Date.now() < deadline) {
      const kind = choose();
      const { method, path: url, expect, deleteAfter, created, ...options } = kind.make();
      const res = await server.request(method, url, { ...options, timeoutMs: 30_000 }).catch((error: Error) => error);
      record(kind.name, expect ?? kind.expect, res);
      if (created && !(res instanceof Error) && res.status === 201) remember(created);
      if (deleteAfter && !(res instanceof Error) && res.status === 201) {
        const del = await server.request('DELETE', `/customers/${encodeURIComponent(deleteAfter)}`).catch((error: Error) => error);
        record('delete', [204], del);
      }
    }
  };

  const samples: Sample[] = [];
  const started = Date.now();
  const sampler = (async () => {
    while (Date.now() < deadline) {
      process.kill(server.pid, 'SIGUSR2');
      await sleep(200);
      const heapUsedMb = await metricsHeapMb(server).catch(() => Number.NaN);
      samples.push({ at: (Date.now() - started) / 1000, rssMb: server.memory().rssKb / 1024, heapUsedMb });
      await sleep(800);
    }
  })();
  await Promise.all([...Array.from({ length: WORKERS }, worker), sampler]);
  return { requests, byStatus, wrong, samples };
}

/**
 * Memory is flat when, after warm-up, the average of the last third of the samples is within
 * +25 % of the average of the first third — for the resident set (VmRSS from /proc) and for the JS
 * heap. Each sample follows a full garbage collection (SIGUSR2), so it measures live memory.
 *
 * Why 25 %: a leak tied to requests (a cache without a bound, listeners or timers piling up,
 * per-request state kept) grows with the 10⁴–10⁵ requests of a soak and shows as tens of MB within
 * a minute — well past 25 % of a server's ~70 MB live heap or ~250 MB RSS — while healthy noise
 * (allocator arenas and socket buffers in the RSS, requests in flight in the heap) stays within
 * ~10 %. PGlite's RSS also holds its WebAssembly memory, which grows slowly with the data it
 * caches: a few per cent over the run.
 */
function assertFlat(samples: Sample[], seconds: number, field: 'rssMb' | 'heapUsedMb', label: string): string {
  const usable = samples.filter((s) => s.at >= seconds * WARM_UP_FRACTION && Number.isFinite(s[field]));
  assert.ok(usable.length >= 6, `${label}: too few memory samples (${usable.length})`);
  const third = Math.floor(usable.length / 3);
  const avg = (xs: Sample[]) => xs.reduce((sum, s) => sum + s[field], 0) / xs.length;
  const first = avg(usable.slice(0, third));
  const last = avg(usable.slice(-third));
  const summary = `${field} first third ${first.toFixed(1)} MB → last third ${last.toFixed(1)} MB (${((last / first - 1) * 100).toFixed(1)} %)`;
  assert.ok(last <= first * 1.25, `${label}: memory grew: ${summary}; samples ${usable.map((s) => s[field].toFixed(0)).join(' ')}`);
  return summary;
}

describe(`a ${SOAK_SECONDS}-second mixed load of valid and invalid requests`, { concurrency: 2 }, () => {
  const cleanups: Array<() => Promise<void>> = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  });

  const check = async (t: { diagnostic(message: string): void }, server: ServerProcess, label: string, seconds: number) => {
    const report = await soak(server, label, seconds);
    assert.equal(server.hasExited(), false, `${label}: the server died:\n${server.output()}`);
    const fiveHundreds = Object.entries(report.byStatus).filter(([status]) => status.startsWith('5') || status === 'error');
    assert.deepEqual(fiveHundreds, [], `${label}: 5xx or failed requests: ${report.wrong.join('\n')}\n${server.output().slice(-3000)}`);
    assert.deepEqual(report.wrong, [], `${label}: answers other than expected`);
    assert.ok((report.byStatus['413'] ?? 0) > 0, `${label}: no oversized body was answered 413`);
    t.diagnostic(`${label}: RSS samples (MB) ${report.samples.map((s) => s.rssMb.toFixed(0)).join(' ')}`);
    t.diagnostic(`${label}: heap samples (MB) ${report.samples.map((s) => s.heapUsedMb.toFixed(0)).join(' ')}`);
    const rss = assertFlat(report.samples, seconds, 'rssMb', label);
    const heap = assertFlat(report.samples, seconds, 'heapUsedMb', label);
    t.diagnostic(
      `${label}: ${report.requests} requests in ${seconds} s (${Math.round(report.requests / seconds)}/s), statuses ${JSON.stringify(report.byStatus)}`,
    );
    t.diagnostic(`${label}: ${rss}; ${heap}; peak RSS ${(server.memory().hwmKb / 1024).toFixed(0)} MB`);
  };

  it(
    'PostgreSQL: no 5xx, every answer as expected, memory flat',
    {
      skip: !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)',
      timeout: (SOAK_SECONDS + 120) * 1000,
    },
    async (t) => {
      const database = await createPostgresDatabase();
      cleanups.push(() => database.drop());
      const server = await startSoakServer({ DATABASE_URL: database.url, CALLWISE_ENCRYPTION_KEY: newEncryptionKey(), RATE_LIMIT_PER_MINUTE: '0' });
      cleanups.push(() => server.stop());
      await check(t, server, 'postgres', SOAK_SECONDS);
    },
  );

  // Creating an embedded database on disk takes PGlite 10–20 s, so beside PostgreSQL (which has the
  // full soak) it soaks for half the time, to keep the file within about SOAK_SECONDS + 15 s.
  const pgliteSeconds = process.env.TEST_DATABASE_URL ? Math.max(10, Math.round(SOAK_SECONDS / 2)) : SOAK_SECONDS;
  it(`PGlite (embedded default, ${pgliteSeconds} s): no 5xx, every answer as expected, memory flat`, { timeout: (SOAK_SECONDS + 120) * 1000 }, async (t) => {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'callwise-soak-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const server = await startSoakServer({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0' });
    cleanups.push(() => server.stop());
    await check(t, server, 'pglite', pgliteSeconds);
  });
});
