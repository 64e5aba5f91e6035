/**
 * One server process: database, services, HTTP, the hourly idempotency sweep, and a graceful
 * shutdown that finishes in-flight requests before closing the database. Run alone, or as one of
 * several workers (see cluster.ts), which share the port.
 */
import cluster from 'node:cluster';
import type { Config } from './config.ts';
import { buildApp } from './http/app.ts';
import { loggerOptions } from './http/logging.ts';
import { keepFirstApiKey } from './first-api-key.ts';
import { ApiLoad } from './observability/api-load.ts';
import { clusterMetricsReader } from './observability/cluster-metrics.ts';
import pino from 'pino';
import { openRuntime } from './runtime.ts';
import type { Services } from './services/index.ts';
import { Dispatcher } from './dispatcher.ts';
import { WebhookSender } from './webhook-sender.ts';
import { EmbeddedMaintenance } from './embedded-maintenance.ts';
import { BatchRunner } from './batch-runner.ts';

/**
 * The first-start bootstrap: the Demo Lender on the embedded database, or the key given in
 * CALLWISE_BOOTSTRAP_API_KEY. Runs once per start, before any worker listens.
 */
export async function bootstrap(config: Config, services: Services): Promise<void> {
  const created = await services.companies.bootstrapDemo({
    ...(config.bootstrapApiKey ? { secret: config.bootstrapApiKey } : {}),
    createIfEmpty: !config.databaseUrl,
  });
  if (created && !config.bootstrapApiKey) {
    // Never the structured log. A file only its owner can read, and the terminal if there is one.
    keepFirstApiKey(config.dataDir, created.secret);
  }
}

/** Starts the server; resolves with the port it listens on once it does. */
export async function runServer(config: Config): Promise<{ port: number }> {
  // A worker's primary has migrated and bootstrapped already.
  // The app's logger does not exist yet: the wait for the database logs on one of its own.
  const startupLog = pino(loggerOptions(config.logLevel) as pino.LoggerOptions);
  const runtime = await openRuntime(config, { migrate: !cluster.isWorker, waitForDatabase: startupLog });
  const { services } = runtime;
  if (!cluster.isWorker) await bootstrap(config, services);
  else services.metrics.readFrom(clusterMetricsReader(services.metrics.registry));

  // Requests being served, for the webhook sender of this process to yield to (api-load.ts).
  const apiLoad = new ApiLoad();
  const app = await buildApp({
    apiLoad,
    services,
    logger: loggerOptions(config.logLevel),
    rateLimit: { redisUrl: config.rateLimitRedisUrl },
    timeouts: { requestMs: config.requestTimeoutMs, headersMs: config.headersTimeoutMs },
    metricsToken: config.metricsToken,
    publicUrl: config.publicUrl,
  });
  // Idempotency keys are kept at least 24 hours; expired ones are swept hourly.
  const sweeper = setInterval(() => {
    services.idempotency.sweep().catch((error: unknown) => app.log.warn({ err: { message: String(error) } }, 'idempotency sweep failed'));
  }, 3_600_000);
  sweeper.unref();
  // The dispatcher runs in one process of a cluster (the first worker): several would be safe on
  // PostgreSQL, but the simulator keeps its calls in the memory of the process that placed them.
  const dispatcher =
    config.dispatcher && (!cluster.isWorker || cluster.worker?.id === 1)
      ? new Dispatcher(services.dispatch, services.providerWebhooks, services.database, app.log.child({ component: 'dispatch' }), {
          pollMs: config.dispatchPollMs,
          // The embedded database has one session: short claims keep requests from waiting behind them.
          batchSize: services.database.kind === 'pglite' ? 10 : 100,
        })
      : undefined;
  // Like the dispatcher, in one process of a cluster; on PostgreSQL more senders (`callwise
  // webhook-sender`) may share the queue.
  const webhookSender =
    config.webhookSender && (!cluster.isWorker || cluster.worker?.id === 1)
      ? new WebhookSender(services.webhookDelivery, services.database, app.log.child({ component: 'webhooks' }), {
          batchSize: services.database.kind === 'pglite' ? 10 : 50,
          ...(config.webhookSenderYield
            ? {
                apiLoad,
                busyIntervalMs: config.webhookSenderBusyIntervalMs,
                busyBatch: config.webhookSenderBusyBatch,
                busyMaxLagMs: config.webhookSenderMaxLagMs,
              }
            : {}),
        })
      : undefined;
  // The embedded database has no autovacuum: the server vacuums and analyzes it (embedded-maintenance.ts).
  const maintenance =
    services.database.kind === 'pglite' && config.embeddedVacuumIntervalMinutes > 0
      ? new EmbeddedMaintenance(services.db, app.log.child({ component: 'maintenance' }), { intervalMs: config.embeddedVacuumIntervalMinutes * 60_000 })
      : undefined;
  // Batch jobs run in the same process as the other background work.
  const batchRunner =
    !cluster.isWorker || cluster.worker?.id === 1 ? new BatchRunner(services.batchJobs, services.database, app.log.child({ component: 'batch' })) : undefined;
  let closing = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      clearInterval(sweeper);
      await dispatcher?.stop();
      await webhookSender?.stop();
      await batchRunner?.stop();
      await maintenance?.stop();
      await app.close();
      await services.tx.drain();
      await runtime.close();
    } finally {
      process.exit(exitCode);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
  // The embedded database cannot come back within this process: stop, with a failure status, so
  // that whatever supervises the process starts it again (and PGlite recovers from its WAL).
  services.database.onFailure((error) => {
    app.log.error({ err: { message: error.message } }, 'the embedded database stopped; exiting');
    void shutdown('database failure', 1);
  });

  await app.listen({ port: config.port, host: config.host });
  dispatcher?.start();
  webhookSender?.start();
  maintenance?.start();
  batchRunner?.start();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  app.log.info({ database: services.database.kind, port, ...(cluster.isWorker ? { worker: cluster.worker!.id } : {}) }, 'callwise ready');
  return { port };
}
