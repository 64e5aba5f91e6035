/**
 * The embedded database's commits reach the disk before they are acknowledged.
 *
 * PGlite, as shipped, starts PostgreSQL with fsync off (`-F`), and the Node filesystem it mounts
 * has no sync operation at all: a write reached the kernel, so it survived the process being killed,
 * but not a power cut, a kernel crash or a virtual machine's hard stop (the kernel may hold written
 * pages for about 30 s). An acknowledged stop request could be lost that way. Here PostgreSQL runs
 * with fsync on, as it does on a server, and its sync calls — the WAL flushed at each commit (one
 * per group-commit batch), the files a checkpoint wrote, a directory after a file is created —
 * reach the file they name through `fdatasync`, which PostgreSQL itself uses for its WAL on Linux.
 *
 * A sync that fails is not retried: PostgreSQL treats it as a PANIC (data_sync_retry is off), the
 * statement fails, and the database thread ends (pglite-thread.ts) and the server with it, rather
 * than acknowledge a write that may not be on disk.
 */
import { fdatasyncSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';

/** PGlite's own start parameters without `-F` (fsync off). */
export const DURABLE_START_PARAMS: readonly string[] = [
  ...PGlite.defaultStartParams.filter((parameter) => parameter !== '-F'),
  // Emscripten's fdatasync() does nothing; fsync() reaches the filesystem's sync operation below.
  '-c',
  'wal_sync_method=fsync',
];

interface NodeStream {
  /** The Node file descriptor behind an open file or directory of the mounted data directory. */
  readonly nfd?: number;
}

/** The Node filesystem, with PostgreSQL's sync calls passed to the disk. */
export class DurableNodeFS extends NodeFS {
  override async init(...args: Parameters<NodeFS['init']>): ReturnType<NodeFS['init']> {
    const { emscriptenOpts } = await super.init(...args);
    return {
      emscriptenOpts: {
        ...emscriptenOpts,
        // Before PostgreSQL starts: its first syncs (recovery, the start-up checkpoint) count too.
        preRun: [
          ...(emscriptenOpts.preRun ?? []),
          (mod) => {
            // Emscripten's own type for it is not among PGlite's dependencies: the part used here.
            const nodefs = mod.NODEFS as unknown as {
              stream_ops: { fsync?: (stream: NodeStream) => number };
              tryFSOperation: <T>(operation: () => T) => T;
            };
            nodefs.stream_ops.fsync = (stream) => {
              // As NODEFS's own operations do: a Node error becomes the errno PostgreSQL is told of.
              // Thrown as it is, it would unwind the WebAssembly stack without PostgreSQL knowing,
              // and PGlite would answer the commit as done.
              if (stream.nfd !== undefined) nodefs.tryFSOperation(() => fdatasyncSync(stream.nfd!));
              return 0;
            };
          },
        ],
      },
    };
  }
}
