/**
 * A data directory's cluster: used as it is, or, when it has none yet, made from the template
 * (embedded-template.ts).
 *
 * A first start is marked in the data directory until every file of the new cluster is on disk
 * (finishFirstStart). Nothing is answered before then, so a start that finds the mark knows two
 * things: the cluster may be incomplete (a power cut before the sync, or a crash during an
 * initialisation in place), and no client was ever told of anything in it. It removes that
 * cluster and makes it again, instead of opening one PostgreSQL may not recover.
 */
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { removeFileDurably, writeNewFileDurably } from './durable-files.ts';

/** The file every initialised PostgreSQL data directory holds. */
const CLUSTER_MARKER = 'PG_VERSION';

/** Present in a data directory while a first start is making its cluster. */
export const FIRST_START_MARKER = 'first-start.incomplete';

/**
 * Whether a top-level entry of a data directory belongs to the PostgreSQL cluster (its layout), as
 * opposed to Callwise's own files beside it (the key file, the lock, the first API key).
 */
function isClusterEntry(name: string): boolean {
  return name === CLUSTER_MARKER || name === 'base' || name === 'global' || /^(pg_|postgresql\.|postmaster\.)/.test(name);
}

export function isInitialised(dataDir: string): boolean {
  return existsSync(path.join(dataDir, CLUSTER_MARKER));
}

/**
 * Makes `dataDir` hold an initialised, migrated cluster if it holds none yet: a copy of the
 * template, or (with no writable cache) one initialised in place. Returns whether it made one: its
 * files are then in the page cache only, for the caller to sync (durable-files.ts).
 */
export async function prepareDataDir(dataDir: string, cacheDir?: string): Promise<boolean> {
  const marker = path.join(dataDir, FIRST_START_MARKER);
  if (existsSync(marker)) removeCluster(dataDir);
  else if (isInitialised(dataDir)) return false;
  // Loaded only to make a cluster: a restart needs neither it nor the Kysely and migrations it brings.
  const { ensureTemplate, initialiseCluster } = await import('./embedded-template.ts');
  const template = await ensureTemplate(cacheDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(marker)) writeNewFileDurably(marker, 'A first start began making the embedded database here and has not finished.\n', 0o600);
  if (template === undefined) {
    await initialiseCluster(dataDir);
    return true;
  }
  // PG_VERSION is copied last, so that a copy cut short in a directory made before the first-start
  // mark existed is not mistaken for a cluster either: the next start copies again over it.
  cpSync(template, dataDir, { recursive: true, filter: (source) => path.basename(source) !== CLUSTER_MARKER || path.dirname(source) !== template });
  cpSync(path.join(template, CLUSTER_MARKER), path.join(dataDir, CLUSTER_MARKER));
  return true;
}

/**
 * Ends a first start: every file of the cluster prepareDataDir made is on disk (the caller synced
 * them), so its mark is removed, durably, before anything is answered.
 */
export function finishFirstStart(dataDir: string): void {
  removeFileDurably(path.join(dataDir, FIRST_START_MARKER));
}

/** Removes an unfinished first start's cluster, leaving Callwise's own files (the mark stays). */
function removeCluster(dataDir: string): void {
  for (const name of readdirSync(dataDir)) {
    if (isClusterEntry(name)) rmSync(path.join(dataDir, name), { recursive: true, force: true });
  }
}
