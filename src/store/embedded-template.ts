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
 * Giving a data directory its cluster (and the first-start mark) is embedded-data-dir.ts's: it
 * loads this module, with Kysely and the migrations, only when a cluster must be made.
 */
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kysely } from 'kysely';
import { migrateToLatest, migrationNames } from './migrations/index.ts';
import { openEmbeddedDatabase } from './pglite-thread-dialect.ts';
import { syncDirectory, syncTree } from './durable-files.ts';
import { isInitialised } from './embedded-data-dir.ts';
import type { Tables } from './schema.ts';

/** How a cache that cannot be written fails: no template, the cluster is made in place instead. */
const UNWRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR']);

const TEMPLATE_PREFIX = 'pglite-template-';

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

/**
 * Initialises and migrates a cluster in `dataDir` on a database thread that ends before this
 * returns.
 */
export async function initialiseCluster(dataDir: string): Promise<void> {
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
    await initialiseCluster(building);
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
