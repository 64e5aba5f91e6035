/**
 * Several server processes sharing one port (CALLWISE_WORKERS > 1; PostgreSQL only — the embedded
 * database belongs to one process). Workers are stateless: everything shared lives in PostgreSQL.
 * What stays per process is written down in README (rate limits, the task-type cache).
 *
 * The primary migrates and bootstraps once, then forks the workers, answers /metrics collection
 * for them, replaces a worker that dies (giving up if they keep dying), and on SIGTERM/SIGINT
 * lets each worker finish its in-flight requests before exiting.
 */
import cluster, { type Worker } from 'node:cluster';
import pino from 'pino';
import type { Config } from './config.ts';
import { loggerOptions } from './http/logging.ts';
import { serveClusterMetrics } from './observability/cluster-metrics.ts';
import { openRuntime } from './runtime.ts';
import { bootstrap } from './server.ts';

/** More unexpected worker exits than this within the window means something is wrong: stop. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;
const SHUTDOWN_GRACE_MS = 15_000;

export async function runPrimary(config: Config): Promise<void> {
  const log = pino(loggerOptions(config.logLevel) as pino.LoggerOptions).child({ role: 'primary' });
  const runtime = await openRuntime(config, { waitForDatabase: log });
  try {
    await bootstrap(config, runtime.services);
  } finally {
    await runtime.close();
  }
  serveClusterMetrics();

  let stopping = false;
  let stopCode = 0;
  let listening = 0;
  const recentRestarts: number[] = [];
  const fork = (): Worker => cluster.fork();

  cluster.on('listening', () => {
    listening++;
    if (listening === config.workers) log.info({ workers: config.workers, port: config.port }, 'callwise ready');
  });
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(stopCode);
      return;
    }
    const now = Date.now();
    recentRestarts.push(now);
    while (recentRestarts.length > 0 && recentRestarts[0]! < now - RESTART_WINDOW_MS) recentRestarts.shift();
    if (recentRestarts.length > MAX_RESTARTS) {
      log.fatal({ worker: worker.id, code, signal }, 'workers keep exiting; stopping');
      stop(1);
      return;
    }
    log.error({ worker: worker.id, code, signal }, 'worker exited; starting another');
    fork();
  });

  const stop = (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    stopCode = exitCode;
    const force = setTimeout(() => process.exit(exitCode || 1), SHUTDOWN_GRACE_MS);
    force.unref();
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
    if (workers.length === 0) process.exit(exitCode);
    // Each worker closes its server, finishes in-flight requests and commits, then exits.
    for (const worker of workers) worker.process.kill('SIGTERM');
  };
  process.on('SIGTERM', () => {
    log.info({ signal: 'SIGTERM' }, 'shutting down');
    stop(0);
  });
  process.on('SIGINT', () => {
    log.info({ signal: 'SIGINT' }, 'shutting down');
    stop(0);
  });

  for (let i = 0; i < config.workers; i++) fork();
}
