/**
 * Units of work. Services say "run this atomically" and get a transaction handle; they never open
 * transactions on the database directly, so two strategies can sit behind one interface:
 *
 * - direct: one database transaction per unit of work;
 * - grouped (group commit): concurrent units of work share one database transaction, each inside
 *   its own SAVEPOINT. A unit that fails rolls back to its savepoint — its own outcome only — and the
 *   others carry on; all of them are durable after the one COMMIT, and only then does any caller get
 *   its answer. Fewer commits (WAL flushes) for the same work is what lets a loaded server do more
 *   requests per second than one transaction per request.
 *
 * The current transaction is also kept in AsyncLocalStorage. A unit of work may join the one it
 * is started in only where it says so (`join`): the idempotency layer holds its key's transaction
 * around a route's write, and that write joins it. `run` inside another unit is a bug (on PGlite,
 * with one session, it would wait for the enclosing transaction forever) and throws at once.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import type { Db, Trx } from './database.ts';
import { classifyDatabaseError, isRetryable } from './database-errors.ts';

/**
 * A write that many requests can share as ONE statement (e.g. creating customers): given the
 * payloads of every request in a batch, it returns each request's result in the same order. It
 * is a single statement (or a fixed few, see needsTransaction), and a payload's result must not
 * depend on the others' (beyond what the database itself decides, like a unique key taken by an
 * earlier payload).
 */
export interface BulkOperation<P, R> {
  readonly name: string;
  /**
   * `executor` is a transaction, or — when the batch is this one statement and needsTransaction
   * says no — the database itself (a single statement commits atomically on its own).
   */
  execute(executor: Db, payloads: readonly P[]): Promise<R[]>;
  /**
   * Whether these payloads need more than one statement (then they always run in a transaction);
   * absent: one statement, which a batch of nothing else runs without BEGIN and COMMIT.
   */
  readonly needsTransaction?: (payloads: readonly P[]) => boolean;
}

export interface Transactions {
  /** Runs `work` atomically, as a unit of its own; resolves only once its effects are committed. */
  run<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * Runs `work` inside the enclosing unit of work when there is one (a route's write under its
   * Idempotency-Key's lock), so that both commit or neither does; otherwise as `run`.
   */
  join<T>(work: (trx: Trx) => Promise<T>): Promise<T>;
  /**
   * Runs one payload of a bulk operation; concurrent payloads may share one statement. Inside an
   * enclosing unit of work it joins it, as `join`.
   */
  runBulk<P, R>(operation: BulkOperation<P, R>, payload: P): Promise<R>;
  /** Waits for in-flight batches (shutdown). */
  drain(): Promise<void>;
}

const ambient = new AsyncLocalStorage<Trx>();

/** A unit of work started inside another without joining it: a programming error. */
export class NestedUnitOfWork extends Error {
  constructor() {
    super('tx.run called inside another unit of work: use tx.join to take part in it, or run the work after it');
  }
}

/** Whether the caller runs inside a unit of work (store/pglite-thread-dialect.ts guards with it). */
export function insideUnitOfWork(): boolean {
  return ambient.getStore() !== undefined;
}

function refuseNesting(): void {
  if (ambient.getStore()) throw new NestedUnitOfWork();
}

const ATTEMPTS = 5;

/**
 * Runs `work` in a transaction of its own, again (after a short random pause) when PostgreSQL
 * chose it as a deadlock victim or could not serialize it. Two transactions that insert the same
 * new rows (a loan several customers reference) in different orders deadlock; the victim's
 * request should not fail for it.
 */
async function runAlone<T>(db: Db, work: (trx: Trx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction().execute((trx) => ambient.run(trx, () => work(trx)));
    } catch (error) {
      if (!isRetryable(error) || attempt >= ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}

export class DirectTransactions implements Transactions {
  private readonly db: Db;

  constructor(db: Db) {
    this.db = db;
  }

  async run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    refuseNesting();
    return runAlone(this.db, work);
  }

  join<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    const enclosing = ambient.getStore();
    return enclosing ? work(enclosing) : runAlone(this.db, work);
  }

  async runBulk<P, R>(operation: BulkOperation<P, R>, payload: P): Promise<R> {
    return this.join(async (trx) => (await operation.execute(trx, [payload]))[0]!);
  }

  async drain(): Promise<void> {}
}

interface Pending {
  work: (trx: Trx) => Promise<unknown>;
  bulk?: { operation: BulkOperation<unknown, unknown>; payload: unknown };
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommitOptions {
  /** Most units of work in one transaction (bounds latency and lock hold time). */
  readonly maxBatch?: number;
  /** Batches in flight at once (each holds one connection). */
  readonly concurrency?: number;
}

/** `again`: the unit lost a deadlock inside the shared transaction; it runs alone after the batch. */
type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown } | { again: true };

export class GroupCommitTransactions implements Transactions {
  readonly #queue: Pending[] = [];
  readonly #maxBatch: number;
  readonly #concurrency: number;
  #inFlight = 0;
  #pumpScheduled = false;
  #idle: Array<() => void> = [];
  /** Batches committed and units of work in them, for /metrics. */
  readonly stats = { batches: 0, units: 0 };

  private readonly db: Db;

  constructor(db: Db, options: GroupCommitOptions = {}) {
    this.db = db;
    this.#maxBatch = options.maxBatch ?? 64;
    this.#concurrency = options.concurrency ?? 4;
  }

  async run<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    refuseNesting();
    return this.#enqueue({ work });
  }

  join<T>(work: (trx: Trx) => Promise<T>): Promise<T> {
    const enclosing = ambient.getStore();
    return enclosing ? work(enclosing) : this.#enqueue({ work });
  }

  runBulk<P, R>(operation: BulkOperation<P, R>, payload: P): Promise<R> {
    const work = async (trx: Trx) => (await operation.execute(trx, [payload]))[0]!;
    const enclosing = ambient.getStore();
    if (enclosing) return work(enclosing);
    return this.#enqueue({ work, bulk: { operation: operation as BulkOperation<unknown, unknown>, payload } });
  }

  #enqueue<T>(unit: Omit<Pending, 'resolve' | 'reject'>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ ...unit, resolve: resolve as (value: unknown) => void, reject });
      this.#schedulePump();
    });
  }

  /**
   * Runs every bulk payload of the batch, one statement per operation; fills `outcomes`.
   * `executor` is the shared transaction, or the database itself when that one statement is the
   * whole batch.
   */
  async #runBulk(executor: Db, batch: Pending[], outcomes: Outcome[]): Promise<void> {
    const groups = new Map<BulkOperation<unknown, unknown>, number[]>();
    batch.forEach((unit, i) => {
      if (!unit.bulk) return;
      const indexes = groups.get(unit.bulk.operation) ?? [];
      indexes.push(i);
      groups.set(unit.bulk.operation, indexes);
    });
    for (const [operation, indexes] of groups) {
      // If it fails — the database refused it, or the operation threw — no payload can be blamed:
      // the batch is given up and every unit runs again alone (below).
      const results = await operation.execute(
        executor,
        indexes.map((i) => batch[i]!.bulk!.payload),
      );
      indexes.forEach((i, k) => {
        outcomes[i] = { ok: true, value: results[k] };
      });
    }
  }

  /**
   * Starts batches on the next turn of the event loop rather than at once: requests that are
   * being validated right now (their work is runnable) get to join the batch. Without this pause a
   * batch would mostly hold the one request that triggered it, and nothing would be shared.
   */
  #schedulePump(): void {
    if (this.#pumpScheduled) return;
    this.#pumpScheduled = true;
    setImmediate(() => {
      this.#pumpScheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#concurrency && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight++;
      void this.#commit(batch).finally(() => {
        this.#inFlight--;
        if (this.#queue.length > 0) this.#pump();
        else if (this.#inFlight === 0) for (const wake of this.#idle.splice(0)) wake();
      });
    }
  }

  async #commit(batch: Pending[]): Promise<void> {
    const outcomes: Outcome[] = new Array<Outcome>(batch.length);
    try {
      // One statement is atomic and durable on its own (PostgreSQL commits it as it returns): a
      // batch that is one bulk statement needs no BEGIN and COMMIT — one round trip, not three.
      const operation = batch[0]!.bulk?.operation;
      const oneStatement =
        operation !== undefined &&
        batch.every((unit) => unit.bulk?.operation === operation) &&
        !operation.needsTransaction?.(batch.map((unit) => unit.bulk!.payload));
      if (oneStatement) await this.#runBulk(this.db, batch, outcomes);
      else
        await this.db.transaction().execute(async (trx) => {
          await ambient.run(trx, () => this.#runBulk(trx, batch, outcomes));
          for (const [i, unit] of batch.entries()) {
            if (unit.bulk) continue;
            await sql`savepoint unit`.execute(trx);
            try {
              const value = await ambient.run(trx, () => unit.work(trx));
              await sql`release savepoint unit`.execute(trx);
              outcomes[i] = { ok: true, value };
            } catch (error) {
              // Its own failure, whatever it is, undoes only its own writes.
              await sql`rollback to savepoint unit`.execute(trx);
              outcomes[i] = isRetryable(error) ? { again: true } : { ok: false, error };
            }
          }
        });
    } catch (error) {
      // Nothing in the batch is durable. Unless the database is unreachable, what failed is not
      // every unit's fault (a deadlock between two batches, one payload's bad statement, a bug in
      // one unit, a failed COMMIT): run each again on its own, to its own outcome.
      if (classifyDatabaseError(error) !== 'unavailable') {
        await Promise.all(batch.map((unit) => runAlone(this.db, unit.work).then(unit.resolve, unit.reject)));
        return;
      }
      for (const unit of batch) unit.reject(error);
      // Lost the connection or got no answer in time: the units still queued would each wait for
      // a batch slot and then time out the same way, one batch after another, far past any
      // sensible answer time. They have not started, so failing them now is safe (503, retry).
      for (const unit of this.#queue.splice(0)) unit.reject(error);
      return;
    }
    this.stats.batches++;
    this.stats.units += batch.length;
    const again: Pending[] = [];
    batch.forEach((unit, i) => {
      const outcome = outcomes[i]!;
      if ('again' in outcome) again.push(unit);
      else if (outcome.ok) unit.resolve(outcome.value);
      else unit.reject(outcome.error);
    });
    await Promise.all(again.map((unit) => runAlone(this.db, unit.work).then(unit.resolve, unit.reject)));
  }

  drain(): Promise<void> {
    if (this.#inFlight === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }
}
