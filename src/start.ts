/**
 * Starts the server from the environment: one process (the default), or a primary and
 * CALLWISE_WORKERS workers sharing the port (cluster.ts). Loaded by main.ts.
 */
import cluster from 'node:cluster';
import { loadConfig, ConfigError } from './config.ts';
import { runPrimary } from './cluster.ts';
import { runServer } from './server.ts';

async function main(): Promise<void> {
  const config = loadConfig();
  if (cluster.isPrimary && config.workers > 1) await runPrimary(config);
  else await runServer(config);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`callwise: configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`callwise: failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  process.exit(1);
});
