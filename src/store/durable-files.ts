/**
 * Files that must survive a power cut, not only a killed process: written data sits in the
 * kernel's page cache for up to about half a minute, and a file's entry in its directory is only
 * durable once the directory is synced too.
 *
 * - a data directory that was just made (a template copied in, or a cluster initialised in place),
 *   which would otherwise leave a cluster PostgreSQL cannot recover;
 * - the embedded default's encryption key file, without which everything sealed under it is lost;
 * - the marker of a first start under way (embedded-data-dir.ts), and its removal;
 * - the first start's API key file (first-api-key.ts).
 */
import { closeSync, fchmodSync, fsyncSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import path from 'node:path';

/** Syncs one file or directory. */
async function syncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/**
 * Syncs every file under `root`, a few at a time (the syncs wait on the disk, not the CPU), then
 * every directory, deepest first, `root` last: an entry is durable only once its directory is.
 * PostgreSQL may be starting in the same directory meanwhile and remove files (its relation cache
 * files, at every start): one gone before its turn needs no sync.
 */
export async function syncTree(root: string, sync: (target: string) => Promise<void> = syncPath): Promise<void> {
  const entries = readdirSync(root, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => !entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort((a, b) => b.split(path.sep).length - a.split(path.sep).length);
  const syncIfPresent = (target: string) =>
    sync(target).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await syncIfPresent(files[next++]!);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  for (const directory of [...directories, root]) await syncIfPresent(directory);
}

/**
 * Creates `file` with `content` (failing if it exists) and makes it durable, with its directory
 * entry, before returning.
 */
export function writeNewFileDurably(file: string, content: string, mode: number): void {
  writeDurably(file, content, mode, 'wx');
}

/**
 * Writes `file` with `content`, replacing any file there (which takes `mode` too: an existing
 * file keeps its own mode through a plain write), and makes it durable with its directory entry.
 */
export function writeFileDurably(file: string, content: string, mode: number): void {
  writeDurably(file, content, mode, 'w');
}

function writeDurably(file: string, content: string, mode: number, flags: 'w' | 'wx'): void {
  const fd = openSync(file, flags, mode);
  try {
    fchmodSync(fd, mode);
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  syncDirectory(path.dirname(file));
}

/** Removes `file` (if present) and makes its removal durable before returning. */
export function removeFileDurably(file: string): void {
  rmSync(file, { force: true });
  syncDirectory(path.dirname(file));
}

/** Syncs a directory, which makes the entries added to or removed from it durable. */
export function syncDirectory(directory: string): void {
  const fd = openSync(directory, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
