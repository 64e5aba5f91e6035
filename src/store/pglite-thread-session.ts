/**
 * The embedded database's thread and its one session, as the main thread sees them: the thread is
 * started, statements go to it in order and come back by id, one transaction holds the session at a
 * time, and closing waits for the transaction holding it. Kysely's side is pglite-thread-dialect.ts.
 *
 * This module loads nothing but Node's own: a restart starts the thread (and PGlite's open on it)
 * before the server has loaded Kysely and node-postgres, so the two overlap (early-open.ts).
 */
import { Worker } from 'node:worker_threads';
import type { ThreadReply, ThreadRequest, ThreadStart } from './pglite-thread-protocol.ts';

/** A statement as the thread takes it (Kysely's CompiledQuery is one). */
export interface ThreadStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * The thread's entry: Node runs the TypeScript module itself, as it does the rest of Callwise. The
 * thread gets none of the process's Node options: an `--import` meant for the server
 * (instrumentation, a test's hooks) has no business on the database thread.
 */
function startThread(dataDir: string | undefined, heapLimitMb: number | undefined): Worker {
  return new Worker(new URL('./pglite-thread.ts', import.meta.url), {
    workerData: { dataDir, optimisedWasm: !process.execArgv.includes('--liftoff-only') } satisfies ThreadStart,
    execArgv: [],
    ...(heapLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }),
  });
}

/** A database error as PostgreSQL reported it: message plus fields (code, detail, constraint…). */
function rebuildError(described: NonNullable<ThreadReply['error']>): Error {
  const { message, ...fields } = described;
  return Object.assign(new Error(message), fields);
}

export class ThreadSession {
  readonly #worker: Worker;
  readonly #pending = new Map<number, { resolve: (reply: ThreadReply) => void; reject: (error: Error) => void }>();
  #nextId = 1;
  #stopped: Error | undefined;
  #threadError: Error | undefined;
  #closing: Promise<void> | undefined;
  readonly #exited: Promise<void>;
  readonly #failureListeners: Array<(error: Error) => void> = [];
  /** Whether a transaction (or a statement being sent) holds the session; who waits for it, in order. */
  #held = false;
  readonly #waiters: Array<{ resolve: () => void; reject: (error: Error) => void }> = [];

  private constructor(worker: Worker) {
    this.#worker = worker;
    this.#worker.on('message', (reply: ThreadReply) => this.#settle(reply));
    // An error the thread did not catch ends it; 'exit' follows and fails whatever waits with it.
    this.#worker.on('error', (error: unknown) => {
      this.#threadError ??= new Error(`the embedded database stopped: ${error instanceof Error ? error.message : String(error)}`);
    });
    this.#exited = new Promise((resolve) => {
      this.#worker.once('exit', (code) => {
        const unexpected = !this.#stopped;
        this.#stopped ??= this.#threadError ?? new Error(`the embedded database stopped (thread exit code ${code})`);
        for (const { reject } of this.#pending.values()) reject(this.#stopped);
        this.#pending.clear();
        if (unexpected) for (const listener of this.#failureListeners) listener(this.#stopped);
        resolve();
      });
    });
  }

  static async open(dataDir: string | undefined, heapLimitMb: number | undefined): Promise<ThreadSession> {
    const session = new ThreadSession(startThread(dataDir, heapLimitMb));
    await new Promise<void>((resolve, reject) => {
      session.#pending.set(0, {
        resolve: (reply) => (reply.error ? reject(rebuildError(reply.error)) : resolve()),
        reject,
      });
    });
    session.#worker.unref();
    return session;
  }

  #settle(reply: ThreadReply): void {
    const waiting = this.#pending.get(reply.id);
    if (!waiting) return;
    this.#pending.delete(reply.id);
    // Only an unanswered statement (or closing) keeps the process alive; an idle database does not.
    if (this.#pending.size === 0 && !this.#closing) this.#worker.unref();
    if (reply.error) waiting.reject(rebuildError(reply.error));
    else waiting.resolve(reply);
  }

  #send(request: ThreadRequest): Promise<ThreadReply> {
    if (this.#stopped) return Promise.reject(this.#stopped);
    return new Promise((resolve, reject) => {
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(request.id, { resolve, reject });
      this.#worker.postMessage(request);
    });
  }

  run(query: ThreadStatement, begin = false): Promise<ThreadReply> {
    return this.#send({ id: this.#nextId++, sql: query.sql, parameters: query.parameters, ...(begin ? { begin: true as const } : {}) });
  }

  /** Resolves once the session is this caller's; `release` hands it to the next in line. */
  acquire(): Promise<void> | undefined {
    if (this.#stopped) return Promise.reject(this.#stopped);
    if (!this.#held) {
      this.#held = true;
      return undefined;
    }
    return new Promise((resolve, reject) => this.#waiters.push({ resolve, reject }));
  }

  release(): void {
    const next = this.#waiters.shift();
    if (next) next.resolve();
    else this.#held = false;
  }

  onFailure(listener: (error: Error) => void): void {
    this.#failureListeners.push(listener);
  }

  stats(): { total: number; idle: number; waiting: number } {
    return { total: 1, idle: this.#held || this.#pending.size > 0 ? 0 : 1, waiting: this.#waiters.length };
  }

  /** Lets the transaction holding the session finish, closes the database, ends the thread. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#worker.ref();
      if (!this.#stopped) {
        await this.acquire()?.catch(() => {});
        if (!this.#stopped) {
          this.#stopped = new Error('the embedded database is closed');
          for (const waiter of this.#waiters.splice(0)) waiter.reject(this.#stopped);
          await new Promise<void>((resolve) => {
            this.#pending.set(this.#nextId, { resolve: () => resolve(), reject: () => resolve() });
            this.#worker.postMessage({ id: this.#nextId++, close: true } satisfies ThreadRequest);
          });
        }
      }
      await this.#exited;
    })();
    return this.#closing;
  }
}
