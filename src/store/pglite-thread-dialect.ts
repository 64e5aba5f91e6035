/**
 * Kysely on the embedded database, which runs on a thread of its own (pglite-thread.ts) so that
 * PostgreSQL's work overlaps the server's HTTP work instead of taking turns with it.
 *
 * PGlite has one session, so the order in which statements reach it is the whole story:
 * - a transaction holds the session from BEGIN to COMMIT or ROLLBACK; nothing else is sent meanwhile;
 * - a statement outside any transaction waits only until no transaction holds the session, is sent,
 *   and lets the next one go at once: its answer comes later. The thread runs statements in order,
 *   so a second statement (the next group-commit batch) is already waiting there when the first
 *   ends, and the database thread does not sit idle while the main thread gets round to replying.
 */
import { Worker } from 'node:worker_threads';
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';
import type { ThreadReply, ThreadRequest, ThreadStart } from './pglite-thread-protocol.ts';
import { insideUnitOfWork } from './transactions.ts';

/**
 * The thread's entry: Node runs the TypeScript module itself, as it does the rest of Callwise. The
 * thread gets none of the process's Node options: an `--import` meant for the server
 * (instrumentation, a test's hooks) has no business on the database thread.
 */
function startThread(dataDir: string | undefined, heapLimitMb: number | undefined): Worker {
  return new Worker(new URL('./pglite-thread.ts', import.meta.url), {
    workerData: { dataDir } satisfies ThreadStart,
    execArgv: [],
    ...(heapLimitMb === undefined ? {} : { resourceLimits: { maxOldGenerationSizeMb: heapLimitMb } }),
  });
}

/** A database error as PostgreSQL reported it: message plus fields (code, detail, constraint…). */
function rebuildError(described: NonNullable<ThreadReply['error']>): Error {
  const { message, ...fields } = described;
  return Object.assign(new Error(message), fields);
}

class ThreadSession {
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

  run(query: CompiledQuery, begin = false): Promise<ThreadReply> {
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

function toResult<R>(reply: ThreadReply): QueryResult<R> {
  return {
    rows: (reply.rows ?? []) as R[],
    ...(reply.affectedRows === undefined ? {} : { numAffectedRows: BigInt(reply.affectedRows) }),
  };
}

/** A query sent on the database handle, not the transaction, from inside a unit of work. */
export class PoolQueryInsideUnitOfWork extends Error {
  constructor() {
    super("a query on the database handle inside a unit of work would wait for that unit's own transaction forever: use the transaction handle (trx)");
  }
}

class ThreadConnection implements DatabaseConnection {
  #inTransaction = false;
  /** BEGIN not sent yet: it goes with the transaction's first statement (one message, not two). */
  #beginPending = false;

  private readonly session: ThreadSession;

  constructor(session: ThreadSession) {
    this.session = session;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.#inTransaction) {
      const begin = this.#beginPending;
      this.#beginPending = false;
      return toResult(await this.session.run(query, begin));
    }
    const turn = this.session.acquire();
    if (turn) {
      // The session is held, and from inside a unit of work by that unit's own transaction: a
      // query on the database handle would wait for it forever. Fail now, naming the mistake.
      if (insideUnitOfWork()) {
        void turn.then(
          () => this.session.release(),
          () => {},
        );
        throw new PoolQueryInsideUnitOfWork();
      }
      await turn;
    }
    const reply = this.session.run(query);
    this.session.release();
    return toResult(await reply);
  }

  // eslint-disable-next-line require-yield -- Kysely's interface asks for a generator; there is nothing to stream
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported on the embedded database');
  }

  async begin(): Promise<void> {
    await this.session.acquire();
    this.#inTransaction = true;
    this.#beginPending = true;
  }

  /** COMMIT or ROLLBACK, then the session goes to the next in line. A second call does nothing. */
  async finish(statement: 'commit' | 'rollback'): Promise<void> {
    if (!this.#inTransaction) return;
    try {
      // A transaction that ran no statement never began: there is nothing to end.
      if (!this.#beginPending) await this.session.run(CompiledQuery.raw(statement));
    } finally {
      this.#beginPending = false;
      this.#end();
    }
  }

  #end(): void {
    this.#inTransaction = false;
    this.session.release();
  }
}

class ThreadDriver implements Driver {
  private readonly session: ThreadSession;

  constructor(session: ThreadSession) {
    this.session = session;
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new ThreadConnection(this.session);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ThreadConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ThreadConnection).finish('commit');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as ThreadConnection).finish('rollback');
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    await this.session.close();
  }
}

export interface EmbeddedDatabase {
  readonly dialect: Dialect;
  poolStats(): { total: number; idle: number; waiting: number };
  /** `listener` is called if the thread ends without being closed (every statement fails from then on). */
  onFailure(listener: (error: Error) => void): void;
  /** Closes the database (after the transaction holding it, if any) and ends its thread; once. */
  close(): Promise<void>;
}

/** Opens the embedded database on its thread; `dataDir` undefined keeps it in memory. */
export async function openEmbeddedDatabase(dataDir: string | undefined, options: { heapLimitMb?: number | undefined } = {}): Promise<EmbeddedDatabase> {
  const session = await ThreadSession.open(dataDir, options.heapLimitMb);
  const dialect: Dialect = {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new ThreadDriver(session),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Kysely's Dialect interface takes Kysely<any>
    createIntrospector: (db: Kysely<any>) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
  return {
    dialect,
    poolStats: () => session.stats(),
    onFailure: (listener) => session.onFailure(listener),
    close: () => session.close(),
  };
}
