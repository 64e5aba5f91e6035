/**
 * The embedded DATA_DIR is private to its owner: PGlite's files (the write-ahead log holds
 * borrowers' names), the encryption key file and the lock file. PGlite does not see to it: its
 * file system layer creates directories with mode 0777 and files with 0777 (less the umask), then
 * sets the modes PostgreSQL asks for — 0666 for the files initdb writes, 0644 for a few more — with
 * chmod, which the umask does not limit.
 *
 * So: the process's umask becomes 0077 before the database thread starts (a worker thread cannot set
 * it; every thread shares the process's), which keeps what PGlite creates later owner-only; the
 * directory itself is 0700, so nothing in it is reachable by others even for a moment; and once the
 * database is open the whole tree is walked and group and other access removed — the files initdb
 * chmodded, and everything an older version left open.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { isMainThread } from 'node:worker_threads';

/** Creates `dataDir` owner-only (or makes it so), and has this process create its files owner-only. */
export function restrictDataDir(dataDir: string): void {
  if (isMainThread) process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, statSync(dataDir).mode & 0o7700);
}

/**
 * Removes group and other permissions from everything under `dataDir`. Symbolic links inside it are
 * not followed (DATA_DIR itself may be one).
 */
export function tightenDataDir(dataDir: string): void {
  const visit = (entry: string, isDirectory: boolean) => {
    let mode: number;
    try {
      mode = (entry === dataDir ? statSync(entry) : lstatSync(entry)).mode;
    } catch (error) {
      // Removed since it was listed (the database may be writing).
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if ((mode & 0o077) !== 0) chmodSync(entry, mode & 0o7700);
    if (!isDirectory) return;
    for (const child of readdirSync(entry, { withFileTypes: true })) {
      if (child.isSymbolicLink()) continue;
      visit(path.join(entry, child.name), child.isDirectory());
    }
  };
  visit(dataDir, statSync(dataDir).isDirectory());
}
