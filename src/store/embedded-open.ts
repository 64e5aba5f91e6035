/**
 * Opening the embedded database's session: the data directory made owner-only, its cluster made if
 * it has none (embedded-data-dir.ts), the database thread started on it, a new cluster synced to
 * disk, the first start's mark removed. Kysely comes after (database.ts); nothing here loads it, so
 * that a restart can start all this before the server's modules have loaded (early-open.ts).
 */
import { restrictDataDir, tightenDataDir } from './data-dir-permissions.ts';
import { syncTree } from './durable-files.ts';
import { finishFirstStart, prepareDataDir } from './embedded-data-dir.ts';
import { ThreadSession } from './pglite-thread-session.ts';

/** Opens the embedded database in `dataDir` (undefined: in memory) on its thread. */
export async function openEmbeddedSession(dataDir: string | undefined, options: { heapLimitMb?: number | undefined } = {}): Promise<ThreadSession> {
  let made = false;
  if (dataDir) {
    // Owner-only before any database thread starts (PGlite's own chmods are undone once it is open).
    restrictDataDir(dataDir);
    // A fresh directory gets a migrated cluster copied in before the database thread opens it.
    made = await prepareDataDir(dataDir);
  }
  // A cluster just made is synced to disk while the thread opens it (the disk waits beside the
  // CPU work), and nothing is answered before both are done.
  const [opened, synced] = await Promise.allSettled([
    ThreadSession.open(dataDir, options.heapLimitMb),
    made && dataDir ? syncTree(dataDir) : Promise.resolve(),
  ]);
  if (opened.status === 'rejected') throw opened.reason;
  const session = opened.value;
  if (dataDir) {
    try {
      if (synced.status === 'rejected') throw synced.reason;
      if (made) finishFirstStart(dataDir);
      tightenDataDir(dataDir);
    } catch (error) {
      await session.close();
      throw error;
    }
  }
  return session;
}
