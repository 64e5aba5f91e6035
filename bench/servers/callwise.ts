/**
 * Callwise as deployed: the real configuration, database, services and app (auth, validation,
 * normalisation, planning, durable commit). Run as a child of bench/run.ts with DATABASE_URL (or
 * DATA_DIR for the embedded database) and CALLWISE_BOOTSTRAP_API_KEY set.
 */
import { loadConfig } from '../../src/config.js';
import { buildApp } from '../../src/http/app.js';
import { openRuntime } from '../../src/runtime.js';

const config = loadConfig();
const runtime = await openRuntime(config);
await runtime.services.companies.bootstrapDemo({ secret: config.bootstrapApiKey!, createIfEmpty: false });
const app = await buildApp({ services: runtime.services, logger: false });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
process.stdout.write(`ready ${typeof address === 'object' && address ? address.port : 0}\n`);
process.on('SIGTERM', () => void app.close().then(() => runtime.services.tx.drain()).then(() => runtime.close()).then(() => process.exit(0)));
