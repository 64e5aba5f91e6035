/**
 * Callwise as deployed: the real server (auth, validation, normalisation, planning, durable
 * commit), one process or CALLWISE_WORKERS of them. Run as a child of bench/run.ts with
 * DATABASE_URL (or DATA_DIR for the embedded database) and CALLWISE_BOOTSTRAP_API_KEY set; prints
 * `ready <port>` once every process listens.
 */
import cluster from 'node:cluster';
import { runPrimary } from '../../src/cluster.ts';
import { loadConfig } from '../../src/config.ts';
import { runServer } from '../../src/server.ts';

const config = loadConfig({ ...process.env, PORT: '0', HOST: '127.0.0.1' });
if (cluster.isPrimary && config.workers > 1) {
  let listening = 0;
  cluster.on('listening', (_worker, address) => {
    if (++listening === config.workers) process.stdout.write(`ready ${address.port}\n`);
  });
  await runPrimary(config);
} else {
  const { port } = await runServer(config);
  if (!cluster.isWorker) process.stdout.write(`ready ${port}\n`);
}
