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
import type { ThreadReply } from './pglite-thread-protocol.ts';
import { ThreadSession } from './pglite-thread-session.ts';
import { insideUnitOfWork } from './transactions.ts';

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

/** Kysely's dialect and the session's controls for an open thread session. */
export function embeddedDatabase(session: ThreadSession): EmbeddedDatabase {
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

/** Opens the embedded database on its thread; `dataDir` undefined keeps it in memory. */
export async function openEmbeddedDatabase(dataDir: string | undefined, options: { heapLimitMb?: number | undefined } = {}): Promise<EmbeddedDatabase> {
  return embeddedDatabase(await ThreadSession.open(dataDir, options.heapLimitMb));
}
