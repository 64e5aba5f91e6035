/**
 * Several server processes on one port (CALLWISE_WORKERS, PostgreSQL): requests are spread over
 * the workers and every answer is right; /metrics, from whichever worker a scrape reaches, counts
 * the whole server; a worker killed with SIGKILL is replaced while the others keep answering; and
 * SIGTERM stops the primary and every worker cleanly. The configuration refuses workers on the
 * embedded database.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../src/config.ts';
import { createPostgresDatabase } from '../helpers/database.ts';
import { customerBody } from '../helpers/app.ts';
import { METRICS_SCRAPE, newEncryptionKey, startServer, type ServerProcess } from './server-process.ts';

const skip = !process.env.TEST_DATABASE_URL && 'needs PostgreSQL (TEST_DATABASE_URL)';
const WORKERS = 2;

interface LogEntry {
  msg?: string;
  pid?: number;
  worker?: number;
  workers?: number;
  req?: { method?: string };
}

function logEntries(server: ServerProcess): LogEntry[] {
  return server
    .output()
    .split('\n')
    .flatMap((line) => {
      try {
        const value: unknown = JSON.parse(line);
        return value && typeof value === 'object' ? [value] : [];
      } catch {
        return [];
      }
    });
}

async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** `callwise_http_requests_total{method="POST",route="/customers",status="201"}` in a scrape. */
function createdCount(metrics: string): number {
  const line = metrics
    .split('\n')
    .find(
      (l) => l.startsWith('callwise_http_requests_total{') && l.includes('method="POST"') && l.includes('route="/customers"') && l.includes('status="201"'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}

/** A fresh database and the server on it with WORKERS workers, once the primary says all listen. */
async function startCluster(): Promise<{ database: { url: string; drop: () => Promise<void> }; server: ServerProcess }> {
  const database = await createPostgresDatabase();
  const server = await startServer({
    DATABASE_URL: database.url,
    CALLWISE_ENCRYPTION_KEY: newEncryptionKey(),
    RATE_LIMIT_PER_MINUTE: '0',
    CALLWISE_WORKERS: String(WORKERS),
    LOG_LEVEL: 'info',
  });
  await until('the primary to report every worker listening', () => logEntries(server).some((e) => e.msg === 'callwise ready' && e.workers === WORKERS));
  // The workers' own lines reach the shared pipe in any order relative to the primary's.
  await until("every worker's own ready line", () => workerPids(server).length === WORKERS);
  return { database, server };
}

/** The processes that logged "callwise ready" as a worker. */
function workerPids(server: ServerProcess): number[] {
  return [
    ...new Set(
      logEntries(server)
        .filter((e) => e.msg === 'callwise ready' && e.worker !== undefined)
        .map((e) => e.pid!),
    ),
  ];
}

/** Starts a cluster before the suite's tests and stops it (and drops its database) after them. */
function useCluster(): { readonly server: ServerProcess } {
  const started: { database?: { url: string; drop: () => Promise<void> }; server?: ServerProcess } = {};
  before(async () => Object.assign(started, await startCluster()));
  after(async () => {
    await started.server?.stop();
    await started.database?.drop();
  });
  return {
    get server() {
      return started.server!;
    },
  };
}

describe('CALLWISE_WORKERS', () => {
  it('is refused on the embedded database, and must be auto or a whole number', () => {
    assert.throws(
      () => loadConfig({ CALLWISE_WORKERS: '2' }),
      (error: unknown) => error instanceof ConfigError && /needs DATABASE_URL/.test(error.message),
    );
    assert.throws(
      () => loadConfig({ CALLWISE_WORKERS: 'many', DATABASE_URL: 'postgres://x/y' }),
      /CALLWISE_WORKERS must be auto or an integer between 1 and 256/,
    );
    assert.equal(loadConfig({ CALLWISE_WORKERS: '3', DATABASE_URL: 'postgres://x/y' }).workers, 3);
    assert.equal(loadConfig({}).workers, 1);
  });
});

describe(`${WORKERS} worker processes on one port (postgres)`, { skip }, () => {
  const cluster = useCluster();

  it('spreads requests over the workers, answers each one right, and reports the whole server in /metrics', async () => {
    assert.equal(workerPids(cluster.server).length, WORKERS);
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) => cluster.server.request('POST', '/customers', { body: customerBody({ id: `cluster-${n}` }) })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array<number>(40).fill(201),
    );
    const read = await cluster.server.request('GET', '/customers/cluster-7');
    assert.equal(read.json<{ id: string }>().id, 'cluster-7');

    const served = new Set(
      logEntries(cluster.server)
        .filter((e) => e.msg === 'request completed')
        .map((e) => e.pid),
    );
    assert.ok(served.size >= 2, `requests were served by ${served.size} process(es)`);
    // Several scrapes reach several workers: each reports all 40 creates, not its own share.
    for (let i = 0; i < 4; i++) {
      const metrics = await cluster.server.request('GET', '/metrics', METRICS_SCRAPE);
      assert.equal(metrics.status, 200);
      assert.equal(createdCount(metrics.text), 40);
    }
  });

  it('replaces a worker killed with SIGKILL while the other keeps answering', async () => {
    const [victim] = workerPids(cluster.server);
    process.kill(victim!, 'SIGKILL');
    await until('the killed worker to be replaced', () => logEntries(cluster.server).some((e) => e.msg === 'worker exited; starting another'));
    const during = await cluster.server.request('POST', '/customers', { body: customerBody({ id: 'cluster-during' }) });
    assert.equal(during.status, 201);
    await until('a new worker to listen', () => workerPids(cluster.server).length === WORKERS + 1);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, n) => cluster.server.request('POST', '/customers', { body: customerBody({ id: `cluster-after-${n}` }) })),
    );
    assert.deepEqual(
      results.map((r) => r.status),
      Array<number>(10).fill(201),
    );
  });

  it('stops the primary and every worker on SIGTERM', async () => {
    const pids = workerPids(cluster.server).filter(alive);
    assert.equal(pids.length, WORKERS);
    await cluster.server.stop();
    const { code, signal } = await cluster.server.exited;
    assert.equal(signal, null);
    assert.equal(code, 0);
    await until('every worker to exit', () => pids.every((pid) => !alive(pid)), 5_000);
  });
});

describe('workers that keep dying (postgres)', { skip }, () => {
  const cluster = useCluster();

  it('makes the primary give up and exit 1 instead of restarting them forever', async () => {
    const killed = new Set<number>();
    while (!cluster.server.hasExited()) {
      for (const pid of workerPids(cluster.server).filter((p) => !killed.has(p) && alive(p))) {
        killed.add(pid);
        process.kill(pid, 'SIGKILL');
      }
      assert.ok(killed.size <= 12, `still restarting after ${killed.size} killed workers`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { code } = await cluster.server.exited;
    assert.equal(code, 1);
    assert.ok(
      logEntries(cluster.server).some((e) => e.msg === 'workers keep exiting; stopping'),
      cluster.server.output(),
    );
  });
});
