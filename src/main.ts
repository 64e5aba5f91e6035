/**
 * The server's entry point. Node keeps what it compiled (the type-stripped modules included) in its
 * compile cache between starts, which takes about a fifth off a restart's CPU time; the cache must
 * be on before the modules load, so they are imported only after (BENCHMARKS.md, footprint).
 * NODE_COMPILE_CACHE chooses its directory (default: the OS temporary directory); NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import module from 'node:module';

module.enableCompileCache();
await openEmbeddedDatabaseEarly();
await import('./start.ts');

/**
 * On the embedded database, starts opening it on its thread before the rest of the server loads,
 * so the two overlap (store/early-open.ts). A configuration error is left for start.ts to report.
 */
async function openEmbeddedDatabaseEarly(): Promise<void> {
  const { loadConfig } = await import('./config.ts');
  let config;
  try {
    config = loadConfig();
  } catch {
    return;
  }
  if (config.databaseUrl !== undefined) return;
  const { openEarly } = await import('./store/early-open.ts');
  openEarly(config.dataDir);
}
