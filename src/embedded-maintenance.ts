/**
 * What autovacuum does for PostgreSQL, for the embedded database. PGlite runs PostgreSQL as a
 * single standalone backend: no autovacuum, no background workers. Without this, its tables would
 * never be vacuumed (the dead rows every update and delete leaves would take space for good, and
 * indexes would only grow) nor analyzed (the planner would never have statistics, and plans that
 * depend on them stay the guesses of a new table: see the webhook lease in
 * store/repositories/webhook-deliveries.ts).
 *
 * A pass runs `VACUUM (ANALYZE)` one table at a time: PGlite has one session, so a request waits
 * for at most the table being vacuumed, not for the whole database. The first pass comes soon after
 * start (a new deployment gets statistics within its first minutes), then one every interval.
 */
import { loggableError } from './observability/loggable-error.ts';
import type { Db } from './store/database.ts';
import { listTables, vacuumAnalyze } from './store/repositories/maintenance.ts';

export interface MaintenanceLog {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

export interface EmbeddedMaintenanceOptions {
  /** Between passes (EMBEDDED_VACUUM_INTERVAL_MINUTES, default 60). */
  readonly intervalMs: number;
  /** Before the first pass after start (default 60 s). */
  readonly firstPassAfterMs?: number;
}

export class EmbeddedMaintenance {
  readonly #db: Db;
  readonly #log: MaintenanceLog;
  readonly #intervalMs: number;
  readonly #firstPassAfterMs: number;
  #timer: NodeJS.Timeout | undefined;
  #pass: Promise<void> | undefined;
  #stopped = false;

  constructor(db: Db, log: MaintenanceLog, options: EmbeddedMaintenanceOptions) {
    this.#db = db;
    this.#log = log;
    this.#intervalMs = options.intervalMs;
    this.#firstPassAfterMs = options.firstPassAfterMs ?? 60_000;
  }

  start(): void {
    this.#schedule(this.#firstPassAfterMs);
  }

  /** One pass over every table now; resolves with how many tables it vacuumed. */
  async runOnce(): Promise<number> {
    const started = performance.now();
    let done = 0;
    for (const table of await listTables(this.#db)) {
      if (this.#stopped) break;
      await vacuumAnalyze(this.#db, table);
      done++;
    }
    this.#log.info({ tables: done, ms: Math.round(performance.now() - started) }, 'embedded database vacuumed and analyzed');
    return done;
  }

  /** Cancels the next pass; waits for a pass under way to finish its current table. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#pass;
  }

  #schedule(afterMs: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => {
      this.#pass = this.runOnce()
        .then(
          () => {},
          (error: unknown) => this.#log.warn({ err: loggableError(error) }, 'embedded database maintenance failed; it runs again at the next interval'),
        )
        .finally(() => {
          this.#pass = undefined;
          this.#schedule(this.#intervalMs);
        });
    }, afterMs);
    this.#timer.unref();
  }
}
