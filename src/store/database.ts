/**
 * One PostgreSQL dialect, two drivers: node-postgres against a server when a connection string is
 * given, PGlite (PostgreSQL compiled to WebAssembly, in-process) otherwise.
 */
import { Kysely, PostgresDialect, type Transaction } from 'kysely';
import pg from 'pg';
import { openEmbeddedSession } from './embedded-open.ts';
import { listenOnPostgres, type Listener, type NotificationHandlers } from './notifications.ts';
import { embeddedDatabase } from './pglite-thread-dialect.ts';
import type { ThreadSession } from './pglite-thread-session.ts';
import { PREPARED_MARKER } from './prepared-statements.ts';
import { DATE_OID, INT8_OID, JSON_OID } from './type-parsers.ts';
import type { Tables } from './schema.ts';

/** The database: a pool on PostgreSQL, the one session on PGlite. Any query may take it. */
export type Db = Kysely<Tables>;
/**
 * An open transaction (a unit of work's handle, see transactions.ts). Functions whose statements
 * must run together — a row lock and the write it guards, a claim and its response — take a Trx,
 * so that they cannot be handed the pool by mistake.
 */
export type Trx = Transaction<Tables>;

export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: 'postgres' | 'pglite';
  /** Connections this handle may open (1 for PGlite). */
  readonly maxConnections: number;
  /** Connections in use / idle / waiting, for /metrics (PGlite has exactly one). */
  poolStats(): { total: number; idle: number; waiting: number };
  /**
   * Calls `listener` if the database stops for good while open: the embedded database's thread
   * ended without being closed. (A PostgreSQL server that goes away is not this: the pool
   * reconnects when it returns.)
   */
  onFailure(listener: (error: Error) => void): void;
  /**
   * Hears NOTIFY on `channel` from every process, on a connection of its own that is made again
   * after a loss (see notifications.ts). PGlite belongs to one process, whose own changes are
   * handled where they are made: there is nobody to hear, and this does nothing.
   */
  listen(channel: string, handlers: NotificationHandlers): Listener;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data directory; `undefined` keeps the database in memory (tests). */
  readonly dataDir?: string | undefined;
  readonly poolSize?: number;
  /**
   * Together these bound how long a request can wait when the server is gone or stops answering:
   * opening (or waiting for) a connection gives up after connectionTimeoutMs; the server cancels a
   * statement after statementTimeoutMs; and a statement whose answer has still not arrived
   * queryTimeoutMs later (a server or network that went silent) fails on our side and its
   * connection is dropped. Defaults 5 s, 5 s and statementTimeoutMs + 1 s.
   */
  readonly connectionTimeoutMs?: number;
  readonly statementTimeoutMs?: number;
  readonly queryTimeoutMs?: number;
  /** Heap limit of the embedded database's thread, in MB (default: Node's). */
  readonly embeddedHeapLimitMb?: number;
}

const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

/**
 * A pg client that survives losing its server:
 * - it always has an 'error' listener. pg emits 'error' on a client whose connection dies (the
 *   server terminated it, the network cut it), and the pool only listens while the client is
 *   idle: without this, a connection lost while checked out (in a transaction) crashed the process;
 * - when a query times out on our side (query_timeout: the server never answered), it destroys the
 *   connection. pg leaves it open with the unanswered query still in front, so every later query
 *   on that connection waited for a reply that never comes; now the pool discards it;
 * - a statement whose text starts with a `preparedStatement` marker is prepared once per
 *   connection under that name (see `preparedStatement`).
 */
class ResilientClient extends pg.Client {
  constructor(config?: string | pg.ClientConfig) {
    super(config);
    this.on('error', () => {});
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- pg's Client.query is overloaded on any
  override query(...args: unknown[]): any {
    const [text, values] = args;
    const name = typeof text === 'string' ? PREPARED_MARKER.exec(text)?.[1] : undefined;
    if (name !== undefined) args = [{ name, text, values }];
    const result: unknown = (pg.Client.prototype.query as (...a: unknown[]) => unknown).apply(this, args);
    if (result instanceof Promise) {
      result.catch((error: unknown) => {
        if (error instanceof Error && error.message === 'Query read timeout') this.connection.stream.destroy();
      });
    }
    return result;
  }
}

pg.types.setTypeParser(DATE_OID, (value) => value);
pg.types.setTypeParser(INT8_OID, (value) => Number(value));
pg.types.setTypeParser(JSON_OID, (value) => value);

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) {
    const connectionString = options.databaseUrl;
    const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;
    const pool = new pg.Pool({
      connectionString,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
      statement_timeout: statementTimeoutMs,
      query_timeout: options.queryTimeoutMs ?? statementTimeoutMs + 1_000,
      idleTimeoutMillis: 30_000,
      Client: ResilientClient,
    });
    // A dropped idle connection must not crash the process; the pool replaces it.
    pool.on('error', () => {});
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return {
      db,
      kind: 'postgres',
      maxConnections: options.poolSize ?? 10,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      onFailure: () => {},
      listen: (channel, handlers) => listenOnPostgres(connectionString, channel, handlers, { connectionTimeoutMs: options.connectionTimeoutMs ?? 5_000 }),
      close: () => db.destroy(),
    };
  }
  return embeddedHandle(await openEmbeddedSession(options.dataDir, { heapLimitMb: options.embeddedHeapLimitMb }));
}

/** The handle of an open embedded session (openEmbeddedSession, or early-open.ts's). */
export function embeddedHandle(session: ThreadSession): DatabaseHandle {
  const embedded = embeddedDatabase(session);
  const db = new Kysely<Tables>({ dialect: embedded.dialect });
  return {
    db,
    kind: 'pglite',
    maxConnections: 1,
    poolStats: () => embedded.poolStats(),
    onFailure: (listener) => embedded.onFailure(listener),
    listen: () => ({ close: async () => {} }),
    // Kysely destroys only a driver it has used; the thread must end either way.
    close: async () => {
      await db.destroy();
      await embedded.close();
    },
  };
}
