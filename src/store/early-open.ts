/**
 * The embedded database starts opening while the server's modules load. Loading them is about a
 * second of the main thread's work on a restart; opening PGlite (its WebAssembly, PostgreSQL's
 * start-up) is most of another on the database thread, which until now began only after. main.ts
 * starts the opening first, with the same steps openRuntime takes (owner-only directory, the
 * process's lock, the open), and openRuntime takes it over instead of opening again. This module
 * and what it loads use nothing but Node's own modules: the thread starts before Kysely and
 * node-postgres have loaded (about 150 ms of a restart), and database.ts wraps the session after.
 *
 * Only for the server's own start on the embedded database (not the CLI, not PostgreSQL, where
 * there is nothing to overlap). Whatever goes wrong here is raised where openRuntime would meet it.
 */
import { lockDataDir } from './data-dir-lock.ts';
import { restrictDataDir } from './data-dir-permissions.ts';
import { openEmbeddedSession } from './embedded-open.ts';
import type { ThreadSession } from './pglite-thread-session.ts';

export interface EarlyOpening {
  readonly dataDir: string;
  /** Resolves to the open database with the directory locked for this process; rejects as openRuntime's own steps would. */
  readonly opened: Promise<{ session: ThreadSession; unlock: () => void }>;
}

let early: EarlyOpening | undefined;

async function open(dataDir: string): Promise<{ session: ThreadSession; unlock: () => void }> {
  restrictDataDir(dataDir);
  const unlock = lockDataDir(dataDir);
  try {
    return { session: await openEmbeddedSession(dataDir), unlock };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** Starts opening the embedded database in `dataDir` now; openRuntime takes it with takeEarlyOpening. */
export function openEarly(dataDir: string): void {
  const opened = open(dataDir);
  // Awaited by openRuntime; until then a failure must not count as unhandled.
  opened.catch(() => {});
  early = { dataDir, opened };
}

/** The opening started for `dataDir`, once: a second runtime in the process opens its own. */
export function takeEarlyOpening(dataDir: string): EarlyOpening | undefined {
  if (early?.dataDir !== dataDir) return undefined;
  const taken = early;
  early = undefined;
  return taken;
}
