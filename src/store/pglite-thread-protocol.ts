/** Messages between the server's main thread and the embedded database's thread (pglite-thread.ts). */

/** workerData of the thread. */
export interface ThreadStart {
  /** Where the database lives (`undefined`: in memory). */
  readonly dataDir: string | undefined;
  /**
   * Whether V8 may optimise the database's WebAssembly: not when the process runs with
   * `--liftoff-only`, a V8 option the thread shares but cannot see.
   */
  readonly optimisedWasm: boolean;
}

/** One statement to run, or the request to close the database and stop. */
export type ThreadRequest =
  | {
      readonly id: number;
      readonly close?: undefined;
      readonly sql: string;
      readonly parameters: readonly unknown[];
      /** Open a transaction first (BEGIN travels with the transaction's first statement). */
      readonly begin?: true;
    }
  | { readonly id: number; readonly close: true };

/**
 * The answer to request `id` (id 0: the database is open, or failed to open). A failure carries the
 * error's message and its PostgreSQL fields (code, detail, constraint…), which callers inspect.
 */
export interface ThreadReply {
  readonly id: number;
  readonly rows?: Array<Record<string, unknown>>;
  readonly affectedRows?: number;
  readonly error?: { readonly message: string; readonly [field: string]: string | number | boolean };
}
