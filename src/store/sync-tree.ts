/**
 * Makes a directory tree durable: every file's data, then every directory's entries, reach the disk
 * (`fdatasync`). Used once, on a data directory that was just made (a template copied in, or a
 * cluster initialised in place): those writes sat in the kernel's page cache, where a power cut in
 * the next half minute could leave a cluster that PostgreSQL cannot recover.
 */
import { readdirSync } from 'node:fs';
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
 */
export async function syncTree(root: string, sync: (target: string) => Promise<void> = syncPath): Promise<void> {
  const entries = readdirSync(root, { withFileTypes: true, recursive: true });
  const files = entries.filter((entry) => !entry.isDirectory()).map((entry) => path.join(entry.parentPath, entry.name));
  const directories = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort((a, b) => b.split(path.sep).length - a.split(path.sep).length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) await sync(files[next++]!);
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  for (const directory of [...directories, root]) await sync(directory);
}
