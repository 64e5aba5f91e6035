/**
 * A fresh embedded data directory starts as a copy of a template: a PGlite cluster already
 * initialised and migrated. Creating a cluster (PostgreSQL's initdb, in WebAssembly) takes seconds
 * and leaves hundreds of megabytes behind in the process that ran it; copying a finished one takes
 * a fraction of a second. `npm install` builds the template (scripts/build-embedded-template.ts);
 * a start that finds none builds it then, on a database thread of its own that ends with it, so the
 * memory initdb used is given back.
 *
 * The template is named by the PGlite version and the migrations it holds: a copy is only ever
 * made from a cluster of the same PostgreSQL build, and one that lacks a newer migration is never
 * used (the server would apply it anyway, but a stale template would be rebuilt each start).
 *
 * A first start is marked in the data directory until every file of the new cluster is on disk
 * (finishFirstStart). Nothing is answered before then, so a start that finds the mark knows two
 * things: the cluster may be incomplete (a power cut before the sync, or a crash during an
 * initialisation in place), and no client was ever told of anything in it. It removes that
 * cluster and makes it again, instead of opening one PostgreSQL may not recover.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely } from 'kysely';
import { migrateToLatest, migrationNames } from './migrations/index.ts';
import { openEmbeddedDatabase } from './pglite-thread-dialect.ts';
import { removeFileDurably, syncDirectory, syncTree, writeNewFileDurably } from './durable-files.ts';
import type { Tables } from './schema.ts';

/** How a cache that cannot be written fails: no template, the cluster is made in place instead. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR']);

const TEMPLATE_PREFIX = 'pglite-template-';

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

const DEFAULT_CACHE = fileURLToPath(new URL('../../node_modules/.cache/callwise/', import.meta.url));

/** The installed PGlite's version (its package exports no package.json: read the file). */
function pgliteVersion(): string {
  let dir = path.dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite')));
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const { name, version } = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (name === '@electric-sql/pglite' && typeof version === 'string') return version;
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the installed PGlite version');
    dir = parent;
  }
}

/** Where the template for this PGlite build and these migrations lives. */
export function templatePath(cacheDir = DEFAULT_CACHE): string {
  const key = createHash('sha256')
    .update(JSON.stringify([pgliteVersion(), migrationNames]))
    .digest('hex')
    .slice(0, 16);
  return path.join(cacheDir, `${TEMPLATE_PREFIX}${key}`);
}

export function isInitialised(dataDir: string): boolean {
  return existsSync(path.join(dataDir, CLUSTER_MARKER));
}

/**
 * Initialises and migrates a cluster in `dataDir` on a database thread that ends before this
 * returns.
 */
async function initialise(dataDir: string): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const embedded = await openEmbeddedDatabase(dataDir);
  const db = new Kysely<Tables>({ dialect: embedded.dialect });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
    await embedded.close();
  }
}

/** The cluster holds borrowers' data once copied: its files are the owner's alone, and copies keep the modes. */
function ownerOnly(dir: string): void {
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    chmodSync(path.join(entry.parentPath, entry.name), entry.isDirectory() ? 0o700 : 0o600);
  }
}

/** Templates for another PGlite build or migration list are never used again: 40 MB each. */
function removeOtherTemplates(target: string): void {
  const dir = path.dirname(target);
  for (const name of readdirSync(dir)) {
    if (name.startsWith(TEMPLATE_PREFIX) && !name.includes('.building-') && path.join(dir, name) !== target) {
      rmSync(path.join(dir, name), { recursive: true, force: true });
    }
  }
}

/**
 * Builds the template unless it exists. Returns its path, or undefined when the cache cannot be
 * written (a read-only installation): the caller then initialises in place.
 */
export async function ensureTemplate(cacheDir = DEFAULT_CACHE): Promise<string | undefined> {
  const target = templatePath(cacheDir);
  if (isInitialised(target)) return target;
  const building = `${target}.building-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await initialise(building);
    ownerOnly(building);
    // On disk before it is named: a template damaged by a power cut would be copied into every
    // data directory made from it.
    await syncTree(building);
    try {
      renameSync(building, target);
      syncDirectory(path.dirname(target));
    } catch (error) {
      // Another process finished the same template first; theirs is as good as ours.
      if (!isInitialised(target)) throw error;
    }
    removeOtherTemplates(target);
    return target;
  } catch (error) {
    if (UNWRITABLE.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  } finally {
    rmSync(building, { recursive: true, force: true });
  }
}

/**
 * Makes `dataDir` hold an initialised, migrated cluster if it holds none yet: a copy of the
 * template, or (with no writable cache) one initialised in place. Returns whether it made one: its
 * files are then in the page cache only, for the caller to sync (durable-files.ts).
 */
export async function prepareDataDir(dataDir: string, cacheDir = DEFAULT_CACHE): Promise<boolean> {
  const marker = path.join(dataDir, FIRST_START_MARKER);
  if (existsSync(marker)) removeCluster(dataDir);
  else if (isInitialised(dataDir)) return false;
  const template = await ensureTemplate(cacheDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (!existsSync(marker)) writeNewFileDurably(marker, 'A first start began making the embedded database here and has not finished.\n', 0o600);
  if (template === undefined) {
    await initialise(dataDir);
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
