/**
 * The server process: configuration, database, first-start bootstrap, listening, and a graceful
 * shutdown that finishes in-flight requests before closing the database.
 */
import { loadConfig, ConfigError } from './config.js';
import { buildApp } from './http/app.js';
import { loggerOptions } from './http/logging.js';
import { openRuntime } from './runtime.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await openRuntime(config);
  const { services } = runtime;

  const created = await services.companies.bootstrapDemo({
    ...(config.bootstrapApiKey ? { secret: config.bootstrapApiKey } : {}),
    createIfEmpty: !config.databaseUrl,
  });
  if (created && !config.bootstrapApiKey) {
    // The terminal, not the structured log: the secret is shown once and never stored in logs.
    process.stdout.write(
      `\nCallwise created the company "Demo Lender" with task types collections, servicing and verification.\n` +
        `Its API key (shown only this once; keep it):\n\n    ${created.secret}\n\n` +
        `To use it from a shell:  export CALLWISE_API_KEY=${created.secret}\n\n`,
    );
  }

  const app = await buildApp({ services, logger: loggerOptions(config.logLevel) });
  // Idempotency keys are kept at least 24 hours; expired ones are swept hourly.
  const sweeper = setInterval(() => {
    services.idempotency.sweep().catch((error: unknown) => app.log.warn({ err: { message: String(error) } }, 'idempotency sweep failed'));
  }, 3_600_000);
  sweeper.unref();
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    try {
      clearInterval(sweeper);
      await app.close();
      await services.tx.drain();
      await runtime.close();
    } finally {
      process.exit(0);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: services.database.kind, port: config.port }, 'callwise ready');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`callwise: configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`callwise: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
