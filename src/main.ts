/**
 * What the server's entry point (bin/server.js, once the compile cache is on) runs: on the embedded
 * database it starts opening it, then loads and starts the server.
 */
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
